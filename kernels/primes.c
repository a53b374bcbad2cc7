/* primes.c: trial division as in the lab, a segmented sieve, and a plain reference sieve. */
#include "primes.h"

#include <stdlib.h>
#include <string.h>

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

/* Base primes up to limit (inclusive) by a small sieve; returns their count. */
static size_t base_primes(uint64_t limit, uint32_t **out)
{
    unsigned char *comp = calloc(limit + 1, 1);
    uint32_t *primes = malloc((limit / 2 + 2) * sizeof *primes);
    size_t count = 0;
    if (!comp || !primes) {
        free(comp);
        free(primes);
        *out = NULL;
        return 0;
    }
    for (uint64_t i = 2; i <= limit; i++) {
        if (comp[i])
            continue;
        primes[count++] = (uint32_t)i;
        for (uint64_t j = i * i; j <= limit; j += i)
            comp[j] = 1;
    }
    free(comp);
    *out = primes;
    return count;
}

#define SEGMENT 65536 /* numbers per segment: fits in L2 */

uint64_t fk_sum_primes_sieve(uint64_t n)
{
    if (n <= 2)
        return 0;
    uint32_t *primes;
    size_t np = base_primes(fk_isqrt_floor(n - 1), &primes);
    unsigned char seg[SEGMENT];
    uint64_t sum = 0;
    for (uint64_t lo = 2; lo < n; lo += SEGMENT) {
        uint64_t hi = lo + SEGMENT < n ? lo + SEGMENT : n; /* [lo, hi) */
        memset(seg, 0, sizeof seg);
        for (size_t k = 0; k < np; k++) {
            uint64_t p = primes[k];
            if (p * p >= hi)
                break;
            uint64_t start = p * p > lo ? p * p : (lo + p - 1) / p * p;
            for (uint64_t j = start; j < hi; j += p)
                seg[j - lo] = 1;
        }
        for (uint64_t x = lo; x < hi; x++)
            if (!seg[x - lo])
                sum += x;
    }
    free(primes);
    return sum;
}

uint64_t fk_sum_primes_reference(uint64_t n, int *ok)
{
    *ok = 0;
    if (n > FK_PRIMES_REFERENCE_MAX)
        return 0;
    *ok = 1;
    if (n <= 2)
        return 0;
    /* bit k stands for the odd number 2k+1 */
    uint64_t nbits = n / 2 + 1;
    uint8_t *composite = calloc(nbits / 8 + 1, 1);
    if (!composite) {
        *ok = 0;
        return 0;
    }
    for (uint64_t k = 1; (2 * k + 1) * (2 * k + 1) < n; k++) {
        if (composite[k >> 3] & (1u << (k & 7)))
            continue;
        uint64_t p = 2 * k + 1;
        for (uint64_t m = p * p; m < n; m += 2 * p)
            composite[(m / 2) >> 3] |= (uint8_t)(1u << ((m / 2) & 7));
    }
    uint64_t sum = 2;
    for (uint64_t k = 1; 2 * k + 1 < n; k++)
        if (!(composite[k >> 3] & (1u << (k & 7))))
            sum += 2 * k + 1;
    free(composite);
    return sum;
}
