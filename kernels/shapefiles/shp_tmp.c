/* SPDX-License-Identifier: MIT */
/* shp_tmp.c: the folder lock, temporary files, advisory locks and links of shp_tmp.h. Waits
 * poll every 50 ms (flock and F_OFD_GETLK have no timed form) and stop at an interrupt. */
#include "kernels/shapefiles/shp_tmp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kernels/common/proc.h"
#include "kernels/common/util.h"

#define POLL_NS 50000000L

int fk_shp_is_tmp(const char *name)
{
    return strstr(name, FK_SHP_TMP_MARK) != NULL;
}

pid_t fk_shp_tmp_owner(const char *name)
{
    const char *m = strstr(name, FK_SHP_TMP_MARK);
    if (!m)
        return 0;
    char *end;
    long pid = strtol(m + strlen(FK_SHP_TMP_MARK), &end, 10);
    return pid > 0 && *end == '-' ? (pid_t)pid : 0;
}

/* Sleeps one poll interval unless the deadline has passed or stop() says to (the user
 * interrupted forkomp; stop may be NULL); returns 0 to try again, -1 to give up. */
static int poll_wait(double deadline, int (*stop)(void))
{
    if (fk_now() + POLL_NS * 1e-9 > deadline || (stop && stop()))
        return -1;
    struct timespec ts = {0, POLL_NS};
    nanosleep(&ts, NULL);
    return stop && stop() ? -1 : 0;
}

int fk_shp_lock_dir(const char *dir, double wait_s, int (*stop)(void), char *err, size_t errlen)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fk_err(err, errlen, "cannot open the folder %s: %s", dir, strerror(errno));
    double deadline = fk_now() + wait_s;
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        if (e == EWOULDBLOCK && poll_wait(deadline, stop) == 0)
            continue;
        close(fd);
        if (e == EWOULDBLOCK && !(stop && stop()))
            return fk_err(err, errlen,
                          "another forkomp --in-place run is updating %s (it holds the "
                          "folder's lock); waited %.0f s (--timeout T waits up to T s)",
                          dir, wait_s);
        if (e == EWOULDBLOCK || e == EINTR)
            return fk_err(err, errlen, "interrupted while waiting for the lock on %s", dir);
        fprintf(stderr,
                "forkomp: warning: cannot lock %s (%s): another in-place run at the same "
                "time would not be detected\n",
                dir, strerror(e));
        return -2;
    }
    return fd;
}

/* 1 when the temporary file's owner is gone: its pid is not alive, or is another process's
 * now (its start time differs from the one in the name), or the name has none. */
static int owner_gone(const char *name)
{
    pid_t pid = fk_shp_tmp_owner(name);
    const char *m = strstr(name, FK_SHP_TMP_MARK);
    char *end;
    const char *after_pid = m ? strchr(m + strlen(FK_SHP_TMP_MARK), '-') : NULL;
    long long start = after_pid ? strtoll(after_pid + 1, &end, 10) : -1;
    if (!after_pid || end == after_pid + 1 || *end != '-')
        start = -1; /* an older name: PID-XXXXXX */
    return pid == 0 || !fk_proc_alive(pid, start);
}

/* A temporary folder of the ogr variant holds plain files only (shp_ogr_inplace.h). */
static int remove_folder(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(fd, e->d_name, 0);
    closedir(d);
    return unlinkat(dfd, name, AT_REMOVEDIR);
}

int fk_shp_remove_temp(int dfd, const char *name)
{
    if (unlinkat(dfd, name, 0) == 0)
        return 0;
    return errno == EISDIR ? remove_folder(dfd, name) : -1;
}

