/* SPDX-License-Identifier: MIT */
/* test_pool_async.c: the pool's asynchronous half (harness/models/pool.h): apply_async and
 * map_async with ready / wait / get / successful, a timeout of 0, get after terminate,
 * callbacks and error callbacks in the parent (each task once, a failing callback recorded
 * without hanging get or join, waiting inside a callback refused), 10,000 async tasks in
 * flight, a worker killed during map_async, a task timeout on apply_async, several
 * submissions in flight at once, and misuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "tests/unit/pool_test.h"
#include "tests/unit/unit_test.h"

static void test_apply_async(void **state)
{
    (void)state;
    fk_pool_t *pool = fk_pool_create(3, 0);
    assert_non_null(pool);
    fk_pool_async_t *ar = fk_pool_apply_async(pool, task, NULL, 42, 0, NULL);
    assert_non_null(ar);
    assert_int_equal(fk_pool_async_get(ar, -1), 0);
    assert_int_equal(fk_pool_async_ready(ar), 1);
    assert_int_equal(fk_pool_async_wait(ar, 0), 0);
    assert_int_equal(fk_pool_async_successful(ar), 1);
    const fk_result_t *r = fk_pool_async_result(ar, 0);
    assert_int_equal(r->status, FK_TASK_OK);
    assert_int_equal(r->value, answer(42));
    assert_true(r->aux != process_token()); /* it ran in a worker */
    assert_null(fk_pool_async_callback_error(ar));
    fk_pool_async_free(ar);
    close_join_destroy(pool);
}

/* A timeout of 0 only looks: not ready yet is ETIMEDOUT, and the result stays usable. */
static void test_timeout_zero(void **state)
{
    (void)state;
    task_ctx_t nap = {0, DO_NAP};       /* task 6 naps 7 ms */
    fk_result_t *res = results_new(20); /* before the pool: the workers must see it */
    fk_pool_t *pool = fk_pool_create(1, 0);
    assert_non_null(pool);
    fk_pool_async_t *ar = fk_pool_apply_async(pool, task, &nap, 6, 0, NULL);
    assert_non_null(ar);
    errno = 0;
    assert_int_equal(fk_pool_async_get(ar, 0), -1);
    assert_int_equal(errno, ETIMEDOUT);
    errno = 0;
    assert_int_equal(fk_pool_async_wait(ar, 0), -1);
    assert_int_equal(errno, ETIMEDOUT);
    errno = 0;
    assert_int_equal(fk_pool_async_successful(ar), -1);
    assert_int_equal(errno, EAGAIN);
    assert_int_equal(fk_pool_async_get(ar, -1), 0); /* later, it is all there */
    assert_int_equal(fk_pool_async_result(ar, 0)->value, answer(6));
    assert_int_equal(fk_pool_async_get(ar, 0), 0); /* and 0 on a ready result is fine */
    fk_pool_async_free(ar);
    /* map_async alike */
    fk_taskset_t ts = {task, &nap, 20, res, {0, 0}};
    fk_pool_map_cfg_t cfg = {FK_SCHED_DYNAMIC, 1, 1, 0, 0};
    ar = fk_pool_map_async(pool, &ts, &cfg, NULL);
    assert_non_null(ar);
    errno = 0;
    assert_int_equal(fk_pool_async_wait(ar, 0), -1);
    assert_int_equal(errno, ETIMEDOUT);
    assert_int_equal(fk_pool_async_get(ar, -1), 0);
    for (size_t i = 0; i < 20; i++)
        assert_int_equal(res[i].value, answer(i));
    fk_pool_async_free(ar);
    close_join_destroy(pool);
    results_free(res, 20);
}

/* get after terminate returns at once (Python's hangs): every unfinished task says why. */
static void test_get_after_terminate(void **state)
{
    (void)state;
    task_ctx_t hang = {0, DO_SLEEP};
    fk_pool_t *pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    fk_pool_async_t *ars[100];
    for (size_t k = 0; k < 100; k++) /* 2 running, 62 shared, 36 queued in the parent */
        assert_non_null(ars[k] = fk_pool_apply_async(pool, task, &hang, 0, 0, NULL));
    assert_int_equal(fk_pool_async_get(ars[0], 0.05), -1);
    fk_pool_terminate(pool);
    for (size_t k = 0; k < 100; k++) {
        assert_int_equal(fk_pool_async_get(ars[k], -1), 1);
        assert_int_equal(fk_pool_async_successful(ars[k]), 0);
        const fk_result_t *r = fk_pool_async_result(ars[k], 0);
        assert_int_equal(r->status, FK_TASK_FAILED);
        assert_string_equal(r->msg, "task 0 did not finish: the pool was terminated");
        fk_pool_async_free(ars[k]);
    }
    errno = 0;
    assert_null(fk_pool_apply_async(pool, task, NULL, 0, 0, NULL));
    assert_int_equal(errno, EINVAL);
    assert_int_equal(fk_pool_join(pool), 0);
    fk_pool_destroy(pool);
    assert_no_children();
}

