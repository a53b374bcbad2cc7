/* SPDX-License-Identifier: MIT */
/* test_pool.c: the process pool's contract (harness/models/pool.h) and its resource hygiene:
 * a pool created and destroyed 1,000 times leaks no descriptor and no process, 1,000 tasks
 * on 64 workers complete, results land in task order for every chunk size and shape (W > N,
 * N = 0, W = 1), a worker that dies or hangs mid-map is reported and replaced without
 * hanging the map, and misuse (map after close, join while open) is EINVAL. The async API,
 * callbacks, imap, the initializer and recycling are tested in test_pool_async.c and
 * test_pool_imap.c. Leaks of memory are left to `make test SANITIZE=1` (LeakSanitizer) and
 * `make valgrind`. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/models/pool.h"
#include "tests/unit/pool_test.h"
#include "tests/unit/unit_test.h"

/* Maps n tasks on a fresh pool of w workers and checks every result is OK, in its slot. */
static void map_and_check(int w, size_t n, int schedule, size_t chunk)
{
    pool_case_t c = pool_case(n, NULL, w, NULL);
    fk_pool_map_cfg_t cfg = {schedule, chunk, 1, 0, 0};
    assert_int_equal(fk_pool_map(c.pool, &c.ts, &cfg), 0);
    for (size_t i = 0; i < n; i++) {
        if (c.res[i].status != FK_TASK_OK || c.res[i].value != answer(i))
            fail_msg("w=%d n=%zu sched=%d chunk=%zu: task %zu status %d value %llu", w, n, schedule,
                     chunk, i, c.res[i].status, (unsigned long long)c.res[i].value);
        assert_in_range(c.res[i].worker, 0, w - 1);
    }
    assert_int_equal(fk_pool_close(c.pool), 0);
    assert_int_equal(fk_pool_join(c.pool), 0);
    assert_int_equal(fk_pool_replacements(c.pool), 0);
    fk_pool_destroy(c.pool);
    results_free(c.res, n);
}

static void test_create_destroy_1000(void **state)
{
    (void)state;
    int fds = count_fds();
    for (int k = 0; k < 1000; k++) {
        fk_pool_t *pool = fk_pool_create(1 + k % 3, 0);
        assert_non_null(pool);
        if (k % 2) { /* the orderly way; else destroy terminates and joins by itself */
            assert_int_equal(fk_pool_close(pool), 0);
            assert_int_equal(fk_pool_join(pool), 0);
        }
        fk_pool_destroy(pool);
    }
    assert_int_equal(count_fds(), fds);
    assert_no_children();
}

static void test_1000_tasks_on_64_workers(void **state)
{
    (void)state;
    map_and_check(64, 1000, FK_SCHED_DYNAMIC, 0);
    map_and_check(64, 1000, FK_SCHED_STATIC, 3);
    assert_no_children();
}

static void test_every_chunk_size(void **state)
{
    (void)state;
    const size_t n = 23;
    for (int sched = FK_SCHED_STATIC; sched <= FK_SCHED_DYNAMIC; sched++)
        for (size_t chunk = 0; chunk <= n + 1; chunk++)
            map_and_check(3, n, sched, chunk);
    assert_no_children();
}

static void test_shapes(void **state)
{
    (void)state;
    for (int sched = FK_SCHED_STATIC; sched <= FK_SCHED_DYNAMIC; sched++) {
        map_and_check(8, 3, sched, 0); /* W > N: idle workers */
        map_and_check(8, 3, sched, 1);
        map_and_check(1, 17, sched, 0); /* W = 1 */
        map_and_check(1, 17, sched, 5);
        map_and_check(4, 0, sched, 0); /* N = 0 */
        map_and_check(4, 1, sched, 0);
    }
    assert_no_children();
}

/* One pool, many maps: workers are reused, results reset between maps. */
static void test_reuse(void **state)
{
    (void)state;
    pool_case_t c = pool_case(50, NULL, 4, NULL);
    fk_pool_map_cfg_t cfg = {FK_SCHED_DYNAMIC, 2, 1, 0, 0};
    for (int k = 0; k < 20; k++) {
        c.ts.ntasks = (size_t)(k * 7) % 51;
        assert_int_equal(fk_pool_map(c.pool, &c.ts, &cfg), 0);
        for (size_t i = 0; i < c.ts.ntasks; i++)
            assert_int_equal(c.res[i].value, answer(i));
    }
    fk_pool_destroy(c.pool);
    results_free(c.res, 50);
    assert_no_children();
}

