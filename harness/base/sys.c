/* SPDX-License-Identifier: MIT */
/* sys.c: the harness's process-wide services: the interrupt flag, scratch folders and the
 * copies (see sys.h). */
#include "harness/base/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels/common/proc.h"
#include "kernels/common/util.h"

static volatile sig_atomic_t interrupted_by;

static void on_interrupt(int sig)
{
    interrupted_by = sig;
}

/* SIGHUP (a closed terminal or ssh session) and SIGQUIT (Ctrl-\) stop forkomp as SIGTERM
 * does: by default they kill at once and leave scratch copies and temporary files behind. */
static const int interrupt_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define N_INTERRUPT_SIGNALS (sizeof interrupt_signals / sizeof *interrupt_signals)

void fk_install_interrupt_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt; /* no SA_RESTART: waits return EINTR and see the flag */
    sigemptyset(&sa.sa_mask);
    /* stdout closed by its reader (| head): the write fails with EPIPE, and forkomp stops as
     * for an interrupt, saying so once, instead of dying silently with status 141 */
    sigaction(SIGPIPE, &sa, NULL);
    for (size_t i = 0; i < N_INTERRUPT_SIGNALS; i++) {
        struct sigaction old;
        /* under nohup SIGHUP stays ignored: that is what nohup asked for */
        if (interrupt_signals[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(interrupt_signals[i], &sa, NULL);
    }
}

void fk_default_interrupt_handlers(void)
{
    for (size_t i = 0; i < N_INTERRUPT_SIGNALS; i++)
        signal(interrupt_signals[i], SIG_DFL);
    /* a run's process or worker whose line meets a closed stdout goes on with its tasks (the
     * write fails); the harness stops at its own next write */
    signal(SIGPIPE, SIG_IGN);
}

int fk_interrupted(void)
{
    return interrupted_by;
}

int fk_make_scratch_dir(const char *tag, char *path, size_t pathlen)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    /* named after this process (pid and start time): a later run removes the folders of a
     * run that was killed before it could (fk_remove_stale_scratch) */
    int n = snprintf(path, pathlen, "%s/forkomp-%s-%d-%lld-XXXXXX", tmp, tag, (int)getpid(),
                     fk_proc_start(0));
    if (n < 0 || (size_t)n >= pathlen) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkdtemp(path) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int fk_remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The copy loop: stops at the first error or interrupt (checked per block, so a large copy
 * never delays an interrupt by more than one block). */
static int copy_fd(int in, int out)
{
    char buf[1 << 16];
    for (;;) {
        if (fk_interrupted())
            return errno = EINTR, -1;
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return (int)r;
        if (fk_write_all(out, buf, (size_t)r) != 0)
            return -1;
    }
}

int fk_copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        int e = errno;
        close(in);
        errno = e;
        return -1;
    }
    int rc = copy_fd(in, out), saved = errno;
    close(in);
    if (close(out) != 0 && rc == 0) { /* a full disk may only show here (NFS, quotas) */
        rc = -1;
        saved = errno;
    }
    if (rc != 0)
        unlink(dst); /* no half copy that could pass for the file */
    errno = saved;
    return rc;
}

long long fk_self_stat_field(int field)
{
    return fk_proc_stat_field(0, field);
}
