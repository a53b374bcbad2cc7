/* SPDX-License-Identifier: MIT */
/* report_facts_answer.c: the "answer" object of facts.json (report_facts.h): for every kernel
 * in the data (not only the lab's), its answer case and the comparison of processes against
 * threads there; the start-up costs of `forkomp spawn` against one task; Python's threads
 * against its processes from compare.csv, with the verdict decided here, once: a side is
 * faster only when every one of its runs beat every run of the other. */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness/base/role.h"
#include "harness/report/report_compare.h"
#include "harness/report/report_facts.h"

/* One command of compare.csv: hyperfine's summary of its runs, seconds; NaN when absent. */
typedef struct {
    double median_s, min_s, max_s;
    int runs;
} fk_answer_timing_t;

/* Python's threads and processes on the lab's prime job (compare.csv). */
typedef struct {
    int found;
    fk_answer_timing_t procs, threads, serial;
    char procs_label[48], threads_label[48]; /* their labels in compare.csv */
} fk_answer_python_t;

static const fk_report_group_t *find_spawn(const fk_report_t *r, const char *mech)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (fk_report_is_spawn(g) && strcmp(g->variant, mech) == 0 && g->workers == 1 &&
            strcmp(g->class_name, "base") == 0 && !isnan(g->per_op_s))
            return g;
    }
    return NULL;
}

static const fk_answer_timing_t no_timing = {NAN, NAN, NAN, 0};

/* The first row of compare.csv's group whose label pick() accepts: its median, fastest and
 * slowest run, and how many runs; NaN and 0 when there is none. */
static fk_answer_timing_t python_timing(const fk_csv_table_t *t, const char *group,
                                        int (*pick)(const char *), char *label, size_t len)
{
    static const char *const cols[] = {"group", "label", "median_s", "min_s", "max_s", "runs"};
    int c[6];
    char why[256];
    if (fk_csv_table_require(t, cols, 6, c, why, sizeof why) != 0)
        return no_timing;
    for (size_t i = 0; i < t->nrows; i++) {
        fk_answer_timing_t v = no_timing;
        double runs;
        const char *l = fk_csv_table_field(t, i, c[1]);
        if (strcmp(fk_csv_table_field(t, i, c[0]), group) || !pick(l) ||
            fk_csv_table_number(t, i, c[2], 0, &v.median_s, why, sizeof why) ||
            fk_csv_table_number(t, i, c[3], 0, &v.min_s, why, sizeof why) ||
            fk_csv_table_number(t, i, c[4], 0, &v.max_s, why, sizeof why) ||
            fk_csv_table_number(t, i, c[5], 0, &runs, why, sizeof why))
            continue;
        v.runs = (int)runs;
        snprintf(label, len, "%s", l);
        return v;
    }
    return no_timing;
}

/* The lab's Pool (python-pool, or python-pool-fork...), its ThreadPool, its serial run. */
static int is_procs(const char *l)
{
    return strncmp(l, "python-pool", 11) == 0;
}
static int is_threads(const char *l)
{
    return strncmp(l, "python-", 7) == 0 && strstr(l, "thread") != NULL;
}
static int is_serial(const char *l)
{
    return strcmp(l, "python-serial") == 0;
}

/* compare.csv in the output folder, else beside the first CSV read. */
static int compare_csv(const fk_report_t *r, char *path, size_t len)
{
    snprintf(path, len, "%s/compare.csv", r->in_dir ? r->in_dir : r->out_dir);
    if (access(path, R_OK) == 0 || r->ntables == 0)
        return access(path, R_OK);
    const char *slash = strrchr(r->tables[0].path, '/');
    int dir = slash ? (int)(slash - r->tables[0].path) : 1;
    snprintf(path, len, "%.*s/compare.csv", dir, slash ? r->tables[0].path : ".");
    return access(path, R_OK);
}

