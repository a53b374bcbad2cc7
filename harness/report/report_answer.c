/* report_answer.c: the short answer of a report (see report_answer.h): the facts, found once
 * in the groups (and in compare.csv for Python), and their six plain lines, which `make lab`
 * prints, answer.txt holds and report.md opens with. */
#include "harness/report/report_answer.h"
#include "harness/models/role.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "harness/report/report_class.h"
#include "harness/report/report_compare.h"
#include "kernels/common/util.h"

#define ANSWER_W 2 /* the worker count of the answer: the lab's two cores */

/* The first group of kernel (not spawn), preferring class and variant, on the first host
 * that has it. */
static const fk_report_group_t *find_case(const fk_report_t *r, const char *kernel, const char *cls,
                                          const char *variant)
{
    const fk_report_group_t *best = NULL;
    int best_score = -1;
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (strcmp(g->kernel, kernel) || (best && strcmp(g->host, best->host)))
            continue;
        int score = 2 * (strcmp(g->class_name, cls) == 0) + (strcmp(g->variant, variant) == 0);
        if (score > best_score)
            best = g, best_score = score;
    }
    return best;
}

/* The group of model at workers in any's case with the default schedule, not pinned. */
static const fk_report_group_t *find_plain(const fk_report_t *r, const fk_report_group_t *any,
                                           const char *model, int workers)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (fk_report_same_case(g, any) && strcmp(g->model, model) == 0 && g->workers == workers &&
            strcmp(g->label, g->model) == 0)
            return g;
    }
    return NULL;
}

static void find_job(const fk_report_t *r, const char *kernel, const char *cls, const char *variant,
                     int workers, fk_answer_job_t *j)
{
    memset(j, 0, sizeof *j);
    if (!(j->any = find_case(r, kernel, cls, variant)))
        return;
    j->serial = find_plain(r, j->any, fk_model_with_role(FK_ROLE_ONE), 1);
    j->fork = find_plain(r, j->any, fk_model_with_role(FK_ROLE_PROCESSES), workers);
    j->omp = find_plain(r, j->any, fk_model_with_role(FK_ROLE_THREADS), workers);
    j->fork1 = find_plain(r, j->any, fk_model_with_role(FK_ROLE_PROCESSES), 1);
    j->omp1 = find_plain(r, j->any, fk_model_with_role(FK_ROLE_THREADS), 1);
}

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

/* The first row of compare.csv's group primes-lab whose label pick() accepts: its median,
 * fastest and slowest run, and how many runs; NaN and 0 when there is none. */
static fk_answer_timing_t python_timing(const fk_csv_table_t *t, int (*pick)(const char *),
                                        char *label, size_t len)
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
        if (strcmp(fk_csv_table_field(t, i, c[0]), "primes-lab") || !pick(l) ||
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
    snprintf(path, len, "%s/compare.csv", r->out_dir);
    if (access(path, R_OK) == 0 || r->ntables == 0)
        return access(path, R_OK);
    const char *slash = strrchr(r->tables[0].path, '/');
    int dir = slash ? (int)(slash - r->tables[0].path) : 1;
    snprintf(path, len, "%.*s/compare.csv", dir, slash ? r->tables[0].path : ".");
    return access(path, R_OK);
}

static void find_python(const fk_report_t *r, fk_answer_python_t *py)
{
    char path[4096 + 16], unused[48], why[512];
    fk_csv_table_t t;
    memset(py, 0, sizeof *py);
    py->procs = py->threads = py->serial = no_timing;
    if (compare_csv(r, path, sizeof path) != 0)
        return;
    if (fk_csv_table_read(path, &t, why, sizeof why) != 0) {
        fprintf(stderr, "forkomp report: warning: %s: no Python timings\n", why);
        fk_csv_table_free(&t);
        return;
    }
    py->procs = python_timing(&t, is_procs, py->procs_label, sizeof py->procs_label);
    py->threads = python_timing(&t, is_threads, py->threads_label, sizeof py->threads_label);
    py->serial = python_timing(&t, is_serial, unused, sizeof unused);
    py->found = !isnan(py->procs.median_s) || !isnan(py->threads.median_s);
    fk_csv_table_free(&t);
}

void fk_answer_find(const fk_report_t *r, fk_answer_t *a)
{
    memset(a, 0, sizeof *a);
    find_job(r, "primes", "lab", "trial", ANSWER_W, &a->primes);
    find_job(r, "shapefiles", "L", "raw", ANSWER_W, &a->shapes);
    find_job(r, "shapefiles", "S", "raw", ANSWER_W, &a->shapes_small);
    if (a->shapes.any && a->shapes_small.any &&
        (fk_report_same_case(a->shapes.any, a->shapes_small.any) ||
         strcmp(a->shapes_small.any->class_name, "S")))
        memset(&a->shapes_small, 0, sizeof a->shapes_small); /* one case: one line */
    find_job(r, "primes", "lab", "trial", 4, &a->primes4);
    a->spawn_fork = find_spawn(r, "fork"); /* the spawn kernel's mechanism, not a model */
    a->spawn_thread = find_spawn(r, "pthread");
    const fk_report_group_t *s = a->primes.serial;
    a->task_s = s && s->runs && s->tasks > 0 ? s->wall.median / s->tasks : NAN;
    find_python(r, &a->py);
}

