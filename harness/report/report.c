/* report.c: `forkomp report CSV... [--out DIR]`: reads CSV files of the contract (from any
 * number of runs and machines), groups the rows by host, kernel, variant, class, model and
 * workers, computes the statistics, speedups and Karp-Flatt fractions, and writes
 * DIR/summary.csv, DIR/report.md and the plots, and prints the summary table.
 * Only runs with status ok that verified enter the timing statistics; the others are counted. */
#include "harness/report/report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/cli/cli.h"
#include "harness/cli/commands.h"
#include "harness/engine/context.h"
#include "harness/report/report_answer.h"
#include "harness/report/report_answers.h"
#include "harness/report/report_class.h"
#include "harness/report/report_compare.h"
#include "harness/report/report_html.h"
#include "harness/engine/csv.h"
#include "harness/cli/numparse.h"
#include "harness/models/role.h"
#include "harness/models/placement.h"
#include "kernels/common/util.h"

static const char report_usage[] =
    "usage: forkomp report CSV[=LABEL]... [--out DIR]\n"
    "\n"
    "Summarises CSV files written by `forkomp primes|shapefiles --csv FILE` (several runs or\n"
    "machines at once): per host, kernel, variant, class, model and worker count the runs,\n"
    "median, mean, stddev, min, max, cv, a 95% confidence interval of the median, outliers,\n"
    "CPU time, memory, speedup and efficiency over serial, and the Karp-Flatt serial fraction.\n"
    "Writes DIR/summary.csv, DIR/report.md and PNG plots (with gnuplot), prints the table.\n"
    "\n"
    "With several hosts a class section comes first: one row per host, a speedup plot per\n"
    "host and the hosts whose figures stand apart; per-host plots go to DIR/hosts/HOST/.\n"
    "CSV=LABEL reads that file's rows as host LABEL (two laptops both called 'ubuntu').\n"
    "\n";

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
                  t->header.fields[col], fk_csv_table_field(t, r, col),
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
                     fk_report_run_t *run, char *err, size_t errlen)
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
    run->status = fk_csv_table_field(t, r, c[C_STATUS]);
    /* Serial ignores the schedule, so it is one group whatever --schedule said. */
    run->schedule =
        fk_model_role(run->model) != FK_ROLE_ONE ? fk_csv_table_field(t, r, o->schedule) : "";
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
        fk_report_counter_parse(t, r, o->counters, run->counter, err, errlen) < 0)
        return -1;
    return 0;
}

/* Parses every row of table t into r->runs (which has room for them). */
static int parse_table(fk_report_t *r, const fk_csv_table_t *t, const char *label, char *err,
                       size_t errlen)
{
    int c[C_NREQ];
    if (fk_csv_table_require(t, required_cols, C_NREQ, c, err, errlen) < 0)
        return -1;
    optional_cols_t o = {fk_csv_table_column(t, "procs"),    fk_csv_table_column(t, "threads"),
                         fk_csv_table_column(t, "schedule"), fk_csv_table_column(t, "pin"),
                         fk_csv_table_column(t, "cpus"),     fk_csv_table_column(t, "tasks"),
                         fk_csv_table_column(t, "per_op_s"), {0}};
    fk_report_counter_columns(t, o.counters);
    if (t->nrows == 0)
        fprintf(stderr, "forkomp report: warning: %s has no runs\n", t->path);
    for (size_t i = 0; i < t->nrows; i++) {
        fk_report_run_t *run = &r->runs[r->nruns];
        if (parse_run(t, i, c, &o, run, err, errlen) < 0)
            return -1;
        if (label)
            run->host = label; /* FILE=LABEL: the file's machine under the student's name */
        r->nruns++;
        r->nok += (size_t)run->ok;
    }
    return 0;
}

static int load(fk_report_t *r, const char *const *files, size_t nfiles, char *err, size_t errlen)
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

/* Models in teaching order, the registry's: the baseline first, then processes, threads and
 * their mixes. */
static int model_rank(const char *m)
{
    return fk_model_rank(m);
}