/* What the callbacks saw: each index once, by the right callback, in the parent. */
typedef struct seen {
    pid_t parent;
    int ok[64], err[64];
    int fail_every; /* the callback fails for every index divisible by this (0: never) */
    fk_pool_t *pool;
    fk_pool_async_t *other;
    int wait_errno;
    fk_pool_async_t *followup;
} seen_t;

static int on_ok(void *arg, size_t i, const fk_result_t *r)
{
    seen_t *s = arg;
    assert_int_equal(getpid(), s->parent);
    assert_int_equal(r->value, answer(i));
    s->ok[i]++;
    if (s->other) { /* waiting on the pool from a callback would deadlock: refused */
        errno = 0;
        assert_int_equal(fk_pool_async_wait(s->other, -1), -1);
        s->wait_errno = errno;
    }
    if (s->pool && !s->followup) /* submitting from a callback is fine */
        s->followup = fk_pool_apply_async(s->pool, task, NULL, 63, 0, NULL);
    return s->fail_every && i % (size_t)s->fail_every == 0;
}

static int on_err(void *arg, size_t i, const fk_result_t *r)
{
    seen_t *s = arg;
    assert_int_equal(getpid(), s->parent);
    assert_int_not_equal(r->status, FK_TASK_OK);
    s->err[i]++;
    return 0;
}

/* A map of n tasks on 3 workers with task 5 misbehaving (bad), callbacks recording into
 * seen, and its finished result ar; the killed-worker test reuses pool and bad after. */
typedef struct one_bad {
    task_ctx_t bad;
    seen_t seen;
    pool_case_t c;
    fk_pool_async_t *ar;
    size_t n;
} one_bad_t;

/* Runs the map and checks that each callback ran once, in the parent: ok for every other
 * task, error for task 5. */
static void one_bad_start(one_bad_t *b, int action, size_t n, fk_pool_map_cfg_t cfg)
{
    *b = (one_bad_t){.bad = {5, action}, .seen = {.parent = getpid()}, .n = n};
    fk_pool_cbs_t cbs = {on_ok, on_err, &b->seen};
    b->c = pool_case(n, &b->bad, 3, NULL);
    b->ar = fk_pool_map_async(b->c.pool, &b->c.ts, &cfg, &cbs);
    assert_non_null(b->ar);
    assert_int_equal(fk_pool_async_get(b->ar, -1), 1);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(b->seen.ok[i], i != 5);
        assert_int_equal(b->seen.err[i], i == 5);
    }
}

static void one_bad_end(one_bad_t *b)
{
    fk_pool_async_free(b->ar);
    close_join_destroy(b->c.pool);
    results_free(b->c.res, b->n);
}

static void test_callbacks(void **state)
{
    (void)state;
    one_bad_t b;
    one_bad_start(&b, DO_FAIL, 40, (fk_pool_map_cfg_t){FK_SCHED_STATIC, 3, 1, 0, 0});
    assert_int_equal(fk_pool_async_successful(b.ar), 0);
    assert_string_equal(fk_pool_async_result(b.ar, 5)->msg, "refused");
    one_bad_end(&b);
}

/* A callback that fails is recorded; the others still run and get/join do not hang. */
static void test_callback_fails(void **state)
{
    (void)state;
    const size_t n = 30;
    seen_t s = {.parent = getpid(), .fail_every = 10};
    fk_pool_cbs_t cbs = {on_ok, on_err, &s};
    pool_case_t c = pool_case(n, NULL, 2, NULL);
    fk_pool_map_cfg_t cfg = {FK_SCHED_DYNAMIC, 1, 1, 0, 0};
    fk_pool_async_t *ar = fk_pool_map_async(c.pool, &c.ts, &cfg, &cbs);
    assert_int_equal(fk_pool_async_get(ar, -1), 0); /* the tasks themselves are fine */
    assert_int_equal(fk_pool_async_callback_failures(ar), 3);
    assert_non_null(strstr(fk_pool_async_callback_error(ar), "the callback of task "));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(s.ok[i], 1);
    fk_pool_async_free(ar);
    /* one failing on an apply whose result nobody waits for: join still returns */
    ar = fk_pool_apply_async(c.pool, task, NULL, 0, 0, &cbs);
    assert_non_null(ar);
    close_join_destroy(c.pool);
    assert_int_equal(s.ok[0], 2);
    assert_int_equal(fk_pool_async_callback_failures(ar), 1);
    fk_pool_async_free(ar);
    results_free(c.res, n);
}

