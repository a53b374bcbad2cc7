/* SPDX-License-Identifier: MIT */
/* counters.h: what the operating system can tell about a run beyond its times: true memory
 * (PSS and USS from /proc/PID/smaps_rollup) and perf_event counters (task-clock, context
 * switches, migrations, page faults; cycles, instructions and cache misses where a hardware
 * PMU exists). Every reader degrades to "unknown" (-1): a run never fails for lack of
 * counters, and fk_counters_note() says once why a column is empty. */
#ifndef FK_COUNTERS_H
#define FK_COUNTERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The perf_event counters, in the order of their CSV columns. */
enum fk_perf_counter {
    FK_PERF_TASK_CLOCK, /* nanoseconds of CPU (written to the CSV in seconds) */
    FK_PERF_CONTEXT_SWITCHES,
    FK_PERF_CPU_MIGRATIONS,
    FK_PERF_PAGE_FAULTS,
    FK_PERF_CYCLES,
    FK_PERF_INSTRUCTIONS,
    FK_PERF_CACHE_MISSES,
    FK_PERF_N
};

/* The CSV column names of the counters, "task_clock_s", "context_switches", ... */
extern const char *const fk_perf_columns[FK_PERF_N];

/* Everything counted for one run; -1 where a value is unknown (the CSV field is empty). */
typedef struct fk_run_counters {
    long pss_sum_kib, uss_sum_kib;      /* summed over every process of the run */
    long minflt, majflt, nvcsw, nivcsw; /* rusage of every process and thread of the run */
    int64_t perf[FK_PERF_N];
} fk_run_counters_t;

/* Sets every value of c to unknown. */
void fk_counters_unknown(fk_run_counters_t *c);

/* Reads Pss and USS (Private_Clean + Private_Dirty) of process pid (0: the caller) from
 * /proc/PID/smaps_rollup, in KiB. Returns 0, or -1 (both set to -1) when it cannot. */
int fk_procmem_read(pid_t pid, long *pss_kib, long *uss_kib);

/* The perf_event counters opened on one process with inherit, so its threads and the
 * processes it forks count too; each counter that the kernel refuses stays closed. */
typedef struct fk_perf {
    int fd[FK_PERF_N];
} fk_perf_t;

/* Opens the counters on pid, which must not yet have started threads or children. */
void fk_perf_open(fk_perf_t *p, pid_t pid);
/* After pid and everything it started have exited (their counts are folded in then): the
 * totals into out[] (-1 where closed), then closes the counters. */
void fk_perf_read_close(fk_perf_t *p, int64_t out[FK_PERF_N]);

/* One line saying which counters this machine gives and why the others are missing, e.g.
 * "perf: task-clock,...; no cycles,instructions,cache-misses (no hardware PMU: ENOENT)".
 * Probed once per process (in the harness, on itself). */
const char *fk_counters_note(void);
/* 1 when some counter or the smaps_rollup memory is unavailable (fk_counters_note says). */
int fk_counters_missing(void);

#endif
