/* SPDX-License-Identifier: MIT */
/* shift.c: the Hodges-Lehmann shift and its Mann-Whitney interval (see shift.h). */
#include "harness/report/shift.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/step_root.h"

#define Z975 1.959963984540054 /* qnorm(0.975) */
#define EXACT_MAX 50           /* R: exact below 50 runs in each sample */
#define WILCOX_MAX 200

/* counts[k], k = 0..mn: the arrangements of m and n values whose U is k, by the recurrence
 * f(i, j, k) = f(i - 1, j, k - j) + f(i, j - 1, k) (only additions, so no cancellation).
 * NULL when memory is short. */
static double *wilcox_counts(size_t m, size_t n)
{
    size_t width = m * n + 1;
    double *prev = calloc((n + 1) * width, sizeof *prev);
    double *cur = calloc((n + 1) * width, sizeof *cur);
    if (!prev || !cur) {
        free(prev);
        free(cur);
        return NULL;
    }
    for (size_t j = 0; j <= n; j++)
        prev[j * width] = 1; /* i = 0: U is 0 */
    for (size_t i = 1; i <= m; i++) {
        memset(cur, 0, (n + 1) * width * sizeof *cur);
        cur[0] = 1; /* j = 0 */
        for (size_t j = 1; j <= n; j++)
            for (size_t k = 0; k <= i * j; k++)
                cur[j * width + k] =
                    (k >= j ? prev[j * width + k - j] : 0) + cur[(j - 1) * width + k];
        double *t = prev;
        prev = cur;
        cur = t;
    }
    double *counts = malloc(width * sizeof *counts);
    if (counts)
        memcpy(counts, prev + n * width, width * sizeof *counts);
    free(prev);
    free(cur);
    return counts;
}

double fk_shift_pwilcox(long q, size_t m, size_t n)
{
    if (m == 0 || n == 0 || m > WILCOX_MAX || n > WILCOX_MAX)
        return NAN;
    if (q < 0)
        return 0;
    if ((size_t)q >= m * n)
        return 1;
    double *c = wilcox_counts(m, n), total = 0, below = 0;
    if (!c)
        return NAN;
    for (size_t k = 0; k <= m * n; k++) {
        total += c[k];
        below += k <= (size_t)q ? c[k] : 0;
    }
    free(c);
    return below / total;
}

long fk_shift_qwilcox(double p, size_t m, size_t n)
{
    if (m == 0 || n == 0 || m > WILCOX_MAX || n > WILCOX_MAX || !(p >= 0 && p <= 1))
        return -1;
    double *c = wilcox_counts(m, n), total = 0, cum = 0;
    if (!c)
        return -1;
    for (size_t k = 0; k <= m * n; k++)
        total += c[k];
    long q = 0;
    /* as R's qwilcox: the first q whose cumulative probability reaches p (less a hair) */
    for (; (size_t)q < m * n; q++) {
        cum += c[q] / total;
        if (cum >= p - 10 * DBL_EPSILON)
            break;
    }
    free(c);
    return q;
}

/* A value of the pooled sample and whether it came from x. */
typedef struct {
    double v;
    int from_x;
} pooled_t;

static int cmp_pooled(const void *a, const void *b)
{
    return fk_cmp_double(&((const pooled_t *)a)->v, &((const pooled_t *)b)->v);
}

typedef struct {
    const double *x, *y;
    size_t nx, ny;
    pooled_t *pool; /* nx + ny of scratch */
} samples_t;

/* R's wdiff(d, zq): the normal score of the rank sum of x - d among y, with the variance's
 * tie correction and (correct) the continuity correction, minus zq. Nonincreasing in d. */
