/* primes.c: trial division as in the lab, a segmented sieve, and a plain reference sieve. */
#include "kernels/primes/primes.h"

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

typedef struct input_at {
    uint64_t n;
    size_t index;
} input_at_t;

static int by_input(const void *a, const void *b)
{
    uint64_t x = ((const input_at_t *)a)->n, y = ((const input_at_t *)b)->n;
    return (x > y) - (x < y);
}

/* Bit k of the sieve stands for the odd number 2k+1; set means composite. */
#define IS_COMPOSITE(bits, k) ((bits)[(k) >> 3] & (1u << ((k)&7)))

/* Marks the odd composites below limit; returns NULL when memory is short or stop() says so. */
static uint8_t *odd_sieve(uint64_t limit, int (*stop)(void))
{
    uint8_t *bits = calloc(limit / 16 + 1, 1);
    if (!bits)
        return NULL;
    for (uint64_t k = 1; (2 * k + 1) * (2 * k + 1) < limit; k++) {
        if (IS_COMPOSITE(bits, k))
            continue;
        uint64_t p = 2 * k + 1, steps = 0;
        for (uint64_t m = p * p; m < limit; m += 2 * p) {
            bits[(m / 2) >> 3] |= (uint8_t)(1u << ((m / 2) & 7));
            /* the small primes' passes are long: look at stop() every 2^22 marks */
            if ((++steps & ((1u << 22) - 1)) == 0 && stop && stop()) {
                free(bits);
                return NULL;
            }
        }
    }
    return bits;
}

int fk_sum_primes_reference(const uint64_t *inputs, size_t count, uint64_t *sums, int (*stop)(void))
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
    uint8_t *bits = max > FK_PRIMES_REFERENCE_MAX ? NULL : odd_sieve(max, stop);
    if (!bits) {
        free(sorted);
        return -1;
    }
    /* One walk up to the largest input: the running sum at n is the sum below n. */
    uint64_t sum = 0;
    size_t j = 0;
    for (uint64_t x = 0; j < count; x++) {
        while (j < count && sorted[j].n == x)
            sums[sorted[j++].index] = sum;
        if (x == 2 || (x > 2 && (x & 1) && !IS_COMPOSITE(bits, x / 2)))
            sum += x;
    }
    free(bits);
    free(sorted);
    return 0;
}