/* Orders runs by case, model, schedule, pin and workers (the grouping key). */
static int cmp_runs(const void *pa, const void *pb)
{
    const fk_report_run_t *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->host, b->host)) || (c = strcmp(a->kernel, b->kernel)) ||
        (c = strcmp(a->variant, b->variant)) || (c = strcmp(a->class_name, b->class_name)))
        return c;
    /* the static schedule (the default) before dynamic */
    int dyn_a = strcmp(a->schedule, "dynamic") == 0, dyn_b = strcmp(b->schedule, "dynamic") == 0;
    if ((c = model_rank(a->model) - model_rank(b->model)) || (c = strcmp(a->model, b->model)) ||
        (c = dyn_a - dyn_b) || (c = strcmp(a->schedule, b->schedule)) || (c = a->pin - b->pin))
        return c;
    return a->workers - b->workers;
}

/* Medians of the ok runs' counters, and how precise the median is: the CI's larger side as
 * a percentage of the median, against the --reps auto target when the runs had one. */
static void summarize_counters(fk_report_group_t *g, const fk_report_run_t *runs, size_t n,
                               double *scratch)
{
    for (int c = 0; c < FK_RC_N; c++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (runs[i].ok && !isnan(runs[i].counter[c]))
                scratch[k++] = runs[i].counter[c];
        g->counter[c] = fk_stats_median(scratch, k);
    }
    const fk_summary_t *s = &g->wall;
    g->precision_pct =
        g->runs ? 100.0 * fmax(s->median - s->ci_lo, s->ci_hi - s->median) / s->median : NAN;
    double target = g->counter[FK_RC_TARGET];
    g->precision_reached =
        isnan(target) ? -1 : g->ci_level >= 0.95 && g->precision_pct <= target + 1e-9;
}

/* Medians of the ok runs' CPU time and memory, and the wall-time summary. */
static void summarize_group(fk_report_group_t *g, const fk_report_run_t *runs, size_t n,
                            double *scratch)
{
    size_t k = 0, nop = 0;
    double *cpu = scratch + n, *mx = scratch + 2 * n, *sum = scratch + 3 * n;
    double *op = scratch + 4 * n;
    for (size_t i = 0; i < n; i++) {
        if (!runs[i].ok) {
            g->failed++;
            if (!g->failure)
                g->failure = strcmp(runs[i].status, "ok") ? runs[i].status : "unverified";
            continue;
        }
        scratch[k] = runs[i].wall_s;
        cpu[k] = runs[i].cpu_s;
        mx[k] = runs[i].maxrss_kib;
        sum[k++] = runs[i].rss_sum_kib;
        /* per_op_s is spawn's column; other kernels leave it empty or 0 */
        if (!isnan(runs[i].per_op_s) && strcmp(runs[i].kernel, "spawn") == 0)
            op[nop++] = runs[i].per_op_s;
    }
    g->runs = k;
    fk_stats_summarize(scratch, k, &g->wall);
    g->ci_level = fk_stats_median_ci_level(k);
    g->cpu_s = fk_stats_median(cpu, k);
    g->maxrss_kib = fk_stats_median(mx, k);
    g->rss_sum_kib = fk_stats_median(sum, k);
    fk_summary_t ops;
    fk_stats_summarize(op, nop, &ops);
    g->per_op_s = ops.median;
    g->per_op_min = ops.min;
    summarize_counters(g, runs, n, scratch);
}

static void init_group(fk_report_group_t *g, const fk_report_run_t *first)
{
    memset(g, 0, sizeof *g);
    g->host = first->host;
    g->kernel = first->kernel;
    g->variant = first->variant;
    g->class_name = first->class_name;
    g->model = first->model;
    g->schedule = first->schedule;
    g->workers = first->workers;
    g->procs = first->procs;
    g->threads = first->threads;
    g->pin = first->pin;
    g->cpus = first->cpus;
    g->tasks = first->tasks;
    g->first = first;
    /* "-pin" for the original --pin (linear), the policy's name for the others */
    snprintf(g->label, sizeof g->label, "%s%s%s%s", g->model,
             strcmp(g->schedule, "dynamic") == 0 ? "-dyn" : "", g->pin ? "-" : "",
             g->pin == FK_PIN_LINEAR ? "pin"
             : g->pin                ? fk_pin_name(g->pin)
                                     : "");
    g->speedup = g->speedup_lo = g->speedup_hi = g->efficiency = g->karp_flatt = NAN;
}

