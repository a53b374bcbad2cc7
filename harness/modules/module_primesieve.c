/* SPDX-License-Identifier: MIT */
/* module_primesieve.c: the table of the primesieve module, fk-primesieve.so
 * (kernels/common/module.h): the prime sums by libprimesieve, which bin/forkomp does not link. */
#include <primesieve.h>

#include "kernels/common/module.h"
#include "kernels/primes/primes_sieve.h"

const fk_primesieve_ops_t fk_module_primesieve = {
    .head = {FK_MODULE_ABI, "primesieve"},
    .version = primesieve_version,
    .sum_below = fk_ps_sum_below,
    .sums_below = fk_ps_sums_below,
};
