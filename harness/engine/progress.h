/* progress.h: progress of long runs on stderr: a line rewritten in place on a terminal,
 * plain lines otherwise, nothing when quiet. A run that did not end `ok` gets a line of its
 * own that stays on the terminal, so failures are not overwritten by the next run. */
#ifndef FK_PROGRESS_H
#define FK_PROGRESS_H

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

#endif