static int group_runs(fk_report_t *r, char *err, size_t errlen)
{
    double *scratch = malloc(5 * r->nruns * sizeof *scratch);
    r->groups = calloc(r->nruns, sizeof *r->groups);
    if (!scratch || !r->groups) {
        free(scratch);
        return fk_err(err, errlen, "out of memory");
    }
    qsort(r->runs, r->nruns, sizeof *r->runs, cmp_runs);
    for (size_t i = 0, j; i < r->nruns; i = j) {
        for (j = i + 1; j < r->nruns && cmp_runs(&r->runs[i], &r->runs[j]) == 0; j++)
            ;
        fk_report_group_t *g = &r->groups[r->ngroups++];
        init_group(g, &r->runs[i]);
        g->members = &r->runs[i];
        g->nmembers = j - i;
        summarize_group(g, &r->runs[i], j - i, scratch);
    }
    free(scratch);
    return 0;
}

int fk_report_same_case(const fk_report_group_t *a, const fk_report_group_t *b)
{
    return strcmp(a->host, b->host) == 0 && strcmp(a->kernel, b->kernel) == 0 &&
           strcmp(a->variant, b->variant) == 0 && strcmp(a->class_name, b->class_name) == 0;
}

const fk_report_group_t *fk_report_find(const fk_report_t *r, const fk_report_group_t *a,
                                        const char *model, int workers)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (fk_report_same_case(a, g) && strcmp(g->model, model) == 0 && g->workers == workers &&
            g->pin == a->pin && strcmp(g->schedule, a->schedule) == 0)
            return g;
    }
    return NULL;
}

/* The serial group of g's case: the same pinning when there is one, else any. */
static const fk_report_group_t *find_baseline(const fk_report_t *r, const fk_report_group_t *g)
{
    const fk_report_group_t *any = NULL;
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        if (!fk_report_same_case(g, s) || fk_model_role(s->model) != FK_ROLE_ONE ||
            s->workers != 1 || s->runs == 0)
            continue;
        if (s->pin == g->pin)
            return s;
        if (!any)
            any = s;
    }
    return any;
}

/* Speedup S = T_serial / T_W on medians, its range from the two intervals, efficiency S / W
 * and the Karp-Flatt fraction. */
static void compute_speedups(fk_report_t *r)
{
    for (size_t i = 0; i < r->ngroups; i++) {
        fk_report_group_t *g = &r->groups[i];
        const fk_report_group_t *b = g->baseline = find_baseline(r, g);
        if (!b || g->runs == 0)
            continue;
        g->speedup = b->wall.median / g->wall.median;
        g->speedup_lo = b->wall.ci_lo / g->wall.ci_hi;
        g->speedup_hi = b->wall.ci_hi / g->wall.ci_lo;
        g->efficiency = g->speedup / g->workers;
        g->karp_flatt = fk_stats_karp_flatt(g->speedup, g->workers);
    }
}

int fk_report_is_spawn(const fk_report_group_t *g)
{
    return strcmp(g->kernel, "spawn") == 0;
}

int fk_report_oversubscribed(const fk_report_group_t *g)
{
    return g->cpus > 0 && g->workers > g->cpus;
}

const char *fk_report_context(const fk_report_run_t *run, const char *column)
{
    return fk_csv_table_field(run->table, run->row, fk_csv_table_column(run->table, column));
}

void fk_report_plot_name(const fk_report_t *r, const fk_report_group_t *g, const char *what,
                         char *buf, size_t len)
{
    char dir[160] = "";
    if (fk_report_several_hosts(r))
        snprintf(dir, sizeof dir, "hosts/%s/", g->host);
    snprintf(buf, len, "%s%s-%s-%s-%s-%s.png", dir, g->kernel, g->variant, g->class_name, g->host,
             what);
}

