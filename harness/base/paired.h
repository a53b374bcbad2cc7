/* SPDX-License-Identifier: MIT */
/* paired.h: the paired comparison of two arms measured in the same rounds: per round the
 * log of the ratio of their times, the Hodges-Lehmann estimate of those log ratios (the
 * median of their Walsh averages) and the distribution-free 95% confidence interval of the
 * signed-rank statistic, computed as R's
 *   wilcox.test(log(a), log(b), paired = TRUE, conf.int = TRUE)
 * computes them (R 4.2):
 *  - exact (fewer than 50 pairs, no zero difference, no tied |difference|): the interval is
 *    [w(qu), w(N - qu + 1)] of the N = n (n + 1) / 2 sorted Walsh averages, qu the 2.5%
 *    quantile of the signed-rank null distribution (counted exactly), the estimate their
 *    median; its coverage is 1 - 2 P(V <= qu - 1) (0.969 for 6 pairs);
 *  - otherwise R drops the zero differences and uses the normal approximation of the
 *    statistic with the tie correction of its variance and a continuity correction, solving
 *    for the shifts where it crosses +-1.96 (uniroot, tolerance 1e-4). The statistic is a
 *    step function of the shift whose steps lie at Walsh averages, so the roots are found
 *    here exactly at those steps (R's answer is within its tolerance of them); when 95% is
 *    out of reach R doubles alpha until the interval exists, and so does this.
 * Ratios are exp() of the log results: a ratio of 0.89 means a took 0.89x b's time. */
#ifndef FK_PAIRED_H
#define FK_PAIRED_H

#include <stddef.h>

typedef struct fk_paired {
    size_t pairs;    /* pairs analysed (both arms ok in the same round) */
    size_t nonzero;  /* pairs whose log ratio is not 0 (R drops the others) */
    double estimate; /* Hodges-Lehmann pseudo-median of the differences */
    double lo, hi;   /* its confidence interval */
    double level;    /* the interval's coverage: exact (e.g. 0.969 for 6 pairs) or 1 - alpha */
    int exact;       /* 1: the exact null distribution; 0: the normal approximation */
} fk_paired_t;

/* The Walsh averages are all kept: beyond this many pairs (8.4 M averages, 64 MiB) the
 * estimate is not computed. */
#define FK_PAIRED_MAX 4096

/* One-sample analysis of the differences d[0..n) (d is not modified). Returns 0, -1 when
 * fewer than 2 differences are not 0, every difference ties or memory is short, -2 beyond
 * FK_PAIRED_MAX (p is then all NaN). */
int fk_paired_analyse(const double *d, size_t n, fk_paired_t *p);

/* The same at confidence conf (R's conf.level; 0.95 above): the A/A control's 0.999. */
int fk_paired_analyse_at(const double *d, size_t n, double conf, fk_paired_t *p);

/* The same for the ratio a[i] / b[i] of n paired positive times: p holds the log results;
 * *ratio, *lo, *hi (each may be NULL) get their exp(). Pairs with a time <= 0 are skipped. */
int fk_paired_ratio(const double *a, const double *b, size_t n, fk_paired_t *p, double *ratio,
                    double *lo, double *hi);
int fk_paired_ratio_at(const double *a, const double *b, size_t n, double conf, fk_paired_t *p,
                       double *ratio, double *lo, double *hi);

/* P(V <= q) for the signed-rank statistic V of n differences without ties (R's psignrank)
 * and the smallest q with P(V <= q) >= p (R's qsignrank); n <= 1000. NaN / -1 when out of
 * range. */
double fk_paired_psignrank(long q, size_t n);
long fk_paired_qsignrank(double p, size_t n);

#endif
