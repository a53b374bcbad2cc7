/* SPDX-License-Identifier: MIT */
/* test_paired.c: the paired Hodges-Lehmann estimate and its signed-rank confidence interval
 * (harness/base/paired.c) against R 4.2.2's wilcox.test on fixed samples. R's outputs are
 * pasted below with the calls that printed them, so the test does not need R at run time:
 *   p <- function(a, b) {
 *     w <- suppressWarnings(wilcox.test(log(a), log(b), paired = TRUE, conf.int = TRUE))
 *     sprintf("%.15g", c(w$estimate, w$conf.int, attr(w$conf.int, "conf.level"))) }
 * The level checked is the interval's true coverage (R prints the 0.95 asked for whenever
 * the achieved alpha is within 1.5 x 0.05, as with 6 pairs: 1 - 2 psignrank(0, 6)). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "harness/base/paired.h"
#include "tests/unit/unit_test.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* r: R's estimate, lower and upper bound (logs); level: the coverage expected here. */
static void check(const double *a, const double *b, size_t n, const double *r, double level,
                  double tol, int exact)
{
    fk_paired_t p;
    double ratio, lo, hi;
    assert_int_equal(fk_paired_ratio(a, b, n, &p, &ratio, &lo, &hi), 0);
    assert_int_equal(p.exact, exact);
    assert_int_equal(p.pairs, n);
    assert_float_equal(p.estimate, r[0], tol);
    assert_float_equal(p.lo, r[1], tol);
    assert_float_equal(p.hi, r[2], tol);
    assert_float_equal(p.level, level, 1e-9);
    assert_float_equal(ratio, exp(r[0]), tol);
    assert_float_equal(lo, exp(r[1]), tol);
    assert_float_equal(hi, exp(r[2]), tol);
}

static const double a2[] = {0.101, 0.097, 0.105, 0.099, 0.110, 0.102};
static const double b2[] = {0.100, 0.099, 0.101, 0.103, 0.104, 0.098};

/* 8 rounds, no ties: exact. R: p(a1, b1) */
static void test_exact_eight(void **state)
{
    (void)state;
    double a[] = {0.0394, 0.0401, 0.0389, 0.0412, 0.0398, 0.0405, 0.0420, 0.0391};
    double b[] = {0.0368, 0.0379, 0.0361, 0.0392, 0.0370, 0.0371, 0.0402, 0.0377};
    double r[] = {0.0617144715604225, 0.0438026226583927, 0.0779764878140536};
    check(a, b, N(a), r, 1 - 2 * fk_paired_psignrank(3, 8), 1e-12, 1);
}

/* 6 rounds: the fewest with a 95% interval, [min, max] of the Walsh averages (96.9%). */
static void test_exact_six(void **state)
{
    (void)state;
    double r[] = {0.00995033085316788, -0.0396091380950456, 0.0560894666510436};
    check(a2, b2, 6, r, 1 - 2.0 / 64, 1e-12, 1);
}

/* 5 rounds: [min, max] covers 1 - 2 / 32 = 93.75% only. */
static void test_exact_five(void **state)
{
    (void)state;
    double r[] = {0.00921548084252843, -0.0396091380950456, 0.0560894666510436};
    check(a2, b2, 5, r, 1 - 2.0 / 32, 1e-12, 1);
}

/* 30 rounds: set.seed(11); a <- round(runif(30, .030, .036), 6);
 * b <- round(a * exp(rnorm(30, 0.02, 0.03)), 6); exact. */
