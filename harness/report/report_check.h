/* SPDX-License-Identifier: MIT */
/* report_check.h: what `forkomp report` checks of every row beyond its numbers parsing
 * (issue 27, N9): each column forkomp writes within the range and shape forkomp writes it,
 * so an impossible value is refused with FILE:LINE: column NAME, never turned into a claim. */
#ifndef FK_REPORT_CHECK_H
#define FK_REPORT_CHECK_H

#include "harness/report/report.h"

#define FK_REPORT_NAME_MAX 255   /* bytes of a host, kernel, variant, class or model name */
#define FK_REPORT_MAX_WALL_S 1e7 /* 116 days: no run of forkomp's lasts longer */

/* The columns a table's rows are checked in (-1: absent, not checked). */
typedef struct fk_report_check_cols {
    int timestamp, rep, verified, cpus, tasks, procs, threads, status;
    int names[5];
    /* the run engine's rounds and noise (issue 22) */
    int round, order, order_seed, arm, disturbed, others_measuring, others_cpu, psi_cpu, cow;
} fk_report_check_cols_t;

void fk_report_check_columns(const fk_csv_table_t *t, fk_report_check_cols_t *c);
/* Row r, already parsed into run and counter: 0, or -1 with "FILE:LINE: column NAME: 'VALUE' why".
 */
int fk_report_check_run(const fk_csv_table_t *t, size_t r, const fk_report_run_t *run,
                        const double counter[FK_RC_N], const fk_report_check_cols_t *c, char *err,
                        size_t errlen);

#endif
