/* SPDX-License-Identifier: MIT */
/* test_stats.c: the statistics helpers (harness/base/stats.c) against values computed by hand:
 * medians, the summary, the binomial confidence interval of the median, the outlier rule and
 * the Karp-Flatt fraction. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "harness/base/stats.h"
#include "tests/unit/unit_test.h"

#define EPS 1e-9

static void test_median_odd_even(void **state)
{
    (void)state;
    double odd[] = {3.0, 1.0, 2.0};
    double even[] = {4.0, 1.0, 3.0, 2.0};
    double one[] = {7.5};
    assert_float_equal(fk_stats_median(odd, 3), 2.0, EPS);
    assert_float_equal(fk_stats_median(even, 4), 2.5, EPS);
    assert_float_equal(fk_stats_median(one, 1), 7.5, EPS);
    assert_true(isnan(fk_stats_median(odd, 0)));
    /* the input is not reordered */
    assert_float_equal(odd[0], 3.0, 0);
    assert_float_equal(even[0], 4.0, 0);
    assert_float_equal(even[3], 2.0, 0);
}

static void test_summary_by_hand(void **state)
{
    (void)state;
    double x[] = {1.02, 0.98, 1.00, 0.99, 1.01};
    fk_summary_t s;
    fk_stats_summarize(x, 5, &s);
    assert_int_equal(s.n, 5);
    assert_float_equal(s.median, 1.00, EPS);
    assert_float_equal(s.mean, 1.00, EPS);
    /* sum of squares 0.001 over n - 1 = 4 */
    assert_float_equal(s.stddev, sqrt(0.001 / 4.0), EPS);
    assert_float_equal(s.cv, sqrt(0.001 / 4.0), EPS);
    assert_float_equal(s.min, 0.98, EPS);
    assert_float_equal(s.max, 1.02, EPS);
    /* n = 5: no 95% interval exists, so [min, max] */
    assert_float_equal(s.ci_lo, 0.98, EPS);
    assert_float_equal(s.ci_hi, 1.02, EPS);
    assert_int_equal(s.outliers, 0);
    assert_float_equal(x[0], 1.02, 0);
}

static void test_summary_small(void **state)
{
    (void)state;
    fk_summary_t s;
    double one[] = {2.0};
    fk_stats_summarize(one, 0, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.median) && isnan(s.mean) && isnan(s.ci_lo));
    fk_stats_summarize(one, 1, &s);
    assert_float_equal(s.median, 2.0, EPS);
    assert_true(isnan(s.stddev) && isnan(s.cv));
    assert_float_equal(s.ci_lo, 2.0, EPS);
    assert_float_equal(s.ci_hi, 2.0, EPS);
}

/* P(B <= k) for B ~ Bin(n, 1/2) by exact integer counting, independently of stats.c. */
static double cdf_by_hand(unsigned n, unsigned k)
{
    double c = 1.0, sum = 0.0; /* C(n, 0) */
    for (unsigned i = 0; i <= k; i++) {
        sum += c;
        c = c * (n - i) / (i + 1);
    }
    return sum / pow(2.0, n);
}

static void test_ci_ranks(void **state)
{
    (void)state;
    size_t lo, hi;
    assert_int_equal(fk_stats_median_ci_ranks(5, &lo, &hi), 0); /* 2/32 > 5% */
    assert_int_equal(lo, 1);
    assert_int_equal(hi, 5);
    assert_int_equal(fk_stats_median_ci_ranks(6, &lo, &hi), 1); /* 2/64 <= 5% */
    assert_int_equal(lo, 1);
    assert_int_equal(hi, 6);
    fk_stats_median_ci_ranks(9, &lo, &hi); /* P(B <= 1) = 10/512 */
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 8);
    fk_stats_median_ci_ranks(20, &lo, &hi); /* the textbook [x(6), x(15)] */
    assert_int_equal(lo, 6);
    assert_int_equal(hi, 15);
    assert_float_equal(fk_stats_median_ci_level(5), 1.0 - 2.0 / 32.0, EPS);
    assert_float_equal(fk_stats_median_ci_level(9), 1.0 - 20.0 / 512.0, EPS);
    /* every n: the chosen interval covers >= 95% and one rank narrower would not */
    for (unsigned n = 6; n <= 200; n++) {
        fk_stats_median_ci_ranks(n, &lo, &hi);
        assert_int_equal(hi, n - lo + 1);
        assert_true(1.0 - 2.0 * cdf_by_hand(n, (unsigned)lo - 1) >= 0.95 - 1e-12);
        assert_true(1.0 - 2.0 * cdf_by_hand(n, (unsigned)lo) < 0.95);
    }
}

