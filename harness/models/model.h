/* SPDX-License-Identifier: MIT */
/* model.h: the contract for a model, a way of running N tasks on W workers.
 *
 * A model knows nothing of primes or DBFs: it gets a task function, an opaque context and a
 * result array, and fills every result's status. Process models need the result array in
 * memory shared with their workers; the harness always provides a MAP_SHARED array, so
 * processes and threads return results the same way. Adding a model is one file with one
 * fk_model_ops_t plus one line in harness/cli/registry.c. */
#ifndef FK_MODEL_H
#define FK_MODEL_H

#include <stddef.h>

#include "harness/base/role.h"
#include "kernels/kernel.h"
#include "harness/base/opts.h" /* enum fk_schedule */

/* --fault KIND:I makes task I misbehave, in any kernel and model (for tests and teaching). */
enum fk_fault_kind { FK_FAULT_NONE = 0, FK_FAULT_CRASH, FK_FAULT_HANG, FK_FAULT_EXIT };

typedef struct fk_fault {
    int kind;    /* enum fk_fault_kind */
    size_t task; /* the task that misbehaves */
} fk_fault_t;

/* Told that task i has landed (its status is final), in the model's own process, from one
 * thread at a time, as it happens: the harness prints --in-place lines as files finish and
 * counts landed tasks on the progress line with it. */
typedef void (*fk_landed_fn)(void *arg, size_t i, const fk_result_t *r);

typedef struct fk_taskset {
    fk_task_fn fn;
    void *ctx;
    size_t ntasks;
    fk_result_t *results; /* ntasks records, in MAP_SHARED memory, reset (pending, unclaimed)
                           * by the harness before each run, outside the clock */
    fk_fault_t fault;
} fk_taskset_t;

typedef struct fk_model_cfg {
    int workers;         /* W, the total number of workers (procs x threads) */
    int procs;           /* processes (1 for threads-only models) */
    int threads;         /* threads per process */
    int schedule;        /* enum fk_schedule */
    size_t chunk;        /* tasks handed out at a time, >= 1 */
    double timeout_s;    /* per-task bound in the process models, 0: none */
    int pin;             /* enum fk_pin_policy: how workers are bound to CPUs (placement.h) */
    fk_landed_fn landed; /* told of each task as it lands; NULL: nobody listens */
    void *landed_arg;
} fk_model_cfg_t;

/* What a model reports of its run, beyond the results. */
typedef struct fk_model_out {
    double wall_s;    /* > 0 when the model timed itself (e.g. MPI between barriers) */
    long rss_sum_kib; /* sum of the peak RSS of the model's extra processes */
    /* PSS and USS (KiB) summed over every process of the run, the run's own included, read
     * while all of them were alive (a process that reads after its workers exited would
     * count the pages it shared with them in full, a second time). 0: the model did not
     * read them (one process: the harness reads it after the model returns, its threads
     * still alive); -1: they cannot be read (ranks the harness cannot see). */
    long pss_sum_kib, uss_sum_kib;
    char hosts[256]; /* hosts used, when the model spans machines */
} fk_model_out_t;

typedef struct fk_model_ops {
    const char *name;    /* "serial", "fork", "omp", "hybrid", "mpi", ... */
    const char *summary; /* one line for the help */
    int role;            /* enum fk_model_role */
    int bounds_tasks;    /* 1 when the model enforces --timeout per task itself */
    int uses_procs;      /* 1 for P x T models, the ones --procs applies to */
    int by_default;      /* 1 when a run without --models includes it */
    int own_tmpdir;      /* 1 when the run starts programs that leave files in TMPDIR (mpirun's
                          * session folders): each run gets a TMPDIR of its own, removed after */
    /* Splits cfg->workers into procs x threads (cfg->procs is the user's --procs or 0).
     * Returns 0, or -1 with a one-line message in err when the combination is impossible. */
    int (*shape)(fk_model_cfg_t *cfg, char *err, size_t errlen);
    /* Runs every task; returns 0 when the model itself worked (tasks may still have failed). */
    int (*run)(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out);
} fk_model_ops_t;

/* Python's Pool.map default: ceil(N / (4W)), at least 1. */
size_t fk_default_chunk(size_t ntasks, int workers);

/* Marks every result pending and unclaimed, before a map. */
void fk_results_reset(fk_result_t *results, size_t n);

/* Claims task i (pending -> running, atomically) and runs it through ts->fn, recording its
 * status, worker and start time; applies ts->fault. Returns 0 when task i was not pending
 * (someone else has it), 1 when it ran. Safe from any thread or process. */
int fk_run_one(const fk_taskset_t *ts, size_t i, int worker);

/* Tells cfg->landed that task i of ts has landed, when someone listens. */
void fk_task_landed(const fk_model_cfg_t *cfg, const fk_taskset_t *ts, size_t i);

/* Shapes shared by the models: one process of W threads, W processes of one thread. */
int fk_shape_threads(fk_model_cfg_t *cfg, char *err, size_t errlen);
int fk_shape_processes(fk_model_cfg_t *cfg, char *err, size_t errlen);
/* P x T with P the user's --procs, or the most even split of W (hybrid, mpi-omp). */
int fk_shape_even(fk_model_cfg_t *cfg, char *err, size_t errlen);

/* Runs the tasks in the pre-forked pool, cfg->procs processes of cfg->threads threads each
 * (model_fork.c): the fork and hybrid models both run through it. */
int fk_run_pool(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out);

/* Binds the calling thread to worker's CPU in the order --pin chose (placement.h); used when
 * cfg->pin is not FK_PIN_NONE. */
void fk_pin_to_core(int worker);

#endif
