/* SPDX-License-Identifier: MIT */
/* pool.h: a pre-forked process pool with the shape of Python's multiprocessing.Pool:
 * create with n workers (optionally an initializer and maxtasksperchild), submit work with
 * map / map_async / apply_async / imap / imap_unordered, close, join, terminate.
 *
 * The parent alone hands out work and lands results, as CPython's Pool does: each worker has
 * a channel of its own (two pipes) carrying one order at a time, "run tasks [begin, end)
 * of this submission", and back "done"; the records stay in shared memory, one writer each
 * (pool.c states the invariants; docs/pool.md the design and what the hand-off costs).
 * Unlike Python's Pool:
 *  - a worker that dies is noticed at once (its channel's end of file): the task it was
 *    running is reported CRASHED with its signal, the tasks it had not started are handed
 *    out again, a new worker takes its place and every result still arrives (bpo-22393,
 *    gh-96062 hang instead); in the hybrid, tasks that ran beside a crash are run again
 *    alone, once each, and only a task that crashes alone is reported;
 *  - a callback that fails (returns non-zero) is recorded on its result and never stops the
 *    pool from delivering the others (gh-83371);
 *  - an initializer that fails stops the pool with its message instead of respawning
 *    workers forever (gh-87472);
 *  - a worker recycled by maxtasksperchild is only ever given the tasks it may still run,
 *    so no task is lost or run twice (gh-82980, gh-91315);
 *  - a fork that fails is tried again with backoff; work fails only when no worker could be
 *    started for a second, with the fork's reason.
 * With a task timeout, a task that runs too long has its worker killed (and reaped) and is
 * reported TIMEOUT; the tasks that worker had not started are handed out again.
 *
 * There is no background thread: the parent's side of the pool (reaping, timeouts, handing
 * work out, callbacks) runs inside whichever pool call the parent is in (map, wait,
 * get, ready, imap_next, join). Callbacks therefore run in the parent, in the caller's
 * thread, and may submit more work, but must not wait on the pool (EDEADLK).
 *
 * The task function, its context and caller-owned result arrays must exist before
 * fk_pool_create (the workers see the parent's memory as it was at fork time, plus
 * MAP_SHARED pages). The pool never forks from a process that has started threads since the
 * pool was created (e.g. OpenMP in a callback, GCC PR 60035): such a replacement is refused
 * and, when no worker is left, the work is reported lost. */
#ifndef FK_POOL_H
#define FK_POOL_H

#include <stddef.h>

#include "harness/models/model.h"

typedef struct fk_pool fk_pool_t;
typedef struct fk_pool_async fk_pool_async_t;
typedef struct fk_pool_imap fk_pool_imap_t;

typedef struct fk_pool_map_cfg {
    int schedule;     /* enum fk_schedule */
    size_t chunk;     /* >= 1; 0 means ceil(N / (4W)) */
    int threads;      /* OpenMP threads per worker process (hybrid), 1..256 */
    double timeout_s; /* per task, 0: none */
    int reset_done;   /* 1: the caller reset the results already (the harness does, before
                       * the clock starts), so the map does not do it again inside it */
} fk_pool_map_cfg_t;

/* Runs once in each worker before its first task; non-zero fails it, with a message in why.
 * A failing initializer stops the pool (see fk_pool_error). */
typedef int (*fk_pool_init_fn)(void *arg, char *why, size_t whylen);

typedef struct fk_pool_opts {
    int pin;               /* bind worker w to core w */
    fk_pool_init_fn init;  /* NULL: none */
    void *init_arg;        /* as seen at fork time */
    long maxtasksperchild; /* a worker exits and is replaced after this many tasks; 0: never */
} fk_pool_opts_t;

/* Per-task callbacks, run in the parent as each task's result lands: `callback` for a task
 * that is OK, `error_callback` for one that FAILED, CRASHED or TIMED OUT. Non-zero return:
 * the callback failed; it is recorded (fk_pool_async_callback_error) and delivery goes on. */
typedef int (*fk_pool_cb)(void *arg, size_t index, const fk_result_t *r);

typedef struct fk_pool_cbs {
    fk_pool_cb callback, error_callback; /* either may be NULL */
    void *arg;
} fk_pool_cbs_t;

/* Forks `workers` processes (>= 1). pin binds worker w to core w. NULL with errno on error.
 * Must not be called from a process that has run an OpenMP region (GCC PR 60035). */
fk_pool_t *fk_pool_create(int workers, int pin);
/* The same with an initializer and maxtasksperchild (opts may be NULL). */
fk_pool_t *fk_pool_create_opts(int workers, const fk_pool_opts_t *opts);

/* Runs every task of ts; blocks until each is OK, FAILED, CRASHED or TIMEOUT.
 * Returns 0 when all tasks are OK, 1 when some are not, -1 (errno EINVAL) on misuse:
 * a closed or terminated pool. */
