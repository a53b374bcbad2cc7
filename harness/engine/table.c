/* table.c: the table a kernel command prints at the end: per model and worker count the
 * median, speedup and efficiency over serial, the runs and how far the median's 95% CI
 * reaches, and which groups --reps auto left short of its target. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness/engine/plan.h"
#include "harness/engine/reps.h"
#include "harness/report/stats.h"

/* The serial median; 0 when serial was not run, -1 when it ran but no run of it counted. */
static double serial_median(const fk_plan_entry_t *plan, int n)
{
    double none = 0;
    for (int i = 0; i < n; i++) {
        if (plan[i].model->role != FK_ROLE_ONE)
            continue;
        if (plan[i].nwalls)
            return fk_stats_median(plan[i].walls, (size_t)plan[i].nwalls);
        none = -1;
    }
    return none;
}

/* "5 reps" or "reps auto (±2%, 6 to 30 runs)" */
static void describe_reps(const fk_opts_t *o, char *buf, size_t len)
{
    if (o->reps_auto_pct > 0)
        snprintf(buf, len, "reps auto (±%g%%, %d to %d runs)", o->reps_auto_pct, FK_REPS_AUTO_MIN,
                 o->max_reps);
    else
        snprintf(buf, len, "%d reps", o->reps);
}

/* One row: median, speedup, efficiency, runs, and how far the median's 95% CI reaches. */
static void print_entry(const fk_plan_entry_t *e, double base)
{
    char shape[24], med[16] = "-", sp[16] = "-", eff[16] = "-", prec[16] = "-";
    snprintf(shape, sizeof shape, "%dx%d", e->cfg.procs, e->cfg.threads);
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
    printf("%-8s %7d %6s %11s %8s %10s %5d %9s %6d\n", e->model->name, e->cfg.workers, shape, med,
           sp, eff, e->nwalls, prec, e->failures);
}

void fk_plan_print_table(const fk_kernel_ops_t *k, const void *ctx, size_t ntasks,
                         const fk_opts_t *o, const fk_plan_entry_t *plan, int n, int budget_hit)
{
    double base = serial_median(plan, n);
    char reps[64];
    describe_reps(o, reps, sizeof reps);
    printf("\n%s %s/%s, %zu tasks, %s: median wall time of the kernel region\n", k->name,
           k->class_name(ctx), k->variant(ctx), ntasks, reps);
    printf("%-8s %7s %6s %11s %8s %10s %5s %9s %6s\n", "model", "workers", "PxT", "median_s",
           "speedup", "efficiency", "runs", "95% CI", "failed");
    int short_of = 0;
    for (int i = 0; i < n; i++) {
        const fk_plan_entry_t *e = &plan[i];
        print_entry(e, base);
        short_of += o->reps_auto_pct > 0 &&
                    !(fk_reps_precision_pct(e->walls, (size_t)e->nwalls) <= o->reps_auto_pct);
    }
    if (base < 0)
        printf("(no speedups: every serial run failed)\n");
    else if (base == 0)
        printf("(run the serial model too to see speedups)\n");
    if (short_of)
        printf("%d group%s did not reach ±%g%% (95%% CI of the median)%s\n", short_of,
               short_of == 1 ? "" : "s", o->reps_auto_pct,
               budget_hit ? " before --budget ran out" : " within --max-reps");
    else if (budget_hit)
        printf("--budget ran out: some groups have fewer runs than asked\n");
}
