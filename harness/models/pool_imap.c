/* SPDX-License-Identifier: MIT */
/* pool_imap.c: imap and imap_unordered (see pool.h): the tasks of [0, ntasks) go out one
 * apply at a time, at most buffersize ahead of the consumer (Python 3.14's buffersize), so
 * neither the tasks nor their results are ever all in memory at once. imap returns them in
 * task order, imap_unordered in the order they land. */
#include <errno.h>
#include <stdlib.h>

#include "harness/models/pool_int.h"
#include "kernels/common/util.h"

struct fk_pool_imap {
    fk_pool_t *pool;
    fk_task_fn fn;
    void *ctx;
    size_t ntasks;
    fk_pool_imap_cfg_t cfg;
    size_t submitted, returned, inflight;
    fk_pool_async_t **ring; /* buffersize entries; imap keeps task i at i % buffersize */
};

fk_pool_imap_t *fk_pool_imap(fk_pool_t *pool, fk_task_fn fn, void *ctx, size_t ntasks,
                             const fk_pool_imap_cfg_t *cfg)
{
    if (!pool || !fn || !cfg || cfg->buffersize < 1 || cfg->timeout_s < 0 ||
        pool->state != POOL_OPEN) {
        errno = EINVAL;
        return NULL;
    }
    if (pool->error[0]) {
        errno = ECANCELED;
        return NULL;
    }
    fk_pool_imap_t *it = calloc(1, sizeof *it);
    if (!it || !(it->ring = calloc(cfg->buffersize, sizeof *it->ring))) {
        free(it);
        errno = ENOMEM;
        return NULL;
    }
    it->pool = pool;
    it->fn = fn;
    it->ctx = ctx;
    it->ntasks = ntasks;
    it->cfg = *cfg;
    return it;
}

/* Submits tasks until buffersize are in flight; -1 with errno when the pool refuses. */
static int top_up(fk_pool_imap_t *it)
{
    size_t bs = it->cfg.buffersize;
    while (it->submitted < it->ntasks && it->inflight < bs) {
        size_t at = it->cfg.unordered ? 0 : it->submitted % bs;
        while (it->cfg.unordered && it->ring[at])
            at++;
        it->ring[at] =
            fk_pool__apply(it->pool, it->fn, it->ctx, it->submitted, it->cfg.timeout_s, NULL, 1);
        if (!it->ring[at])
            return -1;
        it->submitted++;
        it->inflight++;
    }
    return 0;
}

static void take(fk_pool_imap_t *it, size_t at, size_t *index, fk_result_t *out)
{
    fk_pool_async_t *ar = it->ring[at];
    *out = *fk_pool_async_result(ar, 0);
    *index = ar->apply_index;
    fk_pool_async_free(ar);
    it->ring[at] = NULL;
    it->inflight--;
    it->returned++;
}

/* The slot of a landed task (pumping once first), or buffersize when none has. */
static size_t find_landed(fk_pool_imap_t *it)
{
    size_t bs = it->cfg.buffersize;
    if (!it->cfg.unordered) {
        fk_pool_async_t *ar = it->ring[it->returned % bs];
        return fk_pool_async_ready(ar) ? it->returned % bs : bs;
    }
    fk_pool__pump(it->pool, 0);
    for (size_t at = 0; at < bs; at++)
        if (it->ring[at] && it->ring[at]->done)
            return at;
    return bs;
}

int fk_pool_imap_next(fk_pool_imap_t *it, double timeout_s, size_t *index, fk_result_t *out)
{
    if (it->returned == it->ntasks)
        return 1;
    if (it->pool->in_callback) {
        errno = EDEADLK;
        return -1;
    }
    if (top_up(it) != 0 && it->inflight == 0)
        return -1; /* nothing in flight to wait for: the pool refused (errno says why) */
    int64_t deadline = fk_pool__deadline(timeout_s);
    for (;;) {
        size_t at = find_landed(it);
        if (at < it->cfg.buffersize) {
            take(it, at, index, out);
            top_up(it); /* a refusal shows at the next call, once what is in flight is out */
            return 0;
        }
        if (deadline >= 0 && fk_now_ns() >= deadline) {
            errno = ETIMEDOUT;
            return -1;
        }
        fk_pool__pump(it->pool, deadline);
    }
}

void fk_pool_imap_free(fk_pool_imap_t *it)
{
    if (!it)
        return;
    for (size_t at = 0; at < it->cfg.buffersize; at++)
        fk_pool_async_free(it->ring[at]);
    free(it->ring);
    free(it);
}
