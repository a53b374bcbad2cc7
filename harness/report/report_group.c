/* SPDX-License-Identifier: MIT */
/* report_group.c: the groups of `forkomp report` (report.h): runs of one host, kernel,
 * variant, class, model, schedule, pin and worker count, their statistics (medians, the
 * interval of the median, counters, precision), the serial baseline of each case, speedups
 * and Karp-Flatt fractions; and the small look-ups the writers share. */
#include "harness/report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/placement.h"
#include "harness/base/role.h"
#include "kernels/common/util.h"

/* strcmp, at once for one string (report_load.c shares the names of consecutive rows). */
static int cmp_name(const char *a, const char *b)
{
    return a == b ? 0 : strcmp(a, b);
}

/* Orders runs by case, model, schedule, pin and workers (the grouping key). */
static int cmp_runs(const void *pa, const void *pb)
{
    const fk_report_run_t *a = pa, *b = pb;
    int c;
    if ((c = a->control - b->control)) /* the A/A controls after every other group */
        return c;
    if ((c = cmp_name(a->host, b->host)) || (c = cmp_name(a->kernel, b->kernel)) ||
        (c = cmp_name(a->variant, b->variant)) || (c = cmp_name(a->class_name, b->class_name)))
        return c;
    /* the static schedule (the default) before dynamic */
    int dyn_a = strcmp(a->schedule, "dynamic") == 0, dyn_b = strcmp(b->schedule, "dynamic") == 0;
    if ((c = a->rank - b->rank) /* teaching order */ || (c = cmp_name(a->model, b->model)) ||
        (c = dyn_a - dyn_b) || (c = cmp_name(a->schedule, b->schedule)) || (c = a->pin - b->pin))
        return c;
    return a->workers - b->workers;
}

/* The counter columns of every table (report_counters.h), found once. */
typedef struct {
    const fk_csv_table_t *tables;
    int (*of)[FK_RC_N];
} counter_cols_t;

/* Medians of the ok runs' counters, and how precise the median is: the CI's larger side as
 * a percentage of the median, against the --reps auto target when the runs had one. */
static void summarize_counters(fk_report_group_t *g, const fk_report_run_t *runs, size_t n,
                               const counter_cols_t *cols, double *scratch)
{
    for (int c = 0; c < FK_RC_N; c++) {
        size_t k = 0;
        double v;
        for (size_t i = 0; i < n; i++) /* checked by report_load.c: parses, NaN when empty */
            if (runs[i].ok &&
                fk_csv_table_number(runs[i].table, runs[i].row,
                                    cols->of[runs[i].table - cols->tables][c], 1, &v, NULL, 0) == 0)
                scratch[k++] = v;
        g->counter[c] = fk_stats_median(scratch, k);
    }
    const fk_summary_t *s = &g->wall;
    g->precision_pct =
        g->runs ? 100.0 * fmax(s->median - s->ci_lo, s->ci_hi - s->median) / s->median : NAN;
    double target = g->counter[FK_RC_TARGET];
    g->precision_reached =
        isnan(target) ? -1 : g->ci_level >= 0.95 && g->precision_pct <= target + 1e-9;
}

/* Medians of the ok runs' CPU time and memory, and the wall-time summary. */
static void summarize_group(fk_report_group_t *g, const fk_report_run_t *runs, size_t n,
                            const counter_cols_t *cols, double *scratch)
{
    size_t k = 0, nop = 0;
    double *cpu = scratch + n, *mx = scratch + 2 * n, *sum = scratch + 3 * n;
    double *op = scratch + 4 * n;
    for (size_t i = 0; i < n; i++) {
        if (!runs[i].ok) {
            g->failed++;
            if (!g->failure)
                g->failure = strcmp(runs[i].status, "ok") ? runs[i].status : "unverified";
            continue;
        }
        g->disturbed += runs[i].disturbed > 0;
        scratch[k] = runs[i].wall_s;
        cpu[k] = runs[i].cpu_s;
        mx[k] = runs[i].maxrss_kib;
        sum[k++] = runs[i].rss_sum_kib;
        /* per_op_s is spawn's column; other kernels leave it empty or 0 */
        if (!isnan(runs[i].per_op_s) && strcmp(runs[i].kernel, "spawn") == 0)
            op[nop++] = runs[i].per_op_s;
    }
    g->runs = k;
    fk_stats_summarize(scratch, k, &g->wall);
    g->ci_level = fk_stats_median_ci_level(k);
    g->cpu_s = fk_stats_median(cpu, k);
    g->maxrss_kib = fk_stats_median(mx, k);
    g->rss_sum_kib = fk_stats_median(sum, k);
    fk_summary_t ops;
    fk_stats_summarize(op, nop, &ops);
    g->per_op_s = ops.median;
    g->per_op_min = ops.min;
    summarize_counters(g, runs, n, cols, scratch);
}

static void init_group(fk_report_group_t *g, const fk_report_run_t *first)
{
    memset(g, 0, sizeof *g);
    /* the fields a group shares with its runs, named alike in both structs (report.h) */
#define COPY(field) (g->field = first->field)
    COPY(host), COPY(kernel), COPY(variant), COPY(class_name), COPY(model), COPY(schedule);
    COPY(workers), COPY(procs), COPY(threads), COPY(pin), COPY(cpus), COPY(tasks), COPY(control);
#undef COPY
    g->first = first;
    /* "-pin" for the original --pin (linear), the policy's name for the others */
    snprintf(g->label, sizeof g->label, "%s%s%s%s%s", g->model,
             strcmp(g->schedule, "dynamic") == 0 ? "-dyn" : "", g->pin ? "-" : "",
             g->pin == FK_PIN_LINEAR ? "pin"
             : g->pin                ? fk_pin_name(g->pin)
                                     : "",
             g->control ? "-control" : "");
    g->speedup = g->speedup_lo = g->speedup_hi = g->efficiency = g->karp_flatt = NAN;
}