int fk_shp_remove_stale(const char *dir, FILE *warn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (!fk_shp_is_tmp(e->d_name))
            continue;
        if (!owner_gone(e->d_name)) { /* said, so that it is not kept silently */
            fprintf(warn,
                    "forkomp: note: kept %s/%s, a temporary file of a run that is still "
                    "running (pid %d)\n",
                    dir, e->d_name, (int)fk_shp_tmp_owner(e->d_name));
            continue;
        }
        if (fk_shp_remove_temp(dirfd(d), e->d_name) == 0) {
            fprintf(warn,
                    "forkomp: warning: removed a stale temporary file %s/%s (its run is "
                    "gone; the file it was for is untouched)\n",
                    dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    return n;
}

static int is_owned(const char *name, pid_t owner)
{
    return fk_shp_is_tmp(name) && (owner == 0 || fk_shp_tmp_owner(name) == owner);
}

int fk_shp_no_temp_left(const char *dir, pid_t owner, char *why, size_t whylen)
{
    DIR *d = opendir(dir);
    if (!d)
        return fk_err(why, whylen, "cannot read %s", dir), 0;
    struct dirent *e;
    int ok = 1;
    while (ok && (e = readdir(d)) != NULL)
        if (is_owned(e->d_name, owner)) {
            fk_err(why, whylen, "temporary file left behind: %s", e->d_name);
            ok = 0;
        }
    closedir(d);
    return ok;
}

int fk_shp_remove_temps(const char *dir, pid_t owner)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL)
        if (is_owned(e->d_name, owner) && fk_shp_remove_temp(dirfd(d), e->d_name) == 0)
            n++;
    closedir(d);
    return n;
}

/* Who else holds a POSIX lock (lockf, fcntl) on fd's file: 0 for none, its pid (-1 for an
 * open-file-description lock, which has none), or -2 when the kernel cannot tell. */
static pid_t posix_holder(int fd)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_OFD_GETLK, &fl) != 0)
        return -2;
    return fl.l_type == F_UNLCK ? 0 : (fl.l_pid > 0 ? fl.l_pid : -1);
}

/* Takes both kinds of advisory lock on fd's whole file: flock, and an open-file-description
 * write lock, which conflicts with lockf/fcntl locks (a classic POSIX lock of our own would
 * be dropped by any close of the file in this process, GDAL's included). Returns 0, or
 * EWOULDBLOCK with *holder set (0 for flock) while another program holds one. A kernel or
 * filesystem without OFD locks leaves the flock alone. */
static int lock_both(int fd, pid_t *holder)
{
    *holder = 0;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        return EWOULDBLOCK;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0 || (errno != EAGAIN && errno != EACCES))
        return 0;
    *holder = posix_holder(fd);
    if (*holder == 0 || *holder == -2)
        *holder = -1;
    return EWOULDBLOCK;
}

static int check_links(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return fk_err(err, errlen, "cannot stat: %s", strerror(errno));
    if (S_ISLNK(st.st_mode))
        return fk_err(err, errlen,
                      "the .dbf is a symbolic link: refused in place (the new file would "
                      "replace the link; run on the folder of its target)");
    if (st.st_nlink > 1)
        return fk_err(err, errlen,
                      "the .dbf has %lu hard links: refused in place (the new file would "
                      "split them)",
                      (unsigned long)st.st_nlink);
    return 0;
}

int fk_shp_claim_file(const char *path, double wait_s, int (*stop)(void), char *err, size_t errlen)
{
    if (check_links(path, err, errlen) != 0)
        return -1;
    /* for writing: an OFD write lock needs it (the file's mode was checked before) */
    int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return fk_err(err, errlen, "cannot open for writing: %s", strerror(errno));
    double deadline = fk_now() + wait_s;
    pid_t holder;
    while (lock_both(fd, &holder) != 0) {
        if (poll_wait(deadline, stop) == 0)
            continue;
        close(fd);
        char who[48] = "flock";
        if (holder > 0)
            snprintf(who, sizeof who, "lockf/fcntl by pid %d", (int)holder);
        else if (holder < 0)
            snprintf(who, sizeof who, "fcntl");
        return fk_err(err, errlen,
                      "locked by another program (%s): skipped, left untouched (--timeout T "
                      "waits up to T/2 s)",
                      who);
    }
    return fd; /* both locks are ours until it is closed, after the rename */
}
