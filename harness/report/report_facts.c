/* SPDX-License-Identifier: MIT */
/* report_facts.c: DIR/facts.json (report_facts.h): the run's counts, and per case (host,
 * kernel, variant, class) its groups and comparisons with every figure the words quote. The
 * numbers are the ones summary.csv and comparisons.csv hold, plus those computed from them
 * here (memory per extra worker, start-up over serial, ratios), so that the words need no
 * arithmetic. Written with cJSON (Debian libcjson-dev): no JSON escaping by hand. */
#include "harness/report/report_facts.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/base/role.h"
#include "harness/report/report_class.h"
#include "harness/report/report_bench.h"
#include "harness/report/report_compare.h"
#include "harness/report/report_spawn.h"
#include "harness/report/report_table.h"
#include "kernels/common/util.h"

void fk_facts_num(cJSON *o, const char *name, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, name, v);
    else
        cJSON_AddNullToObject(o, name);
}

void fk_facts_role(cJSON *o, const char *name, const char *model)
{
    static const char *const words[] = {"one",  "processes", "threads",
                                        "both", "ranks",     "ranks_threads"};
    int role = fk_model_role(model);
    if (role >= 0 && (size_t)role < sizeof words / sizeof *words)
        cJSON_AddStringToObject(o, name, words[role]);
    else
        cJSON_AddNullToObject(o, name);
}

/* Workers that can run at once: the cores when oversubscribed. */
static int usable_workers(const fk_report_group_t *g)
{
    return g->cpus > 0 && g->workers > g->cpus ? g->cpus : g->workers;
}

/* 1 when a parallel group fell short, where its CI says so: the speedup's whole CI below 1
 * (slower_than_serial), or below half of what the usable cores allow. */
static int falls_short(const fk_report_group_t *g)
{
    return g->baseline && g->runs && g->workers >= 2 && !isnan(g->speedup) &&
           (g->slower_than_serial || g->speedup_hi < 0.5 * usable_workers(g));
}

/* summary.csv's columns of g, by the same names: numbers (null where undefined) and text. */
static void summary_columns(cJSON *o, const fk_report_group_t *g)
{
    size_t n;
    const fk_col_t *cols = fk_report_summary_cols(&n);
    for (size_t i = 0; i < n; i++)
        if (fk_col_is_text(&cols[i]))
            cJSON_AddStringToObject(o, cols[i].header, fk_col_text(&cols[i], g));
        else
            fk_facts_num(o, cols[i].header, fk_col_value(&cols[i], g));
}

cJSON *fk_facts_group(const fk_report_t *r, const fk_report_group_t *g)
{
    cJSON *o = cJSON_CreateObject();
    summary_columns(o, g);
    fk_facts_role(o, "role", g->model);
    cJSON_AddBoolToObject(o, "plain", fk_report_plain(g));
    cJSON_AddBoolToObject(o, "too_few", g->runs < 6); /* no 95% interval of the median */
    cJSON_AddBoolToObject(o, "baseline", g->baseline == g);
    cJSON_AddStringToObject(o, "failure", g->failure ? g->failure : "");
    fk_facts_num(o, "cv_pct", 100.0 * g->wall.cv);
    fk_facts_num(o, "ci_level_pct", 100.0 * g->ci_level);
    fk_facts_num(o, "page_faults", g->counter[FK_RC_MINFLT] + g->counter[FK_RC_MAJFLT]);
    fk_facts_num(o, "extra_worker_kib", fk_report_extra_worker_kib(r, g));
    fk_facts_startup(o, r, g);
    fk_facts_group_claims(o, r, g);
    cJSON_AddBoolToObject(o, "slower_than_serial", g->slower_than_serial);
    cJSON_AddNumberToObject(o, "usable_workers", usable_workers(g));
    cJSON_AddBoolToObject(o, "falls_short", falls_short(g));
    fk_facts_num(o, "share_of_usable_pct",
                 g->workers > 1 ? 100.0 * g->speedup / usable_workers(g) : NAN);
    fk_facts_cause(o, r, g);
    return o;
}

static const char *verdict_word(int verdict)
{
    static const char *const words[] = {"a_faster", "b_faster", "same", "undecided"};
    return verdict >= 0 && verdict <= FK_VERDICT_UNDECIDED ? words[verdict] : "undecided";
}

/* first: the case's first group, to which a_group and b_group count. */
static cJSON *comparison(const fk_report_comparison_t *c, const fk_report_group_t *first)
{
    cJSON *o = cJSON_CreateObject();
    int pure = fk_model_role(c->a->model) == FK_ROLE_PROCESSES;
    cJSON_AddStringToObject(o, "kind", pure ? "processes_threads" : "hybrid");
    cJSON_AddStringToObject(o, "a", c->a->label);
    cJSON_AddStringToObject(o, "b", c->b->label);
    cJSON_AddNumberToObject(o, "a_group", (double)(c->a - first));
    cJSON_AddNumberToObject(o, "b_group", (double)(c->b - first));
    cJSON_AddNumberToObject(o, "workers", c->a->workers);
    cJSON_AddBoolToObject(o, "oversubscribed", fk_report_oversubscribed(c->a));
    cJSON_AddStringToObject(o, "verdict", verdict_word(c->verdict));
    cJSON_AddStringToObject(o, "text", c->text);
    fk_facts_num(o, "shift_pct", c->shift_pct);
    fk_facts_num(o, "ci_lo_pct", c->ci_lo_pct);
    fk_facts_num(o, "ci_hi_pct", c->ci_hi_pct);
    fk_facts_ratio(o, c);
    fk_facts_copy_on_write(o, c);
    return o;
}

