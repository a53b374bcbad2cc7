/* pool_async.c: submissions and their results (see pool.h): map / map_async / apply_async,
 * the async result (ready, wait, get, successful), callbacks, and the parent's pump that
 * delivers landed results and hands queued submissions over to the shared job table.
 *
 * Each submission keeps the list of its tasks that have not landed; the pump looks only at
 * those, lands every one whose status has become final (copying an apply's record out of
 * shared memory, running its callback) and marks the job DRAINING once all have landed. */
#include "harness/models/pool_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels/common/util.h"

int64_t fk_pool__deadline(double timeout_s)
{
    return timeout_s < 0 ? -1 : fk_now_ns() + (int64_t)(timeout_s * 1e9);
}

/* apply_async's task: the job descriptor (shared memory) says which call to make. */
static int apply_trampoline(void *ctx, size_t i, fk_result_t *out)
{
    const struct pool_job *job = ctx;
    (void)i;
    return job->apply_fn(job->apply_ctx, job->apply_index, out);
}

static void run_callback(fk_pool_t *pool, fk_pool_async_t *ar, size_t i, const fk_result_t *r)
{
    int ok = r->status == FK_TASK_OK;
    fk_pool_cb cb = ok ? ar->cbs.callback : ar->cbs.error_callback;
    if (!cb)
        return;
    size_t index = ar->apply ? ar->apply_index : i;
    pool->in_callback++;
    int rc = cb(ar->cbs.arg, index, r);
    pool->in_callback--;
    if (rc != 0 && ar->cb_failures++ == 0)
        snprintf(ar->cb_error, sizeof ar->cb_error, "the %s of task %zu failed (returned %d)",
                 ok ? "callback" : "error_callback", index, rc);
}

/* Lands every task of ar whose status is final. */
static void harvest_one(fk_pool_t *pool, fk_pool_async_t *ar)
{
    fk_result_t *res = fk_pool__results(pool, ar);
    size_t keep = 0, n = ar->nunreported;
    for (size_t k = 0; k < n; k++) {
        size_t i = ar->unreported[k];
        int32_t st = __atomic_load_n(&res[i].status, __ATOMIC_ACQUIRE);
        if (st == FK_TASK_PENDING || st == FK_TASK_RUNNING) {
            ar->unreported[keep++] = i;
            continue;
        }
        const fk_result_t *r = &res[i];
        if (ar->apply) {
            ar->result = res[i];
            r = &ar->result;
        }
        ar->failed += r->status != FK_TASK_OK;
        run_callback(pool, ar, i, r);
    }
    ar->nunreported = keep;
}

static void finish(fk_pool_t *pool, fk_pool_async_t *prev, fk_pool_async_t *ar)
{
    if (ar->job >= 0) /* freed once no worker is inside it (free_drained) */
        atomic_store(&pool->sh->jobs[ar->job].state, JOB_DRAINING);
    ar->job = -1;
    ar->done = 1;
    ar->pool = NULL;
    if (prev)
        prev->next = ar->next;
    else
        pool->head = ar->next;
    if (pool->tail == ar)
        pool->tail = prev;
    free(ar->unreported);
    ar->unreported = NULL;
    if (ar->orphan)
        free(ar);
}

/* Submissions are handed over in order, so the ones still queued are a suffix of the list:
 * nothing of theirs can have landed unless fk_pool__fail_pending failed them (forced). */
static void harvest(fk_pool_t *pool)
{
    fk_pool_async_t *prev = NULL, *ar = pool->head;
    int forced = pool->forced;
    pool->forced = 0; /* set again if a callback terminates the pool */
    while (ar && (ar->job >= 0 || forced || pool->forced)) {
        harvest_one(pool, ar);
        fk_pool_async_t *next = ar->next; /* after the callbacks: they may submit more */
        if (ar->nunreported == 0)
            finish(pool, prev, ar);
        else
            prev = ar;
        ar = next;
    }
}

static void free_drained(fk_pool_t *pool)
{
    struct pool_shared *sh = pool->sh;
    for (int j = 0; j < FK_POOL_JOBS; j++) {
        if (atomic_load(&sh->jobs[j].state) != JOB_DRAINING)
            continue;
        int inside = 0;
        for (int s = 0; s < sh->nslots && !inside; s++)
            inside = atomic_load(&sh->slots[s].in_job) == j;
        if (!inside)
            atomic_store(&sh->jobs[j].state, JOB_FREE);
    }
}

