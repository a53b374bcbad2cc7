/* SPDX-License-Identifier: MIT */
/* opts.h: the options of the run commands (the kernel commands, and the parts spawn shares):
 * how to run, never what to compute. Each kernel declares its own (kernels/kernel.h); each
 * other command its own table (report, gen, spawn). Adding an option is one line in the
 * table of harness/cli/run_opts.c and, when it needs a field, one field here. */
#ifndef FK_OPTS_H
#define FK_OPTS_H

#include <stddef.h>

#include "kernels/common/opt.h"

enum fk_schedule { FK_SCHED_STATIC = 0, FK_SCHED_DYNAMIC = 1 };

#define FK_MAX_LIST 64

typedef struct fk_opts {
    const char *models[FK_MAX_LIST]; /* names checked against the registry when parsed */
    size_t nmodels;
    int workers[FK_MAX_LIST];
    size_t nworkers;
    int procs;            /* --procs, 0: the most even split */
    int reps;             /* --reps N (auto: FK_REPS_AUTO_MIN) */
    double reps_auto_pct; /* --reps auto[:PCT]: the target +-% of the median's CI; 0: fixed */
    int max_reps;         /* --max-reps (auto), default 30 */
    double budget_s;      /* --budget SECONDS for the whole command, 0: none */
    int warmup;           /* --warmup */
    int schedule;         /* enum fk_schedule */
    long chunk;           /* --chunk, 0: ceil(N / (4W)) as Python's Pool.map */
    double timeout_s;     /* --timeout, 0: none */
    int pin;              /* --pin: enum fk_pin_policy */
    const char *fault;    /* --fault KIND:I */
    const char *csv;      /* --csv FILE, NULL: no CSV */
    int quiet;            /* --quiet */
    const char *label;    /* --label NAME: the host column of the rows */
    long seed;            /* --order-seed N: the rounds' random orders; -1: drawn */
    int control;          /* --control: the A/A control arm even with a fixed --reps */
    int no_control;       /* --no-control: no A/A control arm */
} fk_opts_t;

/* The run commands' table (FK_OPT_END-terminated), into an fk_opts_t. */
extern const fk_opt_t fk_run_options[];

/* The defaults: every model the registry marks as default, the machine's default workers
 * (fk_default_workers: 1,2,4 on 2 CPUs), reps 5, warmup 1,
 * static schedule, chunk 0 (Pool.map's default). */
void fk_run_defaults(fk_opts_t *opts);

/* The parsers behind --models and --workers, for other commands' tables that reuse them:
 * field is the fk_opts_t (the option's offset is that of the struct). */
int fk_opt_parse_models(char *value, void *field, char *err, size_t errlen);
int fk_opt_parse_workers(char *value, void *field, char *err, size_t errlen);
/* --reps N or auto[:PCT] (harness/engine/reps.c), the same way. */
int fk_opt_parse_reps(char *value, void *field, char *err, size_t errlen);

#endif
