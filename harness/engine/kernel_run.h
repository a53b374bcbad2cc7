/* SPDX-License-Identifier: MIT */
/* kernel_run.h: what the two run paths of a kernel command share, the harness's (runner.c,
 * a fresh child per run) and the MPI launcher's (mpi_launch.c, the ranks in one job): the
 * name of a run on the progress line, its CSV row, the kernel's lines and the failed tasks
 * printed once, and the table of medians, speedups and efficiencies (table.c). */
#ifndef FK_KERNEL_RUN_H
#define FK_KERNEL_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "harness/engine/engine.h"
#include "harness/engine/measure.h"
#include "kernels/kernel.h"

typedef struct fk_kernel_run {
    const fk_kernel_ops_t *kernel;
    void *ctx;
    size_t ntasks;
    int printed; /* the kernel's lines were printed */
    int named;   /* the failed tasks were named on stderr */
} fk_kernel_run_t;

/* "primes lab/trial fork w=2", or with pxt "primes lab/trial mpi 2x1". */
void fk_kernel_run_describe(const fk_kernel_run_t *k, const fk_engine_entry_t *e, int pxt,
                            char *buf, size_t len);

/* After a run m whose tasks left res: the first failed run names every failed task on stderr
 * (its status names only the first: "; N more tasks failed"); the first run prints the
 * kernel's lines (summary_only: just its summary, the run printed each task's line as it
 * landed). When quiet, or when the run failed before any task started, only one line: why
 * the first failed run failed. Nothing once interrupted. */
void fk_kernel_run_print(fk_kernel_run_t *k, fk_progress_t *prog, const fk_result_t *res,
                         const fk_measurement_t *m, int summary_only, int quiet);

/* Lands timed run rep (0-based) of e, measured as m, with its CSV row when one is written;
 * busy (NULL: not measured) gives the workers' busy times. */
void fk_kernel_run_land(const fk_kernel_run_t *k, fk_engine_t *eng, fk_engine_entry_t *e, int rep,
                        const fk_measurement_t *m, const fk_result_t *busy);

/* The table of the entries of eng (models at worker counts) to stdout (table.c). */
void fk_kernel_run_table(const fk_kernel_run_t *k, const fk_engine_t *eng);

#endif
