/* SPDX-License-Identifier: MIT */
/* gen_odd.c: the `odd` class: small shapefiles that GDAL did not quite write, patched byte
 * by byte after GDAL wrote them, each standing for something found in real data. A lossless
 * rewrite keeps all of them exactly; the lab's OGR sequence does not (extra decimals are
 * rounded away, blank numbers become asterisks, a Z file without M gains M values), which
 * the suite's verification then shows. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernels/common/util.h"
#include "kernels/shapefiles/dbf_header.h"
#include "datasets/shapefiles/gen.h"

enum { ODD_RECORDS = 100 };

int fk_gen_patch_bytes(const char *path, uint64_t offset, const void *bytes, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = pwrite(fd, bytes, len, (off_t)offset) == (ssize_t)len ? 0 : -1;
    if (close(fd) != 0)
        rc = -1;
    return rc;
}

int fk_gen_patch_field_type(const char *dbf_path, const char *field, char type)
{
    fk_dbf_header_t h;
    char why[200];
    if (fk_dbf_load(dbf_path, &h, why, sizeof why) != 0)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < h.nfields && rc != 0; i++)
        if (strcmp(h.fields[i].name, field) == 0)
            rc = fk_gen_patch_bytes(dbf_path, h.fields[i].desc_off + 11, &type, 1);
    fk_dbf_free(&h);
    return rc;
}

typedef int (*odd_patch_fn)(const char *dir, const char *name);

static int dbf_path(char *buf, size_t cap, const char *dir, const char *name, const char *ext)
{
    return snprintf(buf, cap, "%s/%s.%s", dir, name, ext) < (int)cap ? 0 : -1;
}

/* Loads the header of DIR/NAME.dbf into h (fk_dbf_free it) and its path into path. */
static int load_dbf(const char *dir, const char *name, char *path, size_t cap, fk_dbf_header_t *h)
{
    char why[200];
    if (dbf_path(path, cap, dir, name, "dbf") != 0)
        return -1;
    return fk_dbf_load(path, h, why, sizeof why) != 0 ? -1 : 0;
}

/* Calls fn(path, h, rec_offset, field) for every record of field `field`. */
static int each_value(const char *dir, const char *name, const char *field,
                      int (*fn)(const char *, uint64_t, unsigned, uint32_t))
{
    char path[4096];
    fk_dbf_header_t h;
    if (load_dbf(dir, name, path, sizeof path, &h) != 0)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < h.nfields; i++) {
        if (strcmp(h.fields[i].name, field) != 0)
            continue;
        rc = 0;
        for (uint32_t r = 0; r < h.nrec && rc == 0; r++)
            rc = fn(path, h.header_len + (uint64_t)r * h.record_len + h.fields[i].offset,
                    h.fields[i].width, r);
    }
    fk_dbf_free(&h);
    return rc;
}

/* N(12,3) holding more decimals than declared, and blank numbers. */
static int odd_number(const char *path, uint64_t off, unsigned width, uint32_t r)
{
    char buf[64];
    if (width != 12)
        return -1;
    if (r % 3 == 0)
        snprintf(buf, sizeof buf, "%12s", r % 2 ? "0.1111049" : "-12.3456789");
    else if (r % 3 == 1)
        memset(buf, ' ', width);
    else
        return 0;
    return fk_gen_patch_bytes(path, off, buf, width);
}

static int patch_decimals(const char *dir, const char *name)
{
    return each_value(dir, name, "value", odd_number);
}

/* Some records marked deleted ('*' in the flag byte, one before the first field). */
static int delete_some(const char *path, uint64_t off, unsigned width, uint32_t r)
{
    (void)width;
    return r % 7 == 3 ? fk_gen_patch_bytes(path, off - 1, "*", 1) : 0;
}

static int patch_deleted(const char *dir, const char *name)
{
    return each_value(dir, name, "id", delete_some);
}

/* No 0x1A end-of-file mark, as older writers leave it. */
static int patch_no_eof(const char *dir, const char *name)
{
    char path[4096];
    fk_dbf_header_t h;
    if (load_dbf(dir, name, path, sizeof path, &h) != 0)
        return -1;
    uint64_t end = h.header_len + (uint64_t)h.nrec * h.record_len;
    int rc = h.file_size == end + 1 ? truncate(path, (off_t)end) : -1;
    fk_dbf_free(&h);
    return rc;
}

