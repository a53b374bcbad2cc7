/* SPDX-License-Identifier: MIT */
/* report_load.c: reads the CSV files of `forkomp report` into runs (report.h): the columns
 * found by name (older files lack some, newer ones have more), every field checked (a
 * negative time or a worker count that is not one is an error naming the file and line).
 * Only runs with status ok that verified enter the timing statistics; the others are counted. */
#include "harness/report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/numparse.h"
#include "harness/base/placement.h"
#include "harness/base/role.h"
#include "harness/report/report_check.h"
#include "kernels/common/util.h"

/* The columns every file must have, in the order of the enum. */
enum {
    C_HOST,
    C_KERNEL,
    C_VARIANT,
    C_CLASS,
    C_MODEL,
    C_WORKERS,
    C_WALL,
    C_USER,
    C_SYS,
    C_MAXRSS,
    C_RSSSUM,
    C_VERIFIED,
    C_STATUS,
    C_NREQ
};
static const char *const required_cols[C_NREQ] = {
    "host",   "kernel", "variant",    "class",       "model",    "workers", "wall_s",
    "user_s", "sys_s",  "maxrss_kib", "rss_sum_kib", "verified", "status"};

/* Optional columns: absent in older files, read as 0 or "". */
typedef struct {
    int procs, threads, schedule, pin, cpus, tasks, per_op;
    int counters[FK_RC_N];
    int round, seed, arm, disturbed, others_measuring;
} optional_cols_t;

/* An optional integer column; 0 when absent or empty. */
static int opt_int(const fk_csv_table_t *t, size_t r, int col, int *out, char *err, size_t errlen)
{
    double v;
    int rc = fk_csv_table_number(t, r, col, 1, &v, err, errlen);
    if (rc < 0 && col >= 0)
        return -1;
    *out = (col < 0 || rc == 1) ? 0 : (int)v;
    return 0;
}

/* The pin column: a policy's name, or (older files) 0 for none and 1 for today's linear. */
static int opt_pin(const fk_csv_table_t *t, size_t r, int col, int *out, char *err, size_t errlen)
{
    const char *v = col < 0 ? "" : fk_csv_table_field(t, r, col);
    int p = strcmp(v, "") == 0 || strcmp(v, "0") == 0 ? FK_PIN_NONE
            : strcmp(v, "1") == 0                     ? FK_PIN_LINEAR
                                                      : fk_pin_parse(v);
    if (p < 0)
        return fk_err(err, errlen, "%s:%zu: column pin: '%.40s' is not a pinning policy", t->path,
                      t->rows[r].line, v);
    *out = p;
    return 0;
}

/* A measurement: a number >= 0 (or empty when allowed), and > 0 for a wall time of a run
 * that verified: a negative time, CPU time or memory cannot have been measured, and a
 * zero wall time would make every speedup over it 0 or infinite. */
static int measure(const fk_csv_table_t *t, size_t r, int col, int allow_empty, int positive,
                   double *out, char *err, size_t errlen)
{
    if (fk_csv_table_number(t, r, col, allow_empty, out, err, errlen) < 0)
        return -1;
    if (isnan(*out) || *out > 0.0 || (*out == 0.0 && !positive))
        return 0;
    return fk_err(err, errlen, "%s:%zu: column %s: '%.40s' is %s", t->path, t->rows[r].line,
                  fk_csv_table_name(t, col), fk_csv_table_field(t, r, col),
                  *out < 0.0 ? "negative" : "zero for a run that verified");
}

static int parse_measures(const fk_csv_table_t *t, size_t r, const int *c, fk_report_run_t *run,
                          char *err, size_t errlen)
{
    double user, sys;
    int allow_empty = !run->ok; /* a failed run may have no measurements */
    if (measure(t, r, c[C_WALL], allow_empty, run->ok, &run->wall_s, err, errlen) < 0 ||
        measure(t, r, c[C_USER], allow_empty, 0, &user, err, errlen) < 0 ||
        measure(t, r, c[C_SYS], allow_empty, 0, &sys, err, errlen) < 0 ||
        measure(t, r, c[C_MAXRSS], allow_empty, 0, &run->maxrss_kib, err, errlen) < 0 ||
        measure(t, r, c[C_RSSSUM], allow_empty, 0, &run->rss_sum_kib, err, errlen) < 0)
        return -1;
    run->cpu_s = user + sys;
    return 0;
}

