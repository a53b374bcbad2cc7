/* SPDX-License-Identifier: MIT */
/* report_table.h: tables written from column specs, so that a header and its values cannot
 * drift apart and a new column is one line: an array of {header, kind, where the value is}
 * per table, written as CSV (summary.csv: full precision, empty for undefined) and as the
 * groups of facts.json (report_facts.c). A row is any struct; a column reads its value at an
 * offset into it, or through a getter. */
#ifndef FK_REPORT_TABLE_H
#define FK_REPORT_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum fk_col_kind {
    FK_COL_STR,   /* const char * at off */
    FK_COL_CHARS, /* a char array at off */
    FK_COL_INT,   /* int at off */
    FK_COL_SIZE,  /* size_t at off */
    FK_COL_DBL,   /* double at off (NaN: undefined) */
    FK_COL_NUM,   /* num(row) (NaN: undefined) */
    FK_COL_TEXT,  /* text(row) */
};

/* Kept for the spec lines' shape; CSV always writes %.9g, and the words format numbers. */
enum fk_col_unit { FK_UNIT_RAW };

typedef struct fk_col {
    const char *header;
    int kind; /* enum fk_col_kind */
    size_t off;
    int unit; /* enum fk_col_unit */
    int prec;
    double (*num)(const void *row);
    const char *(*text)(const void *row);
} fk_col_t;

/* Spec lines: FK_COL(header, kind, type, member, unit, prec) for a value at a member. */
#define FK_COL(h, kind, type, member, unit, prec)                                                  \
    {                                                                                              \
        h, kind, offsetof(type, member), unit, prec, 0, 0                                          \
    }
#define FK_COL_GET(h, fn, unit, prec)                                                              \
    {                                                                                              \
        h, FK_COL_NUM, 0, unit, prec, fn, 0                                                        \
    }
#define FK_COL_TXT(h, fn)                                                                          \
    {                                                                                              \
        h, FK_COL_TEXT, 0, 0, 0, 0, fn                                                             \
    }
/* The value of a numeric column (INT, SIZE, DBL, NUM) of row as a double. */
double fk_col_value(const fk_col_t *c, const void *row);

/* A text column (STR, CHARS, TEXT) and its value. */
int fk_col_is_text(const fk_col_t *c);
const char *fk_col_text(const fk_col_t *c, const void *row);

/* CSV: the header line, and one row. */
void fk_table_csv_header(FILE *f, const fk_col_t *cols, size_t n);
void fk_table_csv_row(FILE *f, const fk_col_t *cols, size_t n, const void *row);

#endif
