/* SPDX-License-Identifier: MIT */
/* shift.h: the two-sample comparison of `forkomp report`: the Hodges-Lehmann estimate of the
 * shift between two samples of run times (the median of all differences x_i - y_j) and its
 * distribution-free 95% confidence interval from the Mann-Whitney statistic, computed as R's
 * wilcox.test(x, y, conf.int = TRUE) computes them:
 *  - exact (both samples under 50 runs, no tied values): the interval is
 *    [d(qu), d(nx ny - qu + 1)] of the sorted differences, qu the 2.5% quantile of the
 *    Mann-Whitney null distribution (counted exactly), the estimate their median;
 *  - otherwise (ties, or 50 runs or more) R uses the normal approximation of the statistic,
 *    with the tie correction of its variance and a continuity correction, and solves for the
 *    shifts where it crosses +-1.96 (uniroot); that statistic is a step function of the
 *    shift, so its roots are differences x_i - y_j, which are found here exactly (R's
 *    answer differs by at most its uniroot tolerance, 1e-4). */
#ifndef FK_SHIFT_H
#define FK_SHIFT_H

#include <stddef.h>

typedef struct fk_shift {
    double estimate; /* Hodges-Lehmann shift of x against y (x - y) */
    double lo, hi;   /* its 95% confidence interval */
    double level;    /* the interval's coverage: the exact one (below 95% for tiny samples,
                        e.g. 3 against 3 runs), 0.95 for the normal approximation */
    int exact;       /* 1: the exact null distribution; 0: the normal approximation */
} fk_shift_t;

/* The estimate keeps all nx * ny pairwise differences; beyond this many (128 MiB) it is
 * not computed: a million rows of one group would otherwise ask for terabytes. */
#define FK_SHIFT_MAX_PAIRS ((size_t)16 * 1024 * 1024)

/* Compares x[0..nx) against y[0..ny). Returns 0, -1 when a sample is empty or memory is
 * short, or -2 when nx * ny exceeds FK_SHIFT_MAX_PAIRS (s is then all NaN). */
int fk_shift_hodges_lehmann(const double *x, size_t nx, const double *y, size_t ny, fk_shift_t *s);

/* P(U <= q) for the Mann-Whitney U of samples of m and n without ties (R's pwilcox), and
 * the smallest q with P(U <= q) >= p (R's qwilcox); m, n <= 200. NaN / -1 when out of range. */
double fk_shift_pwilcox(long q, size_t m, size_t n);
long fk_shift_qwilcox(double p, size_t m, size_t n);

#endif
