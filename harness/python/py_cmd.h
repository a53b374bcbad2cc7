/* SPDX-License-Identifier: MIT */
/* py_cmd.h: `forkomp python FILE.py:FUNC`: the user's Python function over their inputs,
 * serially and in each of Python's pools (py_models.h), every run checked against the
 * serial results and landed as a CSV row by the run engine (engine.h). py_cmd.c parses and
 * plans; py_judge.c judges each run against the serial reference and writes its row. */
#ifndef FK_PY_CMD_H
#define FK_PY_CMD_H

#include <stddef.h>

#include "harness/base/opts.h"
#include "harness/engine/engine.h"
#include "harness/engine/kernel_run.h"
#include "harness/python/py_run.h"

#define FK_PY_MAX_MODELS 16

typedef struct fk_py_pick {
    const fk_model_ops_t *v[FK_PY_MAX_MODELS];
    size_t n;
} fk_py_pick_t;

typedef struct fk_py_cmd {
    fk_opts_t opts; /* the run options it shares with the kernel commands */
    const char *inputs_list, *inputs_file, *name, *python;
    fk_py_pick_t models;
    char file[4096], func[256], runner[4096];
    fk_inputs_t inputs;
    fk_py_job_t job;
    fk_py_reply_t ref; /* the serial reference run, outside the clock */
    char variant[384], class_name[96];
    fk_kernel_run_t k; /* for the progress line and the table: kernel "python" */
    fk_engine_t eng;
    int *named; /* per entry: its failed inputs were named on stderr */
    /* a free-threaded build's thread models (py_ft.c): entries whose data is &ft_job */
    const char *free_threaded; /* --free-threaded PATH|none */
    char ft_python[4096], ft_variant[384];
    fk_py_job_t ft_job;
    char ft_labels[FK_PY_MAX_MODELS][40]; /* "threadpool-nogil" */
} fk_py_cmd_t;

/* Judges reply r of entry e (timed run rep, < 0: a warm-up) against the reference: names
 * its failed inputs once per entry, lands its sample and row, fills out. */
void fk_py_land(fk_py_cmd_t *c, fk_engine_t *eng, fk_engine_entry_t *e, int rep,
                const fk_py_reply_t *r, fk_engine_outcome_t *out);
/* Adds the thread models under a free-threaded interpreter when there is one (py_ft.c).
 * Returns 0, -1 when interrupted, -2 when out of memory. */
int fk_py_add_free_threaded(fk_py_cmd_t *c);
/* name as execvp finds it (a name with a '/' as it is), into path. Returns 0 or -1. */
int fk_py_which(const char *name, char *path, size_t len);
/* The reference run's inputs that raised, named on stderr. */
void fk_py_name_reference(const fk_py_cmd_t *c);

#endif
