/* SPDX-License-Identifier: MIT */
/* test_primes.c: the prime kernel's arithmetic against values computed here independently
 * (a plain sieve written in this file) and against published sums: trial division, the
 * module fk-primesieve.so (found beside the test binary, as beside bin/forkomp) and the
 * reference cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kernels/common/module.h"
#include "kernels/primes/primes.h"
#include "tests/unit/unit_test.h"

static const fk_primesieve_ops_t *module(void)
{
    char err[512] = "";
    const fk_primesieve_ops_t *ps = fk_primesieve(err, sizeof err);
    if (!ps)
        fail_msg("%s", err);
    return ps;
}

static uint64_t ps_sum(uint64_t n)
{
    return module()->sum_below(n);
}

static int ps_sums(const uint64_t *inputs, size_t count, uint64_t *sums, int (*stop)(void))
{
    return module()->sums_below(inputs, count, sums, stop);
}

/* The test's own reference: a byte-per-number sieve, deliberately naive. */
static uint64_t naive_sum_below(uint64_t n)
{
    if (n < 3)
        return 0;
    char *comp = calloc(n, 1);
    uint64_t sum = 0;
    for (uint64_t i = 2; i < n; i++) {
        if (comp[i])
            continue;
        sum += i;
        for (uint64_t j = i * i; j < n; j += i)
            comp[j] = 1;
    }
    free(comp);
    return sum;
}

static void test_is_prime_edges(void **state)
{
    (void)state;
    assert_false(fk_is_prime(0));
    assert_false(fk_is_prime(1));
    assert_true(fk_is_prime(2));
    assert_true(fk_is_prime(3));
    assert_false(fk_is_prime(4));
    assert_false(fk_is_prime(9));
    assert_false(fk_is_prime(25));
    assert_true(fk_is_prime(2147483647ULL)); /* 2^31 - 1 */
    /* squares of large primes: trial division must reach exactly sqrt(n) */
    assert_false(fk_is_prime(65521ULL * 65521ULL));     /* past 2^32 */
    assert_false(fk_is_prime(1000003ULL * 1000003ULL)); /* about 10^12 */
    assert_false(fk_is_prime(46337ULL * 46337ULL));     /* just below 2^31 */
    assert_true(fk_is_prime(4294967311ULL));  /* the first prime past 2^32: the 64-bit path */
    assert_false(fk_is_prime(4294967297ULL)); /* 641 x 6700417 */
}

static void test_isqrt(void **state)
{
    (void)state;
    assert_int_equal(fk_isqrt_floor(0), 0);
    assert_int_equal(fk_isqrt_ceil(10), 4);
    assert_int_equal(fk_isqrt_ceil(16), 4);
    assert_int_equal(fk_isqrt_floor(UINT64_MAX), 4294967295ULL);
    uint64_t big = 999999999999999999ULL; /* a double would round this up */
    uint64_t r = fk_isqrt_floor(big);
    assert_true(r * r <= big && (r + 1) * (r + 1) > big);
}

static void test_sum_against_naive(void **state)
{
    (void)state;
    static const uint64_t inputs[] = {0,   1,    2,     3,     4,      5,      10,
                                      100, 1000, 10007, 65536, 100000, 100700, 131073};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        uint64_t want = naive_sum_below(inputs[i]);
        assert_int_equal(fk_sum_primes_trial(inputs[i]), want);
        assert_int_equal(ps_sum(inputs[i]), want);
    }
    /* the reference takes them all at once, in any order, repeats included */
    static const uint64_t mixed[] = {100700, 0, 10007, 3, 100700, 2, 65536};
    uint64_t sums[7];
    assert_int_equal(ps_sums(mixed, 7, sums, NULL), 0);
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(sums[i], naive_sum_below(mixed[i]));
    uint64_t too_big = FK_PRIMES_MAX_INPUT + 1, none;
    assert_int_equal(ps_sums(&too_big, 1, &none, NULL), -1);
}