static void test_wait_inside_callback(void **state)
{
    (void)state;
    task_ctx_t hang = {6, DO_SLEEP}; /* still running whenever the callback looks */
    fk_pool_t *pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    seen_t s = {.parent = getpid(), .pool = pool};
    fk_pool_cbs_t cbs = {on_ok, on_err, &s};
    s.other = fk_pool_apply_async(pool, task, &hang, 6, 0, NULL);
    fk_pool_async_t *ar = fk_pool_apply_async(pool, task, NULL, 1, 0, &cbs);
    assert_int_equal(fk_pool_async_get(ar, -1), 0);
    assert_int_equal(s.wait_errno, EDEADLK);
    assert_non_null(s.followup);
    assert_int_equal(fk_pool_async_get(s.followup, -1), 0);
    assert_int_equal(fk_pool_async_result(s.followup, 0)->value, answer(63));
    assert_int_equal(fk_pool_async_ready(s.other), 0);
    fk_pool_terminate(pool);
    assert_int_equal(fk_pool_async_get(s.other, -1), 1);
    fk_pool_async_free(ar);
    fk_pool_async_free(s.other);
    fk_pool_async_free(s.followup);
    assert_int_equal(fk_pool_join(pool), 0);
    fk_pool_destroy(pool);
    assert_no_children();
}

static int count_cb(void *arg, size_t i, const fk_result_t *r)
{
    (void)i;
    (void)r;
    ++*(size_t *)arg;
    return 0;
}

static void test_10000_in_flight(void **state)
{
    (void)state;
    enum { N = 10000 };
    static fk_pool_async_t *ars[N];
    size_t landed = 0;
    fk_pool_cbs_t cbs = {count_cb, NULL, &landed};
    fk_pool_t *pool = fk_pool_create(4, 0);
    assert_non_null(pool);
    for (size_t i = 0; i < N; i++)
        assert_non_null(ars[i] = fk_pool_apply_async(pool, task, NULL, i, 0, &cbs));
    for (size_t i = N; i-- > 0;) { /* the newest first: the oldest land meanwhile */
        assert_int_equal(fk_pool_async_get(ars[i], -1), 0);
        assert_int_equal(fk_pool_async_result(ars[i], 0)->value, answer(i));
        fk_pool_async_free(ars[i]);
    }
    assert_int_equal(landed, N);
    close_join_destroy(pool);
}

static void test_worker_killed_during_map_async(void **state)
{
    (void)state;
    one_bad_t b;
    one_bad_start(&b, DO_SIGKILL, 12, (fk_pool_map_cfg_t){FK_SCHED_DYNAMIC, 2, 1, 0, 0});
    assert_int_equal(b.c.res[5].status, FK_TASK_CRASHED);
    assert_string_equal(b.c.res[5].msg, "task 5 crashed (SIGKILL)");
    assert_int_equal(fk_pool_replacements(b.c.pool), 1);
    fk_pool_async_free(b.ar);
    /* an apply whose worker is killed hears of it too */
    b.ar = fk_pool_apply_async(b.c.pool, task, &b.bad, 5, 0, NULL);
    assert_int_equal(fk_pool_async_get(b.ar, -1), 1);
    assert_int_equal(fk_pool_async_result(b.ar, 0)->status, FK_TASK_CRASHED);
    one_bad_end(&b);
}

static void test_apply_timeout(void **state)
{
    (void)state;
    task_ctx_t hang = {3, DO_SLEEP};
    fk_pool_t *pool = fk_pool_create(2, 0);
    assert_non_null(pool);
    fk_pool_async_t *slow = fk_pool_apply_async(pool, task, &hang, 3, 0.2, NULL);
    fk_pool_async_t *fast = fk_pool_apply_async(pool, task, &hang, 4, 0.2, NULL);
    assert_int_equal(fk_pool_async_get(slow, -1), 1);
    assert_int_equal(fk_pool_async_result(slow, 0)->status, FK_TASK_TIMEOUT);
    assert_string_equal(fk_pool_async_result(slow, 0)->msg, "task 3 timed out after 0.2 s");
    assert_int_equal(fk_pool_async_get(fast, -1), 0);
    fk_pool_async_free(slow);
    fk_pool_async_free(fast);
    close_join_destroy(pool);
}

