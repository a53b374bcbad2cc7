/* SPDX-License-Identifier: MIT */
/* test_shift.c: the Hodges-Lehmann shift and its Mann-Whitney confidence interval
 * (harness/report/shift.c) against R 4.x's wilcox.test(a, b, conf.int = TRUE) on fixed
 * samples. The R outputs are pasted below with the call that printed them, so the test does
 * not need R at run time:
 *   w <- wilcox.test(a, b, conf.int = TRUE)
 *   sprintf("%.15g", c(w$estimate, w$conf.int, attr(w$conf.int, "conf.level"))) */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "harness/report/report_compare.h"
#include "harness/report/shift.h"
#include "tests/unit/unit_test.h"

#define N(a) (sizeof(a) / sizeof *(a))

static void check(const double *a, size_t na, const double *b, size_t nb, const double *r,
                  double tol, double est_tol, int exact)
{
    fk_shift_t s;
    assert_int_equal(fk_shift_hodges_lehmann(a, na, b, nb, &s), 0);
    assert_int_equal(s.exact, exact);
    assert_float_equal(s.estimate, r[0], est_tol);
    assert_float_equal(s.lo, r[1], tol);
    assert_float_equal(s.hi, r[2], tol);
    assert_float_equal(s.level, r[3], 1e-9);
}

/* The case: fork against omp at 4 workers, 6 runs each, no ties: exact. */
static void test_exact_six(void **state)
{
    (void)state;
    double a[] = {0.0394, 0.0401, 0.0389, 0.0412, 0.0398, 0.0405};
    double b[] = {0.0328, 0.0331, 0.0335, 0.0326, 0.0340, 0.0329};
    /* R: est 0.00685, CI 0.0059 0.0077; conf.level 0.95 as asked (achieved 1 - 2 *
     * pwilcox(5, 6, 6) = 0.958874458874459) */
    double r[] = {0.00685, 0.0059, 0.0077, 0.958874458874459};
    check(a, N(a), b, N(b), r, 1e-12, 1e-12, 1);
}

/* 3 against 3: no 95% interval exists; R warns and reports conf.level 0.9 ([min, max] of
 * the differences). */
static void test_exact_tiny(void **state)
{
    (void)state;
    double a[] = {0.101, 0.103, 0.102}, b[] = {0.111, 0.104, 0.108};
    double r[] = {-0.006, -0.01, -0.001, 0.9};
    check(a, N(a), b, N(b), r, 1e-12, 1e-12, 1);
}

/* 30 against 30 (set.seed(7); round(runif(30, 0.030, 0.036), 6) and
 * round(runif(30, 0.031, 0.037), 6)): exact, the null distribution counted up to U = 900. */
static void test_exact_thirty(void **state)
{
    (void)state;
    double a[] = {0.035933, 0.032386, 0.030694, 0.030418, 0.031462, 0.034752, 0.03204,  0.035832,
                  0.030995, 0.032755, 0.03103,  0.031389, 0.034637, 0.030578, 0.032721, 0.030508,
                  0.033364, 0.030052, 0.035914, 0.0319,   0.033837, 0.031771, 0.03598,  0.035436,
                  0.035932, 0.030394, 0.033762, 0.032943, 0.035826, 0.032173};
    double b[] = {0.03508,  0.032582, 0.032114, 0.032111, 0.033276, 0.036082, 0.033988, 0.035744,
                  0.036031, 0.033741, 0.035797, 0.033292, 0.035558, 0.033621, 0.036425, 0.032917,
                  0.031495, 0.035898, 0.036391, 0.036799, 0.034438, 0.03532,  0.035644, 0.034767,
                  0.035338, 0.033321, 0.031977, 0.032123, 0.033347, 0.032643};
    double r[] = {-0.0014205, -0.002534, -0.000351999999999998, 0.95};
    fk_shift_t s;
    assert_int_equal(fk_shift_hodges_lehmann(a, N(a), b, N(b), &s), 0);
    assert_int_equal(s.exact, 1);
    assert_float_equal(s.estimate, r[0], 1e-12);
    assert_float_equal(s.lo, r[1], 1e-12);
    assert_float_equal(s.hi, r[2], 1e-12);
    assert_true(s.level >= 0.95);
}

/* R: qwilcox(0.025, 6, 6) = 6, pwilcox(5, 6, 6) = 0.02056277, qwilcox(0.025, 30, 30) = 318,
 * pwilcox(318, 30, 30) = 0.02570073, qwilcox(0.025, 49, 49) = 925. */