/* ------------------------------------------------------------------ sentences */

/* How much larger ratio (>= 1) is: "4.1%" up to 2x, then "2.5x" (Python's times). */
static const char *fmt_more(double ratio, char *buf, size_t len)
{
    if (ratio > 2.0)
        snprintf(buf, len, "%.1fx", ratio);
    else
        snprintf(buf, len, "%.1f%%", 100.0 * (ratio - 1.0));
    return buf;
}

void fk_answer_versus(const fk_report_t *r, const fk_answer_job_t *j, char *buf, size_t len)
{
    const fk_report_group_t *p = j->fork, *t = j->omp;
    const fk_report_comparison_t *c = p && t ? fk_report_find_comparison(r, p, t) : NULL;
    char a[32], b[32];
    if (!c) {
        snprintf(buf, len,
                 "not measured here (it needs verified fork and omp runs at %d "
                 "workers)",
                 p   ? p->workers
                 : t ? t->workers
                     : ANSWER_W);
        return;
    }
    snprintf(buf, len, "%s: %s %s vs %s %s", c->text, p->label,
             fk_report_fmt_time(p->wall.median, a, sizeof a), t->label,
             fk_report_fmt_time(t->wall.median, b, sizeof b));
}

const char *fk_answer_case(const fk_answer_job_t *j, char *buf, size_t len)
{
    const char *cls = j->any ? j->any->class_name : "-";
    const char *lesson = strcmp(cls, "L") == 0   ? ", where processes and threads pay off"
                         : strcmp(cls, "S") == 0 ? ", what starting workers costs"
                                                 : "";
    snprintf(buf, len, "class %s (%s)%s", cls, j->any ? j->any->variant : "-", lesson);
    return buf;
}

void fk_answer_speedups(const fk_report_t *r, const fk_answer_job_t *j, char *buf, size_t len)
{
    const fk_report_group_t *g[2] = {j->fork, j->omp};
    char t[32];
    int at = 0;
    (void)r;
    for (int i = 0; i < 2 && at >= 0 && (size_t)at < len; i++)
        if (g[i] && !isnan(g[i]->speedup))
            at += snprintf(buf + at, len - (size_t)at, "%s%s %.2f", at ? ", " : "", g[i]->label,
                           g[i]->speedup);
    if (at == 0)
        snprintf(buf, len, "no speedups here (it needs serial and parallel runs of the job)");
    else if (j->serial && j->serial->runs && (size_t)at < len)
        snprintf(buf + at, len - (size_t)at, " (serial %s)",
                 fk_report_fmt_time(j->serial->wall.median, t, sizeof t));
}

void fk_answer_memory(const fk_report_t *r, const fk_answer_job_t *j, char *buf, size_t len)
{
    double p = j->fork ? fk_report_extra_worker_kib(r, j->fork) : NAN;
    double t = j->omp ? fk_report_extra_worker_kib(r, j->omp) : NAN;
    char a[32], b[32];
    if (isnan(p) || isnan(t)) {
        snprintf(buf, len, "not measured here (it needs fork and omp at 1 and %d workers)",
                 ANSWER_W);
        return;
    }
    snprintf(buf, len,
             "processes %s, threads %s (%s summed over the run's processes, at %d "
             "workers minus at 1)",
             fk_report_fmt_kib(p, a, sizeof a), fk_report_fmt_kib(t, b, sizeof b),
             isnan(j->fork->counter[FK_RC_PSS]) ? "peak RSS" : "PSS", j->fork->workers);
}

void fk_answer_startup(const fk_answer_t *a, char *buf, size_t len)
{
    const fk_report_group_t *p = a->spawn_fork, *t = a->spawn_thread;
    char x[32], y[32], z[32], task[96] = "";
    if (!p || !t) {
        snprintf(buf, len,
                 "not measured here (run `forkomp spawn --class S --csv FILE` into "
                 "the same report)");
        return;
    }
    if (!isnan(a->task_s))
        snprintf(task, sizeof task, "; one task of the lab's prime job takes %s",
                 fk_report_fmt_time(a->task_s, z, sizeof z));
    snprintf(buf, len, "a process (fork) %s, a thread (pthread) %s, %.3gx as much%s",
             fk_report_fmt_time(p->per_op_s, x, sizeof x),
             fk_report_fmt_time(t->per_op_s, y, sizeof y), p->per_op_s / t->per_op_s, task);
}

