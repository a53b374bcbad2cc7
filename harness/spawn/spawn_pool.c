/* SPDX-License-Identifier: MIT */
/* spawn_pool.c: the hand-a-task-to-a-worker mechanisms of `forkomp spawn`: a round trip of
 * one empty task through forkomp's pre-forked pool (shared memory and semaphores), the same
 * through a pipe as Python's multiprocessing.Pool does it (task down one pipe, result back up
 * another), and a whole pool's life (create, map one task, close, join), which is what every
 * run of the lab's script pays once; and the async round trip (apply_async, get) on a
 * plain pool and on one that recycles its worker after every task (maxtasksperchild=1). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/models/pool.h"
#include "harness/spawn/spawn.h"
#include "kernels/common/util.h"

/* ---- forkomp's pool ---------------------------------------------------------------- */

typedef struct pool_state {
    int workers;
    fk_pool_t *pool;      /* NULL for pool-start, which makes its own each time */
    fk_result_t *results; /* one record, MAP_SHARED */
} pool_state_t;

enum { NO_POOL, POOL, RECYCLING_POOL }; /* what pool_setup_common starts */

static int empty_task(void *ctx, size_t index, fk_result_t *out)
{
    (void)ctx;
    out->value = index + 1;
    return 0;
}

static int map_one(pool_state_t *s, fk_pool_t *pool, char *err, size_t errlen)
{
    fk_taskset_t ts = {empty_task, NULL, 1, s->results, {0, 0}};
    fk_pool_map_cfg_t cfg = {FK_SCHED_STATIC, 1, 1, 0, 0};
    if (fk_pool_map(pool, &ts, &cfg) != 0 || s->results[0].value != 1)
        return fk_err(err, errlen, "pool: the task did not come back: %s", s->results[0].msg);
    return 0;
}

static void pool_teardown(void *state)
{
    pool_state_t *s = state;
    if (s->pool) {
        fk_pool_close(s->pool);
        fk_pool_join(s->pool);
        fk_pool_destroy(s->pool);
    }
    munmap(s->results, sizeof *s->results);
    free(s);
}

static void *pool_setup_common(int workers, int start, char *err, size_t errlen)
{
    pool_state_t *s = calloc(1, sizeof *s);
    if (!s)
        return fk_err(err, errlen, "out of memory"), NULL;
    s->workers = workers;
    s->results =
        mmap(NULL, sizeof *s->results, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s->results == MAP_FAILED) {
        free(s);
        return fk_err(err, errlen, "cannot map shared memory: %s", strerror(errno)), NULL;
    }
    fk_pool_opts_t opts = {.maxtasksperchild = start == RECYCLING_POOL};
    if (start != NO_POOL && !(s->pool = fk_pool_create_opts(workers, &opts))) {
        fk_err(err, errlen, "cannot start a pool of %d workers: %s", workers, strerror(errno));
        pool_teardown(s);
        return NULL;
    }
    return s;
}

static void *pool_task_setup(int workers, char *err, size_t errlen)
{
    return pool_setup_common(workers, POOL, err, errlen);
}

static void *pool_recycle_setup(int workers, char *err, size_t errlen)
{
    return pool_setup_common(workers, RECYCLING_POOL, err, errlen);
}

static void *pool_start_setup(int workers, char *err, size_t errlen)
{
    return pool_setup_common(workers, NO_POOL, err, errlen);
}

/* One empty task through apply_async and its async result's get: the round trip every
 * async submission pays (a job descriptor handed over, the result copied back). On a pool
 * with maxtasksperchild=1 the same round trip also pays for its worker's exit and the fork
 * of its replacement: the difference of the two is what recycling costs per task. */
static int pool_async_op(void *state, char *err, size_t errlen)
{
    pool_state_t *s = state;
    fk_pool_async_t *ar = fk_pool_apply_async(s->pool, empty_task, NULL, 0, 0, NULL);
    if (!ar)
        return fk_err(err, errlen, "apply_async: %s", strerror(errno));
    int rc = fk_pool_async_get(ar, -1) == 0 && fk_pool_async_result(ar, 0)->value == 1
                 ? 0
                 : fk_err(err, errlen, "pool: the async task did not come back: %s",
                          fk_pool_async_result(ar, 0)->msg);
    fk_pool_async_free(ar);
    return rc;
}

static int pool_task_op(void *state, char *err, size_t errlen)
{
    pool_state_t *s = state;
    return map_one(s, s->pool, err, errlen);
}

static int pool_start_op(void *state, char *err, size_t errlen)
{
    pool_state_t *s = state;
    fk_pool_t *pool = fk_pool_create(s->workers, 0);
    if (!pool)
        return fk_err(err, errlen, "pool-start: %s", strerror(errno));
    int rc = map_one(s, pool, err, errlen);
    fk_pool_close(pool);
    fk_pool_join(pool);
    fk_pool_destroy(pool);
    return rc;
}

/* ---- a pipe-based pool, as Python's ------------------------------------------------ */

