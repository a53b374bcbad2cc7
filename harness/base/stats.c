/* SPDX-License-Identifier: MIT */
/* stats.c: statistics of repeated timings (see stats.h). Sorting copies keeps the callers'
 * arrays intact, so a caller can summarise the same run times in several ways. */
#include "harness/base/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A sorted copy of x, or NULL when n == 0 or memory is short. */
static double *sorted_copy(const double *x, size_t n)
{
    if (n == 0)
        return NULL;
    double *c = malloc(n * sizeof *c);
    if (!c)
        return NULL;
    memcpy(c, x, n * sizeof *c);
    qsort(c, n, sizeof *c, cmp_double);
    return c;
}

static double median_sorted(const double *s, size_t n)
{
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

double fk_stats_median(const double *x, size_t n)
{
    double *s = sorted_copy(x, n);
    if (!s)
        return NAN;
    double m = median_sorted(s, n);
    free(s);
    return m;
}

/* P(B = i) for B ~ Binomial(n, 1/2), through lgamma so large n does not underflow. */
static double binom_half_pmf(size_t n, size_t i)
{
    return exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) -
               (double)n * log(2.0));
}

/* P(B <= k) for B ~ Binomial(n, 1/2). */
static double binom_half_cdf(size_t n, size_t k)
{
    double sum = 0.0;
    for (size_t i = 0; i <= k && i <= n; i++)
        sum += binom_half_pmf(n, i);
    return sum;
}

int fk_stats_median_ci_ranks(size_t n, size_t *lo, size_t *hi)
{
    /* Grow k while the next interval still has both tails <= 2.5%. The tail P(B <= k) is
     * summed term by term as k grows: one pass, O(n), where recomputing it for every k was
     * O(n^2) and made `forkomp report` on 100k runs of one group take minutes. */
    size_t k = 0;
    double tail = 0.0;
    while (k + 1 <= n / 2) {
        tail += binom_half_pmf(n, k);
        if (tail > 0.025)
            break;
        k++;
    }
    if (k == 0) {
        *lo = n ? 1 : 0;
        *hi = n;
        return 0;
    }
    *lo = k;
    *hi = n - k + 1;
    return 1;
}

double fk_stats_median_ci_level(size_t n)
{
    size_t lo, hi;
    if (n == 0)
        return NAN;
    fk_stats_median_ci_ranks(n, &lo, &hi);
    return 1.0 - 2.0 * binom_half_cdf(n, lo - 1);
}

/* Outliers by the MAD rule: robust to the outliers themselves, unlike mean +- 3 stddev.
 * 1.4826 * MAD estimates the standard deviation of normal data. When more than half the
 * values tie (MAD = 0, common with coarse timers) every other value would count, so the
 * scale falls back to 1.2533 * the mean absolute deviation from the median, which also
 * estimates the standard deviation of normal data (as in the modified z-score of
 * Iglewicz and Hoaglin). */
static size_t flag_outliers(const double *x, size_t n, double median, int *flags)
{
    double *dev = n ? malloc(n * sizeof *dev) : NULL;
    if (!dev)
        return 0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        dev[i] = fabs(x[i] - median);
        sum += dev[i];
    }
    double scale = 1.4826 * fk_stats_median(dev, n);
    if (scale == 0.0)
        scale = 1.2533 * sum / (double)n;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        int out = dev[i] > 3.0 * scale;
        count += (size_t)out;
        if (flags)
            flags[i] = out;
    }
    free(dev);
    return count;
}

size_t fk_stats_outliers(const double *x, size_t n, int *flags)
{
    if (flags)
        memset(flags, 0, n * sizeof *flags);
    if (n == 0)
        return 0;
    return flag_outliers(x, n, fk_stats_median(x, n), flags);
}

static void summary_nan(fk_summary_t *s, size_t n)
{
    s->n = n;
    s->median = s->mean = s->stddev = s->min = s->max = NAN;
    s->cv = s->ci_lo = s->ci_hi = NAN;
    s->outliers = 0;
}

void fk_stats_summarize(const double *x, size_t n, fk_summary_t *s)
{
    double *v = sorted_copy(x, n);
    summary_nan(s, n);
    if (!v)
        return;
    double sum = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    s->mean = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - s->mean) * (v[i] - s->mean);
    if (n >= 2)
        s->stddev = sqrt(ss / (double)(n - 1));
    if (n >= 2 && s->mean != 0.0)
        s->cv = s->stddev / s->mean;
    s->median = median_sorted(v, n);
    s->min = v[0];
    s->max = v[n - 1];
    size_t lo, hi;
    fk_stats_median_ci_ranks(n, &lo, &hi);
    s->ci_lo = v[lo - 1];
    s->ci_hi = v[hi - 1];
    s->outliers = flag_outliers(v, n, s->median, NULL);
    free(v);
}

double fk_stats_karp_flatt(double speedup, int p)
{
    if (p <= 1 || !(speedup > 0.0) || !isfinite(speedup))
        return NAN;
    double inv_p = 1.0 / (double)p;
    return (1.0 / speedup - inv_p) / (1.0 - inv_p);
}