int fk_report_group_runs(fk_report_t *r, char *err, size_t errlen)
{
    double *scratch = malloc(5 * r->nruns * sizeof *scratch);
    counter_cols_t cols = {r->tables, calloc(r->ntables, sizeof *cols.of)};
    r->groups = calloc(r->nruns, sizeof *r->groups);
    if (!scratch || !cols.of || !r->groups) {
        free(scratch);
        free(cols.of);
        return fk_err(err, errlen, "out of memory");
    }
    for (size_t t = 0; t < r->ntables; t++)
        fk_report_counter_columns(&r->tables[t], cols.of[t]);
    qsort(r->runs, r->nruns, sizeof *r->runs, cmp_runs);
    for (size_t i = 0, j; i < r->nruns; i = j) {
        for (j = i + 1; j < r->nruns && cmp_runs(&r->runs[i], &r->runs[j]) == 0; j++)
            ;
        fk_report_group_t *g = &r->groups[r->ngroups++];
        init_group(g, &r->runs[i]);
        g->members = &r->runs[i];
        g->nmembers = j - i;
        summarize_group(g, &r->runs[i], j - i, &cols, scratch);
    }
    free(scratch);
    free(cols.of);
    /* the controls sort last: kept apart, so that no table, plot or answer counts them */
    while (r->ncontrols < r->ngroups && r->groups[r->ngroups - 1 - r->ncontrols].control)
        r->ncontrols++;
    r->ngroups -= r->ncontrols;
    r->controls = r->groups + r->ngroups;
    return 0;
}

int fk_report_same_case(const fk_report_group_t *a, const fk_report_group_t *b)
{
    return strcmp(a->host, b->host) == 0 && strcmp(a->kernel, b->kernel) == 0 &&
           strcmp(a->variant, b->variant) == 0 && strcmp(a->class_name, b->class_name) == 0;
}

int fk_report_plain(const fk_report_group_t *g)
{
    /* a Python model (unknown to the registry's order) has its schedule in its API */
    return strcmp(g->label, g->model) == 0 || fk_model_rank(g->model) == 99;
}

const fk_report_group_t *fk_report_find(const fk_report_t *r, const fk_report_group_t *a,
                                        const char *model, int workers)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (fk_report_same_case(a, g) && strcmp(g->model, model) == 0 && g->workers == workers &&
            g->pin == a->pin && strcmp(g->schedule, a->schedule) == 0)
            return g;
    }
    return NULL;
}

/* The serial group of g's case: the same pinning when there is one, else any. */
static const fk_report_group_t *find_baseline(const fk_report_t *r, const fk_report_group_t *g)
{
    const fk_report_group_t *any = NULL;
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        if (!fk_report_same_case(g, s) || fk_model_role(s->model) != FK_ROLE_ONE ||
            s->workers != 1 || s->runs == 0)
            continue;
        if (s->pin == g->pin)
            return s;
        if (!any)
            any = s;
    }
    return any;
}

/* Speedup S = T_serial / T_W on medians, its range from the two intervals, efficiency S / W
 * and the Karp-Flatt fraction. */
void fk_report_compute_speedups(fk_report_t *r)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        fk_report_group_t *g = &r->groups[i];
        const fk_report_group_t *b = g->baseline = find_baseline(r, g);
        if (!b || g->runs == 0)
            continue;
        g->speedup = b->wall.median / g->wall.median;
        g->speedup_lo = b->wall.ci_lo / g->wall.ci_hi;
        g->speedup_hi = b->wall.ci_hi / g->wall.ci_lo;
        g->efficiency = g->speedup / g->workers;
        g->slower_than_serial = g->speedup_hi < 1; /* a claim only where its CI supports it */
        g->karp_flatt = fk_stats_karp_flatt(g->speedup, g->workers);
    }
}

int fk_report_is_spawn(const fk_report_group_t *g)
{
    return strcmp(g->kernel, "spawn") == 0;
}

int fk_report_oversubscribed(const fk_report_group_t *g)
{
    return g->cpus > 0 && g->workers > g->cpus;
}

const char *fk_report_context(const fk_report_run_t *run, const char *column)
{
    return fk_csv_table_field(run->table, run->row, fk_csv_table_column(run->table, column));
}

void fk_report_col_find(const fk_report_t *r, const char *column, fk_report_col_t *c)
{
    for (size_t t = 0; t < r->ntables; t++)
        c->idx[t] = fk_csv_table_column(&r->tables[t], column);
}

const char *fk_report_col_value(const fk_report_t *r, const fk_report_col_t *c,
                                const fk_report_run_t *run)
{
    return fk_csv_table_field(run->table, run->row, c->idx[run->table - r->tables]);
}

void fk_report_plot_name(const fk_report_t *r, const fk_report_group_t *g, const char *what,
                         char *buf, size_t len)
{
    char dir[160] = "";
    if (fk_report_several_hosts(r))
        snprintf(dir, sizeof dir, "hosts/%s/", g->host);
    snprintf(buf, len, "%s%s-%s-%s-%s-%s.png", dir, g->kernel, g->variant, g->class_name, g->host,
             what);
}

int fk_report_several_hosts(const fk_report_t *r)
{
    for (size_t i = 1; i < r->ngroups; i++)
        if (strcmp(r->groups[i].host, r->groups[0].host))
            return 1;
    return 0;
}

size_t fk_report_case_end(const fk_report_t *r, size_t i)
{
    size_t j = i + 1;
    while (j < r->ngroups && fk_report_same_case(&r->groups[i], &r->groups[j]))
        j++;
    return j;
}
