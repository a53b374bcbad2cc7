/* SPDX-License-Identifier: MIT */
/* report_summary.c: summary.csv, from one column spec (report_table.h), which also names
 * the figures of each group in facts.json (report_facts.c). The first five columns never move (the
 * gnuplot script reads the names, not the positions, but awk users may not); new columns go at the
 * end. */
#include "harness/report/report.h"

#include <math.h>
#include <string.h>

#include "harness/base/placement.h"
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

const fk_col_t *fk_report_summary_cols(size_t *n)
{
    name_counters();
    *n = NCOLS;
    return summary_cols;
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
