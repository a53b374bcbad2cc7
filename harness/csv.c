/* csv.c: writes the CSV contract's rows (see csv.h), quoted per RFC 4180. */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "util.h"

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

/* Appends ",field" (or "field" first), quoted. */
static int put(char *buf, size_t cap, size_t *len, const char *field)
{
    if (*len > 0) {
        if (*len + 1 >= cap)
            return -1;
        buf[(*len)++] = ',';
    }
    return fk_csv_quote(buf, cap, len, field);
}

static int putf(char *buf, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int putf(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    return put(buf, cap, len, tmp);
}

int fk_csv_format_row(const fk_csv_row_t *r, char *buf, size_t cap)
{
    const fk_context_t *c = fk_context();
    size_t len = 0;
    int bad = 0;
    buf[0] = '\0';
    bad |= put(buf, cap, &len, r->timestamp) | put(buf, cap, &len, r->host);
    bad |= put(buf, cap, &len, r->kernel) | put(buf, cap, &len, r->variant);
    bad |= put(buf, cap, &len, r->class_name) | put(buf, cap, &len, r->model);
    bad |= putf(buf, cap, &len, "%d", r->workers) | putf(buf, cap, &len, "%d", r->procs);
    bad |= putf(buf, cap, &len, "%d", r->threads) | put(buf, cap, &len, r->schedule);
    bad |= putf(buf, cap, &len, "%ld", r->chunk) | putf(buf, cap, &len, "%ld", r->tasks);
    bad |= putf(buf, cap, &len, "%d", r->rep) | putf(buf, cap, &len, "%.6f", r->wall_s);
    bad |= putf(buf, cap, &len, "%.6f", r->user_s) | putf(buf, cap, &len, "%.6f", r->sys_s);
    bad |= putf(buf, cap, &len, "%ld", r->maxrss_kib) | putf(buf, cap, &len, "%ld", r->rss_sum_kib);
    bad |= putf(buf, cap, &len, "%" PRIu64, r->result) | putf(buf, cap, &len, "%d", r->verified);
    bad |= put(buf, cap, &len, r->status);
    bad |= putf(buf, cap, &len, "%d", c->cpus) | put(buf, cap, &len, c->cpu_model);
    bad |= put(buf, cap, &len, c->cc) | put(buf, cap, &len, c->cflags);
    bad |= put(buf, cap, &len, c->omp_runtime) | put(buf, cap, &len, c->gdal);
    bad |= put(buf, cap, &len, c->rev) | put(buf, cap, &len, c->governor);
    bad |= put(buf, cap, &len, c->loadavg) | put(buf, cap, &len, c->omp_env);
    bad |= putf(buf, cap, &len, "%d", r->pin) | put(buf, cap, &len, r->hosts ? r->hosts : c->host);
    bad |= putf(buf, cap, &len, "%.9g", r->per_op_s);
    if (bad || len + 2 > cap)
        return -1;
    buf[len++] = '\n';
    buf[len] = '\0';
    return 0;
}

int fk_csv_open(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return fk_err(err, errlen, "cannot open CSV %s: %s", path, strerror(errno));
    /* The header goes in once: a lock keeps two runs starting on one new file from both
     * writing it. */
    struct stat st;
    flock(fd, LOCK_EX);
    int rc = 0;
    if (fstat(fd, &st) == 0 && st.st_size == 0 && S_ISREG(st.st_mode))
        rc = fk_write_all(fd, FK_CSV_HEADER "\n", strlen(FK_CSV_HEADER) + 1);
    flock(fd, LOCK_UN);
    if (rc != 0) {
        fk_err(err, errlen, "cannot write CSV %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int fk_csv_append(int fd, const fk_csv_row_t *row, char *err, size_t errlen)
{
    char line[4096];
    if (fk_csv_format_row(row, line, sizeof line) != 0)
        return fk_err(err, errlen, "CSV row too long");
    /* One write on an O_APPEND descriptor: the row lands whole or not at all. */
    ssize_t w;
    size_t len = strlen(line);
    do
        w = write(fd, line, len);
    while (w < 0 && errno == EINTR);
    if (w != (ssize_t)len)
        return fk_err(err, errlen, "cannot append to CSV: %s",
                      w < 0 ? strerror(errno) : "short write (disk full?)");
    return 0;
}
