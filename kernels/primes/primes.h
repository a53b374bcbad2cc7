/* primes.h: the prime-sum kernel's arithmetic: the lab's trial division (forkomp's own) and
 * libprimesieve's segmented sieve, as the algorithmic baseline and as the reference that
 * verifies every task. */
#ifndef FK_PRIMES_H
#define FK_PRIMES_H

#include <stddef.h>
#include <stdint.h>

#define FK_PRIMES_MAX_INPUT 10000000000ULL /* 10^10: the sum below it still fits in 64 bits */

/* 1 when n is prime, by trial division by 2..ceil(sqrt(n)) exactly as the lab does. */
int fk_is_prime(uint64_t n);
/* floor(sqrt(n)) and ceil(sqrt(n)) in integers (no floating-point error near squares). */
uint64_t fk_isqrt_floor(uint64_t n);
uint64_t fk_isqrt_ceil(uint64_t n);

/* The sum of the primes below n: by trial division, and by libprimesieve's iterator (0 when
 * primesieve fails, which verification then catches). */
uint64_t fk_sum_primes_trial(uint64_t n);
uint64_t fk_sum_primes_sieve(uint64_t n);
/* The sums below each of inputs[0..count) into sums[], by one walk of libprimesieve's
 * iterator up to the largest input: used as the reference in verification (a few hundred
 * KiB of memory at any input). stop (may be NULL) is polled so a long walk can be
 * interrupted. Returns 0, or -1 when an input is too large, primesieve fails or stop() said so. */
int fk_sum_primes_reference(const uint64_t *inputs, size_t count, uint64_t *sums,
                            int (*stop)(void));

#endif
