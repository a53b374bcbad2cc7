/* SPDX-License-Identifier: MIT */
/* report_check.c: the range and shape of every column forkomp writes, checked on reading
 * (see report_check.h). What a column's number means was parsed by report_load.c; here only
 * whether forkomp could have written it: a wall time of 1e308 s, cpus 0, verified 2, rep 0,
 * 7 processes at 2 workers x 1 thread, a worker busy 1000 s in a 0.5 ms run, status
 * "banana" or timestamp "yesterday" come from an edited or foreign file. */
#include "harness/report/report_check.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "harness/base/numparse.h"
#include "kernels/common/util.h"

void fk_report_check_columns(const fk_csv_table_t *t, fk_report_check_cols_t *c)
{
    static const char *const names[] = {"host", "kernel", "variant", "class", "model"};
    c->timestamp = fk_csv_table_column(t, "timestamp");
    c->rep = fk_csv_table_column(t, "rep");
    c->verified = fk_csv_table_column(t, "verified");
    c->cpus = fk_csv_table_column(t, "cpus");
    c->tasks = fk_csv_table_column(t, "tasks");
    c->procs = fk_csv_table_column(t, "procs");
    c->threads = fk_csv_table_column(t, "threads");
    c->status = fk_csv_table_column(t, "status");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        c->names[i] = fk_csv_table_column(t, names[i]);
    c->round = fk_csv_table_column(t, "round");
    c->order = fk_csv_table_column(t, "order");
    c->order_seed = fk_csv_table_column(t, "order_seed");
    c->arm = fk_csv_table_column(t, "arm");
    c->disturbed = fk_csv_table_column(t, "disturbed");
    c->others_measuring = fk_csv_table_column(t, "others_measuring");
    c->others_cpu = fk_csv_table_column(t, "others_cpu_s");
    c->psi_cpu = fk_csv_table_column(t, "psi_cpu_some_s");
    c->cow = fk_csv_table_column(t, "cow_fault_s");
}

/* "FILE:LINE: column NAME: 'VALUE' why" */
static int refuse(const fk_csv_table_t *t, size_t r, int col, const char *why, char *err,
                  size_t errlen)
{
    return fk_err(err, errlen, "%s:%zu: column %s: '%.40s' %s", t->path, t->rows[r].line,
                  fk_csv_table_name(t, col), fk_csv_table_field(t, r, col), why);
}

/* An integer column within [lo, hi]; an absent column or (old files) an empty field passes. */
static int integer(const fk_csv_table_t *t, size_t r, int col, long lo, long hi, const char *why,
                   char *err, size_t errlen)
{
    const char *s = fk_csv_table_field(t, r, col);
    long v;
    if (col < 0 || !*s || fk_parse_long(s, lo, hi, &v) == 0)
        return 0;
    return refuse(t, r, col, why, err, errlen);
}

/* forkomp's timestamps: UTC, 2026-12-07T19:21:27Z. */
static int is_timestamp(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return 0;
    return s[sizeof shape - 1] == '\0';
}

static int known_status(const char *s)
{
    return !strcmp(s, "ok") || !strcmp(s, "timeout") || !strncmp(s, "failed:", 7) ||
           !strncmp(s, "crashed:", 8);
}

static int check_text(const fk_csv_table_t *t, size_t r, const fk_report_check_cols_t *c, char *err,
                      size_t errlen)
{
    for (size_t i = 0; i < sizeof c->names / sizeof *c->names; i++)
        if (strlen(fk_csv_table_field(t, r, c->names[i])) > FK_REPORT_NAME_MAX)
            return fk_err(err, errlen, "%s:%zu: column %s: a name of %zu bytes (at most %d)",
                          t->path, t->rows[r].line, fk_csv_table_name(t, c->names[i]),
                          strlen(fk_csv_table_field(t, r, c->names[i])), FK_REPORT_NAME_MAX);
    if (!known_status(fk_csv_table_field(t, r, c->status)))
        return refuse(t, r, c->status, "is not a status (ok, timeout, failed:..., crashed:...)",
                      err, errlen);
    if (c->timestamp >= 0 && !is_timestamp(fk_csv_table_field(t, r, c->timestamp)))
        return refuse(t, r, c->timestamp,
                      "is not a UTC time as forkomp writes it (YYYY-MM-DDTHH:MM:SSZ)", err, errlen);
    return 0;
}