/* A number for summary.csv: empty when undefined, so pandas and gnuplot see it as missing. */
static void put_num(FILE *f, double v, int last)
{
    if (!isnan(v))
        fprintf(f, "%.9g", v);
    fputc(last ? '\n' : ',', f);
}

static void put_str(FILE *f, const char *s)
{
    char buf[1024];
    size_t len = 0;
    if (fk_csv_quote(buf, sizeof buf - 1, &len, s) < 0)
        len = 0;
    buf[len] = '\0';
    fprintf(f, "%s,", buf);
}

/* The columns of summary.csv. The first five never move (the gnuplot script relies on the
 * names, not the positions, but awk users may not); new columns go at the end. */
#define FK_SUMMARY_HEADER                                                                          \
    "host,kernel,variant,class,label,model,schedule,pin,workers,procs,threads,cpus,"               \
    "oversubscribed,runs,failed,median_s,mean_s,stddev_s,min_s,max_s,cv,ci_lo_s,ci_hi_s,"          \
    "ci_level,outliers,cpu_s,maxrss_kib,rss_sum_kib,speedup,speedup_lo,speedup_hi,"                \
    "efficiency,karp_flatt,tasks,per_op_s,per_op_min_s,pss_sum_kib,uss_sum_kib,minflt,majflt,"     \
    "nvcsw,nivcsw,context_switches,cpu_migrations,page_faults,task_clock_s,"                       \
    "precision_target_pct,precision_pct,precision_reached,busy_max_s,busy_min_s\n"

static void write_summary_row(FILE *f, const fk_report_group_t *g)
{
    const char *strs[] = {g->host,  g->kernel, g->variant, g->class_name,
                          g->label, g->model,  g->schedule};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        put_str(f, strs[i]);
    fprintf(f, "%s,%d,%d,%d,", fk_pin_name(g->pin), g->workers, g->procs, g->threads);
    put_num(f, g->cpus > 0 ? g->cpus : NAN, 0); /* 0: not recorded (older files) */
    fprintf(f, "%d,%zu,%zu,", fk_report_oversubscribed(g), g->runs, g->failed);
    const fk_summary_t *s = &g->wall;
    double nums[] = {s->median,
                     s->mean,
                     s->stddev,
                     s->min,
                     s->max,
                     s->cv,
                     s->ci_lo,
                     s->ci_hi,
                     g->ci_level,
                     (double)s->outliers,
                     g->cpu_s,
                     g->maxrss_kib,
                     g->rss_sum_kib,
                     g->speedup,
                     g->speedup_lo,
                     g->speedup_hi,
                     g->efficiency,
                     g->karp_flatt,
                     g->tasks > 0 ? g->tasks : NAN,
                     g->per_op_s,
                     g->per_op_min};
    size_t n = sizeof nums / sizeof *nums;
    for (size_t i = 0; i < n; i++)
        put_num(f, nums[i], 0);
    for (int c = 0; c < FK_RC_BUSY_MAX; c++) /* the same names as the run columns */
        put_num(f, g->counter[c], 0);
    put_num(f, g->precision_pct, 0);
    put_num(f, g->precision_reached < 0 ? NAN : g->precision_reached, 0);
    put_num(f, g->counter[FK_RC_BUSY_MAX], 0); /* added later: at the end */
    put_num(f, g->counter[FK_RC_BUSY_MIN], 1);
}

static int write_summary(const fk_report_t *r, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.csv", r->out_dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    fputs(FK_SUMMARY_HEADER, f);
    for (size_t i = 0; i < r->ngroups; i++)
        write_summary_row(f, &r->groups[i]);
    if (fclose(f) != 0)
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    return 0;
}

int fk_report_several_hosts(const fk_report_t *r)
{
    for (size_t i = 1; i < r->ngroups; i++)
        if (strcmp(r->groups[i].host, r->groups[0].host))
            return 1;
    return 0;
}

