/* SPDX-License-Identifier: MIT */
/* report_facts_warn.c: facts.json's "warnings" (report_facts.h): each a kind and its figures,
 * decided here once: a host name carrying several machines, the context of each host's
 * first run (frequency governor, unoptimised or sanitized build, load at the first run),
 * oversubscribed worker counts, failed runs, noisy groups and groups too small for a 95%
 * interval. harness/words/ words them. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "harness/engine/container.h"
#include "harness/engine/csv.h"
#include "harness/report/report_class.h"
#include "harness/report/report_facts.h"

#define NOISY_CV 0.10  /* a coefficient of variation above this is warned about */
#define FULL_CI_RUNS 6 /* fewer runs give no distribution-free 95% interval of the median */

static cJSON *warning(cJSON *list, const char *kind, const char *host)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", kind);
    if (host)
        cJSON_AddStringToObject(o, "host", host);
    cJSON_AddItemToArray(list, o);
    return o;
}

static void machines(cJSON *list, const fk_report_t *r)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        const char *host = r->groups[i].host;
        fk_report_machines_t m;
        if (i > 0 && strcmp(r->groups[i - 1].host, host) == 0)
            continue; /* groups are sorted by host */
        fk_report_machines(r, host, &m);
        if (m.n < 2)
            continue;
        cJSON *o = warning(list, "machines", host), *ms = cJSON_AddArrayToObject(o, "machines");
        for (size_t k = 0; k < m.n; k++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "cpu_model", m.cpu[k]);
            cJSON_AddNumberToObject(x, "cpus", m.cpus[k]);
            cJSON_AddStringToObject(x, "file", m.file[k]);
            cJSON_AddItemToArray(ms, x);
        }
        cJSON_AddNumberToObject(o, "more", (double)m.more);
    }
}

static int cflags_optimised(const char *cflags)
{
    return !*cflags || ((strstr(cflags, "-O2") || strstr(cflags, "-O3") ||
                         strstr(cflags, "-Ofast") || strstr(cflags, "-Os")) &&
                        !strstr(cflags, "-O0"));
}

/* As Google Benchmark warns: once per host and kind, from the host's first run. */
static void context(cJSON *list, const fk_report_t *r, const fk_report_run_t *run)
{
    const char *h = run->host, *gov = fk_report_context(run, "governor");
    const char *cflags = fk_report_context(run, "cflags");
    fk_report_load_t l;
    if (strcmp(gov, "unknown") == 0)
        warning(list, "governor_unknown", h);
    else if (*gov && strcmp(gov, "performance"))
        cJSON_AddStringToObject(warning(list, "governor", h), "governor", gov);
    if (!cflags_optimised(cflags))
        cJSON_AddStringToObject(warning(list, "unoptimised", h), "cflags", cflags);
    if (strstr(cflags, "-fsanitize"))
        warning(list, "sanitized", h);
    const char *quota = fk_report_context(run, "cpu_quota");
    if (fk_container_quota_below(quota, atof(fk_report_context(run, "cpus")))) {
        cJSON *o = warning(list, "cpu_quota", h);
        cJSON_AddStringToObject(o, "container", fk_report_context(run, "container"));
        cJSON_AddStringToObject(o, "quota", quota);
        cJSON_AddStringToObject(o, "cpus", fk_report_context(run, "cpus"));
    }
    fk_report_load_range(r, h, &l);
    if (l.n && l.first >= FK_REPORT_LOAD_WARN)
        fk_facts_num(warning(list, "load", h), "load", l.first);
}

/* The distinct oversubscribed worker counts of each host, listed once. */
static void oversubscribed(cJSON *list, const fk_report_t *r)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++)
            dup = fk_report_oversubscribed(&r->groups[k]) && r->groups[k].workers == g->workers &&
                  strcmp(r->groups[k].host, g->host) == 0;
        if (!fk_report_oversubscribed(g) || dup)
            continue;
        cJSON *o = warning(list, "oversubscribed", g->host);
        cJSON_AddNumberToObject(o, "workers", g->workers);
        cJSON_AddNumberToObject(o, "cpus", g->cpus);
    }
}

static cJSON *group_warning(cJSON *list, const char *kind, const fk_report_group_t *g)
{
    cJSON *o = warning(list, kind, g->host);
    cJSON_AddStringToObject(o, "kernel", g->kernel);
    cJSON_AddStringToObject(o, "variant", g->variant);
    cJSON_AddStringToObject(o, "class", g->class_name);
    cJSON_AddStringToObject(o, "label", g->label);
    cJSON_AddNumberToObject(o, "workers", g->workers);
    return o;
}

static void groups(cJSON *list, const fk_report_t *r)
{
    size_t small = 0;
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (g->failed) {
            cJSON *o = group_warning(list, "failed", g);
            cJSON_AddNumberToObject(o, "failed", (double)g->failed);
            cJSON_AddNumberToObject(o, "total", (double)(g->failed + g->runs));
            cJSON_AddStringToObject(o, "failure", g->failure ? g->failure : "");
        }
        if (g->runs >= 2 && g->wall.cv > NOISY_CV && !fk_report_is_spawn(g))
            fk_facts_num(group_warning(list, "noisy", g), "cv_pct", 100.0 * g->wall.cv);
        small += g->runs > 0 && g->runs < FULL_CI_RUNS && !fk_report_is_spawn(g);
    }
    if (small)
        cJSON_AddNumberToObject(warning(list, "few_runs", NULL), "groups", (double)small);
}

/* Noise: the runs measured beside another forkomp (others_measuring), and per group (the
 * controls' too) the runs other processes disturbed (disturbed). */
static void noise(cJSON *list, const fk_report_t *r)
{
    size_t beside = 0;
    cJSON *groups = NULL;
    for (size_t i = 0; i < r->nruns; i++)
        beside += r->runs[i].others_measuring > 0;
    if (beside)
        cJSON_AddNumberToObject(warning(list, "others_measuring", NULL), "runs", (double)beside);
    for (size_t i = 0; i < r->ngroups + r->ncontrols; i++) {
        const fk_report_group_t *g = &r->groups[i]; /* the controls follow the groups */
        if (!g->disturbed)
            continue;
        if (!groups) {
            cJSON *o = warning(list, "disturbed", NULL);
            cJSON_AddNumberToObject(o, "cpus", FK_NOISE_CPUS);
            groups = cJSON_AddArrayToObject(o, "groups");
        }
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "kernel", g->kernel);
        cJSON_AddStringToObject(x, "variant", g->variant);
        cJSON_AddStringToObject(x, "class", g->class_name);
        cJSON_AddStringToObject(x, "label", g->label);
        cJSON_AddNumberToObject(x, "workers", g->workers);
        cJSON_AddNumberToObject(x, "disturbed", (double)g->disturbed);
        cJSON_AddNumberToObject(x, "runs", (double)g->runs);
        cJSON_AddItemToArray(groups, x);
    }
}

cJSON *fk_facts_warnings(const fk_report_t *r)
{
    cJSON *list = cJSON_CreateArray();
    machines(list, r);
    for (size_t i = 0; i < r->nruns; i++) /* the runs are sorted by host (report_group.c) */
        if (i == 0 || strcmp(r->runs[i - 1].host, r->runs[i].host))
            context(list, r, &r->runs[i]);
    oversubscribed(list, r);
    groups(list, r);
    noise(list, r);
    return list;
}
