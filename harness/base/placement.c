/* SPDX-License-Identifier: MIT */
/* placement.c: the pinning policies as orders of CPUs (see placement.h), and the order this
 * process pins by. Quadratic loops on purpose: a machine has at most a few thousand PUs, the
 * order is computed once per command, and plain loops are easy to check. */
#include "harness/base/placement.h"

#include <sched.h>
#include <string.h>
#include <unistd.h>

const char *const fk_pin_names[] = {"none", "linear", "compact", "scatter", NULL};

int fk_pin_parse(const char *name)
{
    for (int i = 0; i < (int)(sizeof fk_pin_names / sizeof fk_pin_names[0]) - 1; i++)
        if (name && strcmp(name, fk_pin_names[i]) == 0)
            return i;
    return -1;
}

const char *fk_pin_name(int policy)
{
    return policy >= 0 && policy < (int)(sizeof fk_pin_names / sizeof fk_pin_names[0]) - 1
               ? fk_pin_names[policy]
               : "none";
}

static int consistent(const fk_topo_t *t)
{
    if (!t || t->npus < 1 || !t->pu || t->ncores < 1 || t->npackages < 1 || t->nnuma < 1)
        return 0;
    for (int i = 0; i < t->npus; i++) {
        const fk_topo_pu_t *p = &t->pu[i];
        if (p->os < 0 || p->core < 0 || p->core >= t->ncores || p->package < 0 ||
            p->package >= t->npackages || p->numa < 0 || p->numa >= t->nnuma)
            return 0;
    }
    return 1;
}

/* The r-th PU (in logical order) of core c, or NULL. */
static const fk_topo_pu_t *core_pu(const fk_topo_t *t, int c, int r)
{
    for (int i = 0; i < t->npus; i++)
        if (t->pu[i].core == c && r-- == 0)
            return &t->pu[i];
    return NULL;
}

/* The sort key of core c (through its first PU): compact orders cores by package, NUMA node
 * and core; scatter by the core's place within its NUMA node, then the node's place within
 * its package, then the package, so that consecutive workers land on different packages,
 * then different NUMA nodes, and only then share a node. */
static void core_key(const fk_topo_t *t, int policy, int c, long key[4])
{
    const fk_topo_pu_t *p = core_pu(t, c, 0);
    int within_node = 0, node_rank = 0;
    for (int d = 0; d < c; d++) {
        const fk_topo_pu_t *q = core_pu(t, d, 0);
        within_node += q && q->package == p->package && q->numa == p->numa;
    }
    for (int n = 0; n < p->numa; n++)
        for (int i = 0; i < t->npus; i++)
            if (t->pu[i].numa == n && t->pu[i].package == p->package) {
                node_rank++;
                break;
            }
    long compact[4] = {p->package, p->numa, c, 0};
    long scatter[4] = {within_node, node_rank, p->package, p->numa};
    memcpy(key, policy == FK_PIN_SCATTER ? scatter : compact, sizeof compact);
}

static int key_less(const long a[4], const long b[4])
{
    for (int i = 0; i < 4; i++)
        if (a[i] != b[i])
            return a[i] < b[i];
    return 0;
}

/* compact and scatter: the cores sorted by their key, then the first PU of each core in
 * that order, then the second (the SMT siblings), and so on. */
static int place_by_cores(const fk_topo_t *t, int policy, int *order)
{
    int cores[t->ncores], ncores = 0, n = 0;
    long keys[t->ncores][4];
    for (int c = 0; c < t->ncores; c++) {
        if (!core_pu(t, c, 0))
            continue; /* a core without a PU this process may use */
        core_key(t, policy, c, keys[ncores]);
        int at = ncores++;
        long k[4];
        memcpy(k, keys[at], sizeof k);
        for (; at > 0 && key_less(k, keys[at - 1]); at--) { /* insertion sort, stable */
            memcpy(keys[at], keys[at - 1], sizeof k);
            cores[at] = cores[at - 1];
        }
        memcpy(keys[at], k, sizeof k);
        cores[at] = c;
    }
    for (int r = 0; n < t->npus; r++) {
        int before = n;
        for (int i = 0; i < ncores; i++) {
            const fk_topo_pu_t *p = core_pu(t, cores[i], r);
            if (p)
                order[n++] = p->os;
        }
        if (n == before)
            return -1; /* cannot happen: every PU belongs to one core */
    }
    return n;
}

int fk_place(const fk_topo_t *t, int policy, int *order)
{
    if (!consistent(t))
        return -1;
    if (policy == FK_PIN_COMPACT || policy == FK_PIN_SCATTER)
        return place_by_cores(t, policy, order);
    /* linear (and none, for completeness): the CPUs by number, as --pin always did */
    for (int i = 0; i < t->npus; i++) {
        int os = t->pu[i].os, at = i;
        for (; at > 0 && order[at - 1] > os; at--)
            order[at] = order[at - 1];
        order[at] = os;
    }
    return t->npus;
}

static int core_of(const fk_topo_t *t, int os)
{
    for (int i = 0; i < t->npus; i++)
        if (t->pu[i].os == os)
            return t->pu[i].core;
    return -1 - os; /* unknown CPU: a core of its own */
}

int fk_place_shared(const fk_topo_t *t, const int *order, int nworkers)
{
    int shared = 0;
    for (int w = 0; w < nworkers; w++) {
        int c = core_of(t, order[w % t->npus]);
        for (int v = 0; v < nworkers; v++)
            if (v != w && core_of(t, order[v % t->npus]) == c) {
                shared++;
                break;
            }
    }
    return shared;
}

#define FK_PIN_MAX 4096
static int pin_order[FK_PIN_MAX], pin_n, pin_policy;

void fk_pin_set(int policy, const int *order, int n)
{
    pin_policy = policy;
    pin_n = n < 0 ? 0 : n > FK_PIN_MAX ? FK_PIN_MAX : n;
    if (pin_n)
        memcpy(pin_order, order, (size_t)pin_n * sizeof *order);
}

int fk_pin_policy(void)
{
    return pin_policy;
}

int fk_pin_cpu(int worker)
{
    if (pin_n > 0)
        return pin_order[worker % pin_n];
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 0 ? (int)(worker % cpus) : 0;
}

int fk_cpus_allowed(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int fk_default_workers(int cpus, int *out, int cap)
{
    int n = 0;
    cpus = cpus < 1 ? 1 : cpus;
    for (int w = 1; w < cpus && n < cap; w *= 2)
        out[n++] = w;
    if (n < cap)
        out[n++] = cpus;
    if (n < cap)
        out[n++] = 2 * cpus; /* the oversubscribed point */
    return n;
}