int fk_pool_map(fk_pool_t *pool, const fk_taskset_t *ts, const fk_pool_map_cfg_t *cfg);
/* The same, running cbs (may be NULL) as each task lands. */
int fk_pool_map_cb(fk_pool_t *pool, const fk_taskset_t *ts, const fk_pool_map_cfg_t *cfg,
                   const fk_pool_cbs_t *cbs);

/* Submits ts (results reset to pending here) without waiting; cbs may be NULL. NULL with
 * errno EINVAL on misuse, ECANCELED when the pool has stopped (fk_pool_error), ENOMEM. */
fk_pool_async_t *fk_pool_map_async(fk_pool_t *pool, const fk_taskset_t *ts,
                                   const fk_pool_map_cfg_t *cfg, const fk_pool_cbs_t *cbs);
/* Submits the one call fn(ctx, index, result); its result lives in the pool (no caller
 * array needed). timeout_s bounds the call, 0: none. */
fk_pool_async_t *fk_pool_apply_async(fk_pool_t *pool, fk_task_fn fn, void *ctx, size_t index,
                                     double timeout_s, const fk_pool_cbs_t *cbs);

/* 1 when every task of ar has landed (and its callbacks have run), else 0. Never blocks. */
int fk_pool_async_ready(fk_pool_async_t *ar);
/* Waits until ready or timeout_s (< 0: no limit; 0: just look). 0 when ready, -1 with
 * errno ETIMEDOUT when not (ar stays usable), EDEADLK from inside a callback. */
int fk_pool_async_wait(fk_pool_async_t *ar, double timeout_s);
/* wait, then 0 when every task is OK, 1 when some are not; -1 (ETIMEDOUT, EDEADLK) as wait. */
int fk_pool_async_get(fk_pool_async_t *ar, double timeout_s);
/* After ready: 1 when every task is OK. Before: -1, errno EAGAIN (Python raises). */
int fk_pool_async_successful(const fk_pool_async_t *ar);
/* Task i's result record (apply_async: i = 0), valid until fk_pool_async_free. */
const fk_result_t *fk_pool_async_result(const fk_pool_async_t *ar, size_t i);
/* How many callbacks failed so far, and the first one's message (NULL when none). */
int fk_pool_async_callback_failures(const fk_pool_async_t *ar);
const char *fk_pool_async_callback_error(const fk_pool_async_t *ar);
/* Releases ar; an unfinished submission still runs to completion, unobserved. */
void fk_pool_async_free(fk_pool_async_t *ar);

typedef struct fk_pool_imap_cfg {
    size_t buffersize; /* tasks submitted ahead of the consumer, >= 1 (Python 3.14's) */
    double timeout_s;  /* per task, 0: none */
    int unordered;     /* 1: imap_unordered (as they complete); 0: imap (in task order) */
} fk_pool_imap_cfg_t;

/* Runs fn(ctx, i, result) for i in [0, ntasks) with at most cfg->buffersize in flight; the
 * results need no caller array. NULL with errno as fk_pool_map_async. */
fk_pool_imap_t *fk_pool_imap(fk_pool_t *pool, fk_task_fn fn, void *ctx, size_t ntasks,
                             const fk_pool_imap_cfg_t *cfg);
/* The next result, into *index and *out: 0; 1 when every task has been returned; -1 with
 * errno ETIMEDOUT when none came within timeout_s (< 0: no limit; the iterator stays
 * usable) or EDEADLK inside a callback. */
int fk_pool_imap_next(fk_pool_imap_t *it, double timeout_s, size_t *index, fk_result_t *out);
/* Releases it; tasks already submitted still run, unobserved. */
void fk_pool_imap_free(fk_pool_imap_t *it);

/* No more submissions: workers exit once the submitted work is done. */
int fk_pool_close(fk_pool_t *pool);
/* Kills every worker at once; unfinished tasks are FAILED ("pool terminated"). */
void fk_pool_terminate(fk_pool_t *pool);
/* Delivers every submitted result (running callbacks), then waits for every worker to exit;
 * the pool must be closed or terminated (else -1, EINVAL). */
int fk_pool_join(fk_pool_t *pool);
/* Frees the pool, terminating and joining first if needed, and every async result. */
void fk_pool_destroy(fk_pool_t *pool);

/* After join: the sum of the workers' peak RSS (KiB), including replaced workers. */
long fk_pool_rss_sum_kib(const fk_pool_t *pool);
/* PSS and USS (KiB) summed over the calling process and every worker, read now (call it
 * after a map and before close, while every worker is alive and waits for more, so the
 * shared pages are split between all of them as an outside reader sees them during the
 * map); -1 when a reading is missing (a slot has no live worker). Not part of a map: it
 * reads smaps_rollup once per process, which would weigh on every round trip. */
void fk_pool_memory(const fk_pool_t *pool, long *pss_sum_kib, long *uss_sum_kib);
/* Workers that died and were replaced so far. */
int fk_pool_replacements(const fk_pool_t *pool);
/* Workers that reached maxtasksperchild and were replaced so far. */
int fk_pool_recycled(const fk_pool_t *pool);
/* Why the pool stopped (an initializer failed), or NULL while it works. */
const char *fk_pool_error(const fk_pool_t *pool);

#endif