/* compare.csv keeps hyperfine's summary, not each run, so no interval can be computed: the
 * verdict is said only when the two sets of runs do not overlap at all (every run of one
 * faster than every run of the other), and the run counts say how strong that is. */
void fk_answer_python(const fk_answer_t *a, char *buf, size_t len)
{
    const fk_answer_python_t *py = &a->py;
    const fk_answer_timing_t *p = &py->procs, *t = &py->threads;
    char x[32], y[32], rel[32], head[256];
    if (isnan(p->median_s) || isnan(t->median_s)) {
        snprintf(buf, len,
                 "not measured here (`make lab` or `make compare` write compare.csv "
                 "beside the report)");
        return;
    }
    snprintf(head, sizeof head, "processes (%s) %s, threads (%s) %s (medians of %d and %d runs)",
             py->procs_label, fk_report_fmt_time(p->median_s, x, sizeof x), py->threads_label,
             fk_report_fmt_time(t->median_s, y, sizeof y), p->runs, t->runs);
    if (p->max_s >= t->min_s && t->max_s >= p->min_s) {
        snprintf(buf, len, "%s: no clear winner, their run times overlap", head);
        return;
    }
    int procs = p->max_s < t->min_s;
    fmt_more(procs ? t->median_s / p->median_s : p->median_s / t->median_s, rel, sizeof rel);
    snprintf(buf, len, "%s: %s faster by %s, in every run%s", head, procs ? "processes" : "threads",
             rel, procs ? " (threads hold the GIL in turn)" : "");
}

/* ------------------------------------------------------------------ the lines */

/* The i-th line (0..5): its question into q, its answer into buf. Returns 0 past the end;
 * a line the data has nothing for (the second shapefile class) is left empty. */
static int answer_line(const fk_report_t *r, const fk_answer_t *a, int i, char *q, size_t qlen,
                       char *buf, size_t len)
{
    const fk_answer_job_t *j = i == 0 ? &a->primes : i == 1 ? &a->shapes : &a->shapes_small;
    char c[128], s[160], v[300];
    q[0] = buf[0] = '\0';
    switch (i) {
    case 0:
        snprintf(q, qlen, "Prime sums, class %s, %d workers, processes or threads:",
                 j->any ? j->any->class_name : "-", ANSWER_W);
        fk_answer_versus(r, j, buf, len);
        return 1;
    case 1:
    case 2:
        if (i == 2 && !j->any)
            return 1;
        snprintf(q, qlen, "Shapefiles, %s, %d workers:", fk_answer_case(j, c, sizeof c), ANSWER_W);
        fk_answer_speedups(r, j, s, sizeof s);
        fk_answer_versus(r, j, v, sizeof v);
        snprintf(buf, len, "speedup over serial %s; processes or threads: %s", s, v);
        return 1;
    case 3:
        snprintf(q, qlen, "Memory one more worker costs (prime sums):");
        fk_answer_memory(r, &a->primes, buf, len);
        return 1;
    case 4:
        snprintf(q, qlen, "Start-up cost:");
        fk_answer_startup(a, buf, len);
        return 1;
    case 5:
        snprintf(q, qlen, "Python, the lab's prime script, threads or processes:");
        fk_answer_python(a, buf, len);
        return 1;
    }
    return 0;
}

void fk_answer_lines(const fk_report_t *r, FILE *out)
{
    fk_answer_t a;
    char q[160], line[512];
    fk_answer_find(r, &a);
    for (int i = 0; answer_line(r, &a, i, q, sizeof q, line, sizeof line); i++)
        if (q[0])
            fprintf(out, "%s %s.\n", q, line);
}

void fk_answer_table(const fk_report_t *r, FILE *md)
{
    fk_answer_t a;
    char q[160], line[512];
    fk_answer_find(r, &a);
    fprintf(md, "## The answer first\n\n");
    if (fk_report_several_hosts(r) && a.primes.any)
        fprintf(md, "On host `%s` (the class view above has every host).\n\n", a.primes.any->host);
    fprintf(md, "| question | answer from this data |\n|---|---|\n");
    for (int i = 0; answer_line(r, &a, i, q, sizeof q, line, sizeof line); i++) {
        if (!q[0])
            continue;
        q[strlen(q) - 1] = '\0'; /* the colon: the table's columns say it */
        fprintf(md, "| %s | %s |\n", q, line);
    }
    fprintf(md, "\nThe details, and the worksheet's answers (answers.md), follow from the same "
                "numbers.\n\n");
}

int fk_answer_write(const fk_report_t *r, char *err, size_t errlen)
{
    char path[4096 + 16];
    snprintf(path, sizeof path, "%s/answer.txt", r->out_dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    fk_answer_lines(r, f);
    if (ferror(f) | fclose(f))
        return fk_err(err, errlen, "%s: write error", path);
    return 0;
}
