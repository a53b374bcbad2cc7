/* SPDX-License-Identifier: MIT */
/* report_stage.c: the staging folder of `forkomp report` (see report_stage.h). Signals are
 * held, not handled: a handler could not remove a folder safely, while a held signal is
 * seen between the steps, the folder removed, and the signal then ends the process as it
 * would have. gnuplot unblocks them for itself (report_plot.c), so a Ctrl-C ends it at once. */
#include "harness/report/report_stage.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "kernels/common/util.h"

#define STAGE_PREFIX ".report-new-"

static const int held[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

/* Staging folders of reports that are gone (killed with -9): .report-new-PID-XXXXXX. */
static void remove_stale(const char *final)
{
    DIR *d = opendir(final);
    struct dirent *e;
    char path[4096 + 256];
    while (d && (e = readdir(d))) {
        long pid = strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) == 0
                       ? strtol(e->d_name + strlen(STAGE_PREFIX), NULL, 10)
                       : 0;
        if (pid <= 0 || pid == getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not one, or its report is still running */
        snprintf(path, sizeof path, "%s/%s", final, e->d_name);
        fk_remove_tree(path);
    }
    if (d)
        closedir(d);
}

int fk_report_stage_open(fk_report_stage_t *s, const char *final, char *err, size_t errlen)
{
    sigset_t hold;
    sigemptyset(&hold);
    for (size_t i = 0; i < sizeof held / sizeof *held; i++)
        sigaddset(&hold, held[i]);
    sigprocmask(SIG_BLOCK, &hold, &s->old);
    s->final = final;
    remove_stale(final);
    snprintf(s->dir, sizeof s->dir, "%s/" STAGE_PREFIX "%ld-XXXXXX", final, (long)getpid());
    if (mkdtemp(s->dir))
        return 0;
    s->dir[0] = '\0';
    return fk_err(err, errlen, "%s: cannot write into the output folder: %s", final,
                  strerror(errno));
}

int fk_report_stage_stopped(fk_report_stage_t *s)
{
    sigset_t pending;
    struct sigaction sa;
    sigpending(&pending);
    for (size_t i = 0; i < sizeof held / sizeof *held; i++)
        if (sigismember(&pending, held[i]) && sigaction(held[i], NULL, &sa) == 0 &&
            sa.sa_handler != SIG_IGN) { /* nohup's HUP is dropped when unblocked */
            fk_report_stage_close(s);   /* unblocking delivers it: the default action ends us */
            return 1;
        }
    return 0;
}

/* Moves from/NAME to to/NAME for every entry; folders are merged, empty files dropped. */
static int move_all(const char *from, const char *to, char *err, size_t errlen)
{
    DIR *d = opendir(from);
    struct dirent *e;
    struct stat st;
    char src[4096 + 256], dst[4096 + 256];
    int rc = d ? 0 : fk_err(err, errlen, "%s: %s", from, strerror(errno));
    while (rc == 0 && d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(src, sizeof src, "%s/%s", from, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
        if (lstat(src, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (mkdir(dst, 0777) != 0 && errno != EEXIST)
                rc = fk_err(err, errlen, "%s: %s", dst, strerror(errno));
            else
                rc = move_all(src, dst, err, errlen);
        } else if (st.st_size > 0 && rename(src, dst) != 0) {
            rc = fk_err(err, errlen, "%s: %s", dst, strerror(errno));
        }
    }
    if (d)
        closedir(d);
    return rc;
}

int fk_report_stage_publish(fk_report_stage_t *s, char *err, size_t errlen)
{
    if (fk_report_stage_stopped(s))
        return fk_err(err, errlen, "interrupted");
    int rc = move_all(s->dir, s->final, err, errlen);
    fk_remove_tree(s->dir);
    s->dir[0] = '\0';
    return rc;
}

void fk_report_stage_close(fk_report_stage_t *s)
{
    if (s->dir[0])
        fk_remove_tree(s->dir);
    s->dir[0] = '\0';
    sigprocmask(SIG_SETMASK, &s->old, NULL);
}
