/* pool.h: a pre-forked process pool with the shape of Python's multiprocessing.Pool:
 * create with n workers, map a task function over N tasks with a chunk size, close, join,
 * terminate.
 *
 * Work is handed out through shared memory (an atomic chunk counter for the dynamic schedule,
 * fixed round-robin chunks for the static one) and results land in the caller's MAP_SHARED
 * result array. Unlike Python's Pool (bpo-22393), a worker that dies is noticed through
 * waitpid: the task it was running is reported CRASHED with its signal, a new worker takes
 * its place and the map completes. With a task timeout, a task that runs too long has its
 * worker killed and is reported TIMEOUT.
 *
 * The task function, its context and the result array must exist before fk_pool_create
 * (the workers see the parent's memory as it was at fork time, plus MAP_SHARED pages). */
#ifndef FK_POOL_H
#define FK_POOL_H

#include <stddef.h>

#include "harness/models/model.h"

typedef struct fk_pool fk_pool_t;

typedef struct fk_pool_map_cfg {
    int schedule;     /* enum fk_schedule */
    size_t chunk;     /* >= 1; 0 means ceil(N / (4W)) */
    int threads;      /* OpenMP threads per worker process (hybrid), >= 1 */
    double timeout_s; /* per task, 0: none */
} fk_pool_map_cfg_t;

/* Forks `workers` processes (>= 1). pin binds worker w to core w. NULL with errno on error.
 * Must not be called from a process that has run an OpenMP region (GCC PR 60035). */
fk_pool_t *fk_pool_create(int workers, int pin);

/* Runs every task of ts; blocks until each is OK, FAILED, CRASHED or TIMEOUT.
 * Returns 0 when all tasks are OK, 1 when some are not, -1 (errno EINVAL) on misuse:
 * a closed or terminated pool. */
int fk_pool_map(fk_pool_t *pool, const fk_taskset_t *ts, const fk_pool_map_cfg_t *cfg);

/* No more maps: idle workers are told to exit. */
int fk_pool_close(fk_pool_t *pool);
/* Kills every worker at once. */
void fk_pool_terminate(fk_pool_t *pool);
/* Waits for every worker to exit; the pool must be closed or terminated (else -1, EINVAL). */
int fk_pool_join(fk_pool_t *pool);
/* Frees the pool, terminating and joining first if needed. */
void fk_pool_destroy(fk_pool_t *pool);

/* After join: the sum of the workers' peak RSS (KiB), including replaced workers. */
long fk_pool_rss_sum_kib(const fk_pool_t *pool);
/* After a map: PSS and USS (KiB) summed over the calling process and every worker, each read
 * when its share was done, all still alive; -1 when a reading is missing (a worker died). */
void fk_pool_memory(const fk_pool_t *pool, long *pss_sum_kib, long *uss_sum_kib);
/* Workers that died and were replaced so far. */
int fk_pool_replacements(const fk_pool_t *pool);

#endif