/* Runs a map in which task `special` misbehaves; checks the others all completed. */
static void map_with(int action, fk_fault_t fault, double timeout, int threads, int want_status,
                     const char *want_msg)
{
    const size_t n = 12, special = 5;
    task_ctx_t ctx = {special, action};
    fk_result_t *res = results_new(n);
    fk_taskset_t ts = {task, &ctx, n, res, fault};
    fk_pool_map_cfg_t cfg = {FK_SCHED_DYNAMIC, 1, threads, timeout, 0};
    fk_pool_t *pool = fk_pool_create(3, 0);
    assert_non_null(pool);
    assert_int_equal(fk_pool_map(pool, &ts, &cfg), 1);
    assert_int_equal(res[special].status, want_status);
    assert_string_equal(res[special].msg, want_msg);
    for (size_t i = 0; i < n; i++)
        if (i != special && threads == 1) {
            assert_int_equal(res[i].status, FK_TASK_OK);
            assert_int_equal(res[i].value, answer(i));
        }
    /* the pool is still whole: a second map on it succeeds (workers see ctx as it was when
     * they were forked, so the well-behaved map gets no ctx rather than a changed one) */
    ts.ctx = NULL;
    ts.fault.kind = FK_FAULT_NONE;
    assert_int_equal(fk_pool_map(pool, &ts, &cfg), 0);
    close_join_destroy(pool);
    results_free(res, n);
}

static void test_worker_killed_mid_map(void **state)
{
    (void)state;
    fk_fault_t none = {FK_FAULT_NONE, 0};
    map_with(DO_SIGKILL, none, 0, 1, FK_TASK_CRASHED, "task 5 crashed (SIGKILL)");
}

static void test_faults(void **state)
{
    (void)state;
    fk_fault_t crash = {FK_FAULT_CRASH, 5}, quit = {FK_FAULT_EXIT, 5}, hang = {FK_FAULT_HANG, 5};
    fk_fault_t none = {FK_FAULT_NONE, 0};
    map_with(DO_NOTHING, crash, 0, 1, FK_TASK_CRASHED, "task 5 crashed (SIGSEGV)");
    map_with(DO_NOTHING, quit, 0, 1, FK_TASK_FAILED, "task 5 exited early (status 3)");
    map_with(DO_NOTHING, hang, 0.2, 1, FK_TASK_TIMEOUT, "task 5 timed out after 0.2 s");
    map_with(DO_SLEEP, none, 0.2, 1, FK_TASK_TIMEOUT, "task 5 timed out after 0.2 s");
    map_with(DO_FAIL, none, 0, 1, FK_TASK_FAILED, "refused");
    /* hybrid shape: the crash takes its process's threads along, the map still ends */
    map_with(DO_NOTHING, crash, 0, 2, FK_TASK_CRASHED, "task 5 crashed (SIGSEGV)");
}

static void test_misuse(void **state)
{
    (void)state;
    fk_result_t *res = results_new(4);
    fk_taskset_t ts = {task, NULL, 4, res, {0, 0}};
    fk_pool_map_cfg_t cfg = {FK_SCHED_STATIC, 1, 1, 0, 0}, bad = {FK_SCHED_STATIC, 1, 0, 0, 0};
    errno = 0;
    assert_null(fk_pool_create(0, 0));
    assert_int_equal(errno, EINVAL);
    fk_pool_t *pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    errno = 0;
    assert_int_equal(fk_pool_map(pool, &ts, &bad), -1); /* zero threads */
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_int_equal(fk_pool_join(pool), -1); /* still open */
    assert_int_equal(errno, EINVAL);
    assert_int_equal(fk_pool_close(pool), 0);
    errno = 0;
    assert_int_equal(fk_pool_map(pool, &ts, &cfg), -1);
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_int_equal(fk_pool_close(pool), -1); /* twice */
    assert_int_equal(errno, EINVAL);
    assert_int_equal(fk_pool_join(pool), 0);
    fk_pool_destroy(pool);
    pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    fk_pool_terminate(pool);
    errno = 0;
    assert_int_equal(fk_pool_map(pool, &ts, &cfg), -1);
    assert_int_equal(errno, EINVAL);
    fk_pool_destroy(pool);
    fk_pool_destroy(NULL);
    results_free(res, 4);
    assert_no_children();
}

FK_TEST_MAIN(cmocka_unit_test(test_create_destroy_1000),
             cmocka_unit_test(test_1000_tasks_on_64_workers),
             cmocka_unit_test(test_every_chunk_size), cmocka_unit_test(test_shapes),
             cmocka_unit_test(test_reuse), cmocka_unit_test(test_worker_killed_mid_map),
             cmocka_unit_test(test_faults), cmocka_unit_test(test_misuse))
