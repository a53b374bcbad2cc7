/* SPDX-License-Identifier: MIT */
/* report_stage.h: the outputs of `forkomp report` are written into a staging folder inside
 * the output folder and moved into it only when every one was written (issue 27, N7): an
 * interrupted or failed report (a signal, a full disk, gnuplot killed) leaves the previous
 * complete outputs, never a new summary.csv beside an old report.md, a torn plot-runs.csv
 * or empty files. */
#ifndef FK_REPORT_STAGE_H
#define FK_REPORT_STAGE_H

#include <signal.h>
#include <stddef.h>

typedef struct fk_report_stage {
    const char *final; /* the output folder */
    char dir[4096];    /* FINAL/.report-new-PID-XXXXXX */
    sigset_t old;      /* the signal mask before */
} fk_report_stage_t;

/* Removes what a report killed with -9 left (staging folders whose process is gone), makes
 * the staging folder and holds INT, TERM, HUP and QUIT until fk_report_stage_stopped or
 * close. Returns 0, or -1 with err. */
int fk_report_stage_open(fk_report_stage_t *s, const char *final, char *err, size_t errlen);
/* Between the steps: when one of those signals came, removes the staging folder and lets
 * the signal end the process (returns 1 only if it did not). Else 0. */
int fk_report_stage_stopped(fk_report_stage_t *s);
/* Moves every file of the staging folder into the output folder (empty files are dropped:
 * a plot gnuplot could not write), subfolders merged; removes the staging folder. */
int fk_report_stage_publish(fk_report_stage_t *s, char *err, size_t errlen);
/* Removes the staging folder if it is still there and restores the signal mask. */
void fk_report_stage_close(fk_report_stage_t *s);

#endif
