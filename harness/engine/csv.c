/* SPDX-License-Identifier: MIT */
/* csv.c: writes the CSV contract's rows (see csv.h), quoted per RFC 4180. */
#include "harness/engine/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness/engine/context.h"
#include "harness/engine/csv_append.h"
#include "harness/base/sys.h"
#include "kernels/common/util.h"

int fk_csv_quote(char *buf, size_t cap, size_t *len, const char *field)
{
    const char *f = field ? field : "";
    int needs = strpbrk(f, ",\"\r\n") != NULL;
    size_t at = *len;
    if (needs && at < cap)
        buf[at++] = '"';
    for (; *f; f++) {
        if (*f == '"' && at < cap)
            buf[at++] = '"';
        if (at < cap)
            buf[at++] = *f;
    }
    if (needs && at < cap)
        buf[at++] = '"';
    if (at >= cap)
        return -1;
    buf[at] = '\0';
    *len = at;
    return 0;
}

/* flock, waiting through signals (our handlers do not restart system calls). */
static void lock(int fd, int op)
{
    while (flock(fd, op) != 0 && errno == EINTR)
        ;
}

int fk_csv_check_writable(const char *path, char *err, size_t errlen)
{
    char dir[4096];
    if (access(path, F_OK) == 0) {
        if (access(path, W_OK) != 0)
            return fk_err(err, errlen, "cannot write CSV %s: %s", path, strerror(errno));
        return 0;
    }
    if (errno != ENOENT)
        return fk_err(err, errlen, "cannot write CSV %s: %s", path, strerror(errno));
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir] = '\0'; /* "/x" -> "/" */
    if (access(slash ? dir : ".", W_OK | X_OK) != 0)
        return fk_err(err, errlen, "cannot create CSV %s: %s", path, strerror(errno));
    return 0;
}

/* A FIFO's reader may start a moment after forkomp does: wait this long for one. */
#define FIFO_WAIT_S 5.0

/* O_NONBLOCK: a FIFO nobody reads would block the open forever, before any run and beyond
 * --timeout; it fails with ENXIO instead, and is tried again every 50 ms for FIFO_WAIT_S
 * (stopping at an interrupt). Writes block again afterwards. */
static int open_csv(const char *path)
{
    double deadline = fk_now() + FIFO_WAIT_S;
    for (;;) {
        int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644);
        if (fd >= 0 || errno != ENXIO || fk_now() > deadline || fk_interrupted())
            return fd;
        struct timespec ts = {0, 50000000L};
        nanosleep(&ts, NULL);
        errno = ENXIO;
    }
}

int fk_csv_open(const char *path, char *err, size_t errlen)
{
    int fd = open_csv(path);
    if (fd < 0 && errno == ENXIO)
        return fk_err(err, errlen,
                      "cannot open CSV %s: a FIFO with no reader (waited %.0f s; start its "
                      "reader first)",
                      path, FIFO_WAIT_S);
    if (fd < 0)
        return fk_err(err, errlen, "cannot open CSV %s: %s", path, strerror(errno));
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    /* The header goes in once: a lock keeps two runs starting on one new file from both
     * writing it. A pipe or device (/dev/stdout) is a new stream: it gets the header too, and
     * a device that cannot be written (/dev/full) fails here, before any run. */
    struct stat st;
    memset(&st, 0, sizeof st);
    lock(fd, LOCK_EX);
    int rc = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        fk_csv_append_check(path, err, errlen) != 0) { /* checked again under the lock */
        lock(fd, LOCK_UN);
        close(fd);
        return -1;
    }
    if (st.st_size == 0 || !S_ISREG(st.st_mode)) {
        char header[4096];
        int n = snprintf(header, sizeof header, "%s\n", fk_csv_header());
        rc = fk_write_all(fd, header, (size_t)n);
    }
    int saved = errno;
    if (rc != 0 && S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0) {
        /* a part of the header stays: the error below is what matters */
    }
    errno = saved;
    lock(fd, LOCK_UN);
    if (rc != 0) {
        fk_err(err, errlen, "cannot write CSV %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* A short write (a full disk) would leave a torn row: cut the file back to where the row
 * began. The lock (held by the caller) guarantees no other run appended after it. */
static void undo_partial(int fd, off_t before, ssize_t written)
{
    if (written > 0 && before >= 0 && ftruncate(fd, before) != 0) {
        /* nothing more to do: the error is reported all the same */
    }
}

int fk_csv_append(int fd, const fk_csv_row_t *row, char *err, size_t errlen)
{
    char line[4096];
    if (fk_csv_format_row(row, line, sizeof line) != 0)
        return fk_err(err, errlen, "CSV row too long");
    /* One write on an O_APPEND descriptor lands whole; the lock orders it with other runs'
     * rows so that a failed, partial one can be taken back. */
    size_t len = strlen(line);
    struct stat st;
    lock(fd, LOCK_EX);
    off_t before = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : -1;
    ssize_t w;
    do
        w = write(fd, line, len);
    while (w < 0 && errno == EINTR);
    int e = w < 0 ? errno : ENOSPC; /* a short write: the disk filled up */
    if (w != (ssize_t)len)
        undo_partial(fd, before, w);
    lock(fd, LOCK_UN);
    if (w != (ssize_t)len)
        return fk_err(err, errlen, "%s", strerror(e));
    return 0;
}

void fk_utc_timestamp(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int fk_csv_append_now(int fd, fk_csv_row_t *row, char *err, size_t errlen)
{
    fk_utc_timestamp(row->timestamp, sizeof row->timestamp);
    fk_context_refresh();
    return fk_csv_append(fd, row, err, errlen);
}
