/* SPDX-License-Identifier: MIT */
/* test_faults.c: the harness helpers that keep failures contained: fk_run_in_child (a
 * supervised child in its own process group: its error comes back, a crash is named, and
 * nothing it started outlives it), the CSV's up-front checks (/dev/full, a missing folder),
 * and the interrupt flag (an interrupted copy stops and leaves no partial file, an
 * interrupted supervised child is stopped, an interrupted measurement does not start).
 * The interrupt tests come last: the flag, once raised, stays raised for the process. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/engine/csv.h"
#include "harness/engine/measure.h"
#include "harness/cli/registry.h"
#include "harness/base/sys.h"
#include "kernels/common/util.h"
#include "tests/unit/unit_test.h"

static int job_ok(void *arg, char *err, size_t errlen)
{
    (void)arg;
    (void)err;
    (void)errlen;
    return 0;
}

static int job_fails(void *arg, char *err, size_t errlen)
{
    (void)arg;
    return fk_err(err, errlen, "no such class: %s", "Q");
}

static int job_crashes(void *arg, char *err, size_t errlen)
{
    (void)arg;
    (void)err;
    (void)errlen;
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
    return 0;
}

/* Starts a grandchild that would sleep for a minute, records its pid in arg, returns. */
static int job_leaves_grandchild(void *arg, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    pid_t pid = fork();
    if (pid == 0) {
        sleep(60);
        _exit(0);
    }
    *(volatile pid_t *)arg = pid;
    return 0;
}

static int job_sleeps(void *arg, char *err, size_t errlen)
{
    (void)arg;
    (void)err;
    (void)errlen;
    sleep(60);
    return 0;
}

/* 1 when pid is dead: gone, or a zombie waiting for whoever inherited it (init, which may
 * reap late); waits up to 5 s for SIGKILL to take effect. */
static int dead(pid_t pid)
{
    char path[64], stat[256];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int i = 0; i < 500; i++) {
        FILE *f = fopen(path, "r");
        if (!f)
            return 1;
        size_t n = fread(stat, 1, sizeof stat - 1, f);
        fclose(f);
        stat[n] = '\0';
        const char *paren = strrchr(stat, ')');
        if (paren && paren[1] == ' ' && paren[2] == 'Z')
            return 1;
        usleep(10000);
    }
    return 0;
}

static void test_run_in_child(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(fk_run_in_child(job_ok, NULL, err, sizeof err), 0);
    assert_int_equal(fk_run_in_child(job_fails, NULL, err, sizeof err), -1);
    assert_string_equal(err, "no such class: Q");
    assert_int_equal(fk_run_in_child(job_crashes, NULL, err, sizeof err), -1);
    assert_string_equal(err, "crashed (SIGSEGV)");
    pid_t *shared =
        mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(shared != MAP_FAILED);
    *shared = 0;
    assert_int_equal(fk_run_in_child(job_leaves_grandchild, shared, err, sizeof err), 0);
    assert_true(*shared > 0);
    assert_true(dead(*shared)); /* the whole process group went with the child */
    munmap(shared, sizeof *shared);
}

static void test_csv_unwritable(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(fk_csv_open("/dev/full", err, sizeof err), -1);
    assert_string_equal(err, "cannot write CSV /dev/full: No space left on device");
    assert_int_equal(fk_csv_check_writable("/nonexistent-dir/x.csv", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/x.csv"));
    assert_int_equal(fk_csv_check_writable("/dev/null", err, sizeof err), 0);
    int fd = fk_csv_open("/dev/null", err, sizeof err);
    assert_true(fd >= 0);
    close(fd);
}

static void test_interrupted(void **state)
{
    (void)state;
    char dir[4096], src[4200], dst[4200], err[256];
    assert_int_equal(fk_interrupted(), 0);
    assert_int_equal(fk_make_scratch_dir("test-faults", dir, sizeof dir), 0);
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(dst, sizeof dst, "%s/dst", dir);
    FILE *f = fopen(src, "w");
    assert_non_null(f);
    for (int i = 0; i < 100000; i++)
        fputs("some bytes to copy\n", f);
    fclose(f);
    assert_int_equal(fk_copy_file(src, dst), 0);

    fk_install_interrupt_handlers();
    raise(SIGINT);
    assert_int_equal(fk_interrupted(), SIGINT);
    errno = 0;
    assert_int_equal(fk_copy_file(src, dst), -1);
    assert_int_equal(errno, EINTR);
    struct stat st;
    assert_int_equal(stat(dst, &st), -1); /* no partial copy left */

    double t0 = fk_now();
    assert_int_equal(fk_run_in_child(job_sleeps, NULL, err, sizeof err), -1);
    assert_string_equal(err, "interrupted by SIGINT");
    assert_true(fk_now() - t0 < 30); /* not the job's 60 s: it was stopped */

    fk_run_spec_t spec = {.kernel = fk_find_kernel("primes")};
    fk_measurement_t m;
    assert_int_equal(fk_measure(&spec, NULL, &m), -1); /* nothing started */
    assert_int_equal(fk_remove_tree(dir), 0);
}

/* test_interrupted last: the interrupt flag stays raised after it */
FK_TEST_MAIN(cmocka_unit_test(test_run_in_child), cmocka_unit_test(test_csv_unwritable),
             cmocka_unit_test(test_interrupted))
