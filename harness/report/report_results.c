/* report_results.c: the "## Results" section of report.md: per case (kernel, variant, class,
 * host) a table with one row per group, written from the column spec below (report_table.h),
 * and its plots. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "harness/report/report.h"
#include "harness/report/report_table.h"

#define G fk_report_group_t
#define GROUP(row) ((const fk_report_group_t *)(row))

static void range(FILE *md, double lo, double hi)
{
    char a[32], b[32];
    fprintf(md, "%s – %s", fk_report_fmt_time(lo, a, 32), fk_report_fmt_time(hi, b, 32));
}

static void cell_workers(FILE *md, const void *row)
{
    fprintf(md, "%d%s", GROUP(row)->workers, fk_report_oversubscribed(GROUP(row)) ? "*" : "");
}

static void cell_shape(FILE *md, const void *row)
{
    fprintf(md, "%dx%d", GROUP(row)->procs, GROUP(row)->threads);
}

static void cell_runs(FILE *md, const void *row)
{
    const fk_report_group_t *g = row;
    fprintf(md, "%zu%s%s", g->runs, g->failed ? " (+failed)" : "",
            g->runs > 0 && g->runs < 6 && !fk_report_is_spawn(g) ? " (too few for a 95% CI)" : "");
}

/* The interval and its true coverage: "980 ms – 1.020 s (93.8%)". */
static void cell_ci(FILE *md, const void *row)
{
    range(md, GROUP(row)->wall.ci_lo, GROUP(row)->wall.ci_hi);
    fprintf(md, " (%.1f%%)", 100.0 * GROUP(row)->ci_level);
}

/* "±1.3%, reached ±2% in 8 runs" (--reps auto), "±3.1%" (fixed --reps), "-" (no runs) */
static void cell_precision(FILE *md, const void *row)
{
    const fk_report_group_t *g = row;
    if (isnan(g->precision_pct))
        fputs("-", md);
    else if (g->precision_reached < 0)
        fprintf(md, "±%.1f%%", g->precision_pct);
    else
        fprintf(md, "±%.1f%%, %s ±%g%% in %zu runs", g->precision_pct,
                g->precision_reached ? "reached" : "**not reached**", g->counter[FK_RC_TARGET],
                g->runs);
}

static void cell_minmax(FILE *md, const void *row)
{
    range(md, GROUP(row)->wall.min, GROUP(row)->wall.max);
}

static const fk_col_t result_cols[] = {
    FK_COL("model", FK_COL_CHARS, G, label, FK_UNIT_RAW, 0),
    FK_COL_MD("workers", cell_workers),
    FK_COL_MD("procs x threads", cell_shape),
    FK_COL_MD("runs", cell_runs),
    FK_COL("median", FK_COL_DBL, G, wall.median, FK_UNIT_TIME, 0),
    FK_COL_MD("CI of the median", cell_ci),
    FK_COL_MD("precision", cell_precision),
    FK_COL_MD("min – max", cell_minmax),
    FK_COL("cv", FK_COL_DBL, G, wall.cv, FK_UNIT_PCT, 1),
    FK_COL("outliers", FK_COL_SIZE, G, wall.outliers, FK_UNIT_RAW, 0),
    FK_COL("CPU", FK_COL_DBL, G, cpu_s, FK_UNIT_TIME, 0),
    FK_COL("peak RSS", FK_COL_DBL, G, maxrss_kib, FK_UNIT_MIB, 0),
    FK_COL("RSS sum", FK_COL_DBL, G, rss_sum_kib, FK_UNIT_MIB, 0),
    FK_COL("PSS sum", FK_COL_DBL, G, counter[FK_RC_PSS], FK_UNIT_MIB, 0),
    FK_COL("speedup", FK_COL_DBL, G, speedup, FK_UNIT_FIXED, 2),
    FK_COL("efficiency", FK_COL_DBL, G, efficiency, FK_UNIT_FIXED, 2),
    FK_COL("KF", FK_COL_DBL, G, karp_flatt, FK_UNIT_FIXED, 3),
};
#define NCOLS (sizeof result_cols / sizeof *result_cols)

static void write_plots(FILE *md, const fk_report_t *r, const fk_report_group_t *g)
{
    static const char *const what[] = {"time", "runs", "speedup", "efficiency", "memory"};
    char name[512], path[4096 + 512];
    for (size_t i = 0; r->plotted && i < sizeof what / sizeof *what; i++) {
        fk_report_plot_name(r, g, what[i], name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
        if (access(path, R_OK) == 0)
            fprintf(md, "![%s](%s)\n", what[i], name);
    }
    fprintf(md, "\n");
}

void fk_report_results_section(const fk_report_t *r, FILE *md)
{
    int hosts = fk_report_several_hosts(r);
    fprintf(md, "## Results\n\nWall time of the kernel region; median over the verified runs with "
                "a distribution-free confidence interval (CI) of the median: a range that contains "
                "the true median with at least the probability in brackets, whatever the shape of "
                "the times (95%% or more from 6 runs on, less below). Precision: how far the CI "
                "reaches from the median, and with `--reps auto` whether it reached the target and "
                "in how many runs. Then min – max, coefficient of variation (stddev / mean) and "
                "outliers (|x - median| > 3 x 1.4826 x MAD, counted, never dropped). CPU: median "
                "user+sys of all processes and threads. Memory: median peak RSS of the largest "
                "process, RSS summed over the run's processes (shared pages counted once per "
                "process) and PSS summed over them (shared pages split: what the run occupies). "
                "Speedup: the serial median divided by the group's. Efficiency: speedup divided by "
                "the workers, the share of each worker's time that did useful work (1 is perfect, "
                "0.5 means half of it was lost to waiting, starting or sharing). KF (Karp-Flatt): "
                "the serial fraction e = (1/speedup - 1/p) / (1 - 1/p) the speedup implies on p "
                "workers; an e that grows with p means the overhead grows with the workers "
                "(starting, coordinating), a constant e a part of the work that never ran in "
                "parallel; an e above 1 means the group was slower than serial (speedup below "
                "1): its overhead cost more than all the work it shared out. * "
                "oversubscribed.\n\n");
    for (size_t i = 0, j; i < r->ngroups; i = j) {
        j = fk_report_case_end(r, i);
        if (fk_report_is_spawn(&r->groups[i]))
            continue; /* its own section */
        fprintf(md, "### ");
        fk_report_case_title(md, &r->groups[i], hosts);
        fprintf(md, "\n\n");
        fk_table_md_header(md, result_cols, NCOLS);
        for (size_t k = i; k < j; k++)
            fk_table_md_row(md, result_cols, NCOLS, &r->groups[k]);
        fprintf(md, "\n");
        write_plots(md, r, &r->groups[i]);
    }
}
