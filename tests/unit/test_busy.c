/* SPDX-License-Identifier: MIT */
/* test_busy.c: every worker's busy time (the sum of its tasks' times, the CSV's busy_max_s
 * and busy_min_s) is plausible for the models whose workers are threads of a process: in
 * the hybrid at 1x2 and 2x2 and in omp, each worker ran tasks (busy > 0), none was busy
 * longer than the run, and the workers' times add up to the tasks' times. Before the fix,
 * a hybrid process's threads were counted as one worker (1x2: one worker busy for more than
 * the run, the other 0). Runs go through the harness's measuring path, as forkomp's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness/cli/registry.h"
#include "harness/cli/kernel_cmd.h"
#include "harness/engine/measure.h"
#include "harness/engine/runner.h"
#include "tests/unit/kernel_fixture.h"
#include "tests/unit/unit_test.h"

/* The primes kernel, class lab: 8 tasks of a few milliseconds each. */
static int setup(void **state)
{
    return fixture_setup_primes(state, "lab");
}

/* One run of model at procs x threads, static schedule, one task per hand-out (so every
 * worker gets tasks), then its workers' busy times checked against the run and the tasks. */
static void check_busy(fixture_t *f, const char *model_name, int procs, int threads)
{
    fk_run_spec_t spec = {.kernel = f->kernel, .ctx = f->ctx, .ntasks = f->ntasks};
    fk_measurement_t m;
    char err[256];
    spec.model = fk_find_model(model_name);
    assert_non_null(spec.model);
    spec.cfg.workers = procs * threads;
    spec.cfg.procs = strcmp(model_name, "omp") ? procs : 0;
    spec.cfg.schedule = FK_SCHED_STATIC;
    assert_int_equal(spec.model->shape(&spec.cfg, err, sizeof err), 0);
    assert_int_equal(spec.cfg.procs, procs);
    assert_int_equal(spec.cfg.threads, threads);
    spec.cfg.chunk = 1;
    assert_int_equal(fk_measure(&spec, f->area, &m), 0);
    assert_string_equal(m.status, "ok");

    const fk_result_t *res = fk_shared_area_results(f->area);
    double busy[64], tasks_s = 0, sum = 0, max_s, min_s;
    assert_true(f->ntasks <= 64);
    for (size_t i = 0; i < f->ntasks; i++)
        tasks_s += (double)(res[i].ended_ns - res[i].started_ns) * 1e-9;
    size_t k = fk_busy_times(res, f->ntasks, busy);
    print_message("%s %dx%d: wall %.4f s, tasks %.4f s, busy", model_name, procs, threads, m.wall_s,
                  tasks_s);
    for (size_t w = 0; w < k; w++)
        print_message(" %.4f", busy[w]);
    print_message("\n");
    assert_int_equal(k, (size_t)spec.cfg.workers); /* every worker, each once */
    for (size_t w = 0; w < k; w++) {
        assert_true(busy[w] > 0);
        assert_true(busy[w] <= m.wall_s);
        sum += busy[w];
    }
    assert_true(sum > tasks_s * (1 - 1e-9) && sum < tasks_s * (1 + 1e-9));
    fk_busy_range(res, f->ntasks, spec.cfg.workers, &max_s, &min_s);
    assert_true(min_s > 0 && min_s <= max_s && max_s <= m.wall_s);
}

static void hybrid_1x2(void **state)
{
    check_busy(*state, "hybrid", 1, 2);
}

static void hybrid_2x2(void **state)
{
    check_busy(*state, "hybrid", 2, 2);
}

static void omp_2(void **state)
{
    check_busy(*state, "omp", 1, 2);
}

static void fork_2(void **state)
{
    check_busy(*state, "fork", 2, 1);
}

/* An idle worker counts 0: 2 workers, but every task recorded by one of them. */
static void idle_worker(void **state)
{
    (void)state;
    fk_result_t r[3];
    double max_s, min_s, busy[3];
    memset(r, 0, sizeof r);
    for (int i = 0; i < 3; i++) {
        r[i].worker = 1;
        r[i].thread = i == 2; /* two workers of slot 1: threads 0 and 1 */
        r[i].started_ns = 1000000000LL * (i + 1);
        r[i].ended_ns = r[i].started_ns + 500000000LL;
    }
    assert_int_equal(fk_busy_times(r, 3, busy), 2);
    assert_true(busy[0] > 0.999 && busy[0] < 1.001 && busy[1] > 0.499 && busy[1] < 0.501);
    fk_busy_range(r, 3, 3, &max_s, &min_s);
    assert_true(max_s > 0.999 && max_s < 1.001 && min_s == 0);
    fk_busy_range(r, 3, 2, &max_s, &min_s);
    assert_true(min_s > 0.499 && min_s < 0.501);
}

FK_TEST_MAIN(cmocka_unit_test_setup_teardown(hybrid_1x2, setup, fixture_teardown),
             cmocka_unit_test_setup_teardown(hybrid_2x2, setup, fixture_teardown),
             cmocka_unit_test_setup_teardown(omp_2, setup, fixture_teardown),
             cmocka_unit_test_setup_teardown(fork_2, setup, fixture_teardown),
             cmocka_unit_test(idle_worker))
