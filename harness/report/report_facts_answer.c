/* report_facts_answer.c: the "answer" object of facts.json (report_facts.h): for every kernel
 * in the data (not only the lab's), its answer case and the comparison of processes against
 * threads there; the start-up costs of `forkomp spawn` against one task; Python's threads
 * against its processes from compare.csv, with the verdict decided here, once: a side is
 * faster only when every one of its runs beat every run of the other. */
#include <cJSON.h>
#include <math.h>
#include <string.h>

#include "harness/models/role.h"
#include "harness/report/report_answer.h"
#include "harness/report/report_compare.h"
#include "harness/report/report_facts.h"

/* The processes-against-threads comparison of the case at i at workers (0: any, the fewest
 * workers); NULL when none. */
static const fk_report_comparison_t *case_comparison(const fk_report_t *r, size_t i, int workers)
{
    const fk_report_comparison_t *best = NULL;
    for (size_t k = 0; k < r->ncomparisons; k++) {
        const fk_report_comparison_t *c = &r->comparisons[k];
        if (!fk_report_same_case(c->a, &r->groups[i]) || strcmp(c->a->label, c->a->model) ||
            fk_model_role(c->a->model) != FK_ROLE_PROCESSES)
            continue;
        if (workers ? c->a->workers == workers : !best || c->a->workers < best->a->workers)
            best = c;
    }
    return best;
}

/* The answer case of the kernel of group i: on the host that ran it first, the first case
 * compared at FK_FACTS_ANSWER_W workers, else the first compared at all, else the first. */
static size_t kernel_case(const fk_report_t *r, size_t i, const fk_report_comparison_t **c)
{
    const fk_report_group_t *g = &r->groups[i];
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = i; k < r->ngroups; k = fk_report_case_end(r, k)) {
            const fk_report_group_t *h = &r->groups[k];
            if (strcmp(h->kernel, g->kernel) || strcmp(h->host, g->host))
                continue;
            if ((*c = case_comparison(r, k, pass == 0 ? FK_FACTS_ANSWER_W : 0)))
                return k;
        }
    *c = NULL;
    return i;
}

/* The index in facts.json's "cases" of the case at group k. */
static size_t case_index(const fk_report_t *r, size_t k)
{
    size_t n = 0;
    for (size_t i = 0; i < k; i = fk_report_case_end(r, i))
        n++;
    return n;
}

/* 1 when group i's kernel appeared in an earlier case. */
static int kernel_seen(const fk_report_t *r, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(r->groups[k].kernel, r->groups[i].kernel) == 0)
            return 1;
    return 0;
}

static cJSON *answer_case(const fk_report_t *r, size_t i)
{
    const fk_report_comparison_t *c;
    size_t k = kernel_case(r, i, &c);
    const fk_report_group_t *g = &r->groups[k], *s = g->baseline;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "host", g->host);
    cJSON_AddStringToObject(o, "kernel", g->kernel);
    cJSON_AddStringToObject(o, "variant", g->variant);
    cJSON_AddStringToObject(o, "class", g->class_name);
    cJSON_AddNumberToObject(o, "case", (double)case_index(r, k));
    cJSON_AddNumberToObject(o, "workers", c ? c->a->workers : FK_FACTS_ANSWER_W);
    double t = s && s->runs && s->tasks > 0 ? s->wall.median / s->tasks : NAN;
    fk_facts_num(o, "task_s", t);
    return o;
}

static void startup(cJSON *o, const fk_answer_t *a, const cJSON *task)
{
    double task_s = task ? cJSON_GetNumberValue(cJSON_GetObjectItem(task, "task_s")) : NAN;
    const fk_report_group_t *p = a->spawn_fork, *t = a->spawn_thread;
    if (!p || !t) {
        cJSON_AddNullToObject(o, "startup");
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, "startup");
    fk_facts_num(x, "process_s", p->per_op_s);
    fk_facts_num(x, "thread_s", t->per_op_s);
    fk_facts_num(x, "ratio", p->per_op_s / t->per_op_s);
    cJSON *t_case = task ? cJSON_AddObjectToObject(x, "task") : NULL;
    for (const char *const *k = (const char *const[]){"kernel", "variant", "class", "task_s", 0};
         t_case && *k; k++)
        cJSON_AddItemToObject(t_case, *k, cJSON_Duplicate(cJSON_GetObjectItem(task, *k), 1));
    if (!task)
        cJSON_AddNullToObject(x, "task");
    fk_facts_num(x, "process_per_task_pct", 100.0 * p->per_op_s / task_s);
}

static void timing(cJSON *o, const char *name, const fk_answer_timing_t *t, const char *label)
{
    cJSON *x = cJSON_AddObjectToObject(o, name);
    cJSON_AddStringToObject(x, "label", label);
    fk_facts_num(x, "median_s", t->median_s);
    fk_facts_num(x, "min_s", t->min_s);
    fk_facts_num(x, "max_s", t->max_s);
    cJSON_AddNumberToObject(x, "runs", t->runs);
}

/* compare.csv keeps hyperfine's summary, not each run, so no interval can be computed: the
 * verdict is said only when the two sets of runs do not overlap at all. */
static void python(cJSON *o, const fk_answer_python_t *py)
{
    const fk_answer_timing_t *p = &py->procs, *t = &py->threads;
    if (isnan(p->median_s) || isnan(t->median_s)) {
        cJSON_AddNullToObject(o, "python");
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, "python");
    timing(x, "processes", p, py->procs_label);
    timing(x, "threads", t, py->threads_label);
    int overlap = p->max_s >= t->min_s && t->max_s >= p->min_s, procs = p->max_s < t->min_s;
    if (overlap)
        cJSON_AddNullToObject(x, "faster");
    else
        cJSON_AddStringToObject(x, "faster", procs ? "processes" : "threads");
    /* how many times the slower median the faster one is */
    double ratio = procs ? t->median_s / p->median_s : p->median_s / t->median_s;
    fk_facts_num(x, "ratio", ratio);
    fk_facts_num(x, "more_pct", 100.0 * (ratio - 1.0));
    fk_facts_num(x, "serial_median_s", py->serial.median_s);
    fk_facts_num(x, "threads_speedup", py->serial.median_s / t->median_s);
    fk_facts_num(x, "processes_speedup", py->serial.median_s / p->median_s);
}

cJSON *fk_facts_answer(const fk_report_t *r)
{
    fk_answer_t a;
    const cJSON *task = NULL; /* the first answer case with a task time */
    cJSON *o = cJSON_CreateObject();
    fk_answer_find(r, &a);
    cJSON_AddNumberToObject(o, "workers", FK_FACTS_ANSWER_W);
    cJSON *cases = cJSON_AddArrayToObject(o, "cases");
    for (size_t i = 0; i < r->ngroups; i = fk_report_case_end(r, i))
        if (!fk_report_is_spawn(&r->groups[i]) && !kernel_seen(r, i))
            cJSON_AddItemToArray(cases, answer_case(r, i));
    cJSON *c;
    cJSON_ArrayForEach(c, cases) if (!task && cJSON_IsNumber(cJSON_GetObjectItem(c, "task_s")))
        task = c;
    startup(o, &a, task);
    python(o, &a.py);
    return o;
}
