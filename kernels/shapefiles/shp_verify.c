/* SPDX-License-Identifier: MIT */
/* shp_verify.c: the snapshot-and-compare verification of shp_verify.h. The .dbf is read with
 * shapelib (its own header parser and record reader, not the rewrite's) and one feature
 * with GDAL (through the GDAL module: shp_readback.c), so a bug in the writer cannot hide behind
 * the same bug in the checker. Values are compared as a reader sees them (numbers parsed, text
 * without its padding), so that the ogr variant's re-formatting of an unchanged value passes while
 * a lost decimal or a blank number turned into asterisks does not. */
#include "kernels/shapefiles/shp_verify.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <shapefil.h>

#include "kernels/common/module.h"
#include "kernels/common/util.h"
#include "kernels/shapefiles/shp_hash.h"
#include "kernels/shapefiles/dbf_rewrite.h"

typedef struct expect {
    const char *type; /* NULL: do not check TYPE/NAME values (an input scan) */
    const char *name;
    size_t name_len;
} expect_t;

typedef struct dbfscan {
    uint32_t nrec;
    int nfields, nkept, ntype, nname;
    int type_w, name_w;
    uint64_t kept_sig, kept_bytes, kept_values;
    uint32_t bad_record;    /* first record whose TYPE or NAME is wrong, + 1 */
    uint64_t *field_values; /* with the values: each kept field's (malloc'ed, nkept) */
    char (*field_names)[XBASE_FLDNAME_LEN_READ + 1]; /* the kept fields' names (nkept) */
} dbfscan_t;

static void dbfscan_free(dbfscan_t *sc)
{
    free(sc->field_values);
    free(sc->field_names);
    sc->field_values = NULL;
    sc->field_names = NULL;
}

/* Folds one field value into hs as a reader would see it. */
static void hash_value(XXH3_state_t *hs, char type, const char *p, unsigned w)
{
    const char *b = p, *e = p + w;
    while (e > b && (e[-1] == ' ' || e[-1] == '\0'))
        e--;
    if (type != 'C')
        while (b < e && *b == ' ')
            b++;
    size_t n = (size_t)(e - b);
    char buf[80];
    if ((type == 'N' || type == 'F') && n > 0 && n < sizeof buf) {
        memcpy(buf, b, n);
        buf[n] = '\0';
        char *end;
        double v = strtod(buf, &end) + 0.0; /* + 0.0 folds -0 into 0 */
        if (*end == '\0') {
            uint8_t tag = 'd';
            XXH3_64bits_update(hs, &tag, 1);
            XXH3_64bits_update(hs, &v, sizeof v);
            return;
        }
    }
    uint8_t tag = 's';
    uint32_t len = (uint32_t)n;
    XXH3_64bits_update(hs, &tag, 1);
    XXH3_64bits_update(hs, &len, sizeof len);
    XXH3_64bits_update(hs, b, n);
}

/* 1 when the w bytes at p are value followed by spaces. */
static int padded_equal(const char *p, unsigned w, const char *value, size_t len)
{
    if (len > w || memcmp(p, value, len) != 0)
        return 0;
    for (size_t i = len; i < w; i++)
        if (p[i] != ' ')
            return 0;
    return 1;
}

typedef struct fieldinfo {
    unsigned off, width;
    char native;
    int role; /* 0 kept, 1 TYPE, 2 NAME */
} fieldinfo_t;

/* Field layout as shapelib reads it (names, types, its own offsets), and the signature of
 * the kept fields. */
static fieldinfo_t *read_fields(DBFHandle h, dbfscan_t *sc)
{
    fieldinfo_t *fi = calloc((size_t)sc->nfields + 1, sizeof *fi);
    XXH3_state_t sig;
    XXH3_64bits_reset(&sig);
    sc->field_names = calloc((size_t)sc->nfields + 1, sizeof *sc->field_names);
    for (int f = 0; fi && sc->field_names && f < sc->nfields; f++) {
        char name[XBASE_FLDNAME_LEN_READ + 1] = {0};
        int w = 0, d = 0;
        DBFGetFieldInfo(h, f, name, &w, &d);
        fi[f] = (fieldinfo_t){(unsigned)h->panFieldOffset[f], (unsigned)w,
                              DBFGetNativeFieldType(h, f), 0};
        if (strcasecmp(name, "TYPE") == 0) {
            fi[f].role = 1;
            sc->ntype++;
            sc->type_w = w;
        } else if (strcasecmp(name, "NAME") == 0) {
            fi[f].role = 2;
            sc->nname++;
            sc->name_w = w;
        } else {
            memcpy(sc->field_names[sc->nkept++], name, sizeof name);
            int32_t wd[2] = {w, d};
            XXH3_64bits_update(&sig, name, strlen(name) + 1);
            XXH3_64bits_update(&sig, &fi[f].native, 1);
            XXH3_64bits_update(&sig, wd, sizeof wd);
        }
    }
    sc->kept_sig = XXH3_64bits_digest(&sig);
    if (!sc->field_names) {
        free(fi);
        return NULL;
    }
    return fi;
}

