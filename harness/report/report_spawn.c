/* SPDX-License-Identifier: MIT */
/* report_spawn.c: facts.json's "spawn" (see report_spawn.h): `forkomp spawn`'s rows are costs
 * per operation, not kernel timings, so the generic sections and plots leave them out; here
 * they are set against the work per task of the kernels in the same data, the granularity
 * question of the lab (a 9 ms task cannot afford a 2 ms fork + exec per task; a 200 ms one
 * can). harness/words/words_spawn.py words them. */
#include "harness/report/report_spawn.h"

#include <cJSON.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "harness/base/role.h"
#include "harness/report/report_facts.h"
#include "harness/report/report_plot.h"

#define SPAWN_MAX_CASES 8 /* share columns in the table; more cases are listed below it */

/* The work of one task of a kernel's case: its serial median / tasks; NaN when unknown. */
static double task_time(const fk_report_group_t *g)
{
    if (!g || g->runs == 0 || g->tasks <= 0)
        return NAN;
    return g->wall.median / g->tasks;
}

/* The serial groups of the kernels (not spawn) on host, one per case (the first: unpinned
 * sorts first), with a known time per task. Returns how many (at most max). */
static size_t work_cases(const fk_report_t *r, const char *host, const fk_report_group_t **out,
                         size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->ngroups && n < max; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (fk_report_is_spawn(g) || strcmp(g->host, host) ||
            fk_model_role(g->model) != FK_ROLE_ONE || isnan(task_time(g)) ||
            (n && fk_report_same_case(out[n - 1], g)))
            continue;
        out[n++] = g;
    }
    return n;
}

/* A cost as a share of a task's work: the ratio, as a percentage, and whether it is
 * FK_REPORT_SPAWN_MUCH or more. */
static cJSON *share(double cost, double task)
{
    cJSON *o = cJSON_CreateObject();
    fk_facts_num(o, "ratio", cost / task);
    fk_facts_num(o, "pct", 100.0 * cost / task);
    cJSON_AddBoolToObject(o, "much", cost / task >= FK_REPORT_SPAWN_MUCH);
    return o;
}

static cJSON *mechanism(const fk_report_group_t *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "mechanism", s->variant);
    cJSON_AddStringToObject(o, "side", s->model);
    cJSON_AddStringToObject(o, "parent", s->class_name);
    cJSON_AddNumberToObject(o, "workers", s->workers);
    cJSON_AddNumberToObject(o, "runs", (double)s->runs);
    cJSON_AddNumberToObject(o, "failed", (double)s->failed);
    fk_facts_num(o, "per_op_s", s->per_op_s);
    fk_facts_num(o, "per_op_min_s", s->per_op_min);
    return o;
}

/* One kernel case: its work per task, the mechanisms that cost FK_REPORT_SPAWN_MUCH or
 * more of it, and the cheapest process-side operation (a pool's round trip). */
static cJSON *work_case(const fk_report_t *r, const fk_report_group_t *w, int ntable)
{
    double task = task_time(w);
    const fk_report_group_t *cheap = NULL;
    cJSON *o = cJSON_CreateObject(), *much = cJSON_AddArrayToObject(o, "much");
    cJSON_AddStringToObject(o, "kernel", w->kernel);
    cJSON_AddStringToObject(o, "variant", w->variant);
    cJSON_AddStringToObject(o, "class", w->class_name);
    fk_facts_num(o, "task_s", task);
    fk_facts_num(o, "serial_median_s", w->wall.median);
    cJSON_AddNumberToObject(o, "tasks", w->tasks);
    cJSON_AddBoolToObject(o, "in_table", ntable);
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        if (!fk_report_is_spawn(s) || strcmp(s->host, w->host) || isnan(s->per_op_s))
            continue;
        if (strcmp(s->model, "process") == 0 && (!cheap || s->per_op_s < cheap->per_op_s))
            cheap = s;
        if (s->per_op_s / task < FK_REPORT_SPAWN_MUCH)
            continue;
        cJSON *m = mechanism(s);
        cJSON_AddItemToObject(m, "share", share(s->per_op_s, task));
        cJSON_AddItemToArray(much, m);
    }
    cJSON *c = cheap ? mechanism(cheap) : cJSON_CreateNull();
    if (cheap)
        cJSON_AddItemToObject(c, "share", share(cheap->per_op_s, task));
    cJSON_AddItemToObject(o, "cheapest_process", c);
    return o;
}

static cJSON *host_part(const fk_report_t *r, const char *host)
{
    const fk_report_group_t *cases[64];
    size_t n = work_cases(r, host, cases, sizeof cases / sizeof *cases);
    size_t shown = n < SPAWN_MAX_CASES ? n : SPAWN_MAX_CASES;
    cJSON *o = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(o, "mechanisms");
    cJSON *work = cJSON_AddArrayToObject(o, "work");
    cJSON_AddStringToObject(o, "host", host);
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        if (!fk_report_is_spawn(s) || strcmp(s->host, host))
            continue;
        cJSON *m = mechanism(s), *shares = cJSON_AddArrayToObject(m, "shares");
        for (size_t k = 0; k < shown; k++) /* one per work case in the table */
            cJSON_AddItemToArray(shares, share(s->per_op_s, task_time(cases[k])));
        cJSON_AddItemToArray(rows, m);
    }
    for (size_t k = 0; k < n; k++)
        cJSON_AddItemToArray(work, work_case(r, cases[k], k < shown));
    return o;
}

cJSON *fk_facts_spawn(const fk_report_t *r)
{
    const char *done[16];
    size_t ndone = 0;
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        size_t k = 0;
        if (!fk_report_is_spawn(s))
            continue;
        while (k < ndone && strcmp(done[k], s->host))
            k++;
        if (k < ndone || ndone == sizeof done / sizeof *done)
            continue;
        done[ndone++] = s->host;
        cJSON_AddItemToArray(list, host_part(r, s->host));
    }
    return list;
}
