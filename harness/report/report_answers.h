/* report_answers.h: DIR/answers.md, the worksheet's key computed from the data
 * (report_answers.c; the questions are those of docs/worksheet.md). */
#ifndef FK_REPORT_ANSWERS_H
#define FK_REPORT_ANSWERS_H

#include <stddef.h>

#include "harness/report/report.h"

/* The number of worksheet questions answered. */
size_t fk_answers_count(void);
/* Writes DIR/answers.md. Returns 0 or -1 with err. */
int fk_answers_write(const fk_report_t *r, char *err, size_t errlen);

#endif
