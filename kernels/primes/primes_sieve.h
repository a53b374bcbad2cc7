/* SPDX-License-Identifier: MIT */
/* primes_sieve.h: the functions of fk-primesieve.so (primes_sieve.c), reached through its
 * table (fk_primesieve_ops_t in kernels/common/module.h); see there for what each does. */
#ifndef FK_PRIMES_SIEVE_H
#define FK_PRIMES_SIEVE_H

#include <stddef.h>
#include <stdint.h>

uint64_t fk_ps_sum_below(uint64_t n);
int fk_ps_sums_below(const uint64_t *inputs, size_t count, uint64_t *sums, int (*stop)(void));

#endif