/* MPI ranks against the processes' pool at each worker count both ran: the time ratio. */
static void ranks_vs_processes(cJSON *o, const fk_report_t *r, size_t i, size_t j)
{
    cJSON *list = cJSON_AddArrayToObject(o, "ranks_vs_processes");
    for (size_t k = i; k < j; k++) {
        const fk_report_group_t *m = &r->groups[k];
        const fk_report_group_t *f =
            fk_report_find(r, m, fk_model_with_role(FK_ROLE_PROCESSES), m->workers);
        if (fk_model_role(m->label) != FK_ROLE_RANKS || !f || !f->runs || !m->runs)
            continue;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "workers", m->workers);
        cJSON_AddStringToObject(x, "ranks", m->label);
        cJSON_AddStringToObject(x, "processes", f->label);
        fk_facts_num(x, "ranks_median_s", m->wall.median);
        fk_facts_num(x, "processes_median_s", f->wall.median);
        fk_facts_num(x, "ratio", m->wall.median / f->wall.median);
        cJSON_AddItemToArray(list, x);
    }
}

/* The case's plots that were drawn, in report.md's order: [what, file] pairs. */
static void case_plots(cJSON *o, const fk_report_t *r, const fk_report_group_t *g)
{
    static const char *const what[] = {"time",       "runs",   "speedup",
                                       "efficiency", "memory", "memory-others"};
    char name[512], path[4096 + 512];
    cJSON *plots = cJSON_AddArrayToObject(o, "plots");
    for (size_t i = 0; r->plotted && i < sizeof what / sizeof *what; i++) {
        fk_report_plot_name(r, g, what[i], name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
        if (access(path, R_OK) == 0) {
            const char *pair[] = {what[i], name};
            cJSON_AddItemToArray(plots, cJSON_CreateStringArray(pair, 2));
        }
    }
}

/* The parallel group of the case with the lowest speedup against its usable workers (an
 * index into the case's groups), or null. */
static void case_worst(cJSON *o, const fk_report_t *r, size_t i, size_t j)
{
    const fk_report_group_t *worst = NULL;
    for (size_t k = i; k < j; k++) {
        const fk_report_group_t *g = &r->groups[k];
        if (g->workers > 1 && !isnan(g->speedup) &&
            (!worst || g->speedup / usable_workers(g) < worst->speedup / usable_workers(worst)))
            worst = g;
    }
    if (worst)
        cJSON_AddNumberToObject(o, "worst", (double)(worst - &r->groups[i]));
    else
        cJSON_AddNullToObject(o, "worst");
}

/* The case of groups i..j-1. */
static cJSON *case_json(const fk_report_t *r, size_t i, size_t j)
{
    const fk_report_group_t *g = &r->groups[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "host", g->host);
    cJSON_AddStringToObject(o, "kernel", g->kernel);
    cJSON_AddStringToObject(o, "variant", g->variant);
    cJSON_AddStringToObject(o, "class", g->class_name);
    cJSON_AddBoolToObject(o, "spawn", fk_report_is_spawn(g));
    cJSON_AddBoolToObject(o, "has_baseline", g->baseline != NULL);
    cJSON *groups = cJSON_AddArrayToObject(o, "groups");
    for (size_t k = i; k < j; k++)
        cJSON_AddItemToArray(groups, fk_facts_group(r, &r->groups[k]));
    cJSON *list = cJSON_AddArrayToObject(o, "comparisons");
    for (size_t k = 0; k < r->ncomparisons; k++)
        if (r->comparisons[k].a >= &r->groups[i] && r->comparisons[k].a < &r->groups[j])
            cJSON_AddItemToArray(list, comparison(&r->comparisons[k], g));
    ranks_vs_processes(o, r, i, j);
    case_plots(o, r, g);
    case_worst(o, r, i, j);
    return o;
}

static void head(cJSON *o, const fk_report_t *r, const char *const *files, size_t nfiles)
{
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&now, &tm));
    cJSON_AddNumberToObject(o, "schema", FK_FACTS_SCHEMA);
    cJSON_AddStringToObject(o, "generated", when);
    cJSON_AddItemToObject(o, "inputs", cJSON_CreateStringArray(files, (int)nfiles));
    cJSON_AddNumberToObject(o, "runs", (double)r->nruns);
    cJSON_AddNumberToObject(o, "verified", (double)r->nok);
    cJSON_AddNumberToObject(o, "failed", (double)(r->nruns - r->nok));
    cJSON_AddNumberToObject(o, "groups", (double)r->ngroups);
    cJSON_AddBoolToObject(o, "several_hosts", fk_report_several_hosts(r));
    cJSON_AddBoolToObject(o, "plotted", r->plotted);
    fk_facts_num(o, "verdict_margin_pct", FK_VERDICT_MARGIN_PCT);
    cJSON *models = cJSON_AddObjectToObject(o, "models"); /* the first model of each role */
    for (int role = FK_ROLE_ONE; role <= FK_ROLE_RANKS_THREADS; role++) {
        const char *m = fk_model_with_role(role);
        if (m)
            fk_facts_role(models, m, m); /* name: role */
    }
}

