/* primes.h: the prime-sum kernel's arithmetic: the lab's trial division, a segmented sieve
 * of Eratosthenes as the algorithmic baseline, and a plain sieve used only to verify. */
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

/* The sum of the primes below n: by trial division, and by a segmented sieve. */
uint64_t fk_sum_primes_trial(uint64_t n);
uint64_t fk_sum_primes_sieve(uint64_t n);
/* The sums below each of inputs[0..count) into sums[], by one plain sieve of odd numbers up
 * to the largest input: independent code, used only as the reference in verification
 * (n / 16 bytes: 625 MB at 10^10). stop (may be NULL) is polled so a long sieve can be
 * interrupted. Returns 0, or -1 when an input is too large, memory is short or stop() said so. */
#define FK_PRIMES_REFERENCE_MAX FK_PRIMES_MAX_INPUT
int fk_sum_primes_reference(const uint64_t *inputs, size_t count, uint64_t *sums,
                            int (*stop)(void));

#endif
