/* SPDX-License-Identifier: MIT */
/* py_run.h: one run of the user's Python function in a fresh interpreter, for `forkomp
 * python` (py_cmd.c): harness/python/fk_pyrun.py under --python, the inputs on its stdin,
 * its answers read from a pipe on its file descriptor 3.
 *
 * One interpreter per run, not one persistent interpreter fed requests: every run starts
 * from the same clean state (no threads left by a ThreadPool before a fork, no module state
 * or warmed caches carried from one model into the next, no forkserver reused), as forkomp
 * runs each C run in a fresh child; and a hang or a crash costs one run, killed with its
 * process group. Interpreter start-up is still not timed: fk_pyrun.py starts its clock after
 * importing the user's module. */
#ifndef FK_PY_RUN_H
#define FK_PY_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "harness/base/counters.h"
#include "kernels/common/inputs.h"

typedef struct fk_py_job {
    const char *python; /* the interpreter (--python) */
    const char *runner; /* fk_pyrun.py */
    const char *file, *func;
    const fk_inputs_t *inputs;
} fk_py_job_t;

typedef struct fk_py_reply {
    char python[256], version[32], impl[32];
    int gil;        /* 1: the GIL was on */
    size_t n;       /* inputs (hash and err hold n entries) */
    uint64_t *hash; /* per input: a hash of the result's repr (when err[i] is NULL) */
    char **err;     /* per input: NULL, or "Type: message" of the exception it raised */
    double wall_s, user_s, sys_s;
    long maxrss_kib, rss_sum_kib;
    int procs;                  /* processes measured: the main one and its workers */
    fk_run_counters_t counters; /* PSS, USS, faults, context switches; no perf counters */
    char fatal[512];            /* the module or function could not be had (a usage error) */
    char status[512];           /* "ok" (the interpreter answered), "timeout", "crashed:SIG",
                                 * "failed:why" */
} fk_py_reply_t;

/* Runs fk_pyrun.py MODE (probe: model NULL; run: model, workers, chunk) for job, killed with
 * everything it started after timeout_s (0: none). Returns 0 with r filled (free it with
 * fk_py_reply_free), or -1 when forkomp was interrupted (the run is killed). */
int fk_py_exec(const fk_py_job_t *job, const char *model, int workers, long chunk, double timeout_s,
               fk_py_reply_t *r);
void fk_py_reply_free(fk_py_reply_t *r);

#endif