static void print_row(FILE *out, const fk_report_group_t *g, int hosts)
{
    char med[32], lo[32], hi[32], mx[32], cv[32], s[32], e[32], kf[32];
    if (hosts)
        fprintf(out, "%-12.12s ", g->host);
    fprintf(out, "%-10.10s %-12.12s %-15.15s %-10.10s %3d%c %4zu", g->kernel, g->variant,
            g->class_name, g->label, g->workers, fk_report_oversubscribed(g) ? '*' : ' ', g->runs);
    if (fk_report_is_spawn(g)) /* the cost of one operation, not the timing loop's length */
        fprintf(out, " %10s  per op, min %-10s", fk_report_fmt_time(g->per_op_s, med, sizeof med),
                fk_report_fmt_time(g->per_op_min, lo, sizeof lo));
    else
        fprintf(out, " %10s  [%s, %s]", fk_report_fmt_time(g->wall.median, med, sizeof med),
                fk_report_fmt_time(g->wall.ci_lo, lo, sizeof lo),
                fk_report_fmt_time(g->wall.ci_hi, hi, sizeof hi));
    if (g->runs && g->ci_level < 0.95 - 1e-9 && !fk_report_is_spawn(g)) /* too few runs */
        fprintf(out, "@%.0f%%", 100.0 * g->ci_level);
    fprintf(out, " %5s%% %3zu %6s %5s %6s %10s", fk_report_fmt_num(100.0 * g->wall.cv, 1, cv, 32),
            g->wall.outliers, fk_report_fmt_num(g->speedup, 2, s, 32),
            fk_report_fmt_num(g->efficiency, 2, e, 32), fk_report_fmt_num(g->karp_flatt, 3, kf, 32),
            fk_report_fmt_mib(g->rss_sum_kib, mx, sizeof mx));
    if (g->failed)
        fprintf(out, "  (%zu failed: %s)", g->failed, g->failure);
    fputc('\n', out);
}

static void print_table(const fk_report_t *r, FILE *out)
{
    int hosts = fk_report_several_hosts(r);
    if (hosts)
        fprintf(out, "%-12s ", "host");
    fprintf(out, "%-10s %-12s %-15s %-10s %4s %4s %10s  %-22s %6s %3s %6s %5s %6s %10s\n", "kernel",
            "variant", "class", "model", "W", "runs", "median", "CI of median", "cv", "out",
            "speedup", "eff", "KF", "mem sum");
    for (size_t i = 0; i < r->ngroups; i++)
        print_row(out, &r->groups[i], hosts);
    if (r->nok < r->nruns)
        fprintf(out, "%zu of %zu runs failed or did not verify and are not in the timings.\n",
                r->nruns - r->nok, r->nruns);
    int over = 0;
    for (size_t i = 0; i < r->ngroups; i++)
        over |= fk_report_oversubscribed(&r->groups[i]);
    fprintf(out,
            "%sCI: 95%% of the median, or @N%%: only N%% with too few runs (6 give 95%%). KF: "
            "Karp-Flatt serial fraction (above 1: slower than serial).\n",
            over ? "* workers exceed the cores (oversubscribed). " : "");
}

static void report_free(fk_report_t *r)
{
    for (size_t i = 0; i < r->ntables; i++)
        fk_csv_table_free(&r->tables[i]);
    free(r->tables);
    free(r->runs);
    free(r->groups);
    free(r->comparisons);
}

/* Without --out: a folder of its own beside the first CSV file, NAME-report for NAME.csv, so
 * that a report never strews summary.csv, report.md and plots over the folder the CSV is
 * in (the repository's root, when an exercise wrote its CSV there). */
static const char *default_out(const char *file, char *buf, size_t len)
{
    size_t n = strlen(file);
    if (n > 4 && strcmp(file + n - 4, ".csv") == 0)
        n -= 4;
    snprintf(buf, len, "%.*s-report", (int)n, file);
    return buf;
}

