/* SPDX-License-Identifier: MIT */
/* context.h: what a reader needs to trust a number: the machine, the build, the runtime.
 * Gathered once per forkomp process (in the harness parent, which never starts OpenMP). */
#ifndef FK_CONTEXT_H
#define FK_CONTEXT_H

#include <stddef.h>

typedef struct fk_context {
    char host[128];    /* the CSV's host column: the host name, or the --label */
    char machine[128]; /* the host name itself, whatever the label */
    int cpus;
    char cpu_model[128];
    char cc[64];
    char cflags[256];
    char omp_runtime[64];
    char gdal[32];
    char rev[64];
    char governor[32];
    char loadavg[32];
    char omp_env[256];  /* the OMP_* variables set, "NAME=value;..." */
    char counters[512]; /* which memory and perf counters exist here, why others do not */
    /* from hwloc (harness/engine/topo.c): what decides processes vs threads on big machines */
    int packages, cores, pus, numa_nodes;
    long l2_kib, l3_kib; /* one L2, one L3 cache; 0: none */
    /* harness/engine/container.h: the container engine ("none" outside one), the CPUs its
     * cgroup quota allows ("1.50", "none", "unknown") */
    char container[32];
    char cpu_quota[16];
} fk_context_t;

/* The context of this process, filled on first call. */
const fk_context_t *fk_context(void);
/* Refreshes the parts that change during a run (load average). */
void fk_context_refresh(void);
/* --label NAME: the host column becomes NAME (a student's own name for the machine, so two
 * laptops both called "ubuntu" stay apart in a class's report); the hosts column keeps the
 * host name. NULL does nothing. Returns 0, or -1 with a message when NAME is not 1 to 63 of
 * [A-Za-z0-9._-] (it names plot files and gnuplot reads it as one word). */
int fk_context_set_label(const char *label, char *err, size_t errlen);
/* The check of fk_context_set_label alone (report's FILE=LABEL uses it too). */
int fk_context_check_label(const char *label, char *err, size_t errlen);
/* Prints Google-Benchmark-style warnings (governor, load, unoptimised build, a CPU quota
 * below the CPUs, workers that share SMT siblings or outnumber the CPUs) to stderr; max_workers is
 * the largest worker count about to be run, placed as fk_pin_policy() says. */
void fk_context_warn(int max_workers);

#endif
