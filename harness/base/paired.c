/* SPDX-License-Identifier: MIT */
/* paired.c: the Hodges-Lehmann estimate of paired differences and its signed-rank interval,
 * as R's wilcox.test(x, y, paired = TRUE, conf.int = TRUE) computes them (see paired.h). */
#include "harness/base/paired.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/step_root.h"

#define SIGNRANK_MAX 1000
#define EXACT_MAX 50 /* R: exact below 50 pairs */

/* counts[k], k = 0..n(n+1)/2: the subsets of {1..n} whose sum is k (R's csignrank), by
 * adding one rank at a time; only additions, so no cancellation. NULL when memory is short. */
static double *signrank_counts(size_t n)
{
    size_t top = n * (n + 1) / 2;
    double *c = calloc(top + 1, sizeof *c);
    if (!c)
        return NULL;
    c[0] = 1;
    for (size_t i = 1; i <= n; i++)
        for (size_t k = i * (i + 1) / 2; k >= i; k--)
            c[k] += c[k - i];
    return c;
}

double fk_paired_psignrank(long q, size_t n)
{
    if (n == 0 || n > SIGNRANK_MAX)
        return NAN;
    if (q < 0)
        return 0;
    size_t top = n * (n + 1) / 2;
    if ((size_t)q >= top)
        return 1;
    double *c = signrank_counts(n), below = 0;
    if (!c)
        return NAN;
    for (size_t k = 0; k <= (size_t)q; k++)
        below += ldexp(c[k], -(int)n);
    free(c);
    return below;
}

long fk_paired_qsignrank(double p, size_t n)
{
    if (n == 0 || n > SIGNRANK_MAX || !(p >= 0 && p <= 1))
        return -1;
    double *c = signrank_counts(n), cum = 0;
    if (!c)
        return -1;
    size_t top = n * (n + 1) / 2, q = 0;
    /* as R's qsignrank: the first q whose cumulative probability reaches p (less a hair) */
    for (; q < top; q++) {
        cum += ldexp(c[q], -(int)n);
        if (cum >= p - 10 * DBL_EPSILON)
            break;
    }
    free(c);
    return (long)q;
}

/* A difference's magnitude and whether it is positive, for ranking. */
typedef struct {
    double mag;
    int positive;
} signed_t;

static int cmp_signed(const void *a, const void *b)
{
    return fk_cmp_double(&((const signed_t *)a)->mag, &((const signed_t *)b)->mag);
}

/* The differences and scratch for the statistic W(d). */
typedef struct {
    const double *x; /* the nonzero differences */
    size_t n;
    signed_t *scratch; /* n of them */
} sample_t;

/* R's W(d): the normal score of the signed-rank statistic of x - d (zeros dropped, average
 * ranks for ties, the tie correction of the variance; with correct, the continuity
 * correction), minus zq. Nonincreasing in d; NaN when every value is zero or tied. */
static double wdiff(const sample_t *s, double d, double zq, int correct)
{
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->x[i] - d != 0)
            s->scratch[m++] = (signed_t){fabs(s->x[i] - d), s->x[i] - d > 0};
    qsort(s->scratch, m, sizeof *s->scratch, cmp_signed);
    double pos = 0, ties = 0;
    for (size_t i = 0, j; i < m; i = j) {
        size_t npos = 0;
        for (j = i; j < m && s->scratch[j].mag == s->scratch[i].mag; j++)
            npos += (size_t)s->scratch[j].positive;
        double t = (double)(j - i), mid = (double)(i + j + 1) / 2.0; /* average rank */
        ties += t * t * t - t;
        pos += mid * (double)npos;
    }
    double nx = (double)m;
    double z = pos - nx * (nx + 1) / 4;
    double sigma = sqrt(nx * (nx + 1) * (2 * nx + 1) / 24 - ties / 48);
    if (!(sigma > 0))
        return NAN;
    double corr = correct ? 0.5 * ((z > 0) - (z < 0)) : 0;
    return (z - corr) / sigma - zq;
}

/* wdiff as a step function of step_root.h. */
static double wdiff_step(const void *ctx, double d, double zq, int correct)
{
    return wdiff(ctx, d, zq, correct);
}

/* The shift where wdiff crosses 0, at a step (step_root.h). */
static double root(const sample_t *s, const double *u, size_t nu, double zq, int correct)
{
    return fk_step_root(wdiff_step, s, u, nu, zq, correct);
}

/* z with P(Z > z) = tail for a standard normal Z (R's qnorm(tail, lower.tail = FALSE)), by
 * bisection on erfc: 60 halvings of [-40, 40] leave an error far below a rank's step. */
