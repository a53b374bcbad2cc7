/* SPDX-License-Identifier: MIT */
/* measure.h: one timed run of a kernel under a model, in a fresh child of the harness.
 *
 * The child runs the model and times the kernel region with CLOCK_MONOTONIC; the parent
 * collects its rusage with wait4 (which includes every worker process it waited for), so a
 * crash or hang is recorded rather than fatal, and the harness itself never starts OpenMP
 * (forking after an OpenMP region deadlocks libgomp, GCC PR 60035). */
#ifndef FK_MEASURE_H
#define FK_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "harness/base/counters.h"
#include "kernels/kernel.h"
#include "harness/models/model.h"

typedef struct fk_measurement {
    double wall_s, user_s, sys_s;
    long maxrss_kib;            /* the largest process of the run */
    long rss_sum_kib;           /* the sum of the peaks of all its processes */
    fk_run_counters_t counters; /* PSS/USS, rusage and perf counters; -1 where unknown */
    uint64_t result;            /* the kernel's checksum */
    int verified;
    int ok;           /* status is "ok" */
    char status[512]; /* ok, failed:<why>, crashed:<SIGNAL>, timeout */
    char hosts[256];
} fk_measurement_t;

typedef struct fk_run_spec {
    const fk_kernel_ops_t *kernel;
    void *ctx;
    size_t ntasks;
    const fk_model_ops_t *model;
    fk_model_cfg_t cfg;
    fk_fault_t fault;
    double run_timeout_s; /* 0: none */
    int no_counters;      /* nothing records them (no --csv): no perf counters, no PSS read */
} fk_run_spec_t;

/* A MAP_SHARED area for the results of ntasks tasks, reused by every run of a kernel. */
typedef struct fk_shared_area fk_shared_area_t;
fk_shared_area_t *fk_shared_area_new(size_t ntasks);
void fk_shared_area_free(fk_shared_area_t *area);
const fk_result_t *fk_shared_area_results(const fk_shared_area_t *area);

/* Runs spec once and fills m. Returns 0, or -1 when the harness was interrupted (SIGINT or
 * SIGTERM): the child is gone and scratch is removed, the caller should exit. */
int fk_measure(const fk_run_spec_t *spec, fk_shared_area_t *area, fk_measurement_t *m);

/* Runs fn(arg, err, errlen) in a supervised child: its own process group, stopped with
 * everything it started when forkomp is interrupted (SIGTERM, then SIGKILL a second later),
 * so long work outside the runs (generating a dataset) stops within a couple of seconds.
 * Returns 0, or -1 with err from fn, or saying it crashed or was interrupted. */
int fk_run_in_child(int (*fn)(void *arg, char *err, size_t errlen), void *arg, char *err,
                    size_t errlen);

#endif