/* Two maps (one static, one dynamic, one hybrid-shaped) and applies in flight at once. */
static void test_several_in_flight(void **state)
{
    (void)state;
    const size_t n = 60;
    task_ctx_t nap = {0, DO_NAP};
    fk_result_t *a = results_new(n), *b = results_new(n);
    fk_taskset_t ta = {task, &nap, n, a, {0, 0}}, tb = {task, NULL, n, b, {0, 0}};
    fk_pool_map_cfg_t sa = {FK_SCHED_STATIC, 0, 1, 0, 0}, sb = {FK_SCHED_DYNAMIC, 4, 2, 0, 0};
    fk_pool_t *pool = fk_pool_create(3, 0);
    assert_non_null(pool);
    fk_pool_async_t *ma = fk_pool_map_async(pool, &ta, &sa, NULL);
    fk_pool_async_t *mb = fk_pool_map_async(pool, &tb, &sb, NULL);
    fk_pool_async_t *ap = fk_pool_apply_async(pool, task, NULL, 7, 0, NULL);
    assert_true(ma && mb && ap);
    assert_int_equal(fk_pool_async_get(ap, -1), 0);
    assert_int_equal(fk_pool_async_get(mb, -1), 0);
    assert_int_equal(fk_pool_async_get(ma, -1), 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].value, answer(i));
        assert_int_equal(b[i].value, answer(i));
    }
    fk_pool_async_free(ma);
    fk_pool_async_free(mb);
    fk_pool_async_free(ap);
    close_join_destroy(pool);
    results_free(a, n);
    results_free(b, n);
}

static void test_async_misuse(void **state)
{
    (void)state;
    pool_case_t c = pool_case(4, NULL, 2, NULL);
    fk_pool_map_cfg_t bad = {FK_SCHED_STATIC, 1, 0, 0, 0};
    errno = 0;
    assert_null(fk_pool_apply_async(c.pool, NULL, NULL, 0, 0, NULL));
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_null(fk_pool_map_async(c.pool, &c.ts, &bad, NULL));
    assert_int_equal(errno, EINVAL);
    c.ts.ntasks = 0; /* nothing to run: ready at once */
    fk_pool_map_cfg_t cfg = {FK_SCHED_STATIC, 1, 1, 0, 0};
    fk_pool_async_t *ar = fk_pool_map_async(c.pool, &c.ts, &cfg, NULL);
    assert_int_equal(fk_pool_async_ready(ar), 1);
    assert_int_equal(fk_pool_async_successful(ar), 1);
    fk_pool_async_free(ar);
    /* released before it ran: the c.pool finishes and frees it (valgrind/LSan watch) */
    fk_pool_async_free(fk_pool_apply_async(c.pool, task, NULL, 1, 0, NULL));
    assert_int_equal(fk_pool_close(c.pool), 0);
    errno = 0;
    assert_null(fk_pool_apply_async(c.pool, task, NULL, 0, 0, NULL));
    assert_int_equal(errno, EINVAL);
    assert_int_equal(fk_pool_join(c.pool), 0);
    fk_pool_destroy(c.pool);
    /* and one still running when the c.pool is destroyed */
    task_ctx_t hang = {0, DO_SLEEP};
    c.pool = fk_pool_create(1, 0);
    fk_pool_async_free(fk_pool_apply_async(c.pool, task, &hang, 0, 0, NULL));
    fk_pool_destroy(c.pool);
    assert_no_children();
    results_free(c.res, 4);
}

FK_TEST_MAIN(cmocka_unit_test(test_apply_async), cmocka_unit_test(test_timeout_zero),
             cmocka_unit_test(test_get_after_terminate), cmocka_unit_test(test_callbacks),
             cmocka_unit_test(test_callback_fails), cmocka_unit_test(test_wait_inside_callback),
             cmocka_unit_test(test_10000_in_flight),
             cmocka_unit_test(test_worker_killed_during_map_async),
             cmocka_unit_test(test_apply_timeout), cmocka_unit_test(test_several_in_flight),
             cmocka_unit_test(test_async_misuse))
