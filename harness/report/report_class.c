/* SPDX-License-Identifier: MIT */
/* report_class.c: the class view of `forkomp report a.csv b.csv ...`, one CSV per student
 * machine. For each case (kernel, variant, class) that several hosts ran: one row per host
 * (CPU, cores, serial median, the speedup of each model at 2 workers, the memory one more
 * worker costs), written to class.csv (for the speedup-per-host plot of results/forkomp.gp
 * and for pandas) and to facts.json for report.md's first section, with the hosts whose figures
 * stand apart by the outlier rule of the timings (fk_stats_outliers), so that a misconfigured
 * laptop is easy to spot. (report_hosts.c checks that a host name is one machine.) */
#include "harness/report/report_class.h"
#include "harness/base/role.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/report/report_facts.h"

#define CLASS_W 2        /* the worker count the class compares */
#define CLASS_MODELS 8   /* parallel models shown per case */
#define CLASS_FLOOR 0.10 /* a figure must also be this far from the class median */
#define CLASS_FIGURES (1 + 2 * CLASS_MODELS)

/* One host of a case: its serial group and, per model, the group at CLASS_W workers. */
typedef struct {
    const fk_report_group_t *serial;
    const fk_report_group_t *at[CLASS_MODELS];
    double fig[CLASS_FIGURES]; /* serial median, speedups, memory per extra worker (KiB) */
    int apart[CLASS_FIGURES];
} class_row_t;

typedef struct {
    const fk_report_group_t *first; /* names the case */
    const char *models[CLASS_MODELS];
    size_t nmodels, nrows;
    class_row_t *rows;
} class_case_t;

double fk_report_extra_worker_kib(const fk_report_t *r, const fk_report_group_t *g)
{
    const fk_report_group_t *one = g->workers > 1 ? fk_report_find(r, g, g->model, 1) : NULL;
    if (!one || one->runs == 0 || g->runs == 0)
        return NAN;
    /* PSS where both recorded it (RSS sums count shared pages once per process) */
    if (!isnan(g->counter[FK_RC_PSS]) && !isnan(one->counter[FK_RC_PSS]))
        return (g->counter[FK_RC_PSS] - one->counter[FK_RC_PSS]) / (double)(g->workers - 1);
    return (g->rss_sum_kib - one->rss_sum_kib) / (double)(g->workers - 1);
}

/* Same kernel, variant and class, whatever the host. */
static int same_job(const fk_report_group_t *a, const fk_report_group_t *b)
{
    return strcmp(a->kernel, b->kernel) == 0 && strcmp(a->variant, b->variant) == 0 &&
           strcmp(a->class_name, b->class_name) == 0;
}

/* A plain group (static schedule, not pinned) of a parallel model at CLASS_W workers. */
static int compared(const fk_report_group_t *g)
{
    return g->workers == CLASS_W && strcmp(g->label, g->model) == 0 &&
           fk_model_role(g->model) != FK_ROLE_ONE;
}

static size_t model_index(class_case_t *c, const char *model, int add)
{
    size_t k = 0;
    while (k < c->nmodels && strcmp(c->models[k], model))
        k++;
    if (k == c->nmodels && add && k < CLASS_MODELS)
        c->models[c->nmodels++] = model;
    return k;
}

/* The figures of one row: serial median, speedup per model, memory per extra worker. */
static void row_figures(const fk_report_t *r, const class_case_t *c, class_row_t *row)
{
    for (size_t f = 0; f < CLASS_FIGURES; f++)
        row->fig[f] = NAN;
    if (row->serial && row->serial->runs)
        row->fig[0] = row->serial->wall.median;
    for (size_t k = 0; k < c->nmodels; k++) {
        const fk_report_group_t *g = row->at[k];
        if (!g)
            continue;
        row->fig[1 + k] = g->speedup;
        row->fig[1 + CLASS_MODELS + k] = fk_report_extra_worker_kib(r, g);
    }
}

