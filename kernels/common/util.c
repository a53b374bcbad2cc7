/* util.c: clocks, strict parsing, whole writes and scratch folders (see util.h). */
#include "kernels/common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double fk_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int64_t fk_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const char *fk_signame(int sig)
{
    const char *name = sigabbrev_np(sig); /* NULL for real-time signals */
    return name ? name : "?";
}

int fk_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int fk_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    /* strtoull accepts "-1" and leading blanks; a benchmark's inputs must be plain digits. */
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

int fk_parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return -1;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max || end == s || *s == ' ' || *s == '+')
        return -1;
    *out = v;
    return 0;
}

int fk_parse_double(const char *s, double min, double max, double *out)
{
    if (!s || !*s || *s == ' ')
        return -1;
    /* strtod reads hex floats too ("0x1p3" is 8): no one means that in a number of seconds */
    const char *digits = s + (*s == '-' || *s == '+');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        return -1;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(v) || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int fk_parse_u64_list(const char *s, uint64_t min, uint64_t max, uint64_t *out, size_t cap,
                      size_t *n, char *err, size_t errlen)
{
    size_t count = 0;
    const char *p = s;
    if (!s || !*s)
        return fk_err(err, errlen, "empty list");
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[32];
        if (len == 0 || len >= sizeof item)
            return fk_err(err, errlen, "'%.*s' is not a number", (int)(len > 20 ? 20 : len), p);
        memcpy(item, p, len);
        item[len] = '\0';
        if (count == cap)
            return fk_err(err, errlen, "more than %zu items", cap);
        if (fk_parse_u64(item, max, &out[count]) != 0 || out[count] < min)
            return fk_err(err, errlen, "'%s' is not a whole number in %llu..%llu", item,
                          (unsigned long long)min, (unsigned long long)max);
        count++;
        if (!comma)
            break;
        p = comma + 1;
    }
    *n = count;
    return 0;
}

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
}

int fk_interrupted(void)
{
    return interrupted_by;
}

int fk_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* The loop of fk_read_full and fk_pread_full: off < 0 reads at the file position. */
static ssize_t read_full_at(int fd, void *buf, size_t len, off_t off)
{
    char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t r = off < 0 ? read(fd, p + got, len - got)
                            : pread(fd, p + got, len - got, off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

ssize_t fk_read_full(int fd, void *buf, size_t len)
{
    return read_full_at(fd, buf, len, -1);
}

ssize_t fk_pread_full(int fd, void *buf, size_t len, off_t off)
{
    if (off < 0)
        return errno = EINVAL, -1;
    return read_full_at(fd, buf, len, off);
}

int fk_make_scratch_dir(const char *tag, char *path, size_t pathlen)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    int n = snprintf(path, pathlen, "%s/forkomp-%s-XXXXXX", tmp, tag);
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
