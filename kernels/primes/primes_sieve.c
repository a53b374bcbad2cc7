/* SPDX-License-Identifier: MIT */
/* primes_sieve.c: the sums of primes by libprimesieve's iterator (the field's reference
 * sieve, written by nobody here): the sieve variant's task and the reference that verifies
 * every task. Built into the module fk-primesieve.so only (libprimesieve is C++, and its
 * start-up costs every command that links it; see kernels/common/module.h). */
#include "kernels/primes/primes_sieve.h"

#include <stdlib.h>

#include <primesieve.h>

#include "kernels/primes/primes.h"

/* Adds the primes below n to *sum from primesieve's iterator (it sieves in segments that fit
 * the cache); *next is the first prime not yet added, left at the first one >= n. stop (may
 * be NULL) is polled every 2^20 primes. Returns 0, or -1 on a primesieve error (memory: its
 * iterator then yields PRIMESIEVE_ERROR) or when stop() said so. */
static int iterate_sum(primesieve_iterator *it, uint64_t n, uint64_t *sum, uint64_t *next,
                       int (*stop)(void))
{
    uint64_t s = *sum, p = *next;
    for (uint32_t k = 1; p < n; k++) {
        s += p;
        p = primesieve_next_prime(it);
        if ((k & ((1u << 20) - 1)) == 0 && stop && stop())
            return -1;
    }
    *sum = s;
    *next = p;
    return it->is_error ? -1 : 0;
}

uint64_t fk_ps_sum_below(uint64_t n)
{
    primesieve_iterator it;
    primesieve_init(&it);
    primesieve_jump_to(&it, 0, n);
    uint64_t sum = 0, next = primesieve_next_prime(&it);
    int rc = iterate_sum(&it, n, &sum, &next, NULL);
    primesieve_free_iterator(&it);
    return rc == 0 ? sum : 0;
}

typedef struct input_at {
    uint64_t n;
    size_t index;
} input_at_t;

static int by_input(const void *a, const void *b)
{
    uint64_t x = ((const input_at_t *)a)->n, y = ((const input_at_t *)b)->n;
    return (x > y) - (x < y);
}

int fk_ps_sums_below(const uint64_t *inputs, size_t count, uint64_t *sums, int (*stop)(void))
{
    input_at_t *sorted = malloc((count ? count : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    uint64_t max = 0;
    for (size_t i = 0; i < count; i++) {
        sorted[i] = (input_at_t){inputs[i], i};
        max = inputs[i] > max ? inputs[i] : max;
    }
    qsort(sorted, count, sizeof *sorted, by_input);
    /* One walk up to the largest input: the running sum at each input is the sum below it. */
    primesieve_iterator it;
    primesieve_init(&it);
    primesieve_jump_to(&it, 0, max);
    uint64_t sum = 0, next = primesieve_next_prime(&it);
    int rc = max > FK_PRIMES_MAX_INPUT ? -1 : 0;
    for (size_t j = 0; rc == 0 && j < count; j++) {
        rc = iterate_sum(&it, sorted[j].n, &sum, &next, stop);
        sums[sorted[j].index] = sum;
    }
    primesieve_free_iterator(&it);
    free(sorted);
    return rc;
}