static void test_exact_thirty(void **state)
{
    (void)state;
    double a[] = {0.031663, 0.030003, 0.033064, 0.030084, 0.030388, 0.035729, 0.030519, 0.031740,
                  0.035284, 0.030739, 0.031051, 0.032645, 0.035443, 0.035106, 0.034404, 0.033442,
                  0.032891, 0.031984, 0.030946, 0.032881, 0.031222, 0.034082, 0.032183, 0.032102,
                  0.030372, 0.032898, 0.032395, 0.030097, 0.030750, 0.032389};
    double b[] = {0.032315, 0.030405, 0.034642, 0.030151, 0.030398, 0.035712, 0.031121, 0.031954,
                  0.036380, 0.031429, 0.031685, 0.033118, 0.035338, 0.035578, 0.034078, 0.033006,
                  0.032624, 0.033301, 0.030112, 0.032681, 0.032319, 0.034577, 0.034391, 0.032155,
                  0.030664, 0.031955, 0.033070, 0.031538, 0.030560, 0.033937};
    double r[] = {-0.0114618049980955, -0.0204174029436084, -0.00374960258633994};
    long qu = fk_paired_qsignrank(0.025, 30);
    check(a, b, N(a), r, 1 - 2 * fk_paired_psignrank(qu - 1, 30), 1e-12, 1);
    fk_paired_t p; /* conf.level = 0.999: -0.0291028445659824 0.00296690007266998 */
    double lo, hi;
    assert_int_equal(fk_paired_ratio_at(a, b, N(a), 0.999, &p, NULL, &lo, &hi), 0);
    assert_float_equal(p.lo, -0.0291028445659824, 1e-12);
    assert_float_equal(p.hi, 0.00296690007266998, 1e-12);
    assert_float_equal(p.level, 1 - 2 * fk_paired_psignrank(78, 30), 1e-12);
}

/* A zero difference and tied ones: R drops the zero and uses the normal approximation with
 * the tie and continuity corrections; uniroot's tolerance is 1e-4. */
static void test_normal_zero_ties(void **state)
{
    (void)state;
    double a[] = {0.040, 0.041, 0.042, 0.040, 0.043, 0.044, 0.039, 0.045, 0.041, 0.040};
    double b[] = {0.040, 0.040, 0.041, 0.039, 0.042, 0.042, 0.038, 0.044, 0.040, 0.038};
    double r[] = {0.0250614458058695, 0.0235906806937671, 0.0380304938431557};
    fk_paired_t p;
    check(a, b, N(a), r, 0.95, 1e-4, 0);
    fk_paired_ratio(a, b, N(a), &p, NULL, NULL, NULL);
    assert_int_equal(p.nonzero, 9);
}

/* 60 rounds: the normal approximation without ties. set.seed(3);
 * a <- round(runif(60, .030, .040), 6); b <- round(a * exp(rnorm(60, -0.01, 0.05)), 6) */
static void test_normal_sixty(void **state)
{
    (void)state;
    double a[] = {0.031680, 0.038075, 0.033849, 0.033277, 0.036021, 0.036044, 0.031246, 0.032946,
                  0.035776, 0.036310, 0.035120, 0.035050, 0.035340, 0.035572, 0.038679, 0.038297,
                  0.031114, 0.037037, 0.038975, 0.032797, 0.032282, 0.030153, 0.031290, 0.030934,
                  0.032369, 0.037911, 0.035997, 0.039101, 0.035604, 0.037557, 0.033792, 0.033733,
                  0.031703, 0.034533, 0.032584, 0.033363, 0.038896, 0.032019, 0.035792, 0.032076,
                  0.032815, 0.037863, 0.031730, 0.035707, 0.034193, 0.032676, 0.030478, 0.031035,
                  0.033140, 0.038006, 0.032293, 0.032130, 0.038771, 0.039932, 0.038442, 0.039104,
                  0.034713, 0.032244, 0.031278, 0.032797};
    double b[] = {0.032809, 0.039336, 0.034754, 0.034182, 0.035040, 0.036967, 0.033013, 0.032681,
                  0.033727, 0.037404, 0.036165, 0.034167, 0.038090, 0.033846, 0.038967, 0.033856,
                  0.030556, 0.038802, 0.037718, 0.031043, 0.033144, 0.028669, 0.031395, 0.028078,
                  0.029863, 0.036692, 0.033841, 0.041440, 0.036904, 0.035752, 0.034429, 0.034966,
                  0.031792, 0.034796, 0.034211, 0.032246, 0.037711, 0.033251, 0.033224, 0.032054,
                  0.032438, 0.038372, 0.033065, 0.035827, 0.034247, 0.033583, 0.032068, 0.031321,
                  0.031229, 0.037334, 0.034870, 0.031255, 0.039730, 0.042031, 0.039601, 0.038703,
                  0.034746, 0.030539, 0.031655, 0.031063};
    double r[] = {0.000602752392861989, -0.0118800987089261, 0.0125600316233527};
    check(a, b, N(a), r, 0.95, 1e-4, 0);
    fk_paired_t p; /* conf.level = 0.999: -0.0200720689813183 0.0227590955487222 */
    assert_int_equal(fk_paired_ratio_at(a, b, N(a), 0.999, &p, NULL, NULL, NULL), 0);
    assert_float_equal(p.lo, -0.0200720689813183, 1e-4);
    assert_float_equal(p.hi, 0.0227590955487222, 1e-4);
    assert_float_equal(p.level, 0.999, 1e-12);
}