/* Fills c with the hosts of the job of groups[first]; returns the number of hosts. */
static size_t collect(const fk_report_t *r, size_t first, class_case_t *c)
{
    memset(c, 0, sizeof *c);
    c->first = &r->groups[first];
    c->rows = calloc(r->ngroups, sizeof *c->rows);
    if (!c->rows)
        return 0;
    const char *host = NULL;
    for (size_t i = first; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (!same_job(g, c->first))
            continue;
        if (!host || strcmp(host, g->host)) { /* groups are sorted by host first */
            host = g->host;
            c->nrows++;
        }
        class_row_t *row = &c->rows[c->nrows - 1];
        if (fk_model_role(g->model) == FK_ROLE_ONE && g->workers == 1 && !g->pin)
            row->serial = g;
        else if (compared(g) && model_index(c, g->model, 1) < CLASS_MODELS)
            row->at[model_index(c, g->model, 0)] = g;
    }
    return c->nrows;
}

/* Flags, per figure, the hosts that stand apart: outliers among the hosts (with 3 or more
 * values) and at least CLASS_FLOOR from the class median, so that near-identical machines
 * are not flagged for noise. Returns the number of flagged hosts. */
static size_t flag_apart(const fk_report_t *r, class_case_t *c)
{
    double *x = malloc(c->nrows * sizeof *x);
    int *out = malloc(c->nrows * sizeof *out);
    size_t *who = malloc(c->nrows * sizeof *who), hosts = 0;
    for (size_t i = 0; i < c->nrows; i++)
        row_figures(r, c, &c->rows[i]);
    for (size_t f = 0; x && out && who && f < CLASS_FIGURES; f++) {
        size_t n = 0;
        for (size_t i = 0; i < c->nrows; i++)
            if (isfinite(c->rows[i].fig[f]))
                x[n] = c->rows[i].fig[f], who[n++] = i;
        if (n < 3 || fk_stats_outliers(x, n, out) == 0)
            continue;
        double med = fk_stats_median(x, n);
        for (size_t k = 0; k < n; k++)
            c->rows[who[k]].apart[f] = out[k] && fabs(x[k] - med) > CLASS_FLOOR * fabs(med);
    }
    for (size_t i = 0; i < c->nrows; i++)
        for (size_t f = 0; f < CLASS_FIGURES; f++)
            if (c->rows[i].apart[f]) {
                hosts++;
                break;
            }
    free(x);
    free(out);
    free(who);
    return hosts;
}

/* The host of a row: whichever of its groups exists. */
static const fk_report_group_t *row_group(const class_case_t *c, const class_row_t *row)
{
    if (row->serial)
        return row->serial;
    for (size_t k = 0; k < c->nmodels; k++)
        if (row->at[k])
            return row->at[k];
    return c->first;
}

/* Calls fn for each job (kernel, variant, class, not spawn) that two or more hosts ran;
 * returns how many there were. */
static size_t for_each_case(const fk_report_t *r,
                            void (*fn)(const fk_report_t *, class_case_t *, void *), void *arg)
{
    size_t n = 0;
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        size_t k = 0;
        while (k < i && !same_job(&r->groups[k], g))
            k++;
        if (k < i || fk_report_is_spawn(g))
            continue; /* already done, or not a kernel */
        class_case_t c;
        if (collect(r, i, &c) >= 2) {
            flag_apart(r, &c);
            fn(r, &c, arg);
            n++;
        }
        free(c.rows);
    }
    return n;
}

/* ------------------------------------------------------------------ class.csv */

static void csv_case(const fk_report_t *r, class_case_t *c, void *arg)
{
    FILE *f = arg;
    (void)r;
    for (size_t i = 0; i < c->nrows; i++) {
        const class_row_t *row = &c->rows[i];
        const fk_report_group_t *h = row_group(c, row);
        for (size_t k = 0; k < c->nmodels; k++) {
            const fk_report_group_t *g = row->at[k];
            int apart = row->apart[0] || row->apart[1 + k] || row->apart[1 + CLASS_MODELS + k];
            fprintf(f, "%s,%s,%s,%s,%zu,%d,%s,", h->host, h->kernel, h->variant, h->class_name,
                    i + 1, h->cpus, c->models[k]);
            double v[] = {row->fig[0], g ? g->speedup : NAN, g ? g->speedup_lo : NAN,
                          g ? g->speedup_hi : NAN, row->fig[1 + CLASS_MODELS + k]};
            for (size_t j = 0; j < sizeof v / sizeof *v; j++)
                if (isfinite(v[j]))
                    fprintf(f, "%.9g,", v[j]);
                else
                    fputc(',', f);
            fprintf(f, "%d\n", apart);
        }
    }
}

