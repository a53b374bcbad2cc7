/* SPDX-License-Identifier: MIT */
/* stats.h: the statistics of repeated timings: median, mean, sample standard deviation, a
 * distribution-free 95% confidence interval of the median, a robust outlier count (outliers
 * are counted, never dropped) and the Karp-Flatt serial fraction. */
#ifndef FK_STATS_H
#define FK_STATS_H

#include <stddef.h>

typedef struct {
    size_t n;      /* values summarised */
    double median; /* middle value (mean of the two middle ones when n is even) */
    double mean;
    double stddev; /* sample standard deviation (n - 1); NaN when n < 2 */
    double min, max;
    double cv;    /* stddev / mean; NaN when undefined */
    double ci_lo; /* 95% confidence interval of the median, see fk_stats_median_ci_ranks */
    double ci_hi;
    size_t outliers; /* |x - median| > 3 * 1.4826 * MAD (MAD = 0: 3 * 1.2533 * mean |x - median|) */
} fk_summary_t;

/* The median of x[0..n) (x is not modified); NaN when n == 0. */
double fk_stats_median(const double *x, size_t n);

/* Summarises x[0..n) (x is not modified). With n == 0 every number is NaN. */
void fk_stats_summarize(const double *x, size_t n, fk_summary_t *s);

/* The ranks (1-based, in the sorted sample) of the distribution-free 95% confidence interval
 * of the median: the largest k with P(B <= k - 1) <= 0.025 for B ~ Binomial(n, 1/2) gives
 * [x(k), x(n - k + 1)], whose coverage 1 - 2 P(B <= k - 1) is at least 95% whatever the
 * distribution. For n < 6 no such k exists (even [min, max] covers only 1 - 2^(1-n), 93.75%
 * at n = 5): then *lo = 1, *hi = n and the function returns 0; otherwise it returns 1. */
int fk_stats_median_ci_ranks(size_t n, size_t *lo, size_t *hi);

/* The exact coverage of the interval fk_stats_median_ci_ranks picks for n values
 * (e.g. 0.9375 for n = 5, 0.9609 for n = 9); NaN when n == 0. */
double fk_stats_median_ci_level(size_t n);

/* The outlier rule of fk_summary_t.outliers on any values (not only timings, e.g. one
 * figure per host of a class): sets flags[i] to 1 for each outlier (flags may be NULL) and
 * returns their number. */
size_t fk_stats_outliers(const double *x, size_t n, int *flags);

/* Karp-Flatt experimentally determined serial fraction e = (1/S - 1/p) / (1 - 1/p) for a
 * speedup S on p workers; NaN for p <= 1 or a non-positive or non-finite S. */
double fk_stats_karp_flatt(double speedup, int p);

#endif