typedef struct layout {
    fieldinfo_t *fi;
    unsigned header_len, record_len;
} layout_t;

/* Checks one record's TYPE/NAME, gathers its kept bytes at *k and folds in its values: the
 * deletion flag into hv[0], kept field j's value into hv[1 + j]. */
static void scan_record(const char *rec, const layout_t *L, const expect_t *ex, dbfscan_t *sc,
                        uint32_t r, uint8_t **k, XXH3_state_t *hv)
{
    *(*k)++ = (uint8_t)rec[0];
    if (hv)
        XXH3_64bits_update(hv, rec, 1);
    for (int f = 0, j = 1; f < sc->nfields; f++) {
        const fieldinfo_t *fi = &L->fi[f];
        const char *p = rec + fi->off;
        if (fi->role == 0) {
            memcpy(*k, p, fi->width);
            *k += fi->width;
            if (hv)
                hash_value(&hv[j++], fi->native, p, fi->width);
        } else if (ex->type && rec[0] != '*' && !sc->bad_record &&
                   !(fi->role == 1 ? padded_equal(p, fi->width, ex->type, strlen(ex->type))
                                   : padded_equal(p, fi->width, ex->name, ex->name_len))) {
            sc->bad_record = r + 1;
        }
    }
}

/* The values' digests: each kept field's, and kept_values over the flags' and all of them. */
static int field_digests(XXH3_state_t *hv, dbfscan_t *sc)
{
    if (!(sc->field_values = malloc(((size_t)sc->nkept + 1) * sizeof *sc->field_values)))
        return -1;
    XXH3_state_t all;
    XXH3_64bits_reset(&all);
    for (int j = 0; j <= sc->nkept; j++) {
        uint64_t d = XXH3_64bits_digest(&hv[j]);
        XXH3_64bits_update(&all, &d, sizeof d);
        if (j > 0)
            sc->field_values[j - 1] = d;
    }
    sc->kept_values = XXH3_64bits_digest(&all);
    return 0;
}

/* Reads the records in blocks with plain read(2) (shapelib would seek for every record),
 * hashing the kept bytes block by block and, when asked, the values field by field. */
static int scan_records(int fd, const layout_t *L, const expect_t *ex, int values, dbfscan_t *sc)
{
    size_t per = (96u << 10) / L->record_len + 1;
    uint8_t *buf = malloc(per * L->record_len), *kept = malloc(per * L->record_len);
    XXH3_state_t hb, *hv = values ? malloc(((size_t)sc->nkept + 1) * sizeof *hv) : NULL;
    XXH3_64bits_reset(&hb);
    for (int j = 0; hv && j <= sc->nkept; j++)
        XXH3_64bits_reset(&hv[j]);
    int rc = buf && kept && (hv || !values) && lseek(fd, L->header_len, SEEK_SET) >= 0 ? 0 : -1;
    for (uint32_t done = 0; rc == 0 && done < sc->nrec;) {
        size_t n = sc->nrec - done < per ? sc->nrec - done : per;
        size_t want = n * L->record_len;
        if (fk_read_full(fd, buf, want) != (ssize_t)want) {
            rc = -1;
            break;
        }
        uint8_t *k = kept;
        for (size_t i = 0; i < n; i++)
            scan_record((const char *)buf + i * L->record_len, L, ex, sc, done + (uint32_t)i, &k,
                        hv);
        XXH3_64bits_update(&hb, kept, (size_t)(k - kept));
        done += (uint32_t)n;
    }
    sc->kept_bytes = XXH3_64bits_digest(&hb);
    if (rc == 0 && hv)
        rc = field_digests(hv, sc);
    free(hv);
    free(buf);
    free(kept);
    return rc;
}

/* Reads a .dbf: the layout with shapelib, the records in blocks. values: also hash the
 * values (slow: numbers are parsed). Returns 0, or -1 when it cannot be read. */
