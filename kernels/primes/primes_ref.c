/* SPDX-License-Identifier: MIT */
/* primes_ref.c: the reference sums that verify the prime job (see primes.h): libprimesieve's,
 * through fk-primesieve.so, kept in a small cache file so that a command whose inputs were
 * seen before neither loads the module nor walks the sieve again.
 *
 * The file holds one line per input, "N SUM CHECK", CHECK being XXH3 of the pair with a
 * seed of this file's own: a torn or edited line fails its check and is computed again, so
 * the cache can cost time but never pass a wrong sum. Lines are appended with one write
 * (O_APPEND), so commands running at once do not interleave them; a duplicate line is
 * harmless. */
#include "kernels/primes/primes.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kernels/common/module.h"
#include "kernels/common/util.h"

#define REF_FILE "primes-reference.txt"
#define REF_SEED 0x666b707269736d73ULL /* "fkprisms": this file's checks only */
#define REF_MAX_BYTES (1 << 20)        /* past this, no more lines are added */

typedef struct ref_cache {
    uint64_t (*pairs)[2]; /* n, sum: the lines that hold */
    size_t n;
    off_t bytes;
} ref_cache_t;

static uint64_t pair_check(uint64_t n, uint64_t sum)
{
    uint64_t pair[2] = {n, sum};
    return XXH3_64bits_withSeed(pair, sizeof pair, REF_SEED);
}

/* Reads the lines that hold; a missing or unreadable file is an empty cache. */
static void cache_read(const char *path, ref_cache_t *c)
{
    memset(c, 0, sizeof *c);
    FILE *f = path ? fopen(path, "re") : NULL;
    if (!f)
        return;
    struct stat st;
    c->bytes = fstat(fileno(f), &st) == 0 ? st.st_size : REF_MAX_BYTES;
    size_t cap = 0;
    uint64_t n, sum, check;
    char line[128];
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%" SCNu64 " %" SCNu64 " %" SCNx64, &n, &sum, &check) != 3 ||
            check != pair_check(n, sum))
            continue;
        if (c->n == cap) {
            size_t more = cap ? 2 * cap : 64;
            void *p = realloc(c->pairs, more * sizeof *c->pairs);
            if (!p)
                break; /* what was read still holds */
            c->pairs = p;
            cap = more;
        }
        c->pairs[c->n][0] = n;
        c->pairs[c->n++][1] = sum;
    }
    fclose(f);
}

/* The sum below n from the cache: 1 when found. */
static int cache_find(const ref_cache_t *c, uint64_t n, uint64_t *sum)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->pairs[i][0] == n)
            return *sum = c->pairs[i][1], 1;
    return 0;
}

/* Appends the sums of the inputs the cache did not hold, in one write; failures only cost
 * the next command the walk again. */
static void cache_add(const char *dir, const char *path, const ref_cache_t *c,
                      const uint64_t *inputs, const uint64_t *sums, size_t count)
{
    if (!path || c->bytes >= REF_MAX_BYTES || fk_mkdir_p(dir) != 0)
        return;
    size_t cap = count * 64 + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return;
    uint64_t cached;
    for (size_t i = 0; i < count; i++)
        if (!cache_find(c, inputs[i], &cached))
            len +=
                (size_t)snprintf(buf + len, cap - len, "%" PRIu64 " %" PRIu64 " %016" PRIx64 "\n",
                                 inputs[i], sums[i], pair_check(inputs[i], sums[i]));
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        (void)fk_write_all(fd, buf, len);
        close(fd);
    }
    free(buf);
}

/* Fills sums[] from the cache; 1 when every input was there. */
static int all_cached(const ref_cache_t *c, const uint64_t *inputs, size_t count, uint64_t *sums)
{
    for (size_t i = 0; i < count; i++)
        if (!cache_find(c, inputs[i], &sums[i]))
            return 0;
    return 1;
}

int fk_primes_reference(const char *cache_dir, const uint64_t *inputs, size_t count, uint64_t *sums,
                        int (*stop)(void), char *err, size_t errlen)
{
    char path[4200];
    int have_path =
        cache_dir && snprintf(path, sizeof path, "%s/" REF_FILE, cache_dir) < (int)sizeof path;
    ref_cache_t c;
    cache_read(have_path ? path : NULL, &c);
    int rc = 0;
    if (!all_cached(&c, inputs, count, sums)) {
        const fk_primesieve_ops_t *ps = fk_primesieve(err, errlen);
        if (!ps)
            rc = -2;
        else if (ps->sums_below(inputs, count, sums, stop) != 0)
            rc = fk_err(err, errlen, "%s",
                        stop && stop() ? "interrupted"
                                       : "libprimesieve failed computing the reference sums");
        else
            cache_add(cache_dir, have_path ? path : NULL, &c, inputs, sums, count);
    }
    free(c.pairs);
    return rc;
}
