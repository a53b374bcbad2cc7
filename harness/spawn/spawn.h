/* SPDX-License-Identifier: MIT */
/* spawn.h: `forkomp spawn`, what a process or a thread costs: EPCC-style microbenchmarks of
 * the ways to start a worker or hand it a task (fork, posix_spawn, fork+exec, pthread_create,
 * an OpenMP parallel region, a round trip through the pre-forked pool or through a pipe as
 * Python's Pool does), and of fork against the parent's resident size.
 *
 * Overhead follows EPCC's method: a timed loop of `inner` operations minus the same loop
 * around an empty reference operation, divided by `inner`; `inner` doubles until the loop
 * takes at least the target test time; the outer repetitions give the statistics. Every
 * measurement runs in a fresh child of the harness (harness/engine/measure.c), so the command
 * itself never starts OpenMP (GCC PR 60035) and a 1 GiB parent is gone after its measurement. */
#ifndef FK_SPAWN_H
#define FK_SPAWN_H

#include <stddef.h>

/* One mechanism: how to prepare it for W workers, one operation, and cleaning up. */
typedef struct fk_spawn_mech {
    const char *name;    /* the CSV's variant column */
    const char *side;    /* "process" or "thread": the CSV's model column */
    const char *summary; /* one line for the help and docs/costs.md */
    int per_worker;      /* measured at each worker count of --workers, else at W = 1 */
    int sized;           /* also measured from parents of each resident size */
    /* Prepares the state (outside the clock); NULL with a message in err on failure.
     * May be NULL: the operation then gets a NULL state. */
    void *(*setup)(int workers, char *err, size_t errlen);
    /* One operation; 0 when it succeeded, else -1 with a reason in err (err may be NULL). */
    int (*op)(void *state, char *err, size_t errlen);
    void (*teardown)(void *state);
} fk_spawn_mech_t;

/* The NULL-terminated table of mechanisms (spawn.c), defined in spawn_ops.c and spawn_pool.c. */
extern const fk_spawn_mech_t *const fk_spawn_mechs[];
const fk_spawn_mech_t *fk_spawn_find_mech(const char *name);

/* The mechanisms of each file, collected into the table. */
extern const fk_spawn_mech_t fk_spawn_fork, fk_spawn_posix_spawn, fk_spawn_fork_exec,
    fk_spawn_pthread, fk_spawn_omp, fk_spawn_pool_task, fk_spawn_pool_async, fk_spawn_pool_recycle,
    fk_spawn_pipe_task, fk_spawn_pool_start;

/* One outer repetition's numbers, written by the measuring child into shared memory. */
typedef struct fk_spawn_rep {
    long inner;           /* operations timed (the CSV's tasks) */
    long ok;              /* of which succeeded (the CSV's result) */
    double test_s, ref_s; /* the loop with the operation, and with the empty reference */
    double user_s, sys_s; /* CPU time of the measuring process and the children it reaped */
} fk_spawn_rep_t;

/* One measurement: a mechanism at W workers from a parent with `resident` bytes touched. */
typedef struct fk_spawn_probe {
    const fk_spawn_mech_t *mech;
    int workers;
    size_t resident;          /* bytes allocated and touched before timing; 0: none */
    char size_label[32];      /* the CSV's class column: "base", "10MiB", ... */
    double target_s;          /* minimum time of one timed loop */
    int reps;                 /* outer repetitions */
    long inner;               /* operations of the first repetition, for the table */
    fk_spawn_rep_t *reps_out; /* reps records in MAP_SHARED memory */
} fk_spawn_probe_t;

#define FK_SPAWN_STATUS 512

/* Runs probe in a fresh child with a deadline (0: none); fills probe->reps_out, per
 * repetition status[i] ("ok", "failed:why", "crashed:SIGNAL", "timeout") and the child's
 * peak RSS in KiB. Returns 0, or -1 when the harness was interrupted. */
int fk_spawn_measure(fk_spawn_probe_t *probe, double timeout_s, char (*status)[FK_SPAWN_STATUS],
                     long *maxrss_kib);

/* The per-operation overhead of one repetition: (test - reference) / inner. */
double fk_spawn_per_op(const fk_spawn_rep_t *rep);

#endif
