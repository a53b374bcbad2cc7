/* SPDX-License-Identifier: MIT */
/* kernel.h: the contract between what is computed (a kernel) and how it is run (a model).
 *
 * A kernel exposes N independent tasks. Task i fills one fixed-size fk_result_t, so results
 * can live in an array shared between processes (MAP_SHARED) or threads alike. A kernel knows
 * nothing of processes or threads; it prepares its inputs outside the timed region and
 * verifies the results afterwards. It declares its own options (a table of fk_opt_t filling
 * its own parameter struct) and never sees anyone else's. Adding a kernel is one file with
 * one fk_kernel_ops_t plus one line in the harness's registry of kernels. */
#ifndef FK_KERNEL_H
#define FK_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kernels/common/opt.h"

/* Task states: PENDING/RUNNING are written by the models while a map is in flight. */
enum fk_task_status {
    FK_TASK_PENDING = 0,
    FK_TASK_RUNNING,
    FK_TASK_OK,
    FK_TASK_FAILED,  /* the task reported an error (msg says why) */
    FK_TASK_CRASHED, /* the process running it died (signal says how) */
    FK_TASK_TIMEOUT, /* it ran longer than --timeout and was killed */
};

#define FK_RESULT_MSG 200

typedef struct fk_result {
    uint64_t value;     /* the task's answer: a prime sum, a checksum of an output file */
    uint64_t aux;       /* a second kernel-defined number (records rewritten, ...) */
    int64_t started_ns; /* CLOCK_MONOTONIC when the task started, set by the model */
    int64_t ended_ns;   /* and when it returned: a worker's busy time is the sum of its tasks' */
    int32_t status;     /* enum fk_task_status, set by the model */
    int32_t worker;     /* the worker slot that claimed the task (-1: none), set by the model */
    int32_t signal;     /* the signal that killed the worker, when status is CRASHED */
    int32_t thread;     /* the OpenMP thread within that slot's process that ran it (0 outside
                         * a team), set by fk_run_one: (worker, thread) names one worker */
    char msg[FK_RESULT_MSG]; /* why the task failed, or a kernel warning; NUL-terminated */
} fk_result_t;

/* Runs task `index` and fills `out->value`, `out->aux` and, on error, `out->msg`.
 * Returns 0 on success, non-zero on failure. Must be safe to call from several threads. */
typedef int (*fk_task_fn)(void *ctx, size_t index, fk_result_t *out);

/* What a kernel tells the harness after verification. */
typedef struct fk_verdict {
    uint64_t checksum; /* the CSV's `result` column: identical across models */
    int verified;      /* 1 when every task's answer is the known right one */
    char why[256];     /* the first reason it did not verify */
} fk_verdict_t;

/* What the harness hands a kernel besides its own options. */
typedef struct fk_kernel_input {
    const char *dir;          /* an input folder the harness prepared (a dataset class), or NULL */
    const char *class_name;   /* that folder's class, for the CSV; NULL with dir */
    int (*interrupted)(void); /* non-zero: stop preparing, the user asked to stop */
    double timeout_s;         /* how long a run may take (--timeout), 0: unbounded */
    int quiet;                /* print no warnings of your own */
} fk_kernel_input_t;

/* The files a kernel changes, for kernels that change files: before each timed run the
 * harness copies them from src into a fresh scratch folder (outside the clock) and calls
 * work_in with it; it removes the folder afterwards. in_place: the kernel works on src
 * itself (the real tool, not a benchmark), so the harness runs it once and copies nothing. */
typedef struct fk_workset {
    const char *src;
    char *const *files; /* names inside src */
    size_t nfiles;
    int in_place;
} fk_workset_t;

typedef struct fk_kernel_ops {
    const char *name;        /* the subcommand: "primes", "shapefiles" */
    const char *summary;     /* one line for `forkomp --help` */
    const fk_opt_t *options; /* the kernel's own options, into its parameter struct */
    size_t params_size;      /* the size of that struct */
    const void *defaults;    /* its values before parsing (params_size bytes) */
    const char *positional;  /* the option a first word that is not an option fills
                              * (plugin: "lib", for `forkomp plugin FILE.so`); NULL: none */

    /* Builds the task set from the parameters (outside the timed region). On a bad option
     * returns FK_EXIT_USAGE, on a bad input FK_EXIT_FAIL, with a one-line message in err;
     * FK_EXIT_OK with a non-empty err is a warning the harness shows unless --quiet. */
    int (*prepare)(const void *params, const fk_kernel_input_t *in, void **ctx, size_t *ntasks,
                   char *err, size_t errlen);
    /* The variant and class names for the CSV (e.g. "trial", "lab"). */
    const char *(*variant)(const void *ctx);
    const char *(*class_name)(const void *ctx);
    /* Kernels that change files (NULL otherwise): which files (see fk_workset_t), and where
     * the tasks of the next run work (a scratch copy; from any process that prepared the
     * same context). work_in returns 0 or fills err. */
    void (*workset)(const void *ctx, fk_workset_t *ws);
    int (*work_in)(void *ctx, const char *dir, char *err, size_t errlen);
    /* After each timed run, outside the clock (e.g. leftovers of an interrupted rewrite of
     * the real input). May be NULL. */
    void (*rep_teardown)(void *ctx);
    fk_task_fn run_task;
    /* Checks every result against the known answers; fills the verdict. */
    void (*verify)(void *ctx, const fk_result_t *results, size_t n, fk_verdict_t *verdict);
    /* Prints the kernel's own output once (the lab's "Sum of primes below ..." lines). */
    void (*print_results)(const void *ctx, const fk_result_t *results, size_t n, FILE *out);
    /* The same in two halves, for a tool run that prints each task's line as it lands
     * (--in-place): task i's line (or nothing), then the closing lines. Both or neither. */
    void (*print_result)(const void *ctx, size_t i, const fk_result_t *r, FILE *out);
    void (*print_summary)(const void *ctx, const fk_result_t *results, size_t n, FILE *out);
    void (*release)(void *ctx);
} fk_kernel_ops_t;

#endif