static double z_upper(double tail)
{
    double lo = -40, hi = 40;
    for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (0.5 * erfc(mid / sqrt(2.0)) > tail)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

/* R's normal path at 1 - alpha, doubling alpha until the interval exists. */
static void normal_path(const sample_t *s, double *w, size_t nw, double alpha, fk_paired_t *p)
{
    size_t nu = 0;
    for (size_t i = 0; i < nw; i++) /* distinct, in place */
        if (nu == 0 || w[i] != w[nu - 1])
            w[nu++] = w[i];
    double z = 0;
    for (; alpha < 1; alpha *= 2) {
        z = z_upper(alpha / 2);
        if (!(wdiff(s, w[0], z, 1) < 0) && !(wdiff(s, w[nu - 1], -z, 1) > 0))
            break;
    }
    p->exact = 0;
    p->estimate = root(s, w, nu, 0, 0); /* R: without the continuity correction */
    if (alpha >= 1) {
        p->lo = p->hi = p->estimate; /* R: median(x) twice, conf.level 0 */
        p->level = 0;
        return;
    }
    p->level = 1 - alpha;
    p->lo = root(s, w, nu, z, 1);
    p->hi = root(s, w, nu, -z, 1);
}

static void exact_path(const double *w, size_t nw, size_t n, double alpha, fk_paired_t *p)
{
    long qu = fk_paired_qsignrank(alpha / 2, n);
    if (qu == 0)
        qu = 1;
    p->lo = w[qu - 1];
    p->hi = w[nw - (size_t)qu];
    p->level = 1 - 2 * fk_paired_psignrank(qu - 1, n);
    p->estimate = nw % 2 ? w[nw / 2] : (w[nw / 2 - 1] + w[nw / 2]) / 2;
    p->exact = 1;
}

/* 1 when two |x| are equal (R then leaves the exact path). */
static int abs_ties(const double *x, size_t n, signed_t *scratch)
{
    for (size_t i = 0; i < n; i++)
        scratch[i] = (signed_t){fabs(x[i]), x[i] > 0};
    qsort(scratch, n, sizeof *scratch, cmp_signed);
    for (size_t i = 1; i < n; i++)
        if (scratch[i].mag == scratch[i - 1].mag)
            return 1;
    return 0;
}

/* The sorted Walsh averages (x_i + x_j) / 2, i <= j, of x[0..n); NULL when memory is short. */
static double *walsh_averages(const double *x, size_t n, size_t *nw)
{
    *nw = n * (n + 1) / 2;
    double *w = malloc(*nw * sizeof *w);
    if (!w)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            w[k++] = (x[i] + x[j]) / 2;
    qsort(w, *nw, sizeof *w, fk_cmp_double);
    return w;
}

int fk_paired_analyse(const double *d, size_t n, fk_paired_t *p)
{
    return fk_paired_analyse_at(d, n, 0.95, p);
}

int fk_paired_analyse_at(const double *d, size_t n, double conf, fk_paired_t *p)
{
    memset(p, 0, sizeof *p);
    p->estimate = p->lo = p->hi = p->level = NAN;
    p->pairs = n;
    if (n > FK_PAIRED_MAX)
        return -2;
    double *x = malloc((n ? n : 1) * sizeof *x);
    signed_t *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!x || !scratch) {
        free(x);
        free(scratch);
        return -1;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i] != 0)
            x[m++] = d[i];
    p->nonzero = m;
    size_t nw = 0;
    double *w = m >= 2 ? walsh_averages(x, m, &nw) : NULL;
    if (w) {
        sample_t s = {x, m, scratch};
        if (m < EXACT_MAX && m == n && !abs_ties(x, m, scratch))
            exact_path(w, nw, m, 1 - conf, p);
        else
            normal_path(&s, w, nw, 1 - conf, p);
    }
    free(w);
    free(x);
    free(scratch);
    return isnan(p->lo) ? -1 : 0;
}

int fk_paired_ratio(const double *a, const double *b, size_t n, fk_paired_t *p, double *ratio,
                    double *lo, double *hi)
{
    return fk_paired_ratio_at(a, b, n, 0.95, p, ratio, lo, hi);
}

int fk_paired_ratio_at(const double *a, const double *b, size_t n, double conf, fk_paired_t *p,
                       double *ratio, double *lo, double *hi)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    size_t k = 0;
    if (!d) {
        memset(p, 0, sizeof *p);
        p->estimate = p->lo = p->hi = p->level = NAN;
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] > 0 && b[i] > 0)
            d[k++] = log(a[i]) - log(b[i]);
    int rc = fk_paired_analyse_at(d, k, conf, p);
    free(d);
    if (ratio)
        *ratio = exp(p->estimate);
    if (lo)
        *lo = exp(p->lo);
    if (hi)
        *hi = exp(p->hi);
    return rc;
}
