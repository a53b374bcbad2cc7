/* report_html.h: DIR/report.html, the self-contained page of report.md (report_html.c). */
#ifndef FK_REPORT_HTML_H
#define FK_REPORT_HTML_H

#include <stddef.h>

#include "harness/report/report.h"

/* Renders DIR/report.md (already written) into DIR/report.html with the plots inline as SVG.
 * Returns 0 or -1 with err. */
int fk_report_write_html(const fk_report_t *r, char *err, size_t errlen);

#endif
