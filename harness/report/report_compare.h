/* SPDX-License-Identifier: MIT */
/* report_compare.h: the comparisons the answer of `forkomp report` makes (fork against omp
 * at equal workers, hybrid against the faster of the two, each A/A control against the model
 * it copies), each a ratio of times with its 95% interval (paired by rounds, paired.h; two
 * samples for older files, shift.h) and a verdict with a 1.02x margin, written to
 * DIR/comparisons.csv; report.md words its verdicts from the same records. */
#ifndef FK_REPORT_COMPARE_H
#define FK_REPORT_COMPARE_H

#include <stddef.h>

#include "harness/report/report.h"

/* The margin within which two models count as the same: a ratio within 1.02x either way. */
/* The A/A control's confidence: it speaks for every verdict of the run (a control called
 * faster makes them all unreliable), so its false alarms must be rare, and a 95% interval
 * on two identical arms excludes their true ratio of 1 in 5% of runs by design: wherever
 * the noise is far wider than the margin (a busy machine, sub-millisecond runs, a CPU hog)
 * the margin no longer protects, and aa_control.sh saw 2 of 18 controls at 95% clear it.
 * At 99.9%, 1 in 1000. */
#define FK_CONTROL_CONF 0.999
#define FK_VERDICT_MARGIN_PCT 2.0

/* Builds r->comparisons from the groups. Returns 0, or -1 with a message (out of memory). */
int fk_report_compare(fk_report_t *r, char *err, size_t errlen);
/* Writes DIR/comparisons.csv (a header only when nothing compares). Returns 0 or -1. */
int fk_report_write_comparisons(const fk_report_t *r, char *err, size_t errlen);
/* The comparison of a against b, or NULL. */
const fk_report_comparison_t *fk_report_find_comparison(const fk_report_t *r,
                                                        const fk_report_group_t *a,
                                                        const fk_report_group_t *b);

/* The verdict on the ratio of a's times to b's, its interval lo..hi at coverage level,
 * named a_name and b_name ("processes", "threads"), with the margin M = 1.02: "A faster: A
 * take 0.89x the time of B (95% CI 0.85x to 0.93x)" when the whole CI lies below 1/M, "B
 * faster: ..." when above M, "no difference: ..., within 1.02x either way" when it lies
 * within [1/M, M], else "undecided: ..., neither beyond nor within 1.02x; run more
 * repetitions"; undecided too when the coverage is below 90%, which decides nothing.
 * Ratios, both ways alike: never a percentage that can pass 100% in one direction only.
 * Returns the enum fk_verdict. */
int fk_report_verdict(double ratio, double lo, double hi, double level, const char *a_name,
                      const char *b_name, char *text, size_t len);

/* The verdict (enum fk_verdict) of a against b, computed as a comparison's: for the
 * orderings report.md states, which only decided pairs may order. */
int fk_report_decide(const fk_report_group_t *a, const fk_report_group_t *b);
/* The start-up cost of one (a model at 1 worker) over serial: the difference of their times
 * with its 95% CI, paired by rounds where they share them (else the two-sample shift).
 * Returns 0, or -1 (all NaN) without runs or an interval. */
int fk_report_startup(const fk_report_group_t *one, const fk_report_group_t *serial, double *est,
                      double *lo, double *hi);
/* "812 us (95% CI 640 us to 1.0 ms)", or "too small to measure here" when the CI reaches 0:
 * never a negative cost; "-" without an estimate. */
const char *fk_report_startup_text(double est, double lo, double hi, char *buf, size_t len);

#endif
