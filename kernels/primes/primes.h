/* SPDX-License-Identifier: MIT */
/* primes.h: the prime-sum kernel's arithmetic: the lab's trial division (forkomp's own) and
 * the reference sums from libprimesieve's segmented sieve, which verify every task. */
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

/* The sum of the primes below n by trial division. */
uint64_t fk_sum_primes_trial(uint64_t n);

/* The reference sums below each of inputs[0..count) into sums[], from libprimesieve
 * (fk-primesieve.so), which shares no code with trial division. Each sum is kept in
 * cache_dir/primes-reference.txt (cache_dir may be NULL: no cache), one line per input
 * with a checksum of its own, so the next command asks the module only for inputs not seen
 * before: loading libprimesieve costs more than a small class's whole run. A line whose
 * checksum does not hold is ignored. stop (may be NULL) is polled during a long walk.
 * Returns 0; -2 when the module cannot be loaded; -1 when an input is too large, primesieve
 * failed or stop() said so (err then says "interrupted"); a message in err. */
int fk_primes_reference(const char *cache_dir, const uint64_t *inputs, size_t count,
                        uint64_t *sums, int (*stop)(void), char *err, size_t errlen);

#endif
