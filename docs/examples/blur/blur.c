/* SPDX-License-Identifier: MIT */
/* blur.c: an example task for `forkomp plugin` (forkomp_task.h): a 3x3 box blur of generated
 * 8-bit rasters. Each input is a raster's size, WIDTHxHEIGHT (e.g. 2048x2048); prepare
 * generates raster i from a seed i (outside the clock); task i blurs it (two passes: sums of
 * 3 along rows, then of 3 of those along columns; edges repeat their pixel) into a buffer of
 * its own and answers a checksum (FNV-1a) of the blurred raster. verify blurs every raster
 * again with the plain 9-neighbour loop, serially, and compares the checksums: a model that
 * computed anything else fails.
 *
 *   make -C docs/examples/blur        (against the installed header, or FORKOMP_INCLUDE=DIR)
 *   forkomp plugin docs/examples/blur/libblur.so --inputs 2048x2048,2048x2048,... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forkomp_task.h"

typedef struct raster {
    size_t w, h;
    uint8_t *px;
} raster_t;

typedef struct state {
    raster_t *r;
    size_t n;
} state_t;

static void release(void *st)
{
    state_t *s = st;
    for (size_t i = 0; s && i < s->n; i++)
        free(s->r[i].px);
    if (s)
        free(s->r);
    free(s);
}

/* Raster i: a xorshift64 stream seeded by i, so every process generates the same. */
static int generate(raster_t *r, const char *input, size_t seed, char *err, size_t errlen)
{
    unsigned long w, h;
    char tail;
    if (sscanf(input, "%lux%lu%c", &w, &h, &tail) != 2 || w < 1 || h < 1 || w > 65536 ||
        h > 65536) {
        snprintf(err, errlen, "input '%s': give WIDTHxHEIGHT, each 1..65536", input);
        return -1;
    }
    r->w = w, r->h = h;
    if (!(r->px = malloc(r->w * r->h))) {
        snprintf(err, errlen, "input '%s': out of memory", input);
        return -1;
    }
    uint64_t x = 0x9E3779B97F4A7C15ULL * (seed + 1);
    for (size_t k = 0; k < r->w * r->h; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        r->px[k] = (uint8_t)(x >> 56);
    }
    return 0;
}

static int prepare(const char *const *inputs, size_t n, void **st, size_t *ntasks, char *err,
                   size_t errlen)
{
    state_t *s = calloc(1, sizeof *s);
    if (!s || !(s->r = calloc(n, sizeof *s->r))) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (s->n = 0; s->n < n; s->n++)
        if (generate(&s->r[s->n], inputs[s->n], s->n, err, errlen) != 0) {
            release(s);
            return -1;
        }
    *st = s;
    *ntasks = n;
    return 0;
}

static size_t clampi(long v, size_t n)
{
    return v < 0 ? 0 : (size_t)v >= n ? n - 1 : (size_t)v;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < n; k++)
        h = (h ^ p[k]) * 1099511628211ULL;
    return h;
}

/* The task: separable sums (rows, then columns), one division at the end. */
static int run(void *st, size_t i, forkomp_task_result_t *out)
{
    const raster_t *r = &((state_t *)st)->r[i];
    uint16_t *rows = malloc(r->w * r->h * sizeof *rows);
    uint8_t *dst = malloc(r->w * r->h);
    if (!rows || !dst) {
        free(rows), free(dst);
        snprintf(out->msg, sizeof out->msg, "out of memory");
        return -1;
    }
    for (size_t y = 0; y < r->h; y++)
        for (size_t x = 0; x < r->w; x++) {
            const uint8_t *line = r->px + y * r->w;
            rows[y * r->w + x] = (uint16_t)(line[clampi((long)x - 1, r->w)] + line[x] +
                                            line[clampi((long)x + 1, r->w)]);
        }
    for (size_t y = 0; y < r->h; y++)
        for (size_t x = 0; x < r->w; x++) {
            unsigned sum = rows[clampi((long)y - 1, r->h) * r->w + x] + rows[y * r->w + x] +
                           rows[clampi((long)y + 1, r->h) * r->w + x];
            dst[y * r->w + x] = (uint8_t)(sum / 9);
        }
    out->value = fnv1a(dst, r->w * r->h);
    out->aux = r->w * r->h;
    free(rows);
    free(dst);
    return 0;
}

/* The check: the plain 9-neighbour loop, another way to the same pixels. */
static uint64_t blur_plain(const raster_t *r)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t y = 0; y < r->h; y++)
        for (size_t x = 0; x < r->w; x++) {
            unsigned sum = 0;
            for (long dy = -1; dy <= 1; dy++)
                for (long dx = -1; dx <= 1; dx++)
                    sum += r->px[clampi((long)y + dy, r->h) * r->w + clampi((long)x + dx, r->w)];
            h = (h ^ (uint8_t)(sum / 9)) * 1099511628211ULL;
        }
    return h;
}

static int verify(void *st, const uint64_t *values, const uint64_t *aux, size_t n, char *why,
                  size_t whylen)
{
    const state_t *s = st;
    for (size_t i = 0; i < n; i++)
        if (aux[i] != s->r[i].w * s->r[i].h || values[i] != blur_plain(&s->r[i])) {
            snprintf(why, whylen, "raster %zu (%zux%zu): not the plain blur's pixels", i,
                     s->r[i].w, s->r[i].h);
            return 0;
        }
    return 1;
}

static const forkomp_task_t task = {
    FORKOMP_TASK_VERSION, "blur3x3", prepare, run, verify, release,
};

const forkomp_task_t *forkomp_task(void)
{
    return &task;
}