/* At conf.level = 0.999 (the A/A control's level): R's
 * wilcox.test(log(a), log(b), paired = TRUE, conf.int = TRUE, conf.level = 0.999) on the
 * 8-round sample (exact: qsignrank(0.0005, 8) = 0, so [min, max], R prints 0.9922), the
 * 30-round one (exact) and the 60-round one (normal approximation, uniroot's 1e-4). */
static void test_level_999(void **state)
{
    (void)state;
    double a[] = {0.0394, 0.0401, 0.0389, 0.0412, 0.0398, 0.0405, 0.0420, 0.0391};
    double b[] = {0.0368, 0.0379, 0.0361, 0.0392, 0.0370, 0.0371, 0.0402, 0.0377};
    fk_paired_t p;
    double d[8];
    for (size_t i = 0; i < 8; i++)
        d[i] = log(a[i]) - log(b[i]);
    assert_int_equal(fk_paired_analyse_at(d, 8, 0.999, &p), 0);
    assert_float_equal(p.estimate, 0.0617144715604225, 1e-12);
    assert_float_equal(p.lo, 0.036462372537355, 1e-12);
    assert_float_equal(p.hi, 0.0876850044991042, 1e-12);
    assert_float_equal(p.level, 1 - 2.0 / 256, 1e-12);
    assert_int_equal(fk_paired_qsignrank(0.0005, 30), 79);
}

/* R: qsignrank(0.025, c(6, 10, 20, 49)); psignrank(c(0, 8, 52, 415), c(6, 10, 20, 49)) */
static void test_signrank_distribution(void **state)
{
    (void)state;
    assert_int_equal(fk_paired_qsignrank(0.025, 6), 1);
    assert_int_equal(fk_paired_qsignrank(0.025, 10), 9);
    assert_int_equal(fk_paired_qsignrank(0.025, 20), 53);
    assert_int_equal(fk_paired_qsignrank(0.025, 49), 416);
    assert_float_equal(fk_paired_psignrank(0, 6), 0.015625, 1e-15);
    assert_float_equal(fk_paired_psignrank(8, 10), 0.0244140625, 1e-15);
    assert_float_equal(fk_paired_psignrank(52, 20), 0.0242204666137695, 1e-14);
    assert_float_equal(fk_paired_psignrank(415, 49), 0.0247168679094436, 1e-14);
}

/* Too little to analyse: one pair, all zeros; the bound on pairs. */
static void test_refused(void **state)
{
    (void)state;
    fk_paired_t p;
    double one[] = {0.1}, zeros[] = {0, 0, 0, 0, 0, 0};
    assert_int_equal(fk_paired_analyse(one, 1, &p), -1);
    assert_true(isnan(p.lo));
    assert_int_equal(fk_paired_analyse(zeros, 6, &p), -1);
    assert_int_equal(p.nonzero, 0);
    assert_int_equal(fk_paired_analyse(zeros, FK_PAIRED_MAX + 1, &p), -2);
}

FK_TEST_MAIN(cmocka_unit_test(test_exact_eight), cmocka_unit_test(test_exact_six),
             cmocka_unit_test(test_exact_five), cmocka_unit_test(test_exact_thirty),
             cmocka_unit_test(test_normal_zero_ties), cmocka_unit_test(test_normal_sixty),
             cmocka_unit_test(test_level_999), cmocka_unit_test(test_signrank_distribution),
             cmocka_unit_test(test_refused))
