/* csv.h: the CSV contract: one row per timed run, appended whole with one write(2) on an
 * O_APPEND descriptor, so concurrent or interrupted runs never tear a line. */
#ifndef FK_CSV_H
#define FK_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "harness/base/counters.h"

/* The columns, in order. The first 21 are the contract and never move; the context columns
 * follow; columns added later go at the end. */
#define FK_CSV_HEADER                                                                              \
    "timestamp,host,kernel,variant,class,model,workers,procs,threads,schedule,chunk,tasks,"        \
    "rep,wall_s,user_s,sys_s,maxrss_kib,rss_sum_kib,result,verified,status,"                       \
    "cpus,cpu_model,cc,cflags,omp_runtime,gdal,rev,governor,loadavg,omp_env,pin,hosts,per_op_s,"   \
    "pss_sum_kib,uss_sum_kib,minflt,majflt,nvcsw,nivcsw,task_clock_s,context_switches,"            \
    "cpu_migrations,page_faults,cycles,instructions,cache_misses,counters,"                        \
    "packages,cores,pus,numa_nodes,l2_kib,l3_kib,precision_target_pct,busy_max_s,busy_min_s,"      \
    "container,cpu_quota"

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
} fk_csv_row_t;

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
