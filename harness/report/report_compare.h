/* report_compare.h: the comparisons the answer of `forkomp report` makes (fork against omp
 * at equal workers, hybrid against the faster of the two), each a Hodges-Lehmann shift with
 * its 95% Mann-Whitney interval (shift.h) and a verdict with a +-2% margin, written to
 * DIR/comparisons.csv; report.md words its verdicts from the same records. */
#ifndef FK_REPORT_COMPARE_H
#define FK_REPORT_COMPARE_H

#include <stddef.h>

#include "harness/report/report.h"

/* The margin within which two models count as the same: +-2% of the threads' median. */
#define FK_VERDICT_MARGIN_PCT 2.0

/* Builds r->comparisons from the groups. Returns 0, or -1 with a message (out of memory). */
int fk_report_compare(fk_report_t *r, char *err, size_t errlen);
/* Writes DIR/comparisons.csv (a header only when nothing compares). Returns 0 or -1. */
int fk_report_write_comparisons(const fk_report_t *r, char *err, size_t errlen);
/* The comparison of a against b, or NULL. */
const fk_report_comparison_t *fk_report_find_comparison(const fk_report_t *r,
                                                        const fk_report_group_t *a,
                                                        const fk_report_group_t *b);

/* The verdict of a shift of a against b whose interval is lo..hi percent of b's median (a
 * slower when positive) at coverage level, named a_name and b_name ("processes",
 * "threads"): one of "A faster by X% (95% CI x% to y%)", "B faster by ...", "no difference:
 * the 95% CI (x% to y%) lies within +-2%", "undecided: the CI (x% to y%) is wider than +-2%
 * and includes 0; run more repetitions"; undecided too when the coverage is below 90% (fewer
 * than 3 runs a side), which decides nothing. Returns the enum fk_verdict. */
int fk_report_verdict(double shift_pct, double lo, double hi, double level, const char *a_name,
                      const char *b_name, char *text, size_t len);

#endif
