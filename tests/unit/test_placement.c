/* SPDX-License-Identifier: MIT */
/* test_placement.c: the pinning policies (harness/base/placement.c) on topologies loaded by
 * hwloc (harness/engine/topo.c) from committed XML files and synthetic descriptions, against
 * orders worked out by hand: a 2-socket, 2-NUMA, SMT-2 machine of 32 PUs numbered as Intel's
 * firmware does (the SMT siblings of CPUs 0-15 are 16-31), the same shape numbered with the
 * siblings side by side, a 2-socket machine with 2 NUMA nodes per socket, and this 2-core VM
 * as lstopo saw it. Also the loader's errors, the shared-core count behind the SMT warning,
 * a real pin of this process, and the default worker list that grows with the machine. */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness/engine/topo.h"
#include "harness/models/model.h"
#include "harness/base/placement.h"
#include "tests/unit/unit_test.h"

/* make unit-test and make valgrind run the tests from the top of the source tree */
#define FIXTURE(name) "tests/fixtures/" name
#define XML_2S FIXTURE("topo-2s-2numa-smt2-32pu.xml")
#define XML_VM FIXTURE("topo-this-vm.xml")

/* Loads a topology (XML path or synthetic string), places by policy, checks against want. */
static void check_order(const char *xml, const char *synthetic, int policy, const int *want, int n)
{
    fk_topo_t t;
    char err[256] = "";
    int order[64];
    if (fk_topo_load(&t, xml, synthetic, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(t.npus, n);
    assert_int_equal(fk_place(&t, policy, order), n);
    for (int i = 0; i < n; i++)
        if (order[i] != want[i])
            fail_msg("%s, %s: worker %d on CPU %d, expected %d", xml ? xml : synthetic,
                     fk_pin_name(policy), i, order[i], want[i]);
    fk_topo_free(&t);
}

/* The counts of an XML topology; both fixtures have 1 MiB of L2 and 32 MiB of L3. */
static void check_counts(const char *xml, int packages, int numa, int cores, int pus)
{
    fk_topo_t t;
    char err[256] = "";
    if (fk_topo_load(&t, xml, NULL, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(t.npackages, packages);
    assert_int_equal(t.nnuma, numa);
    assert_int_equal(t.ncores, cores);
    assert_int_equal(t.npus, pus);
    assert_int_equal(t.l2_kib, 1024);
    assert_int_equal(t.l3_kib, 32768);
    fk_topo_free(&t);
}

static void test_two_sockets_intel_numbering(void **state)
{
    (void)state;
    check_counts(XML_2S, 2, 2, 16, 32);
    int linear[32], scatter[32];
    for (int i = 0; i < 32; i++)
        linear[i] = i;
    /* scatter: core k of socket 0, then core k of socket 1; the siblings (+16) after */
    for (int k = 0; k < 8; k++) {
        scatter[2 * k] = k, scatter[2 * k + 1] = 8 + k;
        scatter[16 + 2 * k] = 16 + k, scatter[17 + 2 * k] = 24 + k;
    }
    check_order(XML_2S, NULL, FK_PIN_LINEAR, linear, 32);
    /* compact: socket 0's cores (0-7), socket 1's (8-15), then the siblings: with this
     * numbering that is the linear order */
    check_order(XML_2S, NULL, FK_PIN_COMPACT, linear, 32);
    check_order(XML_2S, NULL, FK_PIN_SCATTER, scatter, 32);
}

static void test_two_sockets_siblings_adjacent(void **state)
{
    (void)state;
    const char *syn = "pack:2 [numa] core:8 pu:2"; /* core c has CPUs 2c and 2c+1 */
    int linear[32], compact[32], scatter[32];
    for (int i = 0; i < 16; i++) {
        linear[i] = i, linear[16 + i] = 16 + i;
        compact[i] = 2 * i, compact[16 + i] = 2 * i + 1;
    }
    for (int k = 0; k < 8; k++) { /* socket 0's core k is CPU 2k, socket 1's is 16 + 2k */
        scatter[2 * k] = 2 * k, scatter[2 * k + 1] = 16 + 2 * k;
        scatter[16 + 2 * k] = 2 * k + 1, scatter[17 + 2 * k] = 17 + 2 * k;
    }
    check_order(NULL, syn, FK_PIN_LINEAR, linear, 32);
    check_order(NULL, syn, FK_PIN_COMPACT, compact, 32);
    check_order(NULL, syn, FK_PIN_SCATTER, scatter, 32);
}

static void test_four_numa_nodes(void **state)
{
    (void)state;
    /* NUMA nodes 0,1 on socket 0 (cores 0-3, 4-7), 2,3 on socket 1 (8-11, 12-15) */
    const char *syn = "pack:2 numa:2 core:4 pu:2";
    static const int cores[16] = {0, 8, 4, 12, 1, 9, 5, 13, 2, 10, 6, 14, 3, 11, 7, 15};
    int compact[32], scatter[32];
    for (int i = 0; i < 16; i++) {
        compact[i] = 2 * i, compact[16 + i] = 2 * i + 1;
        scatter[i] = 2 * cores[i], scatter[16 + i] = 2 * cores[i] + 1;
    }
    check_order(NULL, syn, FK_PIN_COMPACT, compact, 32);
    /* the first 4 workers on 4 different NUMA nodes, alternating sockets */
    check_order(NULL, syn, FK_PIN_SCATTER, scatter, 32);
}

static void test_this_vm(void **state)
{
    (void)state;
    static const int want[2] = {0, 1};
    check_counts(XML_VM, 1, 1, 2, 2);
    for (int p = FK_PIN_LINEAR; p <= FK_PIN_SCATTER; p++)
        check_order(XML_VM, NULL, p, want, 2);
}

static void test_shared_cores(void **state)
{
    (void)state;
    fk_topo_t t;
    char err[256];
    int order[32];
    assert_int_equal(fk_topo_load(&t, XML_2S, NULL, err, sizeof err), 0);
    assert_int_equal(fk_place(&t, FK_PIN_COMPACT, order), 32);
    assert_int_equal(fk_place_shared(&t, order, 16), 0);
    assert_int_equal(fk_place_shared(&t, order, 17), 2); /* worker 16 joins worker 0's core */
    assert_int_equal(fk_place_shared(&t, order, 32), 32);
    assert_int_equal(fk_place_shared(&t, order, 33), 33); /* beyond the PUs: CPU 0 twice */
    fk_topo_free(&t);
    assert_int_equal(fk_topo_load(&t, NULL, "pack:1 core:2 pu:2", err, sizeof err), 0);
    assert_int_equal(fk_place(&t, FK_PIN_LINEAR, order), 4);
    assert_int_equal(fk_place_shared(&t, order, 2), 2); /* CPUs 0 and 1: one core */
    assert_int_equal(fk_place(&t, FK_PIN_COMPACT, order), 4);
    assert_int_equal(fk_place_shared(&t, order, 2), 0);
    fk_topo_free(&t);
}

static void test_bad_input(void **state)
{
    (void)state;
    fk_topo_t t;
    char err[256] = "";
    int order[4];
    assert_int_equal(fk_topo_load(&t, FIXTURE("no-such-topology.xml"), NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "no-such-topology.xml"));
    assert_null(t.pu);
    assert_int_equal(fk_topo_load(&t, NULL, "pack:two", err, sizeof err), -1);
    assert_non_null(strstr(err, "pack:two"));
    fk_topo_pu_t pus[2] = {{0, 0, 0, 0}, {1, 5, 0, 0}}; /* core 5 of 2 */
    fk_topo_t bad = {2, 2, 1, 1, 0, 0, pus};
    assert_int_equal(fk_place(&bad, FK_PIN_COMPACT, order), -1);
    assert_int_equal(fk_place(NULL, FK_PIN_COMPACT, order), -1);
    assert_int_equal(fk_pin_parse("scatter"), FK_PIN_SCATTER);
    assert_int_equal(fk_pin_parse("linear"), FK_PIN_LINEAR);
    assert_int_equal(fk_pin_parse("none"), FK_PIN_NONE);
    assert_int_equal(fk_pin_parse("Compact"), -1);
    assert_int_equal(fk_pin_parse(NULL), -1);
    assert_string_equal(fk_pin_name(FK_PIN_COMPACT), "compact");
    assert_string_equal(fk_pin_name(42), "none");
}

/* The order this process pins by, and a real pin through it. */
static void test_pin_this_process(void **state)
{
    (void)state;
    cpu_set_t saved, now;
    assert_int_equal(sched_getaffinity(0, sizeof saved, &saved), 0);
    static const int order[3] = {1, 0, 1};
    fk_pin_set(FK_PIN_SCATTER, order, 3);
    assert_int_equal(fk_pin_policy(), FK_PIN_SCATTER);
    assert_int_equal(fk_pin_cpu(0), 1);
    assert_int_equal(fk_pin_cpu(4), 0); /* 4 mod 3 */
    fk_topo_pin_setup(FK_PIN_COMPACT);
    const fk_topo_t *sys = fk_topo_system();
    int cpu = fk_pin_cpu(sys->npus - 1);
    fk_pin_to_core(sys->npus - 1);
    assert_int_equal(sched_getaffinity(0, sizeof now, &now), 0);
    assert_int_equal(CPU_COUNT(&now), 1);
    assert_true(CPU_ISSET(cpu, &now));
    fk_topo_pin_setup(FK_PIN_NONE);
    assert_int_equal(fk_pin_policy(), FK_PIN_NONE);
    sched_setaffinity(0, sizeof saved, &saved);
}

static void check_defaults(int cpus, const int *want, int n)
{
    int got[64];
    assert_int_equal(fk_default_workers(cpus, got, 64), n);
    for (int i = 0; i < n; i++)
        if (got[i] != want[i])
            fail_msg("%d CPUs: default worker %d is %d, expected %d", cpus, i, got[i], want[i]);
}

/* The default worker list: 1,2,4 on 2 CPUs as always; it grows with the machine. */
static void test_default_workers(void **state)
{
    (void)state;
    static const int two[] = {1, 2, 4}, one[] = {1, 2}, six[] = {1, 2, 4, 6, 12};
    static const int big[] = {1, 2, 4, 8, 16, 32, 64, 128};
    check_defaults(2, two, 3);
    check_defaults(1, one, 2);
    check_defaults(0, one, 2); /* nonsense in: one CPU */
    check_defaults(6, six, 5);
    check_defaults(64, big, 8);
    int capped[2];
    assert_int_equal(fk_default_workers(64, capped, 2), 2);
    assert_int_equal(capped[1], 2);
    assert_true(fk_cpus_allowed() >= 1);
}

FK_TEST_MAIN(cmocka_unit_test(test_two_sockets_intel_numbering),
             cmocka_unit_test(test_two_sockets_siblings_adjacent),
             cmocka_unit_test(test_four_numa_nodes), cmocka_unit_test(test_this_vm),
             cmocka_unit_test(test_shared_cores), cmocka_unit_test(test_bad_input),
             cmocka_unit_test(test_pin_this_process), cmocka_unit_test(test_default_workers))
