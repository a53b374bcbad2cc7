/* progress.c: see progress.h. The estimate of the time left is the mean time per run so far
 * times the runs left: runs are interleaved, so the mean mixes every model. */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#include "util.h"

void fk_progress_start(fk_progress_t *p, int total, int quiet)
{
    p->total = total;
    p->done = 0;
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->started = fk_now();
    p->spent = 0;
}

void fk_progress_step(fk_progress_t *p, const char *what, double seconds, const char *status)
{
    p->done++;
    if (p->quiet)
        return;
    double elapsed = fk_now() - p->started;
    double left = p->done ? elapsed / p->done * (p->total - p->done) : 0;
    fprintf(stderr, "%s[%d/%d] %s %.4f s %s, about %.0f s left%s", p->tty ? "\r\033[K" : "",
            p->done, p->total, what, seconds, status, left, p->tty ? "" : "\n");
    fflush(stderr);
}

void fk_progress_end(fk_progress_t *p)
{
    if (!p->quiet && p->tty && p->done)
        fputc('\n', stderr);
}
