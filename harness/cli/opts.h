/* opts.h: the parsed command line shared by the harness, the models and the kernels. */
#ifndef FK_OPTS_H
#define FK_OPTS_H

#include <stddef.h>

/* Exit codes of every forkomp command. */
enum { FK_EXIT_OK = 0, FK_EXIT_FAIL = 1, FK_EXIT_USAGE = 2 };

enum fk_schedule { FK_SCHED_STATIC = 0, FK_SCHED_DYNAMIC = 1 };

#define FK_MAX_LIST 64

typedef struct fk_opts {
    /* what to run */
    const char *class_name; /* --class, NULL when not given */
    const char *inputs;     /* --inputs N,N,... (primes), NULL when not given */
    const char *variant;    /* --variant, NULL: the kernel's default */
    const char *dir;        /* --dir (shapefiles) */
    int in_place;           /* --in-place (shapefiles) */
    /* how to run it */
    const char *models[FK_MAX_LIST];
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
    int pin;              /* --pin */
    const char *fault;    /* --fault KIND:I */
    const char *csv;      /* --csv FILE, NULL: no CSV */
    int quiet;            /* --quiet */
    unsigned long seed;   /* --seed (gen) */
    const char *out;      /* --out DIR (gen, report) */
    const char *label;    /* --label NAME: the host column of the rows (run commands) */
} fk_opts_t;

#endif
