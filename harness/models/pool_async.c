/* SPDX-License-Identifier: MIT */
/* pool_async.c: submissions and their results (see pool.h; pool.c for the invariants):
 * map / map_async / apply_async, landing a task (counting it, copying an apply's record to
 * the caller's own copy, running its callback), the async result (ready, wait, get,
 * successful). A submission waits in the parent's list, oldest first, until all its tasks
 * have landed. */
#include "harness/models/pool_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/util.h"

int64_t fk_pool__deadline(double timeout_s)
{
    return timeout_s < 0 ? -1 : fk_now_ns() + (int64_t)(timeout_s * 1e9);
}

size_t fk_pool__label(const fk_pool_async_t *ar, size_t i)
{
    return ar->apply ? ar->apply_index : i;
}

fk_result_t *fk_pool__record(fk_pool_t *pool, int s, fk_pool_async_t *ar, size_t i)
{
    if (ar->apply)
        return s >= 0 ? &pool->seats[s].rec : &ar->result;
    return &ar->ts.results[i];
}

static void run_callback(fk_pool_t *pool, fk_pool_async_t *ar, size_t i, const fk_result_t *r)
{
    int ok = r->status == FK_TASK_OK;
    fk_pool_cb cb = ok ? ar->cbs.callback : ar->cbs.error_callback;
    if (!cb)
        return;
    size_t index = fk_pool__label(ar, i);
    pool->in_callback++;
    int rc = cb(ar->cbs.arg, index, r);
    pool->in_callback--;
    if (rc != 0 && ar->cb_failures++ == 0)
        snprintf(ar->cb_error, sizeof ar->cb_error, "the %s of task %zu failed (returned %d)",
                 ok ? "callback" : "error_callback", index, rc);
}

void fk_pool__land(fk_pool_t *pool, fk_pool_async_t *ar, size_t i, const fk_result_t *r)
{
    if (ar->apply && r != &ar->result) {
        ar->result = *r; /* the caller's own copy: the seat's record is reused (D8) */
        r = &ar->result;
    }
    ar->landed++;
    ar->failed += r->status != FK_TASK_OK;
    run_callback(pool, ar, i, r);
}

void fk_pool__finish_if_done(fk_pool_t *pool, fk_pool_async_t *ar)
{
    if (ar->done || ar->landed < ar->ts.ntasks)
        return;
    ar->done = 1;
    if (ar->prev)
        ar->prev->next_ar = ar->next_ar;
    else if (pool->head == ar)
        pool->head = ar->next_ar;
    if (ar->next_ar)
        ar->next_ar->prev = ar->prev;
    else if (pool->tail == ar)
        pool->tail = ar->prev;
    ar->prev = ar->next_ar = NULL;
    free(ar->static_next);
    free(ar->redo);
    ar->static_next = NULL;
    ar->redo = NULL;
    if (ar->orphan)
        free(ar);
}

/* Adds b to what ar must run again, joined to the last entry when it continues it. */
void fk_pool__redo(fk_pool_async_t *ar, struct pool_batch b)
{
    struct pool_batch *last = ar->nredo ? &ar->redo[ar->nredo - 1] : NULL;
    if (last && last->end == b.begin && last->threads == b.threads && last->tries == b.tries) {
        last->end = b.end;
        return;
    }
    if (ar->nredo == ar->redo_cap) {
        size_t cap = ar->redo_cap ? 2 * ar->redo_cap : 8;
        struct pool_batch *more = realloc(ar->redo, cap * sizeof *more);
        if (!more)
            abort(); /* a task would be lost: no honest way on */
        ar->redo = more;
        ar->redo_cap = cap;
    }
    ar->redo[ar->nredo++] = b;
}

/* Adds ar (its records reset by the caller) to the pool's list and hands work out. */
static fk_pool_async_t *enqueue(fk_pool_t *pool, fk_pool_async_t *ar)
{
    ar->pool = pool;
    if (ar->cfg.schedule == FK_SCHED_STATIC && !ar->apply) {
        if (!(ar->static_next = calloc((size_t)pool->nslots, sizeof *ar->static_next))) {
            free(ar);
            errno = ENOMEM;
            return NULL;
        }
        for (int v = 0; v < pool->nslots; v++)
            ar->static_next[v] = (size_t)v * (size_t)ar->cfg.threads * ar->cfg.chunk;
    }
    if (ar->ts.ntasks == 0) { /* nothing to run: ready at once */
        free(ar->static_next);
        ar->static_next = NULL;
        ar->done = 1;
        return ar;
    }
    ar->prev = pool->tail;
    if (pool->tail)
        pool->tail->next_ar = ar;
    else
        pool->head = ar;
    pool->tail = ar;
    fk_pool__dispatch(pool);
    return ar;
}

static int can_submit(const fk_pool_t *pool, int closed_ok)
{
    if (!pool || !(pool->state == POOL_OPEN || (closed_ok && pool->state == POOL_CLOSED))) {
        errno = EINVAL;
        return 0;
    }
    if (pool->error[0]) {
        errno = ECANCELED;
        return 0;
    }
    return 1;
}