static int scan_dbf(const char *path, const expect_t *ex, int values, dbfscan_t *sc)
{
    memset(sc, 0, sizeof *sc);
    DBFHandle h = DBFOpen(path, "rb");
    if (!h)
        return -1;
    sc->nrec = (uint32_t)DBFGetRecordCount(h);
    sc->nfields = DBFGetFieldCount(h);
    layout_t L = {read_fields(h, sc), (unsigned)h->nHeaderLength, (unsigned)h->nRecordLength};
    DBFClose(h);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = L.fi && fd >= 0 && L.record_len > 0 ? scan_records(fd, &L, ex, values, sc) : -1;
    if (fd >= 0)
        close(fd);
    free(L.fi);
    if (rc != 0)
        dbfscan_free(sc);
    return rc;
}

static int hash_member(const char *dir, const char *name, uint64_t *out)
{
    char path[4096];
    return name && fk_shp_path(path, sizeof path, dir, name) && fk_hash_file(path, 0, out) == 0;
}

void fk_shpsnap_take(const char *dir, const fk_shpset_t *s, fk_shpsnap_t *snap)
{
    memset(snap, 0, sizeof *snap);
    snap->have_shp = hash_member(dir, s->shp, &snap->shp_hash);
    snap->have_shx = hash_member(dir, s->shx, &snap->shx_hash);
    snap->have_dbf = hash_member(dir, s->dbf, &snap->dbf_hash);
    fk_shpcheck_t c;
    char why[200];
    if (fk_shpset_check(dir, s, 0, &c, why, sizeof why) != 0)
        return;
    snap->checked = 1;
    snprintf(snap->type_name, sizeof snap->type_name, "%s", c.type_name);
    memcpy(snap->name_bytes, c.name.bytes, c.name.len);
    snap->name_len = c.name.len;
    snprintf(snap->name_utf8, sizeof snap->name_utf8, "%s", c.name_utf8);
    fk_shpcheck_free(&c);
    char path[4096];
    dbfscan_t sc;
    expect_t none = {NULL, NULL, 0};
    if (!fk_shp_path(path, sizeof path, dir, s->dbf) || scan_dbf(path, &none, 1, &sc) != 0)
        return;
    snap->readable = 1;
    snap->field_values = sc.field_values; /* the snapshot's now */
    sc.field_values = NULL;
    dbfscan_free(&sc);
    snap->nrec = sc.nrec;
    snap->nkept = sc.nkept;
    snap->kept_sig = sc.kept_sig;
    snap->kept_bytes = sc.kept_bytes;
    snap->kept_values = sc.kept_values;
}

/* The files of a set that must not have changed. */
static int unchanged(const char *dir, const fk_shpset_t *s, const fk_shpsnap_t *snap, int with_dbf,
                     char *why, size_t whylen)
{
    uint64_t h;
    if (snap->have_shp && (!hash_member(dir, s->shp, &h) || h != snap->shp_hash))
        return fk_err(why, whylen, "%s changed", s->shp), 0;
    if (snap->have_shx && (!hash_member(dir, s->shx, &h) || h != snap->shx_hash))
        return fk_err(why, whylen, "%s changed", s->shx), 0;
    if (with_dbf && snap->have_dbf && (!hash_member(dir, s->dbf, &h) || h != snap->dbf_hash))
        return fk_err(why, whylen, "%s changed although its task failed", s->dbf), 0;
    return 1;
}

/* Names the first kept field whose values differ from the snapshot's. */
static void changed_field(const fk_shpset_t *s, const fk_shpsnap_t *snap, const dbfscan_t *sc,
                          char *why, size_t whylen)
{
    for (int j = 0; snap->field_values && sc->field_values && j < sc->nkept; j++)
        if (sc->field_values[j] != snap->field_values[j]) {
            fk_err(why, whylen, "%s: the values of field '%s' changed", s->dbf, sc->field_names[j]);
            return;
        }
    fk_err(why, whylen, "%s: some other field's value or a deletion flag changed", s->dbf);
}

