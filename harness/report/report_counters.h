/* SPDX-License-Identifier: MIT */
/* report_counters.h: the run columns that say what a run cost the operating system (true
 * memory, faults, context switches, migrations) and how precise the auto repetitions were
 * asked to be; parsed per run, summarised per group (medians over the verified runs) and
 * written to summary.csv, for report.md to explain its differences with. Files without these
 * columns (older versions, spawn rows) give NaN: "not measured". */
#ifndef FK_REPORT_COUNTERS_H
#define FK_REPORT_COUNTERS_H

#include <stddef.h>
#include <stdio.h>

#include "harness/report/csv_read.h"

enum fk_report_counter {
    FK_RC_PSS,         /* pss_sum_kib */
    FK_RC_USS,         /* uss_sum_kib */
    FK_RC_MINFLT,      /* minflt */
    FK_RC_MAJFLT,      /* majflt */
    FK_RC_NVCSW,       /* nvcsw */
    FK_RC_NIVCSW,      /* nivcsw */
    FK_RC_CSWITCH,     /* context_switches (perf) */
    FK_RC_MIGRATIONS,  /* cpu_migrations (perf) */
    FK_RC_PAGE_FAULTS, /* page_faults (perf) */
    FK_RC_TASK_CLOCK,  /* task_clock_s (perf) */
    FK_RC_TARGET,      /* precision_target_pct: --reps auto:PCT, empty for fixed --reps */
    FK_RC_BUSY_MAX,    /* busy_max_s: the busiest worker's time in its tasks */
    FK_RC_BUSY_MIN,    /* busy_min_s: the idlest worker's (0: a worker that got no task) */
    FK_RC_N
};

/* The column names, in the order of the enum (the same in the run CSV and summary.csv). */
extern const char *const fk_report_counter_names[FK_RC_N];

/* Finds the columns of table t (-1 where absent). */
void fk_report_counter_columns(const fk_csv_table_t *t, int cols[FK_RC_N]);
/* Reads row r's counters into v[] (NaN where absent or empty). Returns 0, or -1 with
 * "FILE:LINE: ..." in err when a field is not a number or is negative. */
int fk_report_counter_parse(const fk_csv_table_t *t, size_t r, const int cols[FK_RC_N],
                            double v[FK_RC_N], char *err, size_t errlen);
#endif
