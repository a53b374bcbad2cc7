/* SPDX-License-Identifier: MIT */
/* report_cause.c: the cause of a group's time beyond the ideal (see report_cause.h), and the
 * load averages of a host that tell whether the load warning fired (report.h). */
#include "harness/report/report_cause.h"
#include "harness/base/role.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last answer of fk_report_load_range: the report asks it per group and section, and
 * each asking scans every run (a million-row report spent 15% of its time here). */
static struct {
    const fk_report_t *r;
    const fk_report_run_t *runs;
    size_t nruns;
    const char *host;
    fk_report_load_t l;
} last_range;

void fk_report_load_range(const fk_report_t *r, const char *host, fk_report_load_t *l)
{
    if (last_range.r == r && last_range.runs == r->runs && last_range.nruns == r->nruns &&
        last_range.host && strcmp(last_range.host, host) == 0) {
        *l = last_range.l;
        return;
    }
    const char *first_ts = NULL;
    const fk_report_run_t *first = NULL;
    fk_report_col_t load, stamp;
    memset(l, 0, sizeof *l);
    fk_report_col_find(r, "loadavg", &load);
    fk_report_col_find(r, "timestamp", &stamp);
    for (size_t i = 0; i < r->nruns; i++) {
        if (strcmp(r->runs[i].host, host))
            continue;
        const char *s = fk_report_col_value(r, &load, &r->runs[i]);
        const char *ts = fk_report_col_value(r, &stamp, &r->runs[i]);
        char *end;
        double v = strtod(s, &end);
        if (end == s)
            continue;
        if (l->n == 0 || v < l->lo)
            l->lo = v;
        if (l->n == 0 || v > l->hi)
            l->hi = v;
        int c = l->n++ == 0 ? -1 : strcmp(ts, first_ts); /* ISO 8601 sorts as text */
        if (c < 0 || (c == 0 && r->runs[i].table == first->table && r->runs[i].row < first->row)) {
            first_ts = ts; /* within a second, a file's rows are in the order they ran */
            first = &r->runs[i];
            l->first = v;
        }
    }
    last_range.r = r, last_range.runs = r->runs, last_range.nruns = r->nruns;
    last_range.host = host, last_range.l = *l;
}

int fk_report_host_loaded(const fk_report_t *r, const char *host)
{
    fk_report_load_t l;
    fk_report_load_range(r, host, &l);
    return l.n && l.first >= FK_REPORT_LOAD_WARN;
}

double fk_report_spawn_cost(const fk_report_t *r, const char *host, const char *mechanism)
{
    const fk_report_group_t *best = NULL;
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        if (fk_report_is_spawn(s) && !strcmp(s->host, host) && !strcmp(s->variant, mechanism) &&
            !isnan(s->per_op_s) &&
            (!best || s->workers < best->workers ||
             (s->workers == best->workers && !strcmp(s->class_name, "base"))))
            best = s;
    }
    return best ? best->per_op_s : NAN;
}

/* What starting g's workers costs by the spawn rows: a fork per process, a thread per
 * thread beyond each process's own; NaN for ranks (mpirun is not measured) or no data. */
static double startup_cost(const fk_report_t *r, const fk_report_group_t *g)
{
    double fork = fk_report_spawn_cost(r, g->host, "fork");
    double thread = fk_report_spawn_cost(r, g->host, "pthread");
    int procs = g->procs > 0 ? g->procs : 1, threads = g->threads > 0 ? g->threads : 1;
    switch (fk_model_role(g->model)) {
    case FK_ROLE_PROCESSES:
        return g->workers * fork;
    case FK_ROLE_THREADS:
        return (g->workers - 1) * thread;
    case FK_ROLE_BOTH:
        return procs * fork + procs * (threads - 1) * thread;
    default:
        return NAN;
    }
}

void fk_report_cause(const fk_report_t *r, const fk_report_group_t *g, fk_report_cause_t *c)
{
    int usable = g->cpus > 0 && g->workers > g->cpus ? g->cpus : g->workers;
    c->ideal_s = g->baseline->wall.median / usable;
    c->excess_s = g->wall.median - c->ideal_s;
    c->spawn_s = startup_cost(r, g);
    c->busy_max_s = g->counter[FK_RC_BUSY_MAX];
    c->busy_min_s = g->counter[FK_RC_BUSY_MIN];
    double ratio = c->busy_max_s / c->busy_min_s; /* inf when a worker got nothing */
    if (c->excess_s < FK_CAUSE_NEAR * c->ideal_s)
        c->cause = FK_CAUSE_NONE;
    else if (fk_report_host_loaded(r, g->host))
        c->cause = FK_CAUSE_LOAD;
    else if (c->spawn_s >= FK_CAUSE_SHARE * c->excess_s) /* false for NaN */
        c->cause = FK_CAUSE_STARTUP;
    else if (ratio >= FK_CAUSE_IMBALANCED &&
             c->busy_max_s - c->ideal_s >= FK_CAUSE_SHARE * c->excess_s)
        c->cause = FK_CAUSE_IMBALANCE;
    else
        c->cause = FK_CAUSE_UNEXPLAINED;
}
