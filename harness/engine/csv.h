/* SPDX-License-Identifier: MIT */
/* csv.h: the CSV contract: one row per timed run, appended whole with one write(2) on an
 * O_APPEND descriptor, so concurrent or interrupted runs never tear a line. */
#ifndef FK_CSV_H
#define FK_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "harness/base/counters.h"

/* The disturbed column: other processes used more than FK_NOISE_CPUS of a CPU on average
 * over the run, and at least FK_NOISE_MIN_S of CPU time (above /proc/stat's 10 ms ticks). */
#define FK_NOISE_CPUS 0.5
#define FK_NOISE_MIN_S 0.02

typedef struct fk_csv_row {
    /* the contract */
    char timestamp[32]; /* ISO 8601 UTC */
    const char *host, *kernel, *variant, *class_name, *model;
    int workers, procs, threads;
    const char *schedule;
    long chunk;
    long tasks;
    int rep;
    double wall_s, user_s, sys_s;
    long maxrss_kib, rss_sum_kib;
    uint64_t result;
    int verified;
    const char *status;
    /* after the contract */
    int pin;           /* enum fk_pin_policy, written as its name */
    const char *hosts; /* hosts used (MPI), else the local host */
    double per_op_s;   /* spawn kernel: time per operation; 0 elsewhere */
    /* memory, rusage and perf counters of the run; NULL (or -1 values): empty fields */
    const fk_run_counters_t *counters;
    double precision_target_pct; /* --reps auto:PCT; 0: fixed --reps (an empty field) */
    /* The busiest and the idlest worker's busy time (the sum of its tasks' times), seconds;
     * both 0 (empty fields) when not measured: max/min shows imbalance (fk_busy_range). */
    double busy_max_s, busy_min_s;
    /* stamped by the run engine (engine.c): the round (from 1) and the place in it (from 1)
     * of this run, 0 (empty fields) when not run in rounds; the seed of the rounds' order */
    int round, order, seeded;
    unsigned long seed;
    const char *arm; /* "control" for the A/A control's copy, NULL or "" for the others */
    /* the machine's noise during the run (noise.c); noise_measured 0: empty fields */
    int noise_measured, disturbed, others_measuring;
    double others_cpu_s, psi_cpu_some_s; /* psi NaN: no /proc/pressure/cpu (empty) */
} fk_csv_row_t;

/* One CSV column: its name, what kind of value it holds, how a row's value is written,
 * and what it means. The table (csv_cols.c) is the one list the header, the writer, the
 * report's reader and docs/csv-columns.md are made from: adding a column is one line. The
 * first 21 are the contract and never move; the context columns follow; columns added later
 * go at the end. */
typedef struct fk_csv_out fk_csv_out_t;
typedef struct fk_csv_column {
    const char *name;
    const char *type; /* text, integer, seconds, KiB, count, 0/1, ... (for the docs) */
    int (*put)(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg);
    size_t arg; /* what put needs: an offset into the row, the context or the counters */
    const char *meaning;
} fk_csv_column_t;

extern const fk_csv_column_t fk_csv_columns[];
extern const size_t fk_csv_ncolumns;

/* The header line, without its newline ("timestamp,host,..."), built once from the table. */
const char *fk_csv_header(void);
/* The index of column name in the table, or -1. */
int fk_csv_column_index(const char *name);

/* Appends the RFC 4180 quoted form of field to buf (at *len, capacity cap).
 * Returns 0, or -1 when it does not fit. */
int fk_csv_quote(char *buf, size_t cap, size_t *len, const char *field);

/* Formats a whole row (with the context columns from harness/engine/context.h) ending in "\n". */
int fk_csv_format_row(const fk_csv_row_t *row, char *buf, size_t cap);

/* Before the (possibly long) preparation: fails with a message when path cannot be written
 * or created (a read-only folder or file). Returns 0 or -1. */
int fk_csv_check_writable(const char *path, char *err, size_t errlen);
/* Opens path for appending (creating it with the header when new or empty).
 * Returns an fd, or -1 with a message in err. */
int fk_csv_open(const char *path, char *err, size_t errlen);
/* Appends one row with a single write, under an exclusive flock so that a partial row (a
 * full disk) is cut off again. Returns 0, or -1 with the reason (strerror) in err. */
int fk_csv_append(int fd, const fk_csv_row_t *row, char *err, size_t errlen);

/* The current UTC time as ISO 8601 ("2026-11-25T21:30:00Z"). */
void fk_utc_timestamp(char *buf, size_t len);

/* Stamps row with the current UTC time, refreshes the context columns that change during a
 * run (the load average), then appends it as fk_csv_append does: every command that writes
 * run rows goes through here. */
int fk_csv_append_now(int fd, fk_csv_row_t *row, char *err, size_t errlen);

#endif