static void activate(fk_pool_t *pool, fk_pool_async_t *ar, int j)
{
    struct pool_shared *sh = pool->sh;
    struct pool_job *job = &sh->jobs[j];
    job->ts = ar->ts;
    job->cfg = ar->cfg;
    job->per_task_post = ar->apply || ar->cbs.callback || ar->cbs.error_callback;
    job->apply_fn = ar->apply_fn;
    job->apply_ctx = ar->apply_ctx;
    job->apply_index = ar->apply_index;
    if (ar->apply) {
        fk_results_reset(&job->own, 1);
        fk_taskset_t one = {apply_trampoline, job, 1, &job->own, {0, 0}};
        job->ts = one;
    }
    atomic_store(&job->next_chunk, 0);
    for (int s = 0; s < sh->nslots; s++)
        atomic_store(&sh->slots[s].share_done[j], 0);
    atomic_store(&job->seq, ar->seq);
    atomic_store(&job->state, JOB_ACTIVE);
    ar->job = j;
}

/* Hands queued submissions to free descriptors, in order, and wakes the idle workers. */
static void dispatch(fk_pool_t *pool)
{
    struct pool_shared *sh = pool->sh;
    if (pool->error[0] || (pool->state != POOL_OPEN && pool->state != POOL_CLOSED))
        return;
    int j = 0, woke = 0;
    for (fk_pool_async_t *ar = pool->head; ar; ar = ar->next) {
        if (ar->job >= 0)
            continue;
        while (j < FK_POOL_JOBS && atomic_load(&sh->jobs[j].state) != JOB_FREE)
            j++;
        if (j == FK_POOL_JOBS)
            break;
        activate(pool, ar, j);
        woke = 1;
    }
    for (int s = 0; woke && s < sh->nslots; s++)
        if (atomic_exchange(&sh->slots[s].idle, 0))
            sem_post(&sh->slots[s].start);
}

void fk_pool__pump(fk_pool_t *pool, int64_t until_ns)
{
    struct pool_shared *sh = pool->sh;
    if (pool->in_callback)
        return;
    int64_t now = fk_now_ns(), cap = now + FK_POOL_POLL_MS * 1000000LL;
    if (until_ns > now) {
        if (until_ns > cap)
            until_ns = cap;
        struct timespec ts = {(time_t)(until_ns / 1000000000LL), (long)(until_ns % 1000000000LL)};
        sem_clockwait(&sh->done, CLOCK_MONOTONIC, &ts);
    }
    while (sem_trywait(&sh->done) == 0)
        ; /* one look serves every post so far */
    fk_pool__reap(pool);
    fk_pool__kill_overdue(pool);
    fk_pool__sweep(pool);
    harvest(pool);
    free_drained(pool);
    dispatch(pool);
}

/* Adds ar (its tasks reset to pending by the caller) to the pool's list and hands it over
 * when a descriptor is free. */
static fk_pool_async_t *enqueue(fk_pool_t *pool, fk_pool_async_t *ar, size_t n)
{
    ar->pool = pool;
    ar->job = -1;
    ar->seq = ++pool->next_seq;
    if (!(ar->unreported = malloc((n ? n : 1) * sizeof *ar->unreported))) {
        free(ar);
        errno = ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        ar->unreported[i] = i;
    ar->nunreported = n;
    if (n == 0) { /* nothing to run: ready at once */
        ar->done = 1;
        ar->pool = NULL;
        return ar;
    }
    if (pool->tail)
        pool->tail->next = ar;
    else
        pool->head = ar;
    pool->tail = ar;
    dispatch(pool);
    return ar;
}

static int can_submit(const fk_pool_t *pool, int closed_ok)
{
    if (!pool || !(pool->state == POOL_OPEN || (closed_ok && pool->state == POOL_CLOSED)) ||
        atomic_load(&pool->sh->quit)) {
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
    if (!ts || !cfg || cfg->threads < 1) {
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
        ar->cfg.chunk = fk_default_chunk(ts->ntasks, pool->sh->nslots * cfg->threads);
    if (cbs)
        ar->cbs = *cbs;
    if (!cfg->reset_done)
        fk_results_reset(ts->results, ts->ntasks);
    return enqueue(pool, ar, ts->ntasks);
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
    fk_pool_map_cfg_t one = {FK_SCHED_DYNAMIC, 1, 1, timeout_s, 0};
    ar->cfg = one;
    ar->apply = 1;
    ar->apply_fn = fn;
    ar->apply_ctx = ctx;
    ar->apply_index = index;
    ar->ts.ntasks = 1;
    ar->ts.results = &ar->result;
    fk_results_reset(&ar->result, 1);
    if (cbs)
        ar->cbs = *cbs;
    return enqueue(pool, ar, 1);
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
    if (ar->done)
        return 0;
    fk_pool_t *pool = ar->pool;
    if (pool->in_callback) {
        errno = EDEADLK;
        return -1;
    }
    fk_pool__pump(pool, 0);
    while (!ar->done) {
        int64_t now = fk_now_ns();
        if (deadline_ns >= 0 && now >= deadline_ns) {
            errno = ETIMEDOUT;
            return -1;
        }
        fk_pool__pump(pool, deadline_ns >= 0 ? deadline_ns : now + FK_POOL_POLL_MS * 1000000LL);
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
        return ar->done ? &ar->result : fk_pool__results(ar->pool, ar);
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
    free(ar->unreported);
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
