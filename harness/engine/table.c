/* SPDX-License-Identifier: MIT */
/* table.c: the tables printed at the end of a run: what every engine table shares (how many
 * reps, and which groups --reps auto left short of its target or --budget cut), and the
 * kernel commands' table: per model and worker count the median, speedup and efficiency over
 * serial, the runs and how far the median's 95% CI reaches. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness/engine/kernel_run.h"
#include "harness/engine/reps.h"
#include "harness/base/stats.h"

void fk_engine_describe_reps(const fk_engine_t *eng, char *buf, size_t len)
{
    if (eng->auto_pct > 0)
        snprintf(buf, len, "reps auto (±%g%%, %d to %d runs)", eng->auto_pct, FK_REPS_AUTO_MIN,
                 eng->max_reps);
    else
        snprintf(buf, len, "%d reps", eng->reps);
}

void fk_engine_table_notes(const fk_engine_t *eng)
{
    int short_of = 0;
    for (int i = 0; i < eng->n; i++) {
        const fk_engine_entry_t *e = &eng->entries[i];
        short_of += eng->auto_pct > 0 &&
                    !(fk_reps_precision_pct(e->walls, (size_t)e->nwalls) <= eng->auto_pct);
    }
    if (short_of)
        printf("%d group%s did not reach ±%g%% (95%% CI of the median)%s\n", short_of,
               short_of == 1 ? "" : "s", eng->auto_pct,
               eng->budget_hit ? " before --budget ran out" : " within --max-reps");
    else if (eng->budget_hit)
        printf("--budget ran out: some groups have fewer runs than asked\n");
}

/* The serial median; 0 when serial was not run, -1 when it ran but no run of it counted. */
static double serial_median(const fk_engine_t *eng)
{
    double none = 0;
    for (int i = 0; i < eng->n; i++) {
        const fk_engine_entry_t *e = &eng->entries[i];
        if (e->model->role != FK_ROLE_ONE)
            continue;
        if (e->nwalls)
            return fk_stats_median(e->walls, (size_t)e->nwalls);
        none = -1;
    }
    return none;
}

/* One row: median, speedup, efficiency, runs, and how far the median's 95% CI reaches. */
static void print_entry(const fk_engine_entry_t *e, double base, int width)
{
    char shape[24], med[16] = "-", sp[16] = "-", eff[16] = "-", prec[16] = "-", label[40];
    snprintf(shape, sizeof shape, "%dx%d", e->cfg.procs, e->cfg.threads);
    snprintf(label, sizeof label, "%s%s", e->label, e->arm ? "*" : ""); /* the A/A control */
    if (e->nwalls) {
        double m = fk_stats_median(e->walls, (size_t)e->nwalls);
        double p = fk_reps_precision_pct(e->walls, (size_t)e->nwalls);
        snprintf(med, sizeof med, "%.4f", m);
        if (base > 0) {
            snprintf(sp, sizeof sp, "%.2f", base / m);
            snprintf(eff, sizeof eff, "%.0f%%", 100 * base / m / e->cfg.workers);
        }
        if (!isnan(p))
            snprintf(prec, sizeof prec, "±%.1f%%", p);
    }
    printf("%-*s %7d %6s %11s %8s %10s %5d %9s %6d\n", width, label, e->cfg.workers, shape, med, sp,
           eff, e->nwalls, prec, e->failures);
}

void fk_kernel_run_table(const fk_kernel_run_t *k, const fk_engine_t *eng)
{
    double base = serial_median(eng);
    char reps[64];
    fk_engine_describe_reps(eng, reps, sizeof reps);
    printf("\n%s %s/%s, %zu tasks, %s: median wall time of the kernel region\n", k->kernel->name,
           k->kernel->class_name(k->ctx), k->kernel->variant(k->ctx), k->ntasks, reps);
    int width = 8; /* the model column: as wide as its longest name ("pool-forkserver") */
    for (int i = 0; i < eng->n; i++) {
        int len = (int)strlen(eng->entries[i].label) + (eng->entries[i].arm != NULL);
        width = len > width ? len : width;
    }
    printf("%-*s %7s %6s %11s %8s %10s %5s %9s %6s\n", width, "model", "workers", "PxT", "median_s",
           "speedup", "efficiency", "runs", "95% CI", "failed");
    for (int i = 0; i < eng->n; i++)
        print_entry(&eng->entries[i], base, width);
    for (int i = 0; i < eng->n; i++)
        if (eng->entries[i].arm)
            printf("%s*: the A/A control, a copy of %s run in the same rounds (--no-control: "
                   "none)\n",
                   eng->entries[i].label, eng->entries[i].label);
    if (base < 0)
        printf("(no speedups: every serial run failed)\n");
    else if (base == 0)
        printf("(run the serial model too to see speedups)\n");
    fk_engine_table_notes(eng);
}