/* The mean ratio of processes' to threads' memory over the fork/omp comparisons, by RSS sums
 * (by_pss 0) or by PSS sums (1); NaN when there is none. */
static double memory_ratio(const fk_report_t *r, int by_pss)
{
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->ncomparisons; i++) {
        const fk_report_comparison_t *c = &r->comparisons[i];
        double a = by_pss ? c->a->counter[FK_RC_PSS] : c->a->rss_sum_kib;
        double b = by_pss ? c->b->counter[FK_RC_PSS] : c->b->rss_sum_kib;
        if (fk_model_role(c->a->model) != FK_ROLE_PROCESSES || c->kind != FK_KIND_MODELS ||
            !(a > 0) || !(b > 0))
            continue;
        sum += a / b;
        n++;
    }
    return n ? sum / (double)n : NAN;
}

/* Over every comparison of processes and threads: the verdicts counted, the mean memory
 * ratios, and the groups that fell short. */
static void overall(cJSON *o, const fk_report_t *r)
{
    size_t n[FK_VERDICT_UNDECIDED + 1] = {0}, shorts = 0;
    for (size_t k = 0; k < r->ncomparisons; k++)
        if (fk_model_role(r->comparisons[k].a->model) == FK_ROLE_PROCESSES &&
            r->comparisons[k].kind == FK_KIND_MODELS && r->comparisons[k].verdict >= 0 &&
            r->comparisons[k].verdict <= FK_VERDICT_UNDECIDED)
            n[r->comparisons[k].verdict]++;
    for (size_t i = 0; i < r->ngroups; i++)
        shorts += !fk_report_is_spawn(&r->groups[i]) && falls_short(&r->groups[i]);
    cJSON *x = cJSON_AddObjectToObject(o, "overall");
    cJSON_AddNumberToObject(x, "comparisons", (double)(n[0] + n[1] + n[2] + n[3]));
    for (int v = 0; v <= FK_VERDICT_UNDECIDED; v++)
        cJSON_AddNumberToObject(x, verdict_word(v), (double)n[v]);
    fk_facts_num(x, "memory_ratio_pss", memory_ratio(r, 1));
    fk_facts_num(x, "memory_ratio_rss", memory_ratio(r, 0));
    cJSON_AddNumberToObject(x, "fell_short", (double)shorts);
}

static cJSON *facts(const fk_report_t *r, const char *const *files, size_t nfiles)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    head(o, r, files, nfiles);
    cJSON *cases = cJSON_AddArrayToObject(o, "cases");
    for (size_t i = 0, j; i < r->ngroups; i = j) {
        j = fk_report_case_end(r, i);
        cJSON_AddItemToArray(cases, case_json(r, i, j));
    }
    cJSON_AddItemToObject(o, "answer", fk_facts_answer(r));
    cJSON_AddItemToObject(o, "hosts", fk_facts_hosts(r));
    cJSON_AddItemToObject(o, "warnings", fk_facts_warnings(r));
    cJSON_AddItemToObject(o, "control", fk_facts_controls(r));
    cJSON_AddItemToObject(o, "spawn", fk_facts_spawn(r));
    cJSON_AddItemToObject(o, "class", fk_facts_class(r));
    cJSON_AddItemToObject(o, "hyperfine", fk_facts_hyperfine(r));
    overall(o, r);
    return o;
}

/* Writes text to path through path.tmp and a rename, so a reader never sees half of it. */
static int write_atomic(const char *path, const char *text, char *err, size_t errlen)
{
    char tmp[4096 + 32];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return fk_err(err, errlen, "%s: %s", tmp, strerror(errno));
    fputs(text, f);
    fputc('\n', f);
    if ((ferror(f) | fclose(f)) || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return fk_err(err, errlen, "%s: %s", path, strerror(e));
    }
    return 0;
}

int fk_facts_write(const fk_report_t *r, const char *const *files, size_t nfiles, char *err,
                   size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/facts.json", r->out_dir);
    cJSON *o = facts(r, files, nfiles);
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return fk_err(err, errlen, "%s: out of memory", path);
    int rc = write_atomic(path, text, err, errlen);
    cJSON_free(text);
    return rc;
}
