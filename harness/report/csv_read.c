/* SPDX-License-Identifier: MIT */
/* csv_read.c: the RFC 4180 reader behind `forkomp report` (see csv_read.h). The whole file is
 * read into one buffer, then split into records in place: a field's bytes (unquoted, doubled
 * quotes made single) are moved down over the quotes and separators they no longer need and
 * NUL-terminated, and a row keeps a 16-bit (past 64 KiB, 32-bit) offset per field. A million
 * rows of 57 columns (491 MB) thus take about 640 MB, not the 2.5 GB of a copy per field.
 *
 * Why not libcsv (Debian libcsv-dev), which issue 25 names: measured on the same 491 MB
 * file, building the same table from its callbacks took 1.02 s of CPU against 0.42 s here
 * (memory alike: both hold the fields once; docs/csv-reader.md has the program); and its
 * callbacks carry no position, while every message of the report names FILE:LINE of the
 * record, so it would have to be fed line by line beside a count of quoted newlines. The
 * parsing itself is parse_quoted, parse_field and parse_record (about 70 lines), covered by
 * test_csv_read.c and the report tests. */
#include "harness/report/csv_read.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/numparse.h"
#include "kernels/common/util.h"

/* The parser's cursor: p reads, w writes (w <= p: a field only ever shrinks). */
typedef struct {
    char *p, *end, *w;
    size_t line;
    const char *path;
    size_t *offs; /* the fields of the record being read, from its base */
    size_t noffs, cap;
} cursor_t;

#define MISSING16 UINT16_MAX
#define MISSING32 UINT32_MAX

static int is_stop(char c)
{
    return c == ',' || c == '\n' || c == '\r';
}

/* A quoted field's body (after the opening quote), up to its closing quote. */
static int parse_quoted(cursor_t *c, char *err, size_t errlen)
{
    size_t start_line = c->line;
    while (c->p < c->end) {
        char ch = *c->p++;
        if (ch == '"') {
            if (c->p >= c->end || *c->p != '"')
                return 0;
            c->p++; /* a doubled quote stands for one quote */
        } else if (ch == '\n') {
            c->line++;
        }
        *c->w++ = ch;
    }
    return fk_err(err, errlen, "%s:%zu: quoted field is never closed", c->path, start_line);
}

/* One field, moved to w and NUL-terminated; leaves p after its separator and sets *last
 * when it ended the record. */
static int parse_field(cursor_t *c, const char *base, int *last, char *err, size_t errlen)
{
    char *start = c->w;
    if (c->p < c->end && *c->p == '"') {
        c->p++;
        if (parse_quoted(c, err, errlen) < 0)
            return -1;
        if (c->p < c->end && !is_stop(*c->p))
            return fk_err(err, errlen, "%s:%zu: unexpected '%c' after a closing quote", c->path,
                          c->line, *c->p);
    } else {
        char *s = c->p;
        while (c->p < c->end && !is_stop(*c->p))
            c->p++;
        if (c->w != s)
            memmove(c->w, s, (size_t)(c->p - s));
        c->w += c->p - s;
    }
    if (c->w - start > FK_CSV_FIELD_MAX)
        return fk_err(err, errlen,
                      "%s:%zu: field %zu has %zu bytes (at most %d): not a forkomp CSV file",
                      c->path, c->line, c->noffs + 1, (size_t)(c->w - start), FK_CSV_FIELD_MAX);
    char sep = c->p < c->end ? *c->p++ : '\n'; /* read before the NUL may overwrite it */
    *c->w++ = '\0';
    if (sep == '\r' && c->p < c->end && *c->p == '\n')
        c->p++;
    *last = sep != ',';
    c->line += *last;
    if (c->noffs == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        size_t *o = realloc(c->offs, cap * sizeof *o);
        if (!o)
            return fk_err(err, errlen, "%s: out of memory", c->path);
        c->offs = o;
        c->cap = cap;
    }
    c->offs[c->noffs++] = (size_t)(start - base);
    return 0;
}

/* One record into c->offs (its fields' offsets from *base). Returns 1 when a record was
 * read, 0 at the end of the file, -1 on error. */
static int parse_record(cursor_t *c, char **base, size_t *line, char *err, size_t errlen)
{
    int last = 0;
    c->noffs = 0;
    if (c->p >= c->end)
        return 0;
    *base = c->w;
    *line = c->line;
    while (!last)
        if (parse_field(c, *base, &last, err, errlen) < 0)
            return -1;
    return 1;
}

