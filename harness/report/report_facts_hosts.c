/* SPDX-License-Identifier: MIT */
/* report_facts_hosts.c: the hosts and warnings of facts.json (report_facts.h): per host the
 * run context (the distinct values of each context column), the load averages and its
 * plots; the warnings, each a kind with its figures (the words are harness/words/'s), and
 * the cause of each parallel group's time beyond the ideal (report_cause.h). */
#include <cJSON.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "harness/report/report_cause.h"
#include "harness/report/report_facts.h"
#include "harness/report/report_plot.h"

#define CONTEXT_SHOWN 4 /* distinct values of a context column listed; the rest counted */

/* The distinct values of a context column over host's runs; NULL when none recorded it. */
static cJSON *context_values(const fk_report_t *r, const char *host, const char *col)
{
    const char *seen[CONTEXT_SHOWN];
    size_t nseen = 0, more = 0;
    fk_report_col_t c;
    fk_report_col_find(r, col, &c);
    for (size_t i = 0; i < r->nruns; i++) {
        const char *v = fk_report_col_value(r, &c, &r->runs[i]);
        size_t k = 0;
        if (strcmp(r->runs[i].host, host) || !*v)
            continue;
        while (k < nseen && strcmp(seen[k], v))
            k++;
        if (k < nseen)
            continue;
        if (nseen < CONTEXT_SHOWN)
            seen[nseen++] = v;
        else
            more++;
    }
    if (nseen == 0)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "column", col);
    cJSON_AddItemToObject(o, "values", cJSON_CreateStringArray(seen, (int)nseen));
    cJSON_AddNumberToObject(o, "more", (double)more);
    return o;
}

static void host_context(cJSON *o, const fk_report_t *r, const char *host)
{
    static const char *const cols[] = {"cpu_model",  "cpus",        "packages", "cores",    "pus",
                                       "numa_nodes", "l2_kib",      "l3_kib",   "governor", "cc",
                                       "cflags",     "omp_runtime", "omp_env",  "gdal",     "rev",
                                       "counters",   "container",   "cpu_quota"};
    cJSON *list = cJSON_AddArrayToObject(o, "context");
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
        cJSON *v = context_values(r, host, cols[c]);
        if (v)
            cJSON_AddItemToArray(list, v);
    }
    fk_report_load_t l;
    fk_report_load_range(r, host, &l);
    if (!l.n) {
        cJSON_AddNullToObject(o, "load");
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, "load");
    fk_facts_num(x, "first", l.first);
    fk_facts_num(x, "lo", l.lo);
    fk_facts_num(x, "hi", l.hi);
    cJSON_AddBoolToObject(x, "warn", l.first >= FK_REPORT_LOAD_WARN);
}

/* The host's plots that were drawn, by what they show. */
static void host_plots(cJSON *o, const fk_report_t *r, const char *host)
{
    static const char *const what[] = {"tasksize-speedup", "spawn-granularity"};
    char name[512], path[4096 + 512];
    cJSON *plots = cJSON_AddObjectToObject(o, "plots");
    for (size_t i = 0; r->plotted && i < sizeof what / sizeof *what; i++) {
        fk_report_host_plot_name(r, host, what[i], name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
        if (access(path, R_OK) == 0)
            cJSON_AddStringToObject(plots, what[i], name);
    }
}

cJSON *fk_facts_hosts(const fk_report_t *r)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < r->ngroups; i++) {
        const char *host = r->groups[i].host;
        size_t k = 0;
        while (k < i && strcmp(r->groups[k].host, host))
            k++;
        if (k < i)
            continue; /* host already described */
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "host", host);
        host_context(o, r, host);
        host_plots(o, r, host);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

/* ------------------------------------------------------------------ causes */

void fk_facts_cause(cJSON *o, const fk_report_t *r, const fk_report_group_t *g)
{
    static const char *const words[] = {
        [FK_CAUSE_NONE] = "none",
        [FK_CAUSE_LOAD] = "load",
        [FK_CAUSE_STARTUP] = "startup",
        [FK_CAUSE_IMBALANCE] = "imbalance",
        [FK_CAUSE_UNEXPLAINED] = "unexplained",
    };
    if (!g->baseline || g->runs == 0 || g->workers < 2 || isnan(g->speedup)) {
        cJSON_AddNullToObject(o, "cause");
        return;
    }
    fk_report_cause_t c;
    fk_report_cause(r, g, &c);
    cJSON *x = cJSON_AddObjectToObject(o, "cause");
    cJSON_AddStringToObject(x, "cause", words[c.cause]);
    fk_facts_num(x, "ideal_s", c.ideal_s);
    fk_facts_num(x, "excess_s", c.excess_s);
    fk_facts_num(x, "spawn_s", c.spawn_s);
    fk_facts_num(x, "busy_max_s", c.busy_max_s);
    fk_facts_num(x, "busy_min_s", c.busy_min_s);
    fk_facts_num(x, "near_pct", 100.0 * FK_CAUSE_NEAR);
}
