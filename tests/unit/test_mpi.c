/* SPDX-License-Identifier: MIT */
/* test_mpi.c: the pieces of the MPI models that need no MPI job: the job description the
 * harness hands its ranks (round trip, and garbage rejected), the hosts list (each host once,
 * an overflow marked), launcher detection, and the shapes (or, built without MPI or without
 * mpirun, a usage error naming the packages). The MPI runs themselves are in
 * tests/integration/mpi.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness/models/mpi/mpi.h"
#include "harness/cli/registry.h"
#include "tests/unit/unit_test.h"

static void job_round_trip(void **state)
{
    (void)state;
    fk_mpi_job_t job = {
        .model = "mpi-omp",
        .cfg = {.procs = 3, .threads = 2, .schedule = FK_SCHED_DYNAMIC, .chunk = 5, .pin = 1},
        .fault = {FK_FAULT_CRASH, 7},
        .result = "/proc/123/fd/4"};
    fk_mpi_job_t back;
    char text[512], err[256];
    assert_int_equal(fk_mpi_job_format(&job, text, sizeof text), 0);
    assert_int_equal(fk_mpi_job_parse(text, &back, err, sizeof err), 0);
    assert_string_equal(back.model, "mpi-omp");
    assert_int_equal(back.cfg.procs, 3);
    assert_int_equal(back.cfg.threads, 2);
    assert_int_equal(back.cfg.workers, 6);
    assert_int_equal(back.cfg.schedule, FK_SCHED_DYNAMIC);
    assert_int_equal(back.cfg.chunk, 5);
    assert_int_equal(back.cfg.pin, 1);
    assert_int_equal(back.fault.kind, FK_FAULT_CRASH);
    assert_int_equal(back.fault.task, 7);
    assert_string_equal(back.result, "/proc/123/fd/4");
    assert_int_equal(fk_mpi_job_format(&job, text, 20), -1); /* too small: refused */
}

static void job_garbage_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "model=mpi",
        "model=mpi procs=0 threads=1 schedule=0 chunk=1 pin=0 fault=0:0 result=/x",
        "model=mpi procs=2 threads=1 schedule=2 chunk=1 pin=0 fault=0:0 result=/x",
        "model=mpi procs=2 threads=1 schedule=0 chunk=0 pin=0 fault=0:0 result=/x",
        "model=mpi procs=2 threads=1 schedule=0 chunk=1 pin=0 fault=9:0 result=/x",
        "model=mpi procs=2 threads=1 schedule=0 chunk=1 pin=0 fault=0:0 result=/x trailing",
    };
    fk_mpi_job_t job;
    char err[256];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        if (fk_mpi_job_parse(bad[i], &job, err, sizeof err) != -1)
            fail_msg("accepted '%s'", bad[i]);
        assert_non_null(strstr(err, FK_MPI_JOB_ENV));
    }
}

static void hosts_each_once(void **state)
{
    (void)state;
    char hosts[64] = "";
    static const char *const ranks[] = {"n1", "n2", "n1", "n10", "n2", "n1"};
    for (size_t i = 0; i < sizeof ranks / sizeof ranks[0]; i++)
        fk_mpi_hosts_add(hosts, sizeof hosts, ranks[i]);
    assert_string_equal(hosts, "n1+n2+n10");
    char small[16] = "";
    fk_mpi_hosts_add(small, sizeof small, "alpha");
    fk_mpi_hosts_add(small, sizeof small, "bravo");
    fk_mpi_hosts_add(small, sizeof small, "charlie"); /* does not fit */
    fk_mpi_hosts_add(small, sizeof small, "d");       /* nor anything after the mark */
    assert_string_equal(small, "alpha+bravo+...");
}

static void launcher_detected(void **state)
{
    (void)state;
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"};
    for (size_t i = 0; i < 3; i++)
        unsetenv(vars[i]);
    assert_false(fk_mpi_launched());
    for (size_t i = 0; i < 3; i++) {
        setenv(vars[i], "0", 1);
        assert_true(fk_mpi_launched());
        unsetenv(vars[i]);
    }
}

static void shapes(void **state)
{
    (void)state;
    char err[256] = "";
    fk_model_cfg_t mpi = {.workers = 4}, omp = {.workers = 6}, bad = {.workers = 4, .procs = 3};
    const fk_model_ops_t *m = fk_find_model("mpi"), *mo = fk_find_model("mpi-omp");
    assert_non_null(m);
    assert_non_null(mo);
    if (m->shape(&mpi, err, sizeof err) != 0) { /* no MPI here: the error says what to install */
        assert_non_null(strstr(err, "openmpi-bin"));
        return;
    }
    assert_int_equal(mpi.procs, 4);
    assert_int_equal(mpi.threads, 1);
    assert_int_equal(mo->shape(&omp, err, sizeof err), 0);
    assert_int_equal(omp.procs, 2);
    assert_int_equal(omp.threads, 3);
    assert_int_equal(mo->shape(&bad, err, sizeof err), -1);
}

FK_TEST_MAIN(cmocka_unit_test(job_round_trip), cmocka_unit_test(job_garbage_rejected),
             cmocka_unit_test(hosts_each_once), cmocka_unit_test(launcher_detected),
             cmocka_unit_test(shapes))
