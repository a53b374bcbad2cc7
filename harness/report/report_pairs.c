/* SPDX-License-Identifier: MIT */
/* report_pairs.c: pairs the runs of two groups by round (report_pairs.h). */
#include "harness/report/report_pairs.h"

#include <stdlib.h>
#include <string.h>

/* One ok run with a round: where it ran (file, seed, round), its k-th run there. */
typedef struct {
    const fk_csv_table_t *table;
    const char *seed;
    int round;
    size_t k, row;
    double wall;
} keyed_t;

static int cmp_where(const keyed_t *a, const keyed_t *b)
{
    int c;
    if (a->table != b->table)
        return a->table < b->table ? -1 : 1;
    if ((c = strcmp(a->seed, b->seed)) || (c = a->round - b->round))
        return c;
    return 0;
}

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed_t *a = pa, *b = pb;
    int c = cmp_where(a, b);
    if (c)
        return c;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* g's ok runs with a round, sorted by where and row, each with its k there. */
static keyed_t *keyed_runs(const fk_report_group_t *g, size_t *n)
{
    keyed_t *v = malloc((g->nmembers ? g->nmembers : 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; v && i < g->nmembers; i++) {
        const fk_report_run_t *run = &g->members[i];
        if (run->ok && run->round > 0)
            v[(*n)++] = (keyed_t){run->table, run->seed, run->round, 0, run->row, run->wall_s};
    }
    if (!v)
        return NULL;
    qsort(v, *n, sizeof *v, cmp_keyed);
    for (size_t i = 1; i < *n; i++)
        v[i].k = cmp_where(&v[i], &v[i - 1]) == 0 ? v[i - 1].k + 1 : 0;
    return v;
}

int fk_report_pairs(const fk_report_group_t *a, const fk_report_group_t *b, double **x, double **y,
                    size_t *n)
{
    size_t na, nb, i = 0, j = 0;
    keyed_t *ka = keyed_runs(a, &na), *kb = keyed_runs(b, &nb);
    size_t room = na < nb ? na : nb;
    *n = 0;
    *x = malloc((room ? room : 1) * sizeof **x);
    *y = malloc((room ? room : 1) * sizeof **y);
    if (!ka || !kb || !*x || !*y) {
        free(ka), free(kb), free(*x), free(*y);
        *x = *y = NULL;
        return -1;
    }
    while (i < na && j < nb) { /* a merge of the two sorted lists */
        int c = cmp_where(&ka[i], &kb[j]);
        if (c == 0 && ka[i].k != kb[j].k)
            c = ka[i].k < kb[j].k ? -1 : 1;
        if (c < 0)
            i++;
        else if (c > 0)
            j++;
        else
            (*x)[*n] = ka[i++].wall, (*y)[(*n)++] = kb[j++].wall;
    }
    free(ka);
    free(kb);
    return 0;
}
