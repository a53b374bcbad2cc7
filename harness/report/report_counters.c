/* SPDX-License-Identifier: MIT */
/* report_counters.c: the counter columns of the report (see report_counters.h). */
#include "harness/report/report_counters.h"

#include <math.h>

#include "kernels/common/util.h"

const char *const fk_report_counter_names[FK_RC_N] = {"pss_sum_kib",
                                                      "uss_sum_kib",
                                                      "minflt",
                                                      "majflt",
                                                      "nvcsw",
                                                      "nivcsw",
                                                      "context_switches",
                                                      "cpu_migrations",
                                                      "page_faults",
                                                      "task_clock_s",
                                                      "precision_target_pct",
                                                      "busy_max_s",
                                                      "busy_min_s"};

void fk_report_counter_columns(const fk_csv_table_t *t, int cols[FK_RC_N])
{
    for (int i = 0; i < FK_RC_N; i++)
        cols[i] = fk_csv_table_column(t, fk_report_counter_names[i]);
}

int fk_report_counter_parse(const fk_csv_table_t *t, size_t r, const int cols[FK_RC_N],
                            double v[FK_RC_N], char *err, size_t errlen)
{
    for (int i = 0; i < FK_RC_N; i++) {
        v[i] = NAN;
        if (cols[i] < 0)
            continue;
        if (fk_csv_table_number(t, r, cols[i], 1, &v[i], err, errlen) < 0)
            return -1;
        if (v[i] < 0)
            return fk_err(err, errlen, "%s:%zu: column %s: '%.40s' is negative", t->path,
                          t->rows[r].line, fk_report_counter_names[i],
                          fk_csv_table_field(t, r, cols[i]));
    }
    return 0;
}