static int parse_run(const fk_csv_table_t *t, size_t r, const int *c, const optional_cols_t *o,
                     fk_report_run_t *run, double counter[FK_RC_N], char *err, size_t errlen)
{
    double verified;
    long workers;
    memset(run, 0, sizeof *run);
    run->table = t;
    run->row = r;
    run->host = fk_csv_table_field(t, r, c[C_HOST]);
    run->kernel = fk_csv_table_field(t, r, c[C_KERNEL]);
    run->variant = fk_csv_table_field(t, r, c[C_VARIANT]);
    run->class_name = fk_csv_table_field(t, r, c[C_CLASS]);
    run->model = fk_csv_table_field(t, r, c[C_MODEL]);
    run->rank = fk_model_rank(run->model); /* the registry's order: baseline, processes, ... */
    run->status = fk_csv_table_field(t, r, c[C_STATUS]);
    /* Serial ignores the schedule, so it is one group whatever --schedule said: "none", as
     * the rows say it since issue 22 (older rows said static or dynamic). */
    run->schedule =
        fk_model_role(run->model) != FK_ROLE_ONE ? fk_csv_table_field(t, r, o->schedule) : "none";
    const char *w = fk_csv_table_field(t, r, c[C_WORKERS]);
    if (fk_parse_long(w, 1, 1 << 20, &workers) < 0)
        return fk_err(err, errlen, "%s:%zu: column workers: '%.40s' is not a worker count", t->path,
                      t->rows[r].line, w);
    run->workers = (int)workers;
    if (fk_csv_table_number(t, r, c[C_VERIFIED], 0, &verified, err, errlen) < 0)
        return -1;
    run->ok = strcmp(run->status, "ok") == 0 && verified == 1.0;
    if (parse_measures(t, r, c, run, err, errlen) < 0)
        return -1;
    if (opt_int(t, r, o->procs, &run->procs, err, errlen) < 0 ||
        opt_int(t, r, o->threads, &run->threads, err, errlen) < 0 ||
        opt_pin(t, r, o->pin, &run->pin, err, errlen) < 0 ||
        opt_int(t, r, o->cpus, &run->cpus, err, errlen) < 0 ||
        opt_int(t, r, o->tasks, &run->tasks, err, errlen) < 0 ||
        fk_csv_table_number(t, r, o->per_op, 1, &run->per_op_s, err, errlen) < 0 ||
        fk_report_counter_parse(t, r, o->counters, counter, err, errlen) < 0 ||
        opt_int(t, r, o->round, &run->round, err, errlen) < 0 ||
        opt_int(t, r, o->disturbed, &run->disturbed, err, errlen) < 0 ||
        opt_int(t, r, o->others_measuring, &run->others_measuring, err, errlen) < 0)
        return -1;
    run->seed = o->seed < 0 ? "" : fk_csv_table_field(t, r, o->seed);
    run->control = o->arm >= 0 && strcmp(fk_csv_table_field(t, r, o->arm), "control") == 0;
    return 0;
}

/* A name equal to the previous row's is that row's string: sorting a million runs then
 * compares pointers, not text (report_group.c). */
static void share_names(const fk_report_run_t *prev, fk_report_run_t *run)
{
    const char *const *from[] = {&prev->host,  &prev->kernel,   &prev->variant, &prev->class_name,
                                 &prev->model, &prev->schedule, &prev->status};
    const char **to[] = {&run->host,  &run->kernel,   &run->variant, &run->class_name,
                         &run->model, &run->schedule, &run->status};
    for (size_t k = 0; k < sizeof to / sizeof *to; k++)
        if (*to[k] != *from[k] && strcmp(*to[k], *from[k]) == 0)
            *to[k] = *from[k];
}

/* Parses every row of table t into r->runs (which has room for them). */
static int parse_table(fk_report_t *r, const fk_csv_table_t *t, const char *label, char *err,
                       size_t errlen)
{
    int c[C_NREQ];
    if (fk_csv_table_require(t, required_cols, C_NREQ, c, err, errlen) < 0)
        return -1;
    optional_cols_t o = {fk_csv_table_column(t, "procs"),
                         fk_csv_table_column(t, "threads"),
                         fk_csv_table_column(t, "schedule"),
                         fk_csv_table_column(t, "pin"),
                         fk_csv_table_column(t, "cpus"),
                         fk_csv_table_column(t, "tasks"),
                         fk_csv_table_column(t, "per_op_s"),
                         {0},
                         fk_csv_table_column(t, "round"),
                         fk_csv_table_column(t, "order_seed"),
                         fk_csv_table_column(t, "arm"),
                         fk_csv_table_column(t, "disturbed"),
                         fk_csv_table_column(t, "others_measuring")};
    fk_report_counter_columns(t, o.counters);
    fk_report_check_cols_t chk;
    fk_report_check_columns(t, &chk);
    if (t->nrows == 0)
        fprintf(stderr, "forkomp report: warning: %s has no runs\n", t->path);
    for (size_t i = 0; i < t->nrows; i++) {
        fk_report_run_t *run = &r->runs[r->nruns];
        double counter[FK_RC_N]; /* checked here, read again for the medians (report_group.c) */
        if (parse_run(t, i, c, &o, run, counter, err, errlen) < 0 ||
            fk_report_check_run(t, i, run, counter, &chk, err, errlen) < 0)
            return -1;
        if (label)
            run->host = label; /* FILE=LABEL: the file's machine under the student's name */
        if (i > 0)
            share_names(run - 1, run);
        r->nruns++;
        r->nok += (size_t)run->ok;
    }
    return 0;
}

int fk_report_load(fk_report_t *r, const char *const *files, size_t nfiles, char *err,
                   size_t errlen)
{
    size_t total = 0;
    if (!(r->tables = calloc(nfiles, sizeof *r->tables)))
        return fk_err(err, errlen, "out of memory");
    for (size_t i = 0; i < nfiles; i++, r->ntables++) {
        if (fk_csv_table_read(files[i], &r->tables[i], err, errlen) < 0)
            return -1;
        fk_report_clean_names(&r->tables[i]);
        total += r->tables[i].nrows;
    }
    if (total == 0)
        return fk_err(err, errlen, "no runs in the given CSV files");
    if (!(r->runs = calloc(total, sizeof *r->runs)))
        return fk_err(err, errlen, "out of memory");
    for (size_t i = 0; i < nfiles; i++)
        if (parse_table(r, &r->tables[i], r->labels[i], err, errlen) < 0)
            return -1;
    return 0;
}
