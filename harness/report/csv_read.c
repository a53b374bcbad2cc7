/* csv_read.c: the RFC 4180 reader behind `forkomp report` (see csv_read.h). The whole file is
 * read into memory, then split into records by a small state machine; every field is a
 * separate NUL-terminated string so callers can keep pointers into the table. */
#include "harness/report/csv_read.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int same_as_header(const fk_csv_table_t *t, const fk_csv_record_t *r)
{
    if (r->nfields != t->header.nfields)
        return 0;
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i], t->header.fields[i]) != 0)
            return 0;
    return 1;
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

/* Appends every data record after the header; blank lines and repeated headers are skipped. */
static int read_rows(cursor_t *c, fk_csv_table_t *t, strbuf_t *b, char *err, size_t errlen)
{
    fk_csv_record_t r;
    int got;
    size_t cap = 0;
    while ((got = read_record(c, &r, b, err, errlen)) == 1) {
        if (is_blank(&r) || same_as_header(t, &r)) {
            record_free(&r);
            continue;
        }
        if (t->nrows == cap) {
            fk_csv_record_t *rows = realloc(t->rows, (cap = cap ? 2 * cap : 256) * sizeof *rows);
            if (!rows) {
                record_free(&r);
                return fk_err(err, errlen, "%s: out of memory", t->path);
            }
            t->rows = rows;
        }
        t->rows[t->nrows++] = r;
    }
    return got;
}

int fk_csv_table_read(const char *path, fk_csv_table_t *t, char *err, size_t errlen)
{
    size_t len = 0;
    memset(t, 0, sizeof *t);
    err[0] = '\0';
    char *buf = slurp(path, &len, err, errlen);
    if (!buf)
        return -1;
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
    if (col < 0 || r >= t->nrows || (size_t)col >= t->rows[r].nfields)
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