/* mkdir -p: the output folder and any missing parents. */
static int make_out_dir(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0777); /* failures show in the final check */
        *p = '/';
    }
    if (mkdir(path, 0777) == 0 || (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return 0;
    return fk_err(err, errlen, "%s: cannot create the output folder: %s", dir,
                  errno == EEXIST ? "not a folder" : strerror(errno));
}

/* Loads, groups and computes; then writes summary.csv, the plots and report.md. */
static int report_run(fk_report_t *r, const char *const *files, size_t nfiles)
{
    char err[512] = "";
    if (fk_report_check_inputs(files, nfiles, r->out_dir, err, sizeof err) < 0 ||
        load(r, files, nfiles, err, sizeof err) < 0 || group_runs(r, err, sizeof err) < 0) {
        fprintf(stderr, "forkomp report: %s\n", err);
        return FK_EXIT_USAGE;
    }
    compute_speedups(r);
    if (make_out_dir(r->out_dir, err, sizeof err) < 0 || write_summary(r, err, sizeof err) < 0 ||
        fk_report_write_class_csv(r, err, sizeof err) < 0 ||
        fk_report_compare(r, err, sizeof err) < 0 ||
        fk_report_write_comparisons(r, err, sizeof err) < 0) {
        fprintf(stderr, "forkomp report: %s\n", err);
        return FK_EXIT_FAIL;
    }
    print_table(r, stdout);
    fk_report_warn_hosts(r, NULL, 1);
    r->plotted = fk_report_plot(r) == 0;
    if (fk_report_write_md(r, files, nfiles, err, sizeof err) < 0 ||
        fk_answers_write(r, err, sizeof err) < 0 || fk_answer_write(r, err, sizeof err) < 0 ||
        fk_report_write_html(r, err, sizeof err) < 0) {
        fprintf(stderr, "forkomp report: %s\n", err);
        return FK_EXIT_FAIL;
    }
    printf("wrote %s/summary.csv, %s/report.md, report.html, answers.md%s\n", r->out_dir,
           r->out_dir, r->plotted ? " and the plots" : "");
    return FK_EXIT_OK;
}

/* CSV=LABEL: a file that does not exist under the whole name is split at its last '='. The
 * words are argv's own, so the '=' is cut in place. */
static int split_labels(const char **files, const char **labels, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        char *eq = strrchr(files[i], '=');
        labels[i] = NULL;
        if (!eq || access(files[i], F_OK) == 0)
            continue;
        if (fk_context_check_label(eq + 1, err, errlen) != 0)
            return -1;
        *eq = '\0';
        labels[i] = eq + 1;
    }
    return 0;
}

typedef struct report_opts {
    const char *out; /* --out DIR */
} report_opts_t;

static const fk_opt_t report_options[] = {
    {"out", FK_OPT_STR, offsetof(report_opts_t, out), 0, 0, "DIR",
     "where to write (default: NAME-report/ beside the first CSV, NAME.csv)", NULL, NULL},
    {"label", FK_OPT_REFUSED, 0, 0, 0, NULL, "is for the run commands; here write CSV=LABEL", NULL,
     NULL},
    FK_OPT_END,
};

int fk_cmd_report(int argc, char **argv)
{
    report_opts_t opts = {NULL};
    const char *files[FK_REPORT_MAX_FILES];
    fk_cli_rest_t rest = {0, files, FK_REPORT_MAX_FILES, 0};
    fk_opt_group_t group = {report_options, &opts};
    char err[512] = "", outbuf[4096];
    if (fk_cli_parse("report", argc - 1, argv + 1, &group, 1, &rest, err, sizeof err) != FK_EXIT_OK)
        return fk_cli_usage_error("report", err);
    if (rest.help) {
        fputs(report_usage, stdout);
        fk_cli_print_options(stdout, report_options);
        return FK_EXIT_OK;
    }
    size_t nfiles = rest.n;
    if (nfiles == 0)
        return fk_cli_usage_error("report", "no CSV files given");
    const char *labels[FK_REPORT_MAX_FILES];
    if (split_labels(files, labels, nfiles, err, sizeof err) != 0)
        return fk_cli_usage_error("report", err);
    fk_report_drop_repeated(files, labels, &nfiles);
    fk_report_t r = {0};
    r.labels = labels;
    r.out_dir = opts.out ? opts.out : default_out(files[0], outbuf, sizeof outbuf);
    int rc = report_run(&r, files, nfiles);
    report_free(&r);
    return rc;
}
