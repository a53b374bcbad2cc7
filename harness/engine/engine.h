/* SPDX-License-Identifier: MIT */
/* engine.h: the one run engine of the commands that measure: the kernel commands
 * (runner.c), the MPI models under a launcher (mpi_launch.c) and `forkomp spawn` (spawn.c).
 * It holds the plan (one entry per thing measured, allocated to the size needed), runs the
 * warm-ups and then interleaved rounds of timed runs (--reps N, or --reps auto[:PCT] with
 * --max-reps; --budget either way), shows progress, writes every CSV row through one
 * function, and prints the table from the entries. A command supplies only what differs,
 * through fk_engine_ops_t: naming an entry, running it once, its table. Under MPI every rank
 * runs the engine and rank 0's decisions are broadcast (ops->agree), so every rank takes the
 * same branch: --reps auto and --budget work under a launcher too. */
#ifndef FK_ENGINE_H
#define FK_ENGINE_H

#include <stddef.h>

#include "harness/base/opts.h"
#include "harness/engine/csv.h"
#include "harness/engine/progress.h"
#include "harness/models/model.h"

typedef struct fk_engine_entry {
    const char *label;           /* what ran: a model's name, spawn's mechanism */
    const fk_model_ops_t *model; /* NULL: not a model (spawn) */
    fk_model_cfg_t cfg;          /* its shape; cfg.workers also feeds the context warnings */
    void *data;                  /* the command's own, per entry */
    int per_run;                 /* samples one run lands (spawn: its outer repetitions); 0: 1 */
    double *walls;               /* the ok samples (wall times, spawn's per-op costs) */
    int nwalls, failures, cap;   /* cap: room in walls, set by fk_engine_run */
    const char *arm;             /* "control": the A/A control's copy of an entry; else NULL */
    /* set by the engine (rounds.c): */
    int set;          /* the comparison set it belongs to (entries that run in the same
                       * rounds and stop together), -1: none */
    int runs;         /* timed runs done (the next run's rep, 0-based) */
    int disturbed;    /* ok timed runs another process disturbed (noise.c) */
    double *by_round; /* per round, the ok sample; NaN: none */
} fk_engine_entry_t;

/* What one run says on the progress line. */
typedef struct fk_engine_outcome {
    double seconds;
    char status[512]; /* "ok" (preset by the engine), or why not */
} fk_engine_outcome_t;

typedef struct fk_engine fk_engine_t;

typedef struct fk_engine_ops {
    /* What the progress line calls e ("primes lab/trial fork w=2"); the engine adds
     * " warm-up" or " rep I/N". */
    void (*describe)(void *user, const fk_engine_entry_t *e, char *buf, size_t len);
    /* Runs e once: rep < 0 a warm-up (nothing landed), else timed run rep (0-based), whose
     * samples it lands with fk_engine_land. Returns 0, -1 when interrupted, or an exit code
     * that stops the command. Under MPI every rank calls it; the outcome counts on rank 0. */
    int (*run)(void *user, fk_engine_t *eng, fk_engine_entry_t *e, int rep, const char *what,
               fk_engine_outcome_t *out);
    /* Prints the table from eng's entries (not called when quiet). */
    void (*table)(void *user, const fk_engine_t *eng);
    /* Collective (MPI): returns rank 0's value on every rank. NULL: one process. */
    int (*agree)(void *user, int value);
} fk_engine_ops_t;

struct fk_engine {
    const fk_engine_ops_t *ops;
    void *user;
    const char *who; /* the messages' prefix: "forkomp", "forkomp spawn" */
    /* how many runs (fk_engine_runs_from): */
    int warmup, reps, max_reps;
    double auto_pct, budget_s;
    double started; /* fk_now() when the command began, for --budget */
    int quiet;      /* no progress, warnings or table (an MPI rank other than 0, too) */
    int holds_reps; /* each run holds all of an entry's repetitions (spawn): no "rep I/N" */
    fk_engine_entry_t *entries;
    int n, room;
    fk_progress_t prog;
    int csv_fd;
    const char *csv_path;
    int any_failed, budget_hit, csv_failed;
    /* the rounds (rounds.c): the seed of their random order (--order-seed, else drawn), the round
     * under way (from 1) and the place of the run under way in it (from 1) */
    unsigned long seed;
    int seed_given;
    int round, order;
    unsigned long long rng;
    int control; /* 1: add the A/A control arm when models are compared (--control, or
                  * --reps auto without --no-control) */
    int no_lock; /* 1: take no measuring lock (an MPI rank other than 0) */
    int lock_fd; /* the measuring lock (noise.c), -1: none */
    unsigned long long stat_busy; /* /proc/stat's busy ticks when the run began (noise.c) */
    double psi_total;             /* /proc/pressure/cpu's some total then, s; NaN: none */
    double self_cpu;              /* the harness's own CPU time then, s */
};

/* An empty plan for ops, with user passed to them; started is now. */
void fk_engine_init(fk_engine_t *eng, const fk_engine_ops_t *ops, void *user, const char *who);
/* Takes --warmup, --reps, --max-reps, --budget, --order-seed, --control, --no-control and --quiet
 * from o. */
void fk_engine_runs_from(fk_engine_t *eng, const fk_opts_t *o);
/* Appends a copy of e to the plan. Returns 0, or -1 when out of memory. */
int fk_engine_add(fk_engine_t *eng, const fk_engine_entry_t *e);
/* Opens the CSV rows go to (on MPI rank 0 only). Returns 0, or -1 with a message in err. */
int fk_engine_open_csv(fk_engine_t *eng, const char *path, char *err, size_t errlen);
/* 1 when a row would be written: gather what it needs only then. */
int fk_engine_wants_rows(const fk_engine_t *eng);

/* Lands one timed sample of e with its status: an ok one joins e's walls, any other counts
 * as a failure; row (NULL: no CSV) is written, stamped. A row that cannot be written stops
 * the command (exit 1) after the run in flight: results that cannot be kept are not worth
 * the machine's time. */
void fk_engine_land(fk_engine_t *eng, fk_engine_entry_t *e, double sample, const char *status,
                    fk_csv_row_t *row);

/* Runs the plan: warm-ups, then the rounds; prints the table unless quiet. Returns
 * FK_EXIT_OK, FK_EXIT_FAIL (a run failed, a row could not be written, out of memory), -1
 * when interrupted, or the exit code a run stopped with. Collective under MPI. */
int fk_engine_run(fk_engine_t *eng);
void fk_engine_free(fk_engine_t *eng);

/* The most timed runs an entry can have. */
int fk_engine_max_runs(const fk_engine_t *eng);
/* "5 reps" or "reps auto (±2%, 6 to 30 runs)", for a table's title (table.c). */
void fk_engine_describe_reps(const fk_engine_t *eng, char *buf, size_t len);
/* The lines under a table: which entries --reps auto left short of its target, or that
 * --budget cut the runs (table.c). */
void fk_engine_table_notes(const fk_engine_t *eng);

#endif
