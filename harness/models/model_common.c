/* SPDX-License-Identifier: MIT */
/* model_common.c: what every model shares: claiming and running one task, fault injection,
 * the default chunk size, worker shapes and pinning. */
#include "harness/models/model.h"

#include <omp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/base/placement.h"
#include "kernels/common/util.h"

size_t fk_default_chunk(size_t ntasks, int workers)
{
    size_t per = 4 * (size_t)(workers > 0 ? workers : 1);
    size_t chunk = (ntasks + per - 1) / per;
    return chunk ? chunk : 1;
}

void fk_results_reset(fk_result_t *results, size_t n)
{
    memset(results, 0, n * sizeof *results);
    for (size_t i = 0; i < n; i++) {
        results[i].status = FK_TASK_PENDING;
        results[i].worker = -1;
    }
}

/* Misbehaves as --fault asks; the hang sleeps rather than spins so it costs no CPU. */
static void apply_fault(const fk_fault_t *fault, size_t i)
{
    if (fault->kind == FK_FAULT_NONE || fault->task != i)
        return;
    if (fault->kind == FK_FAULT_CRASH) {
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
    } else if (fault->kind == FK_FAULT_EXIT) {
        _exit(3);
    } else if (fault->kind == FK_FAULT_HANG) {
        for (;;)
            pause();
    }
}

int fk_run_one(const fk_taskset_t *ts, size_t i, int worker)
{
    fk_result_t *r = &ts->results[i];
    int32_t expected = FK_TASK_PENDING;
    /* The owner is written before the claim so that, if this process dies between the two,
     * the pool still knows whose task it was. Only one slot ever claims a given task. */
    __atomic_store_n(&r->worker, worker, __ATOMIC_RELEASE);
    if (!__atomic_compare_exchange_n(&r->status, &expected, FK_TASK_RUNNING, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        return 0;
    /* The hybrid's slot is a process of several threads: busy times are per thread. */
    r->thread = omp_in_parallel() ? omp_get_thread_num() : 0;
    __atomic_store_n(&r->started_ns, fk_now_ns(), __ATOMIC_RELEASE);
    apply_fault(&ts->fault, i);
    int rc = ts->fn(ts->ctx, i, r);
    __atomic_store_n(&r->ended_ns, fk_now_ns(), __ATOMIC_RELEASE);
    /* A CAS, not a store: the pool may have declared this task TIMEOUT meanwhile. */
    expected = FK_TASK_RUNNING;
    __atomic_compare_exchange_n(&r->status, &expected, rc == 0 ? FK_TASK_OK : FK_TASK_FAILED, 0,
                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    return 1;
}

void fk_task_landed(const fk_model_cfg_t *cfg, const fk_taskset_t *ts, size_t i)
{
    if (cfg->landed)
        cfg->landed(cfg->landed_arg, i, &ts->results[i]);
}

int fk_shape_threads(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    if (cfg->procs > 1)
        return fk_err(err, errlen, "--procs %d: this model runs one process", cfg->procs);
    cfg->procs = 1;
    cfg->threads = cfg->workers;
    return 0;
}

int fk_shape_processes(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    if (cfg->procs > 0 && cfg->procs != cfg->workers)
        return fk_err(err, errlen, "--procs %d: this model runs one process per worker",
                      cfg->procs);
    cfg->procs = cfg->workers;
    cfg->threads = 1;
    return 0;
}

void fk_pin_to_core(int worker)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(fk_pin_cpu(worker), &set);
    sched_setaffinity(0, sizeof set, &set); /* 0: the calling thread */
}

/* The most even split of W: the largest divisor P <= sqrt(W) gives P x W/P. */
int fk_shape_even(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    int w = cfg->workers, p = cfg->procs;
    if (p == 0) {
        p = 1;
        for (int d = 1; d * d <= w; d++)
            if (w % d == 0)
                p = d;
    }
    if (p < 1 || w % p != 0)
        return fk_err(err, errlen, "--procs %d does not divide workers %d", p, w);
    cfg->procs = p;
    cfg->threads = w / p;
    return 0;
}