static void test_wilcox_distribution(void **state)
{
    (void)state;
    assert_int_equal(fk_shift_qwilcox(0.025, 6, 6), 6);
    assert_float_equal(fk_shift_pwilcox(5, 6, 6), 0.0205627705627706, 1e-12);
    assert_int_equal(fk_shift_qwilcox(0.025, 30, 30), 318);
    assert_float_equal(fk_shift_pwilcox(318, 30, 30), 0.02570073, 1e-8);
    assert_int_equal(fk_shift_qwilcox(0.025, 49, 49), 925);
    assert_float_equal(fk_shift_pwilcox(-1, 3, 3), 0, 0);
    assert_float_equal(fk_shift_pwilcox(9, 3, 3), 1, 0);
    assert_true(isnan(fk_shift_pwilcox(1, 0, 3)));
}

/* Ties (1.02 and 1.01 are in both samples): R takes the normal approximation and solves
 * with uniroot (tol 1e-4): est -0.00328000347878885, CI -0.0399624958640183
 * 0.0349542792946515. The interval's ends are the differences -0.04 and 0.035 up to that
 * tolerance. The statistic is exactly 0 for every shift in (-0.005, 0), so any point of it is
 * R's estimate (uniroot stops at the first it lands on); forkomp takes the middle. */
static void test_ties_normal(void **state)
{
    (void)state;
    double a[] = {1.02, 0.98, 1.05, 1.01, 0.97, 1.03, 1.00};
    double b[] = {0.99, 1.04, 1.02, 0.96, 1.01, 1.06, 0.995, 1.015};
    double r[] = {-0.00328000347878885, -0.0399624958640183, 0.0349542792946515, 0.95};
    check(a, N(a), b, N(b), r, 1e-4, 0.0025, 0);
}

/* Integer ties: R est 2.00003701150083, CI 1.57346992042043e-05 4.00000622861267. */
static void test_ties_integers(void **state)
{
    (void)state;
    double a[] = {10, 12, 12, 15, 11, 13}, b[] = {9, 12, 10, 11, 8, 10, 9};
    double r[] = {2.00003701150083, 1.57346992042043e-05, 4.00000622861267, 0.95};
    check(a, N(a), b, N(b), r, 1e-4, 1e-4, 0);
}

/* 60 against 55 runs (set.seed(1); round(rnorm(60, 20, 2), 3), round(rnorm(55, 21, 2), 3)):
 * R's large-sample path: est -0.930056238628409, CI -1.62002073201891 -0.225938474223485.
 * The statistic is 0 between the differences -0.932 and -0.929; forkomp's middle of them is
 * the median of the differences, -0.9305. */
static void test_large_normal(void **state)
{
    (void)state;
    double a[] = {18.747, 20.367, 18.329, 23.191, 20.659, 18.359, 20.975, 21.477, 21.152, 19.389,
                  23.024, 20.78,  18.758, 15.571, 22.25,  19.91,  19.968, 21.888, 21.642, 21.188,
                  21.838, 21.564, 20.149, 16.021, 21.24,  19.888, 19.688, 17.058, 19.044, 20.836,
                  22.717, 19.794, 20.775, 19.892, 17.246, 19.17,  19.211, 19.881, 22.2,   21.526,
                  19.671, 19.493, 21.394, 21.113, 18.622, 18.585, 20.729, 21.537, 19.775, 21.762,
                  20.796, 18.776, 20.682, 17.741, 22.866, 23.961, 19.266, 17.912, 21.139, 19.73};
    double b[] = {25.803, 20.922, 22.379, 21.056, 19.513, 21.378, 17.39,  23.931, 21.307, 25.345,
                  21.951, 19.58,  22.221, 19.132, 18.493, 21.583, 20.113, 21.002, 21.149, 19.821,
                  19.863, 20.73,  23.356, 17.953, 22.188, 21.666, 23.126, 20.392, 21.74,  21.534,
                  19.915, 23.416, 23.321, 22.4,   24.174, 22.117, 18.447, 19.853, 18.551, 20.053,
                  19.759, 21.084, 19.178, 21.316, 19.691, 24.535, 22.433, 22.82,  21.768, 24.364,
                  19.729, 20.077, 23.865, 19.699, 20.585};
    double r[] = {-0.930056238628409, -1.62002073201891, -0.225938474223485, 0.95};
    check(a, N(a), b, N(b), r, 1e-4, 0.0015, 0);
}

static void test_empty(void **state)
{
    (void)state;
    double a[] = {1.0};
    fk_shift_t s;
    assert_int_equal(fk_shift_hodges_lehmann(a, 1, a, 0, &s), -1);
    assert_true(isnan(s.estimate) && isnan(s.lo) && isnan(s.hi));
}