static void write_class(FILE *f, const fk_report_t *r)
{
    fputs("host,kernel,variant,class,host_index,cpus,model,serial_s,speedup,speedup_lo,"
          "speedup_hi,extra_worker_kib,apart\n",
          f);
    for_each_case(r, csv_case, f);
}

int fk_report_write_class_csv(const fk_report_t *r, char *err, size_t errlen)
{
    if (!fk_report_several_hosts(r)) {
        char path[4096];
        snprintf(path, sizeof path, "%s/class.csv", r->out_dir);
        unlink(path); /* a class.csv of an earlier report would be plotted again */
        return 0;
    }
    return fk_report_write_file(r, "class.csv", write_class, err, errlen);
}

/* ------------------------------------------------------------------ facts.json */

static void class_medians(const class_case_t *c, double *med)
{
    double *x = malloc(c->nrows * sizeof *x);
    for (size_t f = 0; f < CLASS_FIGURES; f++) {
        size_t n = 0;
        for (size_t i = 0; x && i < c->nrows; i++)
            if (isfinite(c->rows[i].fig[f]))
                x[n++] = c->rows[i].fig[f];
        med[f] = x ? fk_stats_median(x, n) : NAN;
    }
    free(x);
}

/* [value, apart, class median] of figure f: the words show the median where it stands apart */
static cJSON *figure(const class_row_t *row, size_t f, const double *med)
{
    cJSON *o = cJSON_CreateObject();
    fk_facts_num(o, "value", row->fig[f]);
    cJSON_AddBoolToObject(o, "apart", row->apart[f]);
    fk_facts_num(o, "class_median", med[f]);
    return o;
}

static cJSON *json_row(const class_case_t *c, const class_row_t *row, const double *med)
{
    const fk_report_group_t *h = row_group(c, row);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "host", h->host);
    cJSON_AddStringToObject(o, "cpu_model", fk_report_context(h->first, "cpu_model"));
    cJSON_AddNumberToObject(o, "cpus", h->cpus);
    cJSON_AddItemToObject(o, "serial_s", figure(row, 0, med));
    cJSON *sp = cJSON_AddArrayToObject(o, "speedup"), *kib = cJSON_AddArrayToObject(o, "extra_kib");
    for (size_t k = 0; k < c->nmodels; k++) {
        cJSON_AddItemToArray(sp, figure(row, 1 + k, med));
        cJSON_AddItemToArray(kib, figure(row, 1 + CLASS_MODELS + k, med));
    }
    return o;
}

static void json_case(const fk_report_t *r, class_case_t *c, void *arg)
{
    const fk_report_group_t *g = c->first;
    char name[512], path[4096 + 512];
    double med[CLASS_FIGURES];
    class_medians(c, med);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kernel", g->kernel);
    cJSON_AddStringToObject(o, "variant", g->variant);
    cJSON_AddStringToObject(o, "class", g->class_name);
    cJSON_AddItemToObject(o, "models", cJSON_CreateStringArray(c->models, (int)c->nmodels));
    cJSON *rows = cJSON_AddArrayToObject(o, "rows");
    for (size_t i = 0; i < c->nrows; i++)
        cJSON_AddItemToArray(rows, json_row(c, &c->rows[i], med));
    snprintf(name, sizeof name, "class-%s-%s-%s-speedup.png", g->kernel, g->variant, g->class_name);
    snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
    if (r->plotted && access(path, R_OK) == 0)
        cJSON_AddStringToObject(o, "plot", name);
    else
        cJSON_AddNullToObject(o, "plot");
    cJSON_AddItemToArray(arg, o);
}

cJSON *fk_facts_class(const fk_report_t *r)
{
    if (!fk_report_several_hosts(r))
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "workers", CLASS_W);
    cJSON_AddNumberToObject(o, "floor_pct", 100.0 * CLASS_FLOOR);
    for_each_case(r, json_case, cJSON_AddArrayToObject(o, "cases"));
    return o;
}