/* A time in seconds, 0 or more and below any run; an absent column or empty field passes. */
static int seconds(const fk_csv_table_t *t, size_t r, int col, char *err, size_t errlen)
{
    const char *s = fk_csv_table_field(t, r, col);
    double v;
    if (col < 0 || !*s || fk_parse_double(s, 0, FK_REPORT_MAX_WALL_S, &v) == 0)
        return 0;
    return refuse(t, r, col, "is not a time in seconds (0 or more)", err, errlen);
}

/* The rounds' stamps and the noise columns (csv_cols.c writes them; older files lack them). */
static int check_engine(const fk_csv_table_t *t, size_t r, const fk_report_check_cols_t *c,
                        char *err, size_t errlen)
{
    const char *arm = fk_csv_table_field(t, r, c->arm);
    if (c->arm >= 0 && *arm && strcmp(arm, "control") != 0)
        return refuse(t, r, c->arm, "is not an arm (control, or empty)", err, errlen);
    if (integer(t, r, c->round, 1, 1L << 30, "is not a round (1, 2, ...)", err, errlen) < 0 ||
        integer(t, r, c->order, 1, 1L << 20, "is not a place in a round (1, 2, ...)", err, errlen) <
            0 ||
        integer(t, r, c->order_seed, 0, 2147483647L, "is not an --order-seed (0 to 2^31-1)", err,
                errlen) < 0 ||
        integer(t, r, c->disturbed, 0, 1, "is not 0 or 1", err, errlen) < 0 ||
        integer(t, r, c->others_measuring, 0, 1L << 20, "is not a count (0 or more)", err, errlen) <
            0 ||
        seconds(t, r, c->others_cpu, err, errlen) < 0 ||
        seconds(t, r, c->psi_cpu, err, errlen) < 0 || seconds(t, r, c->cow, err, errlen) < 0)
        return -1;
    return 0;
}

static int check_counts(const fk_csv_table_t *t, size_t r, const fk_report_check_cols_t *c,
                        char *err, size_t errlen)
{
    if (integer(t, r, c->verified, 0, 1, "is not 0 or 1", err, errlen) < 0 ||
        integer(t, r, c->rep, 1, 1L << 30, "is not a repetition (1, 2, ...)", err, errlen) < 0 ||
        integer(t, r, c->cpus, 1, 1L << 20, "is not a CPU count (1 or more)", err, errlen) < 0 ||
        integer(t, r, c->tasks, 0, 1L << 40, "is not a task count (0 or more)", err, errlen) < 0 ||
        integer(t, r, c->procs, 1, 1L << 20, "is not a process count (1 or more)", err, errlen) <
            0 ||
        integer(t, r, c->threads, 1, 1L << 20, "is not a thread count (1 or more)", err, errlen) <
            0)
        return -1;
    return 0;
}

int fk_report_check_run(const fk_csv_table_t *t, size_t r, const fk_report_run_t *run,
                        const double counter[FK_RC_N], const fk_report_check_cols_t *c, char *err,
                        size_t errlen)
{
    if (check_text(t, r, c, err, errlen) < 0 || check_counts(t, r, c, err, errlen) < 0 ||
        check_engine(t, r, c, err, errlen) < 0)
        return -1;
    if (run->procs > 0 && run->threads > 0 && run->procs * run->threads != run->workers)
        return fk_err(err, errlen,
                      "%s:%zu: column procs: %d processes x %d threads is not %d workers", t->path,
                      t->rows[r].line, run->procs, run->threads, run->workers);
    if (!isnan(run->wall_s) && run->wall_s > FK_REPORT_MAX_WALL_S)
        return refuse(t, r, fk_csv_table_column(t, "wall_s"), "is longer than any run (116 days)",
                      err, errlen);
    double busy = counter[FK_RC_BUSY_MAX], threads = run->threads > 0 ? run->threads : 1;
    /* a worker is busy at most the wall time (its own clock, so with some slack) */
    if (!isnan(busy) && !isnan(run->wall_s) && busy > 1.5 * run->wall_s * threads + 0.1)
        return refuse(t, r, fk_csv_table_column(t, "busy_max_s"),
                      "is more than a worker can be busy in the run's wall time", err, errlen);
    double idle = counter[FK_RC_BUSY_MIN];
    if (!isnan(busy) && !isnan(idle) && idle > busy)
        return refuse(t, r, fk_csv_table_column(t, "busy_min_s"), "is more than busy_max_s", err,
                      errlen);
    return 0;
}
