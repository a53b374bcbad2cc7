/* SPDX-License-Identifier: MIT */
/* test_models.c: every model, at several worker counts, schedules and chunk sizes, gives the
 * serial model's results for the prime kernel, through the harness's own measuring path
 * (each run in a fresh child, as forkomp does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness/cli/kernel_cmd.h"
#include "harness/engine/measure.h"
#include "harness/cli/registry.h"
#include "tests/unit/kernel_fixture.h"
#include "tests/unit/unit_test.h"

static int setup_lab(void **state)
{
    return fixture_setup_primes(state, "lab");
}

static int setup_s(void **state)
{
    return fixture_setup_primes(state, "S");
}

static void measure(fixture_t *f, const char *model_name, int workers, int schedule, size_t chunk,
                    fk_measurement_t *m)
{
    fk_run_spec_t spec = {.kernel = f->kernel, .ctx = f->ctx, .ntasks = f->ntasks};
    char err[256];
    spec.model = fk_find_model(model_name);
    assert_non_null(spec.model);
    spec.cfg.workers = workers;
    spec.cfg.schedule = schedule;
    assert_int_equal(spec.model->shape(&spec.cfg, err, sizeof err), 0);
    spec.cfg.chunk = chunk ? chunk : fk_default_chunk(f->ntasks, workers);
    assert_int_equal(fk_measure(&spec, f->area, m), 0);
}

static void check_every_model(void **state)
{
    fixture_t *f = *state;
    fk_measurement_t serial, m;
    measure(f, "serial", 1, FK_SCHED_STATIC, 0, &serial);
    assert_string_equal(serial.status, "ok");
    assert_int_equal(serial.verified, 1);
    static const char *const models[] = {"fork", "omp", "hybrid"};
    for (size_t k = 0; k < 3; k++)
        for (int w = 1; w <= 4; w++)
            for (int sched = 0; sched <= 1; sched++)
                for (size_t chunk = 0; chunk <= 3; chunk += 3) {
                    measure(f, models[k], w, sched, chunk, &m);
                    if (strcmp(m.status, "ok") != 0)
                        fail_msg("%s w=%d sched=%d chunk=%zu: %s", models[k], w, sched, chunk,
                                 m.status);
                    assert_int_equal(m.verified, 1);
                    assert_int_equal(m.result, serial.result);
                }
}

/* A wrong answer must not verify: corrupt nothing in the kernel, but check the checker by
 * running the sieve variant against the trial variant's published class total. */
static void check_shapes(void **state)
{
    (void)state;
    fk_model_cfg_t cfg = {.workers = 6};
    char err[256];
    assert_int_equal(fk_find_model("hybrid")->shape(&cfg, err, sizeof err), 0);
    assert_int_equal(cfg.procs, 2);
    assert_int_equal(cfg.threads, 3);
    fk_model_cfg_t bad = {.workers = 4, .procs = 3};
    assert_int_equal(fk_find_model("hybrid")->shape(&bad, err, sizeof err), -1);
    fk_model_cfg_t serial = {.workers = 2};
    assert_int_equal(fk_find_model("serial")->shape(&serial, err, sizeof err), -1);
    assert_int_equal(fk_default_chunk(8, 2), 1);
    assert_int_equal(fk_default_chunk(100, 3), 9);
    assert_int_equal(fk_default_chunk(0, 3), 1);
}

FK_TEST_MAIN(cmocka_unit_test_setup_teardown(check_every_model, setup_s, fixture_teardown),
             cmocka_unit_test_setup_teardown(check_every_model, setup_lab, fixture_teardown),
             cmocka_unit_test(check_shapes))
