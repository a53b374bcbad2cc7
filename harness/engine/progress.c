/* SPDX-License-Identifier: MIT */
/* progress.c: see progress.h. The estimate of the time left is the mean time per run so far
 * times the runs left: runs are interleaved, so the mean mixes every model. On a terminal the
 * line is cut to the terminal's width, because a wrapped line cannot be rewritten in place. */
#include "harness/engine/progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kernels/common/util.h"

void fk_progress_start(fk_progress_t *p, int total, int quiet)
{
    p->total = total;
    p->done = 0;
    p->failed = 0;
    p->pending = 0;
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->started = fk_now();
    p->spent = 0;
}

/* "12 s", "3 min 05 s", "1 h 02 min". */
static void fmt_duration(double s, char *buf, size_t len)
{
    long t = (long)(s + 0.5);
    if (t < 60)
        snprintf(buf, len, "%ld s", t);
    else if (t < 3600)
        snprintf(buf, len, "%ld min %02ld s", t / 60, t % 60);
    else
        snprintf(buf, len, "%ld h %02ld min", t / 3600, t / 60 % 60);
}

/* The terminal's width in columns, or 0 when unknown. */
static size_t term_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) != 0)
        return 0;
    return ws.ws_col;
}

void fk_progress_step(fk_progress_t *p, const char *what, double seconds, const char *status)
{
    int failed = strcmp(status, "ok") != 0;
    char line[640], left[32], fails[32] = "";
    p->done++;
    p->spent += seconds;
    p->failed += failed;
    if (p->quiet)
        return;
    double elapsed = fk_now() - p->started;
    fmt_duration(elapsed / p->done * (p->total - p->done), left, sizeof left);
    if (p->failed)
        snprintf(fails, sizeof fails, " (%d failed so far)", p->failed);
    snprintf(line, sizeof line, "[%d/%d] %s %.4f s %s%s, about %s left", p->done, p->total, what,
             seconds, status, fails, left);
    if (!p->tty) {
        fprintf(stderr, "%s\n", line);
    } else if (failed) { /* a line of its own, kept above the rewritten one */
        fprintf(stderr, "\r\033[K%s\n", line);
        p->pending = 0;
    } else {
        size_t width = term_width();
        if (width > 1 && strlen(line) >= width)
            line[width - 1] = '\0';
        fprintf(stderr, "\r\033[K%s", line);
        p->pending = 1;
    }
    fflush(stderr);
}

void fk_progress_tasks(fk_progress_t *p, const char *what, size_t landed, size_t ntasks)
{
    if (p->quiet || !p->tty)
        return;
    char line[640];
    snprintf(line, sizeof line, "[%d/%d] %s: %zu of %zu tasks done", p->done + 1, p->total, what,
             landed, ntasks);
    size_t width = term_width();
    if (width > 1 && strlen(line) >= width)
        line[width - 1] = '\0';
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
    p->pending = 1;
}

void fk_progress_clear(fk_progress_t *p)
{
    if (!p->quiet && p->tty && p->pending)
        fputs("\r\033[K", stderr);
    p->pending = 0;
}

void fk_progress_end(fk_progress_t *p)
{
    if (!p->quiet && p->tty && p->pending)
        fputc('\n', stderr);
    p->pending = 0;
}