fk_pool_async_t *fk_pool_map_async(fk_pool_t *pool, const fk_taskset_t *ts,
                                   const fk_pool_map_cfg_t *cfg, const fk_pool_cbs_t *cbs)
{
    if (!ts || !cfg || cfg->threads < 1 || cfg->threads > FK_POOL_MAX_THREADS ||
        cfg->timeout_s < 0) {
        errno = EINVAL;
        return NULL;
    }
    if (!can_submit(pool, 0))
        return NULL;
    fk_pool_async_t *ar = calloc(1, sizeof *ar);
    if (!ar)
        return NULL;
    ar->ts = *ts;
    ar->cfg = *cfg;
    if (ar->cfg.chunk == 0)
        ar->cfg.chunk = fk_default_chunk(ts->ntasks, pool->nslots * cfg->threads);
    if (cbs)
        ar->cbs = *cbs;
    if (!cfg->reset_done)
        fk_results_reset(ts->results, ts->ntasks);
    return enqueue(pool, ar);
}

fk_pool_async_t *fk_pool__apply(fk_pool_t *pool, fk_task_fn fn, void *ctx, size_t index,
                                double timeout_s, const fk_pool_cbs_t *cbs, int closed_ok)
{
    if (!fn || timeout_s < 0) {
        errno = EINVAL;
        return NULL;
    }
    if (!can_submit(pool, closed_ok))
        return NULL;
    fk_pool_async_t *ar = calloc(1, sizeof *ar);
    if (!ar)
        return NULL;
    ar->cfg = (fk_pool_map_cfg_t){FK_SCHED_DYNAMIC, 1, 1, timeout_s, 0};
    ar->apply = 1;
    ar->apply_index = index;
    ar->ts = (fk_taskset_t){fn, ctx, 1, NULL, {0, 0}};
    fk_results_reset(&ar->result, 1);
    if (cbs)
        ar->cbs = *cbs;
    return enqueue(pool, ar);
}

fk_pool_async_t *fk_pool_apply_async(fk_pool_t *pool, fk_task_fn fn, void *ctx, size_t index,
                                     double timeout_s, const fk_pool_cbs_t *cbs)
{
    return fk_pool__apply(pool, fn, ctx, index, timeout_s, cbs, 0);
}

int fk_pool__wait_until(fk_pool_async_t *ar, int64_t deadline_ns)
{
    if (!ar) {
        errno = EINVAL;
        return -1;
    }
    while (!ar->done) {
        if (ar->pool->in_callback) {
            errno = EDEADLK;
            return -1;
        }
        if (deadline_ns >= 0 && fk_now_ns() >= deadline_ns) {
            fk_pool__pump(ar->pool, 0); /* one last look */
            if (ar->done)
                break;
            errno = ETIMEDOUT;
            return -1;
        }
        fk_pool__pump(ar->pool, deadline_ns);
    }
    return 0;
}

int fk_pool_async_ready(fk_pool_async_t *ar)
{
    if (!ar->done)
        fk_pool__pump(ar->pool, 0);
    return ar->done;
}

int fk_pool_async_wait(fk_pool_async_t *ar, double timeout_s)
{
    return fk_pool__wait_until(ar, fk_pool__deadline(timeout_s));
}

int fk_pool_async_get(fk_pool_async_t *ar, double timeout_s)
{
    if (fk_pool_async_wait(ar, timeout_s) != 0)
        return -1;
    return ar->failed ? 1 : 0;
}

int fk_pool_async_successful(const fk_pool_async_t *ar)
{
    if (!ar->done) {
        errno = EAGAIN;
        return -1;
    }
    return ar->failed == 0;
}

const fk_result_t *fk_pool_async_result(const fk_pool_async_t *ar, size_t i)
{
    if (ar->apply)
        return &ar->result; /* the caller's own copy, pending until it lands */
    return i < ar->ts.ntasks ? &ar->ts.results[i] : NULL;
}

int fk_pool_async_callback_failures(const fk_pool_async_t *ar)
{
    return ar->cb_failures;
}

const char *fk_pool_async_callback_error(const fk_pool_async_t *ar)
{
    return ar->cb_failures ? ar->cb_error : NULL;
}

void fk_pool_async_free(fk_pool_async_t *ar)
{
    if (!ar)
        return;
    if (!ar->done) {
        ar->orphan = 1; /* the pool frees it when its last task lands */
        return;
    }
    free(ar);
}

int fk_pool_map(fk_pool_t *pool, const fk_taskset_t *ts, const fk_pool_map_cfg_t *cfg)
{
    return fk_pool_map_cb(pool, ts, cfg, NULL);
}

int fk_pool_map_cb(fk_pool_t *pool, const fk_taskset_t *ts, const fk_pool_map_cfg_t *cfg,
                   const fk_pool_cbs_t *cbs)
{
    fk_pool_async_t *ar = fk_pool_map_async(pool, ts, cfg, cbs);
    if (!ar)
        return -1;
    int rc = fk_pool_async_get(ar, -1);
    fk_pool_async_free(ar);
    return rc;
}