static double wdiff(const samples_t *s, double d, double zq, int correct)
{
    size_t n = s->nx + s->ny;
    for (size_t i = 0; i < s->nx; i++)
        s->pool[i] = (pooled_t){s->x[i] - d, 1};
    for (size_t j = 0; j < s->ny; j++)
        s->pool[s->nx + j] = (pooled_t){s->y[j], 0};
    qsort(s->pool, n, sizeof *s->pool, cmp_pooled);
    double rank_x = 0, ties = 0;
    for (size_t i = 0, j; i < n; i = j) {
        size_t in_x = 0;
        for (j = i; j < n && s->pool[j].v == s->pool[i].v; j++)
            in_x += (size_t)s->pool[j].from_x;
        double t = (double)(j - i), mid = (double)(i + j + 1) / 2.0; /* average rank */
        rank_x += mid * (double)in_x;
        ties += t * t * t - t;
    }
    double nx = (double)s->nx, ny = (double)s->ny;
    double dz = rank_x - nx * (nx + 1) / 2 - nx * ny / 2;
    double corr = correct ? (dz > 0) - (dz < 0) : 0;
    double sigma = sqrt(nx * ny / 12 * ((nx + ny + 1) - ties / ((nx + ny) * (nx + ny - 1))));
    if (sigma == 0)
        return NAN;
    return (dz - 0.5 * corr) / sigma - zq;
}

/* wdiff as a step function of step_root.h. */
static double wdiff_step(const void *ctx, double d, double zq, int correct)
{
    return wdiff(ctx, d, zq, correct);
}

/* The shift where wdiff crosses 0, at a step (step_root.h). */
static double root(const samples_t *s, const double *u, size_t nu, double zq, int correct)
{
    return fk_step_root(wdiff_step, s, u, nu, zq, correct);
}

/* 1 when a value occurs twice in x and y pooled (R then leaves the exact path). */
static int has_ties(const samples_t *s)
{
    size_t n = s->nx + s->ny;
    for (size_t i = 0; i < s->nx; i++)
        s->pool[i].v = s->x[i];
    for (size_t j = 0; j < s->ny; j++)
        s->pool[s->nx + j].v = s->y[j];
    qsort(s->pool, n, sizeof *s->pool, cmp_pooled);
    for (size_t i = 1; i < n; i++)
        if (s->pool[i].v == s->pool[i - 1].v)
            return 1;
    return 0;
}

static void shift_exact(const double *d, size_t nd, size_t nx, size_t ny, fk_shift_t *s)
{
    long qu = fk_shift_qwilcox(0.025, nx, ny);
    if (qu == 0)
        qu = 1;
    long ql = (long)nd - qu;
    s->lo = d[qu - 1];
    s->hi = d[ql];
    s->level = 1 - 2 * fk_shift_pwilcox(qu - 1, nx, ny);
    s->estimate = nd % 2 ? d[nd / 2] : (d[nd / 2 - 1] + d[nd / 2]) / 2;
    s->exact = 1;
}

static void shift_normal(const samples_t *smp, double *d, size_t nd, fk_shift_t *s)
{
    size_t nu = 0;
    for (size_t i = 0; i < nd; i++) /* distinct, in place */
        if (nu == 0 || d[i] != d[nu - 1])
            d[nu++] = d[i];
    s->lo = root(smp, d, nu, Z975, 1);
    s->hi = root(smp, d, nu, -Z975, 1);
    s->estimate = root(smp, d, nu, 0, 0); /* R: without the continuity correction */
    s->level = 0.95;
    s->exact = 0;
}

int fk_shift_hodges_lehmann(const double *x, size_t nx, const double *y, size_t ny, fk_shift_t *s)
{
    s->estimate = s->lo = s->hi = s->level = NAN;
    s->exact = 0;
    if (nx == 0 || ny == 0)
        return -1;
    if (nx > FK_SHIFT_MAX_PAIRS / ny)
        return -2; /* every pairwise difference is kept: bound the memory (8 bytes a pair) */
    size_t nd = nx * ny;
    double *d = malloc(nd * sizeof *d);
    samples_t smp = {x, y, nx, ny, malloc((nx + ny) * sizeof(pooled_t))};
    if (!d || !smp.pool) {
        free(d);
        free(smp.pool);
        return -1;
    }
    for (size_t i = 0; i < nx; i++)
        for (size_t j = 0; j < ny; j++)
            d[i * ny + j] = x[i] - y[j];
    qsort(d, nd, sizeof *d, fk_cmp_double);
    if (nx < EXACT_MAX && ny < EXACT_MAX && !has_ties(&smp))
        shift_exact(d, nd, nx, ny, s);
    else if (nx + ny > 2)
        shift_normal(&smp, d, nd, s);
    free(d);
    free(smp.pool);
    return isnan(s->lo) ? -1 : 0;
}
