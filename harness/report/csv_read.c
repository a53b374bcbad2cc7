/* csv_read.c: the RFC 4180 reader behind `forkomp report` (see csv_read.h). The whole file is
 * read into memory, then split into records by a small state machine; every field is a
 * separate NUL-terminated string so callers can keep pointers into the table. */
#include "harness/report/csv_read.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cli/numparse.h"
#include "kernels/common/util.h"

/* A growable byte buffer for the field being parsed. */
typedef struct {
    char *s;
    size_t len, cap;
} strbuf_t;

static int sb_push(strbuf_t *b, char c)
{
    if (b->len + 1 >= b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        char *s = realloc(b->s, cap);
        if (!s)
            return -1;
        b->s = s;
        b->cap = cap;
    }
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
    return 0;
}

/* The parser's cursor over the file's bytes. */
typedef struct {
    const char *p, *end;
    size_t line;
    const char *path;
} cursor_t;

static int record_add(fk_csv_record_t *r, const char *s, size_t len)
{
    char **f = realloc(r->fields, (r->nfields + 1) * sizeof *f);
    if (!f)
        return -1;
    r->fields = f;
    if (!(f[r->nfields] = strndup(s ? s : "", len)))
        return -1;
    r->nfields++;
    return 0;
}

static void record_free(fk_csv_record_t *r)
{
    for (size_t i = 0; i < r->nfields; i++)
        free(r->fields[i]);
    free(r->fields);
    r->fields = NULL;
    r->nfields = 0;
}

/* Reads a quoted field's body (after the opening quote) into b, up to the closing quote. */
static int read_quoted(cursor_t *c, strbuf_t *b, char *err, size_t errlen)
{
    size_t start_line = c->line;
    while (c->p < c->end) {
        char ch = *c->p++;
        if (ch == '"') {
            if (c->p < c->end && *c->p == '"') {
                c->p++; /* a doubled quote stands for one quote */
            } else {
                return 0;
            }
        } else if (ch == '\n') {
            c->line++;
        }
        if (sb_push(b, ch) < 0)
            return fk_err(err, errlen, "%s: out of memory", c->path);
    }
    return fk_err(err, errlen, "%s:%zu: quoted field is never closed", c->path, start_line);
}

/* Reads one field into b; leaves the cursor on the separator or end of record. */
static int read_field(cursor_t *c, strbuf_t *b, char *err, size_t errlen)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
    if (c->p < c->end && *c->p == '"') {
        c->p++;
        if (read_quoted(c, b, err, errlen) < 0)
            return -1;
        if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
            return fk_err(err, errlen, "%s:%zu: unexpected '%c' after a closing quote", c->path,
                          c->line, *c->p);
        return 0;
    }
    while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
        if (sb_push(b, *c->p++) < 0)
            return fk_err(err, errlen, "%s: out of memory", c->path);
    return 0;
}

/* Reads one record (one or more physical lines). Returns 1 when a record was read, 0 at the
 * end of the file, -1 on error. */
static int read_record(cursor_t *c, fk_csv_record_t *r, strbuf_t *b, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (c->p >= c->end)
        return 0;
    r->line = c->line;
    for (;;) {
        if (read_field(c, b, err, errlen) < 0 || record_add(r, b->s, b->len) < 0) {
            if (!err[0])
                fk_err(err, errlen, "%s: out of memory", c->path);
            record_free(r);
            return -1;
        }
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '\r')
            c->p++;
        if (c->p < c->end && *c->p == '\n')
            c->p++;
        c->line++;
        return 1;
    }
}

static int is_blank(const fk_csv_record_t *r)
{
    return r->nfields == 1 && r->fields[0][0] == '\0';
}

/* A header line in the middle of the file: files joined with cat. Its first field is the
 * first column's name ("timestamp"), which no data row holds there. */
static int is_header(const fk_csv_table_t *t, const fk_csv_record_t *r)
{
    return r->nfields > 1 && t->header.nfields > 0 &&
           strcmp(r->fields[0], t->header.fields[0]) == 0;
}

/* The columns of the block of rows being read: map[j] is the table column of the block's
 * column j. The table's header is the union of every block's columns, so an older file
 * (fewer columns) cat-joined with a newer one reads as both would separately. */
typedef struct {
    size_t *map;
    size_t n;
    int identity; /* map[j] == j for every j: rows are kept as they are */
} block_t;

static int block_start(fk_csv_table_t *t, const fk_csv_record_t *h, block_t *b, char *err,
                       size_t errlen)
{
    size_t *map = realloc(b->map, (h->nfields ? h->nfields : 1) * sizeof *map);
    if (!map)
        return fk_err(err, errlen, "%s: out of memory", t->path);
    b->map = map;
    b->n = h->nfields;
    b->identity = 1;
    for (size_t j = 0; j < h->nfields; j++) {
        int col = fk_csv_table_column(t, h->fields[j]);
        if (col < 0) {
            if (record_add(&t->header, h->fields[j], strlen(h->fields[j])) < 0)
                return fk_err(err, errlen, "%s: out of memory", t->path);
            col = (int)t->header.nfields - 1;
        }
        map[j] = (size_t)col;
        b->identity &= map[j] == j;
    }
    return 0;
}

/* Puts the fields of a row of block b into the table's column order (missing columns are
 * NULL, read as ""); fields beyond the block's header are dropped. */
