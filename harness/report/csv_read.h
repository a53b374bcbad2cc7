/* SPDX-License-Identifier: MIT */
/* csv_read.h: an RFC 4180 reader for forkomp's CSV files (quoted fields, doubled quotes,
 * embedded commas and newlines, CRLF). Columns are found by header name, so files from older
 * versions (fewer columns) or newer ones (extra columns) are read alike.
 * The file is held once, its fields cut out of it in place; a row keeps only 2 (or 4) bytes
 * per field, so a table costs about 1.3x its file. */
#ifndef FK_CSV_READ_H
#define FK_CSV_READ_H

#include <stddef.h>

/* A field longer than this is refused: no column of forkomp's holds one, and a report over
 * a 100 MB field would carry it into every name and plot built from it (issue 27, N5). */
#define FK_CSV_FIELD_MAX 65536

typedef struct fk_csv_record {
    size_t base;    /* where its text starts in the table's text */
    size_t at;      /* its first field's entry in the table's offsets */
    size_t nfields; /* fields beyond these read as "" */
    size_t line;    /* the line the record starts on (1-based), for error messages */
} fk_csv_record_t;

typedef struct fk_csv_table {
    char *path;
    char *text;         /* the file's bytes, every field NUL-terminated in place */
    const char **names; /* the header: the union of every block's column names */
    size_t ncols;
    fk_csv_record_t *rows;
    size_t nrows, rows_cap;
    void *offs; /* per field of each row: where it starts after the row's base (uint16_t, or
                 * uint32_t once a row is longer than 64 KiB: wide) */
    size_t noffs, offs_cap;
    int wide;
} fk_csv_table_t;

/* Reads a whole file. A repeated header line (files joined with cat: a line whose first
 * field is the first column's name) starts a new block of columns, read by its own names;
 * the table's header is then the union of every block's columns, and a row lacks (reads
 * as "") the columns its block did not have. A header naming a column twice, or a field
 * longer than FK_CSV_FIELD_MAX, is refused.
 * Returns 0, or -1 with "FILE:LINE: why" in err (an empty file is an error). */
int fk_csv_table_read(const char *path, fk_csv_table_t *t, char *err, size_t errlen);
/* Frees everything the table holds (safe on a zeroed table). */
void fk_csv_table_free(fk_csv_table_t *t);

/* The index of the column named name, or -1 when the header has none. */
int fk_csv_table_column(const fk_csv_table_t *t, const char *name);
/* The name of column col ("?" when there is none). */
const char *fk_csv_table_name(const fk_csv_table_t *t, int col);
/* Finds every name of names[0..n) and stores its index in cols[]; returns 0, or -1 with
 * "FILE: missing required column 'NAME'" in err. */
int fk_csv_table_require(const fk_csv_table_t *t, const char *const *names, size_t n, int *cols,
                         char *err, size_t errlen);
/* The field of row r in column col; "" when col < 0 or the row is short. */
const char *fk_csv_table_field(const fk_csv_table_t *t, size_t r, int col);
/* The same field, writable in place (to clean a name), or NULL when the row has none. */
char *fk_csv_table_field_rw(fk_csv_table_t *t, size_t r, int col);
/* Parses the field as a finite number. An empty field gives *out = NaN and returns 1 when
 * allow_empty is set. Returns 0, or -1 with "FILE:LINE: column NAME: 'TEXT' is not a number"
 * in err. */
int fk_csv_table_number(const fk_csv_table_t *t, size_t r, int col, int allow_empty, double *out,
                        char *err, size_t errlen);

#endif
