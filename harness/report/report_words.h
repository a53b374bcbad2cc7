/* SPDX-License-Identifier: MIT */
/* report_words.h: the report's words are written by a Python program from the data this
 * binary wrote (summary.csv, comparisons.csv, class.csv, facts.json): harness/words/. */
#ifndef FK_REPORT_WORDS_H
#define FK_REPORT_WORDS_H

#include <stddef.h>

#include "harness/report/report.h"

/* Runs harness/words/forkomp_words.py on r->out_dir (it writes answer.txt, answers.md, ...).
 * Returns 0, or -1 with a message in err: Python missing, the program missing or failing. */
int fk_report_words(const fk_report_t *r, char *err, size_t errlen);

#endif