static int block_remap(const fk_csv_table_t *t, const block_t *b, fk_csv_record_t *r)
{
    size_t n = t->header.nfields;
    if (b->identity && r->nfields <= b->n)
        return 0;
    char **f = calloc(n, sizeof *f);
    if (!f)
        return -1;
    for (size_t j = 0; j < r->nfields; j++) {
        if (j < b->n)
            f[b->map[j]] = r->fields[j];
        else
            free(r->fields[j]);
    }
    free(r->fields);
    r->fields = f;
    r->nfields = n;
    return 0;
}

/* The whole file in a malloc'd buffer. */
static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fk_err(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        fk_err(err, errlen, "%s: %s", path, bad ? "read error" : "out of memory");
        return NULL;
    }
    *len = n;
    return buf;
}

/* A NUL byte would end a field early (a host name silently cut): not text, refused. */
static int has_nul(const char *buf, size_t len, const char *path, char *err, size_t errlen)
{
    const char *nul = memchr(buf, '\0', len);
    if (!nul)
        return 0;
    size_t line = 1;
    for (const char *p = buf; p < nul; p++)
        line += *p == '\n';
    fk_err(err, errlen, "%s: line %zu holds a NUL byte (not a text CSV): refused", path, line);
    return 1;
}

static int add_row(fk_csv_table_t *t, fk_csv_record_t *r, size_t *cap)
{
    if (t->nrows == *cap) {
        size_t ncap = *cap ? 2 * *cap : 256;
        fk_csv_record_t *rows = realloc(t->rows, ncap * sizeof *rows);
        if (!rows)
            return -1;
        t->rows = rows;
        *cap = ncap;
    }
    t->rows[t->nrows++] = *r;
    return 0;
}

/* Appends every data record after the header; blank lines are skipped, and a repeated
 * header starts a new block of columns. */
static int read_rows(cursor_t *c, fk_csv_table_t *t, strbuf_t *b, char *err, size_t errlen)
{
    fk_csv_record_t r;
    block_t block = {0};
    int got = block_start(t, &t->header, &block, err, errlen);
    size_t cap = 0;
    while (got == 0 && (got = read_record(c, &r, b, err, errlen)) == 1) {
        got = 0;
        if (is_blank(&r) || is_header(t, &r)) {
            if (!is_blank(&r))
                got = block_start(t, &r, &block, err, errlen);
            record_free(&r);
        } else if (block_remap(t, &block, &r) < 0 || add_row(t, &r, &cap) < 0) {
            record_free(&r);
            got = fk_err(err, errlen, "%s: out of memory", t->path);
        }
    }
    free(block.map);
    return got;
}

int fk_csv_table_read(const char *path, fk_csv_table_t *t, char *err, size_t errlen)
{
    size_t len = 0;
    memset(t, 0, sizeof *t);
    err[0] = '\0';
    char *buf = slurp(path, &len, err, errlen);
    if (!buf || has_nul(buf, len, path, err, errlen)) {
        free(buf);
        return -1;
    }
    cursor_t c = {buf, buf + len, 1, path};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3; /* a UTF-8 BOM */
    strbuf_t b = {0};
    int rc = -1;
    if (!(t->path = strdup(path))) {
        fk_err(err, errlen, "%s: out of memory", path);
    } else {
        while ((rc = read_record(&c, &t->header, &b, err, errlen)) == 1 && is_blank(&t->header))
            record_free(&t->header);
        if (rc == 0)
            rc = fk_err(err, errlen, "%s: empty file (no header line)", path);
        else if (rc == 1)
            rc = read_rows(&c, t, &b, err, errlen);
    }
    free(b.s);
    free(buf);
    if (rc < 0)
        fk_csv_table_free(t);
    return rc < 0 ? -1 : 0;
}

void fk_csv_table_free(fk_csv_table_t *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        record_free(&t->rows[i]);
    record_free(&t->header);
    free(t->rows);
    free(t->path);
    memset(t, 0, sizeof *t);
}

int fk_csv_table_column(const fk_csv_table_t *t, const char *name)
{
    for (size_t i = 0; i < t->header.nfields; i++)
        if (strcmp(t->header.fields[i], name) == 0)
            return (int)i;
    return -1;
}

int fk_csv_table_require(const fk_csv_table_t *t, const char *const *names, size_t n, int *cols,
                         char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if ((cols[i] = fk_csv_table_column(t, names[i])) < 0)
            return fk_err(err, errlen, "%s: missing required column '%s'", t->path, names[i]);
    return 0;
}

const char *fk_csv_table_field(const fk_csv_table_t *t, size_t r, int col)
{
    if (col < 0 || r >= t->nrows || (size_t)col >= t->rows[r].nfields || !t->rows[r].fields[col])
        return "";
    return t->rows[r].fields[col];
}

int fk_csv_table_number(const fk_csv_table_t *t, size_t r, int col, int allow_empty, double *out,
                        char *err, size_t errlen)
{
    const char *s = fk_csv_table_field(t, r, col);
    if (!*s && allow_empty) {
        *out = NAN;
        return 1;
    }
    if (fk_parse_double(s, -HUGE_VAL, HUGE_VAL, out) == 0)
        return 0;
    const char *name = col >= 0 ? t->header.fields[col] : "?";
    if (!*s)
        return fk_err(err, errlen, "%s:%zu: column %s: empty value, expected a number", t->path,
                      t->rows[r].line, name);
    return fk_err(err, errlen, "%s:%zu: column %s: '%.40s' is not a number", t->path,
                  t->rows[r].line, name, s);
}
