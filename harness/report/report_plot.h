/* SPDX-License-Identifier: MIT */
/* report_plot.h: what report_plot.c adds beside fk_report_plot (report.h): the file of single
 * runs the strip plots read, and report.md's section on speedup against task size. */
#ifndef FK_REPORT_PLOT_H
#define FK_REPORT_PLOT_H

#include <stdio.h>

#include "harness/report/report.h"

/* Beside summary.csv: every verified run's wall time, placed for results/forkomp.gp's strip
 * plot (KERNEL-VARIANT-CLASS-HOST-runs.png), written by fk_report_plot before gnuplot runs. */
#define FK_REPORT_PLOT_RUNS "plot-runs.csv"

/* The name of a per-host plot relative to the output folder, as forkomp.gp names it:
 * "WHAT-HOST.png", below "hosts/HOST/" when the data spans hosts. */
void fk_report_host_plot_name(const fk_report_t *r, const char *host, const char *what, char *buf,
                              size_t len);

#endif