/* Python's processes and threads of one group of compare.csv. */
static void group_python(const fk_csv_table_t *t, const char *group, fk_answer_python_t *py)
{
    char unused[48];
    memset(py, 0, sizeof *py);
    py->procs = python_timing(t, group, is_procs, py->procs_label, sizeof py->procs_label);
    py->threads = python_timing(t, group, is_threads, py->threads_label, sizeof py->threads_label);
    py->serial = python_timing(t, group, is_serial, unused, sizeof unused);
    py->found = !isnan(py->procs.median_s) && !isnan(py->threads.median_s);
}

/* The processes-against-threads comparison of the case at i at workers (0: any, the fewest
 * workers); NULL when none. */
static const fk_report_comparison_t *case_comparison(const fk_report_t *r, size_t i, int workers)
{
    const fk_report_comparison_t *best = NULL;
    for (size_t k = 0; k < r->ncomparisons; k++) {
        const fk_report_comparison_t *c = &r->comparisons[k];
        if (!fk_report_same_case(c->a, &r->groups[i]) || !fk_report_plain(c->a) ||
            fk_model_role(c->a->model) != FK_ROLE_PROCESSES || c->kind != FK_KIND_MODELS)
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

static void startup(cJSON *o, const fk_report_t *r, const cJSON *task)
{
    double task_s = task ? cJSON_GetNumberValue(cJSON_GetObjectItem(task, "task_s")) : NAN;
    /* the spawn kernel's mechanisms, not models */
    const fk_report_group_t *p = find_spawn(r, "fork"), *t = find_spawn(r, "pthread");
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
static cJSON *python(const char *group, const fk_answer_python_t *py)
{
    const fk_answer_timing_t *p = &py->procs, *t = &py->threads;
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "group", group);
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
    fk_facts_num(x, "time_ratio", p->median_s / t->median_s); /* processes' over threads' */
    fk_facts_num(x, "serial_median_s", py->serial.median_s);
    fk_facts_num(x, "threads_speedup", py->serial.median_s / t->median_s);
    fk_facts_num(x, "processes_speedup", py->serial.median_s / p->median_s);
    return x;
}

/* Every group of compare.csv with Python's processes and threads (in its order), each with
 * its verdict, into "python_groups"; "python": the lab's prime script (primes-lab), the
 * answer's. Empty and null without compare.csv. */
static void pythons(cJSON *o, const fk_report_t *r)
{
    char path[4096 + 16], why[512];
    fk_csv_table_t t = {0};
    cJSON *list = cJSON_AddArrayToObject(o, "python_groups"), *lab = NULL;
    int gc = -1;
    if (compare_csv(r, path, sizeof path) == 0) {
        if (fk_csv_table_read(path, &t, why, sizeof why) != 0)
            fprintf(stderr, "forkomp report: warning: %s: no Python timings\n", why);
        else
            gc = fk_csv_table_column(&t, "group");
    }
    for (size_t i = 0; gc >= 0 && i < t.nrows; i++) {
        const char *group = fk_csv_table_field(&t, i, gc);
        fk_answer_python_t py;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(fk_csv_table_field(&t, k, gc), group) == 0;
        if (seen)
            continue;
        group_python(&t, group, &py);
        if (!py.found)
            continue;
        cJSON *x = python(group, &py);
        cJSON_AddItemToArray(list, x);
        if (strcmp(group, "primes-lab") == 0)
            lab = x;
    }
    fk_csv_table_free(&t);
    cJSON_AddItemToObject(o, "python", lab ? cJSON_Duplicate(lab, 1) : cJSON_CreateNull());
}

cJSON *fk_facts_answer(const fk_report_t *r)
{
    const cJSON *task = NULL; /* the first answer case with a task time */
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "workers", FK_FACTS_ANSWER_W);
    cJSON *cases = cJSON_AddArrayToObject(o, "cases");
    for (size_t i = 0; i < r->ngroups; i = fk_report_case_end(r, i))
        if (!fk_report_is_spawn(&r->groups[i]) && !kernel_seen(r, i))
            cJSON_AddItemToArray(cases, answer_case(r, i));
    cJSON *c;
    cJSON_ArrayForEach(c, cases) if (!task && cJSON_IsNumber(cJSON_GetObjectItem(c, "task_s")))
        task = c;
    startup(o, r, task);
    pythons(o, r);
    return o;
}
