/* SPDX-License-Identifier: MIT */
/* pool_test.h: what the pool's unit tests (test_pool*.c) share: a task with a known answer
 * per index that can misbehave on request, MAP_SHARED result arrays and counters, the
 * orderly end of a pool, and the checks that nothing leaked (descriptors, child processes).
 * Include after cmocka.h. */
#ifndef FK_POOL_TEST_H
#define FK_POOL_TEST_H

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "harness/models/pool.h"

/* Who this process is, for "ran in a fresh process" checks: its pid with its start time (in
 * clock ticks since boot, /proc/self/stat field 22). A pid alone is not enough: with
 * pid_max at 32768 and other work forking meanwhile, a thousand recycled workers can be
 * given a pid seen before (a test failed so once, under valgrind beside a stress run). */
static inline uint64_t process_token(void)
{
    long long start = fk_self_stat_field(22);
    return (uint64_t)(start > 0 ? start : 0) << 22 | (uint64_t)getpid();
}

/* The answer of task i: distinct for every i, so a result in the wrong slot shows. */
static inline uint64_t answer(size_t i)
{
    return (uint64_t)i * 2654435761u + 7;
}

enum { DO_NOTHING = 0, DO_SIGKILL, DO_SLEEP, DO_FAIL, DO_NAP };

/* What task `special` does instead of answering (DO_NAP: every task naps 1 + i % 7 ms
 * first, so tasks finish out of order and none is ready at once). */
typedef struct task_ctx {
    size_t special;
    int action;
} task_ctx_t;

static inline int task(void *ctx, size_t i, fk_result_t *out)
{
    const task_ctx_t *c = ctx;
    if (c && c->action == DO_NAP) {
        struct timespec nap = {0, (long)(1 + i % 7) * 1000000L};
        nanosleep(&nap, NULL);
    }
    if (c && i == c->special && c->action == DO_SIGKILL)
        kill(getpid(), SIGKILL); /* as if killed from outside, mid-map */
    if (c && i == c->special && c->action == DO_SLEEP)
        sleep(30); /* killed by the timeout (or terminate) long before */
    if (c && i == c->special && c->action == DO_FAIL) {
        strcpy(out->msg, "refused");
        return 1;
    }
    out->value = answer(i);
    out->aux = process_token();
    return 0;
}

static inline void *shared_new(size_t len)
{
    void *p = mmap(NULL, len ? len : 1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(p != MAP_FAILED);
    memset(p, 0, len ? len : 1);
    return p;
}

static inline fk_result_t *results_new(size_t n)
{
    return shared_new(n * sizeof(fk_result_t));
}

static inline void results_free(fk_result_t *r, size_t n)
{
    munmap(r, (n ? n : 1) * sizeof(fk_result_t));
}

/* What most pool tests arrange first: n result slots, the task set over them (ctx: how task
 * `special` misbehaves, or NULL) and a pool of `workers` processes (opts may be NULL). */
typedef struct pool_case {
    fk_result_t *res;
    fk_taskset_t ts;
    fk_pool_t *pool;
} pool_case_t;

static inline pool_case_t pool_case(size_t n, task_ctx_t *ctx, int workers,
                                    const fk_pool_opts_t *opts)
{
    pool_case_t c = {results_new(n), {task, ctx, n, NULL, {0, 0}}, NULL};
    c.ts.results = c.res;
    c.pool = opts ? fk_pool_create_opts(workers, opts) : fk_pool_create(workers, 0);
    assert_non_null(c.pool);
    return c;
}

static inline int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    assert_non_null(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* No child of this process is left, not even a zombie. */
static inline void assert_no_children(void)
{
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

/* The orderly end of a pool: close, join (both succeed), destroy, and no child left. */
static inline void close_join_destroy(fk_pool_t *pool)
{
    assert_int_equal(fk_pool_close(pool), 0);
    assert_int_equal(fk_pool_join(pool), 0);
    fk_pool_destroy(pool);
    assert_no_children();
}

#endif
