/* SPDX-License-Identifier: MIT */
/* dbf_test.h: what the shapefile kernel's unit tests (test_dbf.c, test_shp_bytes.c) share:
 * a scratch folder per test, and hand-made dBASE III files built field by field. Include
 * after cmocka.h. */
#ifndef FK_DBF_TEST_H
#define FK_DBF_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/sys.h"

typedef struct tfield {
    const char *name;
    char type;
    unsigned width, decimals;
} tfield_t;

typedef struct fixture {
    char dir[4096];
    char path[4200];
} fixture_t;

static inline int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    if (!f || fk_make_scratch_dir("test-dbf", f->dir, sizeof f->dir) != 0)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.dbf", f->dir);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    fixture_t *f = *state;
    fk_remove_tree(f->dir);
    free(f);
    return 0;
}

/* One record: the flag then each value, numbers right-aligned, the rest left-aligned. */
static inline size_t put_record(uint8_t *o, const tfield_t *fs, size_t nf, char flag,
                                const char *const *vals)
{
    size_t n = 0;
    o[n++] = (uint8_t)flag;
    for (size_t i = 0; i < nf; i++) {
        size_t len = strlen(vals[i]), w = fs[i].width;
        assert_true(len <= w);
        memset(o + n, ' ', w);
        memcpy(o + n + ((fs[i].type == 'N' || fs[i].type == 'F') ? w - len : 0), vals[i], len);
        n += w;
    }
    return n;
}

/* A dBASE III file: version 3, 32-byte descriptors, records, optional 0x1A. */
static inline size_t build_dbf(uint8_t *buf, const tfield_t *fs, size_t nf, const char *const *vals,
                               size_t nrec, int eof, uint8_t ldid)
{
    size_t hlen = 32 + 32 * nf + 1, reclen = 1;
    for (size_t i = 0; i < nf; i++)
        reclen += fs[i].width;
    memset(buf, 0, hlen);
    buf[0] = 3, buf[1] = 95, buf[2] = 7, buf[3] = 26;
    buf[4] = (uint8_t)nrec, buf[5] = (uint8_t)(nrec >> 8);
    buf[8] = (uint8_t)hlen, buf[9] = (uint8_t)(hlen >> 8);
    buf[10] = (uint8_t)reclen, buf[11] = (uint8_t)(reclen >> 8);
    buf[29] = ldid;
    for (size_t i = 0; i < nf; i++) {
        uint8_t *d = buf + 32 + 32 * i;
        memcpy(d, fs[i].name, strlen(fs[i].name));
        d[11] = (uint8_t)fs[i].type;
        d[16] = (uint8_t)fs[i].width;
        d[17] = (uint8_t)fs[i].decimals;
    }
    buf[hlen - 1] = 0x0D;
    size_t n = hlen;
    for (size_t r = 0; r < nrec; r++)
        n += put_record(buf + n, fs, nf, r == 1 ? '*' : ' ', vals + r * nf);
    if (eof)
        buf[n++] = 0x1A;
    return n;
}

static inline void write_file(const char *path, const uint8_t *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static inline size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

#endif
