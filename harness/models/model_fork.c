/* SPDX-License-Identifier: MIT */
/* model_fork.c: W worker processes from the pre-forked pool (pool.c), one thread each,
 * timed from pool creation to join as the lab's Python script times Pool(). */
#include "harness/models/model.h"
#include "harness/models/pool.h"

/* cfg->landed as a pool callback, for a task that ended well or not. */
static int tell_landed(void *arg, size_t i, const fk_result_t *r)
{
    const fk_model_cfg_t *cfg = arg;
    cfg->landed(cfg->landed_arg, i, r);
    return 0;
}

int fk_run_pool(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    fk_pool_t *pool = fk_pool_create(cfg->procs, cfg->pin);
    if (!pool)
        return -1;
    fk_pool_map_cfg_t map = {.schedule = cfg->schedule,
                             .chunk = cfg->chunk,
                             .threads = cfg->threads,
                             .timeout_s = cfg->timeout_s,
                             .reset_done = 1}; /* the harness did, outside the clock */
    fk_pool_cbs_t cbs = {tell_landed, tell_landed, (void *)cfg};
    int rc = fk_pool_map_cb(pool, ts, &map, cfg->landed ? &cbs : NULL);
    /* while the workers are alive: after join they no longer share their pages */
    fk_pool_memory(pool, &out->pss_sum_kib, &out->uss_sum_kib);
    fk_pool_close(pool);
    fk_pool_join(pool);
    out->rss_sum_kib = fk_pool_rss_sum_kib(pool);
    fk_pool_destroy(pool);
    return rc < 0 ? -1 : 0;
}

const fk_model_ops_t fk_model_fork = {
    .name = "fork",
    .summary = "a pre-forked pool of W processes (fork/waitpid), as Python's Pool",
    .role = FK_ROLE_PROCESSES,
    .by_default = 1,
    .bounds_tasks = 1,
    .shape = fk_shape_processes,
    .run = fk_run_pool,
};