/* One message each way: the task's index down, index and answer back. Fixed-size and below
 * PIPE_BUF, so every write is atomic and W readers of one pipe never split a message. */
typedef struct pipe_msg {
    uint64_t index, value;
} pipe_msg_t;

typedef struct pipe_state {
    int task_w, result_r;
    int nworkers;
    uint64_t next;
    pid_t pids[];
} pipe_state_t;

/* Reads exactly one message; 0, or -1 at end of file or on error. */
static int read_msg(int fd, pipe_msg_t *m)
{
    ssize_t r;
    while ((r = read(fd, m, sizeof *m)) < 0 && errno == EINTR)
        ;
    return r == (ssize_t)sizeof *m ? 0 : -1;
}

static _Noreturn void pipe_worker(int task_r, int result_w)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    pipe_msg_t m;
    while (read_msg(task_r, &m) == 0) {
        m.value = m.index + 1; /* the empty task's answer */
        if (fk_write_all(result_w, &m, sizeof m) != 0)
            _exit(1);
    }
    _exit(0); /* the task pipe was closed: the pool is closing */
}

static void pipe_teardown(void *state)
{
    pipe_state_t *s = state;
    close(s->task_w); /* every worker reads end of file and exits */
    for (int i = 0; i < s->nworkers; i++)
        while (waitpid(s->pids[i], NULL, 0) < 0 && errno == EINTR)
            ;
    close(s->result_r);
    free(s);
}

static void *pipe_setup(int workers, char *err, size_t errlen)
{
    int task[2], result[2];
    pipe_state_t *s = calloc(1, sizeof *s + (size_t)workers * sizeof(pid_t));
    if (!s)
        return fk_err(err, errlen, "out of memory"), NULL;
    if (pipe2(task, O_CLOEXEC) != 0 || pipe2(result, O_CLOEXEC) != 0) {
        free(s);
        return fk_err(err, errlen, "pipe: %s", strerror(errno)), NULL;
    }
    s->task_w = task[1], s->result_r = result[0];
    for (; s->nworkers < workers; s->nworkers++) {
        pid_t pid = fork();
        if (pid == 0) {
            close(task[1]), close(result[0]);
            free(s); /* the parent's bookkeeping, not the worker's */
            pipe_worker(task[0], result[1]);
        }
        if (pid < 0)
            break;
        s->pids[s->nworkers] = pid;
    }
    close(task[0]), close(result[1]);
    if (s->nworkers < workers) {
        fk_err(err, errlen, "fork of a pipe worker: %s", strerror(errno));
        pipe_teardown(s);
        return NULL;
    }
    return s;
}

static int pipe_task_op(void *state, char *err, size_t errlen)
{
    pipe_state_t *s = state;
    pipe_msg_t m = {s->next++, 0};
    if (fk_write_all(s->task_w, &m, sizeof m) != 0)
        return fk_err(err, errlen, "pipe-task: write: %s", strerror(errno));
    if (read_msg(s->result_r, &m) != 0)
        return fk_err(err, errlen, "pipe-task: no result came back");
    return m.index == s->next - 1 && m.value == m.index + 1
               ? 0
               : fk_err(err, errlen, "pipe-task: wrong result for task %llu",
                        (unsigned long long)(s->next - 1));
}

const fk_spawn_mech_t fk_spawn_pool_task = {
    .name = "pool-task",
    .side = "process",
    .summary = "one empty task through forkomp's pre-forked pool of W (fk_pool_map)",
    .per_worker = 1,
    .setup = pool_task_setup,
    .op = pool_task_op,
    .teardown = pool_teardown,
};

const fk_spawn_mech_t fk_spawn_pool_async = {
    .name = "pool-async",
    .side = "process",
    .summary = "one empty task through apply_async and get on the pool of W (async round trip)",
    .per_worker = 1,
    .setup = pool_task_setup,
    .op = pool_async_op,
    .teardown = pool_teardown,
};

const fk_spawn_mech_t fk_spawn_pool_recycle = {
    .name = "pool-recycle",
    .side = "process",
    .summary = "pool-async on a pool with maxtasksperchild=1: each task also replaces a worker",
    .per_worker = 1,
    .setup = pool_recycle_setup,
    .op = pool_async_op,
    .teardown = pool_teardown,
};

const fk_spawn_mech_t fk_spawn_pipe_task = {
    .name = "pipe-task",
    .side = "process",
    .summary = "one empty task down a pipe to W pre-forked workers and back (Python's Pool)",
    .per_worker = 1,
    .setup = pipe_setup,
    .op = pipe_task_op,
    .teardown = pipe_teardown,
};

const fk_spawn_mech_t fk_spawn_pool_start = {
    .name = "pool-start",
    .side = "process",
    .summary = "a pool's whole life: fork W workers, map one empty task, close, join",
    .per_worker = 1,
    .setup = pool_start_setup,
    .op = pool_start_op,
    .teardown = pool_teardown,
};