/* A second NAME field (the L field renamed) beside the clash file's `Name`. */
static int patch_duplicates(const char *dir, const char *name)
{
    char path[4096];
    fk_dbf_header_t h;
    if (load_dbf(dir, name, path, sizeof path, &h) != 0)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < h.nfields; i++)
        if (strcmp(h.fields[i].name, "flag") == 0)
            rc = fk_gen_patch_bytes(path, h.fields[i].desc_off, "NAME\0\0\0\0\0\0\0", 11);
    fk_dbf_free(&h);
    return rc;
}

/* Shape type 0 (Null) in the .shp and .shx headers; every record is a null shape. */
static int patch_null_type(const char *dir, const char *name)
{
    char path[4096];
    const uint8_t zero[4] = {0, 0, 0, 0};
    if (dbf_path(path, sizeof path, dir, name, "shp") != 0 ||
        fk_gen_patch_bytes(path, 32, zero, 4) != 0)
        return -1;
    return dbf_path(path, sizeof path, dir, name, "shx") != 0 ||
                   fk_gen_patch_bytes(path, 32, zero, 4) != 0
               ? -1
               : 0;
}

/* Upper-case extensions, as files copied from old DOS tools have. */
static int patch_upper(const char *dir, const char *name)
{
    static const char *const exts[][2] = {
        {"shp", "SHP"}, {"shx", "SHX"}, {"dbf", "DBF"}, {"prj", "PRJ"}};
    for (size_t i = 0; i < 4; i++) {
        char from[4096], to[4096];
        if (dbf_path(from, sizeof from, dir, name, exts[i][0]) != 0 ||
            dbf_path(to, sizeof to, dir, name, exts[i][1]) != 0 || rename(from, to) != 0)
            return -1;
    }
    return 0;
}

/* LDID 3 (code page 1252) instead of 87: the name's é must be stored as 0xE9. */
static int patch_ldid_1252(const char *dir, const char *name)
{
    char path[4096];
    const uint8_t ldid = 3;
    return dbf_path(path, sizeof path, dir, name, "dbf") != 0
               ? -1
               : fk_gen_patch_bytes(path, 29, &ldid, 1);
}

typedef struct odd_file {
    const char *name;
    int kind, encoding, clash, nogeom;
    uint32_t records;
    odd_patch_fn patch;
} odd_file_t;

static const odd_file_t odd_files[] = {
    {"odd_decimals", FK_GEN_POINT, FK_GEN_ENC_UTF8, 0, 0, ODD_RECORDS, patch_decimals},
    {"odd_deleted", FK_GEN_POLYGON, FK_GEN_ENC_LDID87, 1, 0, ODD_RECORDS, patch_deleted},
    {"odd_no_eof", FK_GEN_POLYLINE, FK_GEN_ENC_UTF8, 0, 0, ODD_RECORDS, patch_no_eof},
    {"odd_z_without_m", FK_GEN_POLYGON25D, FK_GEN_ENC_UTF8, 0, 0, ODD_RECORDS, NULL},
    {"odd_duplicates", FK_GEN_MULTIPOINT, FK_GEN_ENC_UTF8, 1, 0, ODD_RECORDS, patch_duplicates},
    {"odd_null", FK_GEN_POINT, FK_GEN_ENC_UTF8, 0, 1, ODD_RECORDS, patch_null_type},
    {"odd_empty", FK_GEN_POLYGON, FK_GEN_ENC_UTF8, 0, 0, 0, NULL},
    {"odd Zürich straße", FK_GEN_POLYGON, FK_GEN_ENC_LDID87, 0, 0, ODD_RECORDS, NULL},
    {"odd_東京", FK_GEN_POINT, FK_GEN_ENC_LDID87, 0, 0, ODD_RECORDS, NULL},
    {"odd_upper", FK_GEN_POLYLINEM, FK_GEN_ENC_LDID87, 1, 0, ODD_RECORDS, patch_upper},
    {"odd_café_1252", FK_GEN_MULTIPOINTM, FK_GEN_ENC_LDID87, 0, 0, ODD_RECORDS, patch_ldid_1252},
};

int fk_gen_odd(const char *dir, uint64_t seed, char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof odd_files / sizeof odd_files[0]; i++) {
        const odd_file_t *o = &odd_files[i];
        fk_rng_t r;
        fk_rng_seed(&r, seed, 5000 + i);
        fk_gen_spec_t spec = {o->name,  o->kind,   o->records,     o->encoding,
                              o->clash, o->nogeom, fk_rng_next(&r)};
        if (fk_gen_write(dir, &spec, err, errlen) != 0)
            return -1;
        if (o->patch && o->patch(dir, o->name) != 0)
            return fk_err(err, errlen, "cannot patch %s/%s: %s", dir, o->name,
                          errno ? strerror(errno) : "unexpected layout");
    }
    return 0;
}