static int stop_calls;
static int stop_now(void)
{
    return ++stop_calls > 0;
}

/* A long reference walk asks stop() and gives up when it says so (an interrupted run). */
static void test_reference_stops(void **state)
{
    (void)state;
    uint64_t big = 30000000, sum; /* about 1.9 million primes below it: stop() is asked */
    stop_calls = 0;
    assert_int_equal(ps_sums(&big, 1, &sum, stop_now), -1);
    assert_int_equal(stop_calls, 1);
    stop_calls = -1000; /* never says stop within this walk */
    assert_int_equal(ps_sums(&big, 1, &sum, stop_now), 0);
    assert_int_equal(sum, ps_sum(big));
}

/* Published: the sums of the primes below 10^k (OEIS A046731) and the lab's first line. */
static void test_published_sums(void **state)
{
    (void)state;
    assert_int_equal(fk_sum_primes_trial(10), 17);
    assert_int_equal(fk_sum_primes_trial(100), 1060);
    assert_int_equal(fk_sum_primes_trial(1000), 76127);
    assert_int_equal(fk_sum_primes_trial(100000), 454396537ULL);
    assert_int_equal(ps_sum(1000000), 37550402023ULL);
    assert_int_equal(ps_sum(2000000), 142913828922ULL);
    assert_int_equal(ps_sum(10000000), 3203324994356ULL);
    assert_int_equal(ps_sum(1000000000), 24739512092254535ULL);
}

static void test_trial_equals_sieve(void **state)
{
    (void)state;
    for (uint64_t n = 0; n < 3000; n += 7)
        assert_int_equal(fk_sum_primes_trial(n), ps_sum(n));
    /* around 2^16 */
    for (uint64_t n = 65530; n < 65545; n++)
        assert_int_equal(fk_sum_primes_trial(n), ps_sum(n));
}

/* The reference through its cache: the first call writes one checked line per input, the
 * second reads them; a line whose check fails (a torn write, an edit) is not believed. */
static void test_reference_cache(void **state)
{
    (void)state;
    char dir[4096], path[4200], err[256];
    tmp_dir(dir, sizeof dir, "fk-test-primes");
    snprintf(path, sizeof path, "%s/primes-reference.txt", dir);
    static const uint64_t inputs[] = {10007, 100, 100700};
    uint64_t sums[3], again[3];
    assert_int_equal(fk_primes_reference(dir, inputs, 3, sums, NULL, err, sizeof err), 0);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(sums[i], naive_sum_below(inputs[i]));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int lines = 0;
    for (int c; (c = fgetc(f)) != EOF;)
        lines += c == '\n';
    fclose(f);
    assert_int_equal(lines, 3);
    assert_int_equal(fk_primes_reference(dir, inputs, 3, again, NULL, err, sizeof err), 0);
    assert_memory_equal(sums, again, sizeof sums);
    /* a forged line for 50 (the sum below 50 is 328) with a wrong check: ignored */
    write_text(path, "50 999 0123456789abcdef\n");
    uint64_t fifty = 50, sum50 = 0;
    assert_int_equal(fk_primes_reference(dir, &fifty, 1, &sum50, NULL, err, sizeof err), 0);
    assert_int_equal(sum50, 328);
    /* no cache folder at all: computed, nothing written */
    assert_int_equal(fk_primes_reference(NULL, &fifty, 1, &sum50, NULL, err, sizeof err), 0);
    assert_int_equal(sum50, 328);
    unlink(path);
    rmdir(dir);
}

FK_TEST_MAIN(cmocka_unit_test(test_is_prime_edges), cmocka_unit_test(test_isqrt),
             cmocka_unit_test(test_sum_against_naive), cmocka_unit_test(test_published_sums),
             cmocka_unit_test(test_trial_equals_sieve), cmocka_unit_test(test_reference_stops),
             cmocka_unit_test(test_reference_cache))