/* Large groups (issue 18: 1M rows of one group took minutes when the binomial tail was
 * recomputed for every k): the ranks and coverage R gives,
 * k - 1 = max(which(pbinom(0:(n/2), n, 0.5) <= 0.025)) - 1. */
static void test_ci_ranks_large(void **state)
{
    (void)state;
    static const struct {
        size_t n, lo, hi;
        double level;
    } want[] = {{1000, 469, 532, 0.953708803}, {1000000, 499020, 500981, 0.950121031}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        size_t lo, hi;
        assert_int_equal(fk_stats_median_ci_ranks(want[i].n, &lo, &hi), 1);
        assert_int_equal(lo, want[i].lo);
        assert_int_equal(hi, want[i].hi);
        assert_float_equal(fk_stats_median_ci_level(want[i].n), want[i].level, 1e-6);
    }
}

static void test_ci_values(void **state)
{
    (void)state;
    double x[] = {9, 2, 7, 4, 5, 6, 3, 8, 1};
    fk_summary_t s;
    fk_stats_summarize(x, 9, &s);
    assert_float_equal(s.median, 5.0, EPS);
    assert_float_equal(s.ci_lo, 2.0, EPS);
    assert_float_equal(s.ci_hi, 8.0, EPS);
}

static void test_outliers(void **state)
{
    (void)state;
    fk_summary_t s;
    /* median 3, MAD 1: the bound is 3 * 1.4826 = 4.45, so only 100 is out (and kept) */
    double x[] = {1, 2, 3, 4, 100};
    fk_stats_summarize(x, 5, &s);
    assert_int_equal(s.outliers, 1);
    assert_float_equal(s.max, 100.0, EPS);
    assert_float_equal(s.mean, 22.0, EPS);
    /* a low one too: median 50, MAD 1 */
    double y[] = {49, 50, 51, 50.5, 49.5, 10, 120};
    fk_stats_summarize(y, 7, &s);
    assert_int_equal(s.outliers, 2);
    /* MAD 0 (ties): the scale falls back to 1.2533 * mean |x - median| = 1.2533 * 0.004 */
    double z[] = {0.49, 0.50, 0.50, 0.51, 0.50};
    fk_stats_summarize(z, 5, &s);
    assert_int_equal(s.outliers, 0);
    double w[] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 9}; /* 1.2533 * 0.4 * 3 = 1.5 < 4 */
    fk_stats_summarize(w, 10, &s);
    assert_int_equal(s.outliers, 1);
    double same[] = {2, 2, 2};
    fk_stats_summarize(same, 3, &s);
    assert_int_equal(s.outliers, 0);
    /* the same rule on unsorted values, naming which: one speedup per host of a class */
    int flags[7];
    double hosts[] = {1.92, 0.98, 1.90, 1.95, 1.91, 1.93, 1.89};
    assert_int_equal(fk_stats_outliers(hosts, 7, flags), 1);
    assert_int_equal(flags[1], 1);
    assert_int_equal(flags[0] + flags[2] + flags[3] + flags[4] + flags[5] + flags[6], 0);
    assert_int_equal(fk_stats_outliers(y, 7, NULL), 2);
    assert_int_equal(fk_stats_outliers(NULL, 0, NULL), 0);
}

static void test_karp_flatt(void **state)
{
    (void)state;
    assert_float_equal(fk_stats_karp_flatt(2.0, 2), 0.0, EPS);
    assert_float_equal(fk_stats_karp_flatt(1.6, 2), (0.625 - 0.5) / 0.5, EPS);
    assert_float_equal(fk_stats_karp_flatt(3.0, 4), (1.0 / 3 - 0.25) / 0.75, EPS);
    assert_float_equal(fk_stats_karp_flatt(1.0, 4), 1.0, EPS); /* no speedup: all serial */
    assert_float_equal(fk_stats_karp_flatt(1.0 / 0.6, 4), (0.6 - 0.25) / 0.75, EPS);
    assert_true(isnan(fk_stats_karp_flatt(1.5, 1)));
    assert_true(isnan(fk_stats_karp_flatt(0.0, 2)));
    assert_true(isnan(fk_stats_karp_flatt(NAN, 2)));
}

FK_TEST_MAIN(cmocka_unit_test(test_median_odd_even), cmocka_unit_test(test_summary_by_hand),
             cmocka_unit_test(test_summary_small), cmocka_unit_test(test_ci_ranks),
             cmocka_unit_test(test_ci_ranks_large), cmocka_unit_test(test_ci_values),
             cmocka_unit_test(test_outliers), cmocka_unit_test(test_karp_flatt))
