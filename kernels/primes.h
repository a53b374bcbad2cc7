/* primes.h: the prime-sum kernel's arithmetic: the lab's trial division, a segmented sieve
 * of Eratosthenes as the algorithmic baseline, and a plain sieve used only to verify. */
#ifndef FK_PRIMES_H
#define FK_PRIMES_H

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
/* The same sum by a plain one-array sieve of odd numbers: independent code used as the
 * reference in verification, for every valid input (n / 16 bytes: 625 MB at 10^10).
 * Returns 0 with *ok = 0 when n is too large or memory is short. */
#define FK_PRIMES_REFERENCE_MAX FK_PRIMES_MAX_INPUT
uint64_t fk_sum_primes_reference(uint64_t n, int *ok);

#endif
