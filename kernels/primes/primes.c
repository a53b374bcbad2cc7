/* SPDX-License-Identifier: MIT */
/* primes.c: trial division as in the lab, forkomp's own code. The sums by libprimesieve
 * (the sieve variant and the reference) are in primes_sieve.c, in the module fk-primesieve.so. */
#include "kernels/primes/primes.h"

uint64_t fk_isqrt_floor(uint64_t n)
{
    /* Newton's method on integers: exact for every 64-bit n. */
    if (n < 2)
        return n;
    uint64_t x = n, y = n / 2 + (n & 1); /* (n + 1) / 2 without overflow */
    while (y < x) {
        x = y;
        y = (x + n / x) / 2;
    }
    return x;
}

uint64_t fk_isqrt_ceil(uint64_t n)
{
    uint64_t r = fk_isqrt_floor(n);
    return r * r == n ? r : r + 1;
}

/* The same loop in 32-bit arithmetic: 32-bit division is several times faster than 64-bit
 * on x86-64, and every n below 2^32 fits. */
static int is_prime32(uint32_t n)
{
    uint32_t max = (uint32_t)fk_isqrt_ceil(n);
    for (uint32_t i = 2; i <= max; i++)
        if (n % i == 0)
            return 0;
    return 1;
}

int fk_is_prime(uint64_t n)
{
    if (n < 2)
        return 0;
    if (n == 2)
        return 1;
    if (n <= UINT32_MAX)
        return is_prime32((uint32_t)n);
    uint64_t max = fk_isqrt_ceil(n);
    for (uint64_t i = 2; i <= max; i++)
        if (n % i == 0)
            return 0;
    return 1;
}

uint64_t fk_sum_primes_trial(uint64_t n)
{
    uint64_t sum = 0;
    for (uint64_t x = 2; x < n; x++)
        if (fk_is_prime(x))
            sum += x;
    return sum;
}
