/* SPDX-License-Identifier: MIT */
/* placement.h: where pinned workers go (--pin POLICY), and how many workers a machine gets by
 * default. A pure function turns a description of the machine (every processing unit with its
 * core, package and NUMA node) and a policy into
 * an order of CPUs: worker w runs on order[w % npus]. The order depends on the policy and the
 * machine only, never on the worker count, so threads, processes, the hybrid and MPI ranks
 * all number their workers (process x threads + thread) into the same list. The description
 * is plain data, filled from hwloc by harness/engine/topo.c or built by hand in tests. */
#ifndef FK_PLACEMENT_H
#define FK_PLACEMENT_H

#include <stddef.h>

/* --pin: none (the kernel places workers), linear (worker w on CPU w, the original --pin),
 * compact (fill the cores of one NUMA node of one package, then the next), scatter (spread
 * over packages and NUMA nodes in turn). compact and scatter give each worker a core of its
 * own while there are cores; SMT siblings come after. */
enum fk_pin_policy { FK_PIN_NONE = 0, FK_PIN_LINEAR, FK_PIN_COMPACT, FK_PIN_SCATTER };

/* One processing unit (hardware thread): its OS CPU number and the logical indexes (0..n-1)
 * of the core, package and NUMA node it belongs to. */
typedef struct fk_topo_pu {
    int os;
    int core, package, numa;
} fk_topo_pu_t;

typedef struct fk_topo {
    int npus, ncores, npackages, nnuma;
    long l2_kib, l3_kib; /* the size of one L2 and of one L3 cache, 0: none */
    fk_topo_pu_t *pu;    /* npus entries, in hwloc's logical order (by package, core, PU) */
} fk_topo_t;

/* The policies' names in the order of enum fk_pin_policy, NULL-terminated (the CLI's table). */
extern const char *const fk_pin_names[];
/* The policy named name ("none", "linear", "compact", "scatter"), or -1. */
int fk_pin_parse(const char *name);
/* The name of a policy, "none" for anything unknown. */
const char *fk_pin_name(int policy);

/* Fills order (t->npus entries) with the OS CPU numbers in the policy's order.
 * Returns t->npus, or -1 when the description is empty or inconsistent. */
int fk_place(const fk_topo_t *t, int policy, int *order);

/* How many of workers 0..nworkers-1 placed by order share a core with another of them (an
 * SMT sibling, or the same CPU once there are more workers than PUs). */
int fk_place_shared(const fk_topo_t *t, const int *order, int nworkers);

/* The order this process pins by (set once by the harness before it forks, or by an MPI rank
 * at start-up; the models only read it): worker w goes to order[w % n]. */
void fk_pin_set(int policy, const int *order, int n);
int fk_pin_policy(void);
/* The CPU of worker w: order[w % n], or w modulo the CPUs online when no order was set. */
int fk_pin_cpu(int worker);

/* The CPUs this process may run on (its affinity mask, as nproc counts them): cheap, no hwloc,
 * so --help can show the default worker list it implies. */
int fk_cpus_allowed(void);

/* The default worker list for a machine of cpus CPUs: the powers of two below cpus, cpus
 * itself, then one oversubscribed point at twice cpus (2 CPUs: 1,2,4, as it always was; 6:
 * 1,2,4,6,12; 64: 1,2,4,...,64,128). Writes at most cap counts; returns how many. */
int fk_default_workers(int cpus, int *out, int cap);

#endif
