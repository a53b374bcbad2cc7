/* SPDX-License-Identifier: MIT */
/* progress.h: progress of long runs on stderr: a line rewritten in place on a terminal,
 * plain lines otherwise, nothing when quiet. A run that did not end `ok` gets a line of its
 * own that stays on the terminal, so failures are not overwritten by the next run. */
#ifndef FK_PROGRESS_H
#define FK_PROGRESS_H

#include <stddef.h>

typedef struct fk_progress {
    int total, done, failed, quiet, tty;
    int pending;           /* a rewritten line without its newline is on the terminal */
    double started, spent; /* fk_now() at start; seconds of runs so far */
} fk_progress_t;

void fk_progress_start(fk_progress_t *p, int total, int quiet);
/* Reports that run `done + 1` of total finished: what it was, how long it took and its
 * status ("ok", or why not). */
void fk_progress_step(fk_progress_t *p, const char *what, double seconds, const char *status);
void fk_progress_end(fk_progress_t *p);
/* On a terminal, while run `done + 1` is in flight: how many of its ntasks tasks have
 * landed, the line rewritten as each lands (a throttle would hide the last count while a
 * slow task holds the run). Elsewhere nothing: a line per task would drown the log. Called
 * from the run's own process. */
void fk_progress_tasks(fk_progress_t *p, const char *what, size_t landed, size_t ntasks);
/* Erases a rewritten line from the terminal, so another line can be printed there. */
void fk_progress_clear(fk_progress_t *p);

#endif
