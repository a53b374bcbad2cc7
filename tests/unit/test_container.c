/* SPDX-License-Identifier: MIT */
/* test_container.c: the CPU quota read from fake cgroup v1 and v2 hierarchies (the files a
 * container engine writes for --cpus), and the decision of the quota warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/engine/container.h"
#include "tests/unit/unit_test.h"

/* Writes text to dir/name, making dir/sub folders as needed (name may hold one '/'). */
static void put_file(const char *dir, const char *name, const char *text)
{
    char path[600];
    const char *slash = strchr(name, '/');
    if (slash) {
        snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - name), name);
        mkdir(path, 0700);
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_text(path, text);
}

/* The quota a fake hierarchy with the given files (NULL-terminated name, text pairs) reads. */
static void expect_quota(const char *want, const char *self_cgroup, ...)
{
    char dir[512], self[600], out[16], cmd[700];
    tmp_dir(dir, sizeof dir, "fk-cgroup");
    snprintf(self, sizeof self, "%s/self-cgroup", dir);
    write_text(self, self_cgroup);
    va_list ap;
    va_start(ap, self_cgroup);
    for (const char *name; (name = va_arg(ap, const char *));)
        put_file(dir, name, va_arg(ap, const char *));
    va_end(ap);
    fk_container_cpu_quota_at(dir, self, out, sizeof out);
    assert_string_equal(out, want);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_cgroup_v2(void **state)
{
    (void)state;
    /* a namespace: the container's own cgroup at the root */
    expect_quota("1.50", "0::/\n", "cpu.max", "150000 100000\n", NULL);
    expect_quota("none", "0::/\n", "cpu.max", "max 100000\n", NULL);
    /* no namespace: the process's cgroup path under the root */
    expect_quota("0.25", "0::/box\n", "box/cpu.max", "25000 100000\n", NULL);
    /* the root cgroup has no cpu.max, but the hierarchy is there: no quota */
    expect_quota("none", "0::/\n", "cgroup.controllers", "cpu memory\n", NULL);
}

static void test_cgroup_v1(void **state)
{
    (void)state;
    expect_quota("3.00", "1:cpu:/x\n", "cpu/cpu.cfs_quota_us", "300000\n", "cpu/cpu.cfs_period_us",
                 "100000\n", NULL);
    expect_quota("none", "1:cpu:/x\n", "cpu,cpuacct/cpu.cfs_quota_us", "-1\n",
                 "cpu,cpuacct/cpu.cfs_period_us", "100000\n", NULL);
    /* nothing to read: unknown, not none */
    expect_quota("unknown", "", NULL);
    expect_quota("unknown", "1:cpu:/x\n", "cpu/cpu.cfs_quota_us", "garbage\n",
                 "cpu/cpu.cfs_period_us", "100000\n", NULL);
}

static void test_quota_below(void **state)
{
    (void)state;
    assert_int_equal(fk_container_quota_below("1.50", 2), 1);
    assert_int_equal(fk_container_quota_below("2.00", 2), 0);
    assert_int_equal(fk_container_quota_below("4.00", 2), 0);
    assert_int_equal(fk_container_quota_below("none", 2), 0);
    assert_int_equal(fk_container_quota_below("unknown", 2), 0);
    assert_int_equal(fk_container_quota_below("", 2), 0);
    assert_int_equal(fk_container_quota_below("1.5x", 2), 0);
    assert_int_equal(fk_container_quota_below(NULL, 2), 0);
}

static void test_kind_is_a_word(void **state)
{
    (void)state;
    char kind[32];
    fk_container_kind(kind, sizeof kind);
    assert_true(kind[0] != '\0');
    assert_int_equal(strspn(kind, "abcdefghijklmnopqrstuvwxyz0123456789-_."), strlen(kind));
}

FK_TEST_MAIN(cmocka_unit_test(test_cgroup_v2), cmocka_unit_test(test_cgroup_v1),
             cmocka_unit_test(test_quota_below), cmocka_unit_test(test_kind_is_a_word))
