/* report_table.h: tables written from column specs, so that a header and its values cannot
 * drift apart and a new column is one line: an array of {header, kind, where the value is,
 * unit} per table, and two writers, CSV (summary.csv: full precision, empty for undefined)
 * and Markdown (report.md: human units, "-" for undefined). A row is any struct; a column
 * reads its value at an offset into it, or through a getter, or writes its own cell. */
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
    FK_COL_CELL,  /* cell(out, row): a compound Markdown cell (CSV: not written) */
};

/* How a number is shown in Markdown (CSV always writes %.9g). */
enum fk_col_unit { FK_UNIT_RAW, FK_UNIT_TIME, FK_UNIT_MIB, FK_UNIT_PCT, FK_UNIT_FIXED };

typedef struct fk_col {
    const char *header;
    int kind; /* enum fk_col_kind */
    size_t off;
    int unit; /* enum fk_col_unit */
    int prec; /* FK_UNIT_FIXED, FK_UNIT_PCT: decimals */
    double (*num)(const void *row);
    const char *(*text)(const void *row);
    void (*cell)(FILE *out, const void *row);
} fk_col_t;

/* Spec lines: FK_COL(header, kind, type, member, unit, prec) for a value at a member. */
#define FK_COL(h, kind, type, member, unit, prec)                                                  \
    {                                                                                              \
        h, kind, offsetof(type, member), unit, prec, 0, 0, 0                                       \
    }
#define FK_COL_GET(h, fn, unit, prec)                                                              \
    {                                                                                              \
        h, FK_COL_NUM, 0, unit, prec, fn, 0, 0                                                     \
    }
#define FK_COL_TXT(h, fn)                                                                          \
    {                                                                                              \
        h, FK_COL_TEXT, 0, 0, 0, 0, fn, 0                                                          \
    }
#define FK_COL_MD(h, fn)                                                                           \
    {                                                                                              \
        h, FK_COL_CELL, 0, 0, 0, 0, 0, fn                                                          \
    }

/* The value of a numeric column (INT, SIZE, DBL, NUM) of row as a double. */
double fk_col_value(const fk_col_t *c, const void *row);

/* CSV: the header line, and one row; CELL columns are skipped. */
void fk_table_csv_header(FILE *f, const fk_col_t *cols, size_t n);
void fk_table_csv_row(FILE *f, const fk_col_t *cols, size_t n, const void *row);

/* Markdown: "| h1 | h2 |" and "|---|---|", then one "| v1 | v2 |" per row. */

#endif
