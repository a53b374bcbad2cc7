/* SPDX-License-Identifier: MIT */
/* test_pool_regress.c: the pool's faults D1, D6, D7 and D8 of issue 23, each reproduced as
 * the issue describes it (the old pool failed every one of these):
 *  D1 a map whose last task times out, its results unmapped at once, then another pool call:
 *     the parent must not touch the unmapped records (it crashed 5 of 5 times);
 *  D6 six crashing apply_async calls on a pool of 2, then 100 healthy ones: all OK (the old
 *     pool had given both slots up: "no worker is left");
 *  D7 1 fork in 10 failing (EAGAIN) under maxtasksperchild 1: no task fails; and after a map
 *     that emptied both slots, a fork failing once must not lose the next map's 16 tasks;
 *  D8 fk_pool_async_result() taken before an apply finishes is the caller's own copy: it
 *     shows that apply's result, never another's.
 * Built with -Wl,--wrap=fork (pool_forkfail.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "tests/unit/pool_forkfail.h"
#include "tests/unit/pool_test.h"
#include "tests/unit/unit_test.h"

static void test_d1_results_unmapped_after_a_timeout(void **state)
{
    (void)state;
    const size_t n = 4;
    task_ctx_t hang = {n - 1, DO_SLEEP}; /* the last task outlives its timeout */
    fk_result_t *res[5];
    for (int k = 0; k < 5; k++) /* before the pool: its workers must see them */
        res[k] = results_new(n);
    fk_pool_t *pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    for (int k = 0; k < 5; k++) {
        fk_taskset_t ts = {task, &hang, n, res[k], {0, 0}};
        fk_pool_map_cfg_t cfg = {FK_SCHED_DYNAMIC, 1, 1, 0.2, 0};
        assert_int_equal(fk_pool_map(pool, &ts, &cfg), 1);
        assert_int_equal(res[k][n - 1].status, FK_TASK_TIMEOUT);
        results_free(res[k], n); /* the caller is done with them */
        fk_pool_async_t *ar = fk_pool_apply_async(pool, task, NULL, 9, 0, NULL);
        assert_int_equal(fk_pool_async_get(ar, -1), 0);
        assert_int_equal(fk_pool_async_result(ar, 0)->value, answer(9));
        fk_pool_async_free(ar);
    }
    close_join_destroy(pool);
}

static void test_d6_crashes_never_give_a_slot_up(void **state)
{
    (void)state;
    task_ctx_t crash = {5, DO_SIGKILL};
    fk_pool_t *pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    for (int k = 0; k < 6; k++) {
        fk_pool_async_t *ar = fk_pool_apply_async(pool, task, &crash, 5, 0, NULL);
        assert_int_equal(fk_pool_async_get(ar, -1), 1);
        assert_int_equal(fk_pool_async_result(ar, 0)->status, FK_TASK_CRASHED);
        fk_pool_async_free(ar);
    }
    size_t ok = 0;
    for (size_t i = 0; i < 100; i++) {
        fk_pool_async_t *ar = fk_pool_apply_async(pool, task, NULL, i, 0, NULL);
        ok += fk_pool_async_get(ar, -1) == 0 && fk_pool_async_result(ar, 0)->value == answer(i);
        fk_pool_async_free(ar);
    }
    assert_int_equal(ok, 100);
    assert_int_equal(fk_pool_replacements(pool), 6);
    close_join_destroy(pool);
}

/* A map of n tasks on a pool of 2 recycling every worker after each task. */
static size_t recycled_map_ok(size_t n, fk_result_t *res)
{
    fk_taskset_t ts = {task, NULL, n, res, {0, 0}};
    fk_pool_map_cfg_t cfg = {FK_SCHED_DYNAMIC, 1, 1, 0, 0};
    fk_pool_opts_t opts = {0, NULL, NULL, 1};
    fk_pool_t *pool = fk_pool_create_opts(2, &opts);
    assert_non_null(pool);
    fk_pool_map(pool, &ts, &cfg);
    size_t ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += res[i].status == FK_TASK_OK && res[i].value == answer(i);
    close_join_destroy(pool);
    return ok;
}

static void test_d7_a_failed_fork_fails_no_task(void **state)
{
    (void)state;
    const char *env = getenv("FK_TEST_ROUND_TRIPS"); /* valgrind runs fewer */
    size_t n = env && strtoul(env, NULL, 10) < 3840 ? strtoul(env, NULL, 10) : 3840;
    fk_result_t *res = results_new(n);
    fork_fail_permille = 100;
    long failed_before = forks_failed;
    assert_int_equal(recycled_map_ok(n, res), n);
    fork_fail_permille = 0;
    assert_true(forks_failed > failed_before); /* forks did fail, and cost no task */
    /* a map that empties both slots (no replacement can be forked), then a fork that fails
     * once more: slot 0's fork fails, slot 1's must still be tried */
    fk_taskset_t ts = {task, NULL, 16, res, {0, 0}};
    fk_pool_map_cfg_t cfg = {FK_SCHED_DYNAMIC, 1, 1, 0, 0};
    fk_pool_opts_t opts = {0, NULL, NULL, 1};
    for (int run = 0; run < 12; run++) {
        fk_pool_t *pool = fk_pool_create_opts(2, &opts);
        assert_non_null(pool);
        ts.ntasks = 2;
        fork_fail_permille = 1000;
        assert_int_equal(fk_pool_map(pool, &ts, &cfg), 0);
        fork_fail_permille = 0;
        fork_fail_next = 1;
        ts.ntasks = 16;
        assert_int_equal(fk_pool_map(pool, &ts, &cfg), 0);
        for (size_t i = 0; i < 16; i++)
            assert_int_equal(res[i].value, answer(i));
        close_join_destroy(pool);
    }
    results_free(res, n);
}

static void test_d8_async_result_is_the_callers_own(void **state)
{
    (void)state;
    enum { N = 1000 };
    static fk_pool_async_t *ars[N];
    static const fk_result_t *early[N];
    fk_pool_t *pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    for (size_t i = 0; i < N; i++) {
        assert_non_null(ars[i] = fk_pool_apply_async(pool, task, NULL, i, 0, NULL));
        early[i] = fk_pool_async_result(ars[i], 0); /* before it finished */
        if (i % 2)
            assert_int_equal(fk_pool_async_get(ars[i - 1], -1), 0);
    }
    size_t other = 0;
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(fk_pool_async_get(ars[i], -1), 0);
        other += early[i]->value != answer(i) || early[i] != fk_pool_async_result(ars[i], 0);
    }
    assert_int_equal(other, 0);
    for (size_t i = 0; i < N; i++)
        fk_pool_async_free(ars[i]);
    close_join_destroy(pool);
}

FK_TEST_MAIN(cmocka_unit_test(test_d1_results_unmapped_after_a_timeout),
             cmocka_unit_test(test_d6_crashes_never_give_a_slot_up),
             cmocka_unit_test(test_d7_a_failed_fork_fails_no_task),
             cmocka_unit_test(test_d8_async_result_is_the_callers_own))