/* 32-bit offsets from here on: the first row longer than 64 KiB. From the end, in place. */
static void widen(fk_csv_table_t *t)
{
    for (size_t i = t->noffs; i-- > 0;) {
        uint16_t v = ((const uint16_t *)t->offs)[i];
        ((uint32_t *)t->offs)[i] = v == MISSING16 ? MISSING32 : v;
    }
    t->wide = 1;
}

/* Stores one offset of a row (SIZE_MAX: the row has no such field). */
static int push_off(fk_csv_table_t *t, size_t off)
{
    int missing = off == SIZE_MAX, wider = !t->wide && !missing && off >= MISSING16;
    if (!missing && off >= MISSING32)
        return -1;
    if (t->noffs == t->offs_cap || wider) {
        size_t cap = t->noffs < t->offs_cap ? t->offs_cap : t->offs_cap ? 2 * t->offs_cap : 4096;
        void *o = realloc(t->offs, cap * (t->wide || wider ? 4 : 2));
        if (!o)
            return -1;
        t->offs = o;
        t->offs_cap = cap;
        if (wider)
            widen(t);
    }
    if (t->wide)
        ((uint32_t *)t->offs)[t->noffs++] = missing ? MISSING32 : (uint32_t)off;
    else
        ((uint16_t *)t->offs)[t->noffs++] = missing ? MISSING16 : (uint16_t)off;
    return 0;
}

/* The columns of the block of rows being read: inv[col] is the block's column that is the
 * table's column col (SIZE_MAX: none). The table's header is the union of every block's
 * columns, so an older file (fewer columns) cat-joined with a newer one reads as both would
 * separately. */
typedef struct {
    size_t *inv;
    size_t n;
    int identity; /* the block's column j is the table's column j: rows kept in their order */
} block_t;

static int block_start(fk_csv_table_t *t, const cursor_t *c, const char *base, size_t line,
                       block_t *b, char *err, size_t errlen)
{
    const char **names = realloc(t->names, (t->ncols + c->noffs + 1) * sizeof *names);
    if (names)
        t->names = names;
    size_t *inv = names ? realloc(b->inv, (t->ncols + c->noffs + 1) * sizeof *inv) : NULL;
    if (!inv)
        return fk_err(err, errlen, "%s: out of memory", t->path);
    b->inv = inv;
    b->n = c->noffs;
    b->identity = 1;
    for (size_t j = 0; j < t->ncols + c->noffs; j++)
        inv[j] = SIZE_MAX;
    for (size_t j = 0; j < c->noffs; j++) {
        const char *name = base + c->offs[j];
        int col = fk_csv_table_column(t, name);
        if (col >= 0 && inv[col] != SIZE_MAX)
            return fk_err(err, errlen, "%s:%zu: column %zu: '%.40s' is in the header twice",
                          t->path, line, j + 1, name);
        if (col < 0) {
            t->names[t->ncols] = name;
            col = (int)t->ncols++;
        }
        inv[col] = j;
        b->identity &= (size_t)col == j;
    }
    return 0;
}

/* A data record: its fields in the table's column order (missing ones read as ""; fields
 * beyond the block's header are dropped). */
static int add_row(fk_csv_table_t *t, const cursor_t *c, const block_t *b, char *base, size_t line)
{
    if (t->nrows == t->rows_cap) {
        size_t cap = t->rows_cap ? 2 * t->rows_cap : 256;
        fk_csv_record_t *rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows)
            return -1;
        t->rows = rows;
        t->rows_cap = cap;
    }
    int keep = b->identity && c->noffs <= b->n;
    fk_csv_record_t *r = &t->rows[t->nrows];
    *r = (fk_csv_record_t){(size_t)(base - t->text), t->noffs, keep ? c->noffs : t->ncols, line};
    for (size_t j = 0; j < r->nfields; j++) {
        size_t k = keep ? j : b->inv[j];
        if (push_off(t, k < c->noffs ? c->offs[k] : SIZE_MAX) < 0)
            return -1;
    }
    t->nrows++;
    return 0;
}

/* The records after the first: blank lines skipped (their bytes given back), a repeated
 * header starting a new block of columns. */
