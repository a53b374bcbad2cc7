/* SPDX-License-Identifier: MIT */
/* report_table.c: the CSV writer of column specs (report_table.h). */
#include "harness/report/report_table.h"

#include <math.h>

#include "harness/engine/csv.h"
#include "harness/report/report.h"

static const void *at(const void *row, size_t off)
{
    return (const char *)row + off;
}

double fk_col_value(const fk_col_t *c, const void *row)
{
    switch (c->kind) {
    case FK_COL_INT:
        return *(const int *)at(row, c->off);
    case FK_COL_SIZE:
        return (double)*(const size_t *)at(row, c->off);
    case FK_COL_DBL:
        return *(const double *)at(row, c->off);
    case FK_COL_NUM:
        return c->num(row);
    }
    return NAN;
}

const char *fk_col_text(const fk_col_t *c, const void *row)
{
    if (c->kind == FK_COL_CHARS)
        return at(row, c->off);
    return c->kind == FK_COL_STR ? *(const char *const *)at(row, c->off) : c->text(row);
}

int fk_col_is_text(const fk_col_t *c)
{
    return c->kind == FK_COL_STR || c->kind == FK_COL_CHARS || c->kind == FK_COL_TEXT;
}

void fk_table_csv_header(FILE *f, const fk_col_t *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? "," : "", cols[i].header);
    fputc('\n', f);
}

/* A field for CSV: quoted when it must be; a number empty when undefined, so that pandas
 * and gnuplot read it as missing. */
static void csv_field(FILE *f, const fk_col_t *c, const void *row)
{
    if (fk_col_is_text(c)) {
        char buf[1024];
        size_t len = 0;
        if (fk_csv_quote(buf, sizeof buf - 1, &len, fk_col_text(c, row)) < 0)
            len = 0;
        fwrite(buf, 1, len, f);
        return;
    }
    double v = fk_col_value(c, row);
    if (!isnan(v))
        fprintf(f, "%.9g", v);
}

void fk_table_csv_row(FILE *f, const fk_col_t *cols, size_t n, const void *row)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        csv_field(f, &cols[i], row);
    }
    fputc('\n', f);
}