/* The verdicts on ratios of times, at the 1.02x margin: "faster" only when the whole CI
 * lies beyond it, "no difference" only when wholly inside. */
static void test_verdicts(void **state)
{
    (void)state;
    char t[240];
    assert_int_equal(fk_report_verdict(0.89, 0.85, 0.93, 0.96, "processes", "threads", t, sizeof t),
                     FK_VERDICT_A_FASTER);
    assert_string_equal(t, "processes faster: processes take 0.890x the time of threads (95% CI "
                           "0.850x to 0.930x)");
    assert_int_equal(fk_report_verdict(1.28, 1.2, 1.35, 0.95, "processes", "threads", t, sizeof t),
                     FK_VERDICT_B_FASTER);
    assert_string_equal(t, "threads faster: processes take 1.280x the time of threads (95% CI "
                           "1.200x to 1.350x)");
    assert_int_equal(
        fk_report_verdict(1.005, 0.985, 1.019, 0.95, "processes", "threads", t, sizeof t),
        FK_VERDICT_SAME);
    assert_string_equal(t, "no difference: processes take 1.005x the time of threads (95% CI "
                           "0.985x to 1.019x), within 1.02x either way");
    /* a CI that excludes 1 but not the margin: "threads faster by 1.6% (CI 0.3% to 2.9%)"
     * once passed; now undecided */
    assert_int_equal(fk_report_verdict(1.016, 1.003, 1.029, 0.95, "a", "b", t, sizeof t),
                     FK_VERDICT_UNDECIDED);
    assert_int_equal(fk_report_verdict(0.984, 0.971, 0.997, 0.95, "a", "b", t, sizeof t),
                     FK_VERDICT_UNDECIDED);
    /* just beyond the margin either way, the two directions alike */
    assert_int_equal(fk_report_verdict(1.05, 1.021, 1.08, 0.95, "a", "b", t, sizeof t),
                     FK_VERDICT_B_FASTER);
    assert_int_equal(fk_report_verdict(1 / 1.05, 1 / 1.08, 1 / 1.021, 0.95, "a", "b", t, sizeof t),
                     FK_VERDICT_A_FASTER);
    assert_int_equal(fk_report_verdict(1.01, 0.97, 1.05, 0.95, "processes", "threads", t, sizeof t),
                     FK_VERDICT_UNDECIDED);
    assert_string_equal(t, "undecided: processes take 1.010x the time of threads (95% CI 0.970x to "
                           "1.050x), neither beyond nor within 1.02x; run more repetitions");
    /* a coverage below 95% (3 against 3 runs) is named */
    fk_report_verdict(1.1, 1.05, 1.15, 0.9, "hybrid", "omp", t, sizeof t);
    assert_string_equal(t,
                        "omp faster: hybrid takes 1.100x the time of omp (90% CI 1.050x to 1.150x)");
    /* 2 against 2 runs (66.7%) or 1 against 1 (0%): too few to decide anything */
    assert_int_equal(fk_report_verdict(1.2, 1.15, 1.25, 2.0 / 3.0, "a", "b", t, sizeof t),
                     FK_VERDICT_UNDECIDED);
    assert_string_equal(t, "undecided: too few runs for a 95% CI (this one, 1.150x to 1.250x, "
                           "covers only 66%); run more repetitions");
}

/* More pairs than the estimate keeps: refused (-2) before allocating, so a report of a
 * million rows of one group does not ask for terabytes. */
static void test_too_many_pairs(void **state)
{
    (void)state;
    size_t n = 5000; /* 25 M pairs */
    double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    for (size_t i = 0; i < n; i++) {
        x[i] = 1.0 + (double)i / n;
        y[i] = 2.0 + (double)i / n;
    }
    fk_shift_t s;
    assert_int_equal(fk_shift_hodges_lehmann(x, n, y, n, &s), -2);
    assert_true(isnan(s.estimate));
    assert_int_equal(fk_shift_hodges_lehmann(x, 100, y, 100, &s), 0);
    assert_true(s.estimate < -0.9 && s.estimate > -1.1);
    free(x);
    free(y);
}

FK_TEST_MAIN(cmocka_unit_test(test_exact_six), cmocka_unit_test(test_exact_tiny),
             cmocka_unit_test(test_exact_thirty), cmocka_unit_test(test_wilcox_distribution),
             cmocka_unit_test(test_ties_normal), cmocka_unit_test(test_ties_integers),
             cmocka_unit_test(test_large_normal), cmocka_unit_test(test_empty),
             cmocka_unit_test(test_verdicts), cmocka_unit_test(test_too_many_pairs))
