/* plan.h: the plan of a kernel command (runner.c): one entry per model and worker count,
 * with the wall times of its timed runs; and the table printed from it (table.c). */
#ifndef FK_PLAN_H
#define FK_PLAN_H

#include <stddef.h>

#include "harness/cli/opts.h"
#include "harness/models/model.h"
#include "kernels/kernel.h"

typedef struct fk_plan_entry {
    const fk_model_ops_t *model;
    fk_model_cfg_t cfg;
    double *walls; /* the ok runs' wall times, nwalls of them */
    int nwalls, failures;
} fk_plan_entry_t;

/* Prints the table of plan[0..n) for kernel k (its context ctx, ntasks tasks) to stdout;
 * budget_hit says --budget stopped the runs early. */
void fk_plan_print_table(const fk_kernel_ops_t *k, const void *ctx, size_t ntasks,
                         const fk_opts_t *o, const fk_plan_entry_t *plan, int n, int budget_hit);

#endif