static int read_records(fk_csv_table_t *t, cursor_t *c, char *err, size_t errlen)
{
    block_t block = {0};
    char *base;
    size_t line;
    int got = 0, header = 1;
    while (got == 0 && (got = parse_record(c, &base, &line, err, errlen)) == 1) {
        got = 0;
        if (c->noffs == 1 && base[0] == '\0') {
            c->w = base; /* a blank line */
        } else if (header || (c->noffs > 1 && t->ncols && strcmp(base, t->names[0]) == 0)) {
            got = block_start(t, c, base, line, &block, err, errlen);
            header = 0;
        } else if (add_row(t, c, &block, base, line) < 0) {
            got = fk_err(err, errlen, "%s:%zu: out of memory (or a record over 4 GiB)", t->path,
                         line);
        }
    }
    free(block.inv);
    if (got == 0 && header)
        got = fk_err(err, errlen, "%s: empty file (no header line)", t->path);
    return got;
}

/* The whole file in a malloc'd buffer with a byte to spare (a NUL may go after the last
 * field); a regular file's size is known (and one byte more to see its end), a pipe's is
 * found by reading. */
static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fk_err(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : 1 << 16, n = 0;
    char *buf = malloc(cap);
    ssize_t got = 1;
    while (buf && got != 0) {
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        } else if ((got = read(fd, buf + n, cap - 1 - n)) > 0) {
            n += (size_t)got;
        } else if (got < 0 && errno != EINTR) {
            break;
        }
    }
    int bad = got < 0 ? errno : 0;
    close(fd);
    if (!buf || bad) {
        free(buf);
        fk_err(err, errlen, "%s: %s", path, bad ? strerror(bad) : "out of memory");
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

int fk_csv_table_read(const char *path, fk_csv_table_t *t, char *err, size_t errlen)
{
    size_t len = 0;
    memset(t, 0, sizeof *t);
    err[0] = '\0';
    if (!(t->text = slurp(path, &len, err, errlen)))
        return -1;
    if (has_nul(t->text, len, path, err, errlen)) {
        fk_csv_table_free(t);
        return -1;
    }
    cursor_t c = {t->text, t->text + len, t->text, 1, path, NULL, 0, 0};
    if (len >= 3 && memcmp(c.p, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3; /* a UTF-8 BOM */
    int rc = (t->path = strdup(path)) ? read_records(t, &c, err, errlen)
                                      : fk_err(err, errlen, "%s: out of memory", path);
    free(c.offs);
    if (rc < 0)
        fk_csv_table_free(t);
    return rc < 0 ? -1 : 0;
}

void fk_csv_table_free(fk_csv_table_t *t)
{
    free(t->text);
    free(t->names);
    free(t->rows);
    free(t->offs);
    free(t->path);
    memset(t, 0, sizeof *t);
}

int fk_csv_table_column(const fk_csv_table_t *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->names[i], name) == 0)
            return (int)i;
    return -1;
}

const char *fk_csv_table_name(const fk_csv_table_t *t, int col)
{
    return col >= 0 && (size_t)col < t->ncols ? t->names[col] : "?";
}

int fk_csv_table_require(const fk_csv_table_t *t, const char *const *names, size_t n, int *cols,
                         char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if ((cols[i] = fk_csv_table_column(t, names[i])) < 0)
            return fk_err(err, errlen, "%s: missing required column '%s'", t->path, names[i]);
    return 0;
}

char *fk_csv_table_field_rw(fk_csv_table_t *t, size_t r, int col)
{
    if (col < 0 || r >= t->nrows || (size_t)col >= t->rows[r].nfields)
        return NULL;
    size_t i = t->rows[r].at + (size_t)col;
    size_t off = t->wide ? ((const uint32_t *)t->offs)[i] : ((const uint16_t *)t->offs)[i];
    if (off == (t->wide ? MISSING32 : MISSING16))
        return NULL;
    return t->text + t->rows[r].base + off;
}

const char *fk_csv_table_field(const fk_csv_table_t *t, size_t r, int col)
{
    const char *s = fk_csv_table_field_rw((fk_csv_table_t *)t, r, col);
    return s ? s : "";
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
    const char *name = fk_csv_table_name(t, col);
    if (!*s)
        return fk_err(err, errlen, "%s:%zu: column %s: empty value, expected a number", t->path,
                      t->rows[r].line, name);
    return fk_err(err, errlen, "%s:%zu: column %s: '%.40s' is not a number", t->path,
                  t->rows[r].line, name, s);
}
