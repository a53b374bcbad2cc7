/* SPDX-License-Identifier: MIT */
/* runner.h: helpers of the kernel commands that other commands reuse. */
#ifndef FK_RUNNER_H
#define FK_RUNNER_H

#include <stddef.h>
#include <stdio.h>

#include "kernels/kernel.h"
#include "harness/engine/csv.h"
#include "harness/models/model.h"

/* Fills the columns of row that say what ran: host, kernel, variant, class, model and its
 * shape, schedule, chunk, tasks, pin. Shared by the harness and the MPI launcher path. */
void fk_csv_describe_run(fk_csv_row_t *row, const fk_kernel_ops_t *kernel, const void *ctx,
                         size_t ntasks, const char *model, const fk_model_cfg_t *cfg);

/* Parses --fault KIND:I (crash, hang, exit) into f; NULL spec: no fault. Returns 0, or -1
 * with a message in err. */
int fk_parse_fault(const char *spec, fk_fault_t *f, char *err, size_t errlen);

/* Names every task that did not succeed, one line each ("forkomp: failed: MSG"): the run's
 * status names only the first. */
void fk_print_failed_tasks(FILE *out, const fk_result_t *results, size_t n);

/* The busy time (the sum of its tasks' run times) of each worker that ran a task, into
 * busy (room for n), in the order of (worker, thread): a worker is a pool slot's, a rank's
 * or the omp team's thread, so each of a hybrid process's threads is one. Returns how many
 * workers ran a task; a task killed mid-run is not counted. */
size_t fk_busy_times(const fk_result_t *results, size_t n, double *busy);
/* The busy time of the busiest and of the idlest of the run's workers, in seconds, from
 * fk_busy_times; a worker that ran nothing counts 0. Both 0 when no task recorded its
 * times. */
void fk_busy_range(const fk_result_t *results, size_t n, int workers, double *max_s, double *min_s);

/* The CSV's status of a run whose process ended well, from its tasks and the kernel's
 * verdict: "failed:<first failed task's message>; N more tasks failed", "timeout" when that
 * task ran out of time, "failed:wrong result: <why>", or "ok". Every run path (the harness's
 * measurements, the MPI launcher path) classifies with this one function. */
void fk_task_status(const fk_result_t *r, size_t n, const fk_verdict_t *v, char *status,
                    size_t len);

#endif
