/* progress.h: progress of long runs on stderr: a line rewritten in place on a terminal,
 * plain lines otherwise, nothing when quiet. */
#ifndef FK_PROGRESS_H
#define FK_PROGRESS_H

typedef struct fk_progress {
    int total, done, quiet, tty;
    double started, spent; /* fk_now() at start; seconds of runs so far */
} fk_progress_t;

void fk_progress_start(fk_progress_t *p, int total, int quiet);
/* Reports that run `done + 1` of total finished: what it was and how long it took. */
void fk_progress_step(fk_progress_t *p, const char *what, double seconds, const char *status);
void fk_progress_end(fk_progress_t *p);

#endif