static int check_scan(const fk_shpset_t *s, const fk_shpsnap_t *snap, const dbfscan_t *sc,
                      int exact, char *why, size_t whylen)
{
    unsigned name_w = snap->name_len > 0 ? (unsigned)snap->name_len : 1;
    if (sc->nrec != snap->nrec)
        return fk_err(why, whylen, "%s: %u records, input had %u", s->dbf, sc->nrec, snap->nrec), 0;
    if (sc->ntype != 1 || sc->nname != 1)
        return fk_err(why, whylen, "%s: %d TYPE and %d NAME fields", s->dbf, sc->ntype, sc->nname),
               0;
    if (sc->type_w != 10 || (unsigned)sc->name_w != name_w)
        return fk_err(why, whylen, "%s: TYPE/NAME widths %d/%d, want 10/%u", s->dbf, sc->type_w,
                      sc->name_w, name_w),
               0;
    if (sc->nkept != snap->nkept || sc->kept_sig != snap->kept_sig)
        return fk_err(why, whylen, "%s: the other fields' definitions changed", s->dbf), 0;
    if (sc->bad_record)
        return fk_err(why, whylen, "%s: record %u has a wrong TYPE or NAME", s->dbf,
                      sc->bad_record - 1),
               0;
    if (exact && sc->kept_bytes != snap->kept_bytes)
        return fk_err(why, whylen, "%s: other fields' bytes changed", s->dbf), 0;
    if (sc->kept_values != snap->kept_values)
        return changed_field(s, snap, sc, why, whylen), 0;
    return 1;
}

/* Checks the .dbf at dbf_path (s->dbf or a temporary file standing for it) against the
 * snapshot, and reads it back with GDAL through gdal_path (the .shp, or the .dbf itself). */
static int verify_dbf(const char *dbf_path, const char *gdal_path, const fk_shpset_t *s,
                      const fk_shpsnap_t *snap, int exact, uint64_t task_value, char *why,
                      size_t whylen)
{
    dbfscan_t sc;
    expect_t ex = {snap->type_name, snap->name_bytes, snap->name_len};
    if (!snap->readable)
        return fk_err(why, whylen, "%s: succeeded on a .dbf shapelib cannot read", s->shp), 0;
    if (scan_dbf(dbf_path, &ex, 0, &sc) != 0)
        return fk_err(why, whylen, "%s: the output cannot be read", s->dbf), 0;
    /* Equal bytes mean equal values; parse the numbers only when the bytes differ. */
    if (sc.kept_bytes == snap->kept_bytes)
        sc.kept_values = snap->kept_values;
    else if (!exact && (dbfscan_free(&sc), scan_dbf(dbf_path, &ex, 1, &sc) != 0))
        return fk_err(why, whylen, "%s: the output cannot be read", s->dbf), 0;
    int ok = check_scan(s, snap, &sc, exact, why, whylen);
    dbfscan_free(&sc);
    if (!ok)
        return 0;
    uint64_t sum;
    if (fk_hash_file(dbf_path, 1, &sum) != 0 || sum != task_value)
        return fk_err(why, whylen, "%s: checksum differs from the task's", s->dbf), 0;
    char gwhy[600] = "";
    const fk_gdal_ops_t *gdal = fk_gdal(gwhy, sizeof gwhy); /* loaded by prepare already */
    if (!gdal || !gdal->read_back(gdal_path, snap, gwhy, sizeof gwhy))
        return fk_err(why, whylen, "%s: %s", s->shp, gwhy), 0;
    return 1;
}

static int verify_output(const char *dir, const fk_shpset_t *s, const fk_shpsnap_t *snap, int exact,
                         uint64_t task_value, char *why, size_t whylen)
{
    char dbf[4096], shp[4096];
    if (!fk_shp_path(dbf, sizeof dbf, dir, s->dbf) || !fk_shp_path(shp, sizeof shp, dir, s->shp))
        return fk_err(why, whylen, "%s: path too long", s->shp), 0;
    return verify_dbf(dbf, shp, s, snap, exact, task_value, why, whylen);
}

int fk_shpsnap_verify_new(const char *tmp_dbf, const fk_shpset_t *s, const fk_shpsnap_t *snap,
                          uint64_t task_value, char *why, size_t whylen)
{
    return verify_dbf(tmp_dbf, tmp_dbf, s, snap, 1, task_value, why, whylen);
}

int fk_shpsnap_verify(const char *dir, const fk_shpset_t *s, const fk_shpsnap_t *snap, int task_ok,
                      int exact, uint64_t task_value, char *why, size_t whylen)
{
    if (!unchanged(dir, s, snap, !task_ok, why, whylen))
        return 0;
    if (!task_ok)
        return 1;
    return verify_output(dir, s, snap, exact, task_value, why, whylen);
}

void fk_shpsnap_free(fk_shpsnap_t *snap)
{
    free(snap->field_values);
    snap->field_values = NULL;
}
