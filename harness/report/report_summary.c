/* report_summary.c: summary.csv, from one column spec (report_table.h), and the table
 * `forkomp report` prints. The first five columns never move (the gnuplot script reads the
 * names, not the positions, but awk users may not); new columns go at the end. */
#include "harness/report/report.h"

#include <math.h>
#include <string.h>

#include "harness/models/placement.h"
#include "harness/report/report_table.h"

/* The computed columns: NaN where the file did not record the value. */
static const char *pin_name(const void *g)
{
    return fk_pin_name(((const fk_report_group_t *)g)->pin);
}
static double cpus(const void *g) /* 0: not recorded (older files) */
{
    int n = ((const fk_report_group_t *)g)->cpus;
    return n > 0 ? n : NAN;
}
static double oversubscribed(const void *g)
{
    return fk_report_oversubscribed(g);
}
static double tasks(const void *g)
{
    int n = ((const fk_report_group_t *)g)->tasks;
    return n > 0 ? n : NAN;
}
static double reached(const void *g)
{
    int n = ((const fk_report_group_t *)g)->precision_reached;
    return n < 0 ? NAN : n;
}

#define G fk_report_group_t
#define S(h, m) FK_COL(h, FK_COL_STR, G, m, FK_UNIT_RAW, 0)
#define I(h, m) FK_COL(h, FK_COL_INT, G, m, FK_UNIT_RAW, 0)
#define Z(h, m) FK_COL(h, FK_COL_SIZE, G, m, FK_UNIT_RAW, 0)
#define D(h, m) FK_COL(h, FK_COL_DBL, G, m, FK_UNIT_RAW, 0)
#define C(c) FK_COL(NULL, FK_COL_DBL, G, counter[c], FK_UNIT_RAW, 0) /* the run column's name */

static fk_col_t summary_cols[] = {
    S("host", host),
    S("kernel", kernel),
    S("variant", variant),
    S("class", class_name),
    FK_COL("label", FK_COL_CHARS, G, label, FK_UNIT_RAW, 0),
    S("model", model),
    S("schedule", schedule),
    FK_COL_TXT("pin", pin_name),
    I("workers", workers),
    I("procs", procs),
    I("threads", threads),
    FK_COL_GET("cpus", cpus, FK_UNIT_RAW, 0),
    FK_COL_GET("oversubscribed", oversubscribed, FK_UNIT_RAW, 0),
    Z("runs", runs),
    Z("failed", failed),
    D("median_s", wall.median),
    D("mean_s", wall.mean),
    D("stddev_s", wall.stddev),
    D("min_s", wall.min),
    D("max_s", wall.max),
    D("cv", wall.cv),
    D("ci_lo_s", wall.ci_lo),
    D("ci_hi_s", wall.ci_hi),
    D("ci_level", ci_level),
    Z("outliers", wall.outliers),
    D("cpu_s", cpu_s),
    D("maxrss_kib", maxrss_kib),
    D("rss_sum_kib", rss_sum_kib),
    D("speedup", speedup),
    D("speedup_lo", speedup_lo),
    D("speedup_hi", speedup_hi),
    D("efficiency", efficiency),
    D("karp_flatt", karp_flatt),
    FK_COL_GET("tasks", tasks, FK_UNIT_RAW, 0),
    D("per_op_s", per_op_s),
    D("per_op_min_s", per_op_min),
    C(FK_RC_PSS),
    C(FK_RC_USS),
    C(FK_RC_MINFLT),
    C(FK_RC_MAJFLT),
    C(FK_RC_NVCSW),
    C(FK_RC_NIVCSW),
    C(FK_RC_CSWITCH),
    C(FK_RC_MIGRATIONS),
    C(FK_RC_PAGE_FAULTS),
    C(FK_RC_TASK_CLOCK),
    C(FK_RC_TARGET),
    D("precision_pct", precision_pct),
    FK_COL_GET("precision_reached", reached, FK_UNIT_RAW, 0),
    C(FK_RC_BUSY_MAX),
    C(FK_RC_BUSY_MIN), /* added later: at the end */
    I("slower_than_serial", slower_than_serial),
    Z("disturbed_runs", disturbed),
};
#define NCOLS (sizeof summary_cols / sizeof *summary_cols)

/* The counter columns carry the names of the run columns they summarise. */
static void name_counters(void)
{
    for (size_t i = 0; i < NCOLS; i++)
        if (!summary_cols[i].header) {
            size_t c = (summary_cols[i].off - offsetof(G, counter)) / sizeof(double);
            summary_cols[i].header = fk_report_counter_names[c];
        }
}

static void write_summary(FILE *f, const fk_report_t *r)
{
    name_counters();
    fk_table_csv_header(f, summary_cols, NCOLS);
    for (size_t i = 0; i < r->ngroups; i++)
        fk_table_csv_row(f, summary_cols, NCOLS, &r->groups[i]);
}

int fk_report_write_summary(const fk_report_t *r, char *err, size_t errlen)
{
    return fk_report_write_file(r, "summary.csv", write_summary, err, errlen);
}

/* The widths of the text columns: as wide as their longest value (the names a user gives,
 * --dir's dir-HASH-NAME classes, labels, hosts), never narrower than name_widths' minimums
 * (each at least its header). */
typedef struct {
    int host, kernel, variant, class_name, label;
} name_widths_t;

#define NAME_WIDTH_MAX 48 /* a longer name is cut here rather than push the numbers off-screen */

static int widen(int w, const char *s)
{
    int n = (int)strlen(s);
    return n > w ? (n < NAME_WIDTH_MAX ? n : NAME_WIDTH_MAX) : w;
}

static name_widths_t name_widths(const fk_report_t *r)
{
    name_widths_t w = {12, 10, 12, 10, 10};
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        w.host = widen(w.host, g->host);
        w.kernel = widen(w.kernel, g->kernel);
        w.variant = widen(w.variant, g->variant);
        w.class_name = widen(w.class_name, g->class_name);
        w.label = widen(w.label, g->label);
    }
    return w;
}

static void print_row(FILE *out, const fk_report_group_t *g, int hosts, const name_widths_t *w)
{
    char med[32], lo[32], hi[32], mx[32], cv[32], s[32], e[32], kf[32];
    if (hosts)
        fprintf(out, "%-*.*s ", w->host, w->host, g->host);
    fprintf(out, "%-*.*s %-*.*s %-*.*s %-*.*s %3d%c %4zu", w->kernel, w->kernel, g->kernel,
            w->variant, w->variant, g->variant, w->class_name, w->class_name, g->class_name,
            w->label, w->label, g->label, g->workers, fk_report_oversubscribed(g) ? '*' : ' ',
            g->runs);
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

void fk_report_print_table(const fk_report_t *r, FILE *out)
{
    int hosts = fk_report_several_hosts(r);
    name_widths_t w = name_widths(r);
    if (hosts)
        fprintf(out, "%-*s ", w.host, "host");
    fprintf(out, "%-*s %-*s %-*s %-*s %4s %4s %10s  %-22s %6s %3s %6s %5s %6s %10s\n", w.kernel,
            "kernel", w.variant, "variant", w.class_name, "class", w.label, "model", "W", "runs",
            "median", "CI of median", "cv", "out", "speedup", "eff", "KF", "mem sum");
    for (size_t i = 0; i < r->ngroups; i++)
        print_row(out, &r->groups[i], hosts, &w);
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
