/* SPDX-License-Identifier: MIT */
/* py_run.c: one run of the user's Python function in a fresh interpreter (see py_run.h). */
#include "harness/python/py_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "kernels/common/util.h"

/* What the interpreter said and how it ended. */
typedef struct py_io {
    pid_t pid;
    int to_py, from_py, py_err; /* its stdin, its fd 3, its stderr */
    char *buf;                  /* everything read from fd 3 */
    size_t len, cap;
    char last_err[256]; /* the last line it wrote to stderr, for a failure's message */
    char errline[256];  /* the stderr line being read */
    size_t errlen;
    int timed_out;
} py_io_t;

static void child(const fk_py_job_t *job, const char *const *args, int in, int out, int err)
{
    setpgid(0, 0); /* its own group: a timeout kills the pool's workers and forkserver too */
    dup2(in, 0);
    dup2(out, 3);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1); /* the function's prints would break forkomp's lines */
    dup2(err, 2);
    setenv("PYTHONHASHSEED", "0", 1);          /* sets and dicts print alike in every process */
    setenv("PYTHONDONTWRITEBYTECODE", "1", 1); /* no __pycache__ left beside the user's file */
    execvp(job->python, (char *const *)args);
    _exit(127);
}

static int start(py_io_t *io, const fk_py_job_t *job, const char *const *args)
{
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
        close(in[0]), close(in[1]);
        return -1;
    }
    io->pid = fork();
    if (io->pid == 0)
        child(job, args, in[0], out[1], err[1]);
    close(in[0]), close(out[1]), close(err[1]);
    io->to_py = in[1], io->from_py = out[0], io->py_err = err[0];
    if (io->pid < 0) {
        close(io->to_py), close(io->from_py), close(io->py_err);
        return -1;
    }
    setpgid(io->pid, io->pid); /* as the child does: whoever runs first */
    return 0;
}

/* The inputs, one a line; the interpreter reads them all before it answers. A write to an
 * interpreter that has already gone (EPIPE, SIGPIPE ignored) is left to its status. */
static void feed(py_io_t *io, const fk_inputs_t *inputs)
{
    for (size_t i = 0; i < inputs->n; i++)
        if (fk_write_all(io->to_py, inputs->v[i], strlen(inputs->v[i])) != 0 ||
            fk_write_all(io->to_py, "\n", 1) != 0)
            break;
    close(io->to_py);
    io->to_py = -1;
}

/* The last line has come: a line "end" (a message ending in "end" is not one), or a "fatal"
 * line (always the first: fk_pyrun.py writes it before anything else). */
static int finished(const py_io_t *io)
{
    return io->len >= 5 && io->buf[io->len - 1] == '\n' &&
           (memcmp(io->buf + io->len - 5, "\nend\n", 5) == 0 ||
            (io->len > 6 && memcmp(io->buf, "fatal ", 6) == 0));
}

static void read_stderr(py_io_t *io)
{
    char chunk[512];
    ssize_t got = read(io->py_err, chunk, sizeof chunk);
    for (ssize_t i = 0; i < got; i++) {
        if (chunk[i] == '\n') {
            io->errline[io->errlen] = '\0';
            if (io->errlen)
                memcpy(io->last_err, io->errline, io->errlen + 1);
            io->errlen = 0;
        } else if (io->errlen + 1 < sizeof io->errline) {
            io->errline[io->errlen++] = chunk[i];
        }
    }
    if (got == 0) {
        close(io->py_err);
        io->py_err = -1;
    }
}

/* Reads fd 3 until the last line, its end, the deadline or an interrupt. Returns 0, or -1
 * when interrupted. */
static int collect(py_io_t *io, double deadline)
{
    while (!finished(io)) {
        if (fk_interrupted())
            return -1;
        if (deadline > 0 && fk_now() > deadline)
            return io->timed_out = 1, 0;
        struct pollfd p[2] = {{io->from_py, POLLIN, 0}, {io->py_err, POLLIN, 0}};
        if (poll(p, io->py_err >= 0 ? 2 : 1, 100) <= 0)
            continue;
        if (p[1].revents && io->py_err >= 0)
            read_stderr(io);
        if (!p[0].revents)
            continue;
        if (io->len + 4096 > io->cap) {
            char *grown = realloc(io->buf, io->cap = 2 * io->cap + 65536);
            if (!grown)
                return 0; /* its status says it did not finish */
            io->buf = grown;
        }
        ssize_t got = read(io->from_py, io->buf + io->len, io->cap - io->len - 1);
        if (got <= 0)
            return 0;
        io->len += (size_t)got;
    }
    return 0;
}

/* Waits for the interpreter (killing its group at the deadline), then kills whatever of its
 * group is left (a hung worker, a forkserver). Returns its wait status, -1 when killed. */
static int reap(py_io_t *io, double deadline)
{
    int st = 0;
    pid_t got;
    while ((got = waitpid(io->pid, &st, WNOHANG)) == 0 && !io->timed_out && !fk_interrupted() &&
           (deadline <= 0 || fk_now() < deadline))
        usleep(5000);
    if (got == 0) {
        kill(-io->pid, SIGKILL);
        while (waitpid(io->pid, &st, 0) < 0 && errno == EINTR)
            ;
        io->timed_out |= !fk_interrupted();
    }
    kill(-io->pid, SIGKILL);
    return st;
}

/* One "m KEY VALUE" line. */
static void take_measure(fk_py_reply_t *r, const char *key, const char *value)
{
    double v = strtod(value, NULL);
    static const struct {
        const char *key;
        size_t offset;
    } longs[] = {
        {"maxrss_kib", offsetof(fk_py_reply_t, maxrss_kib)},
        {"rss_sum_kib", offsetof(fk_py_reply_t, rss_sum_kib)},
        {"pss_kib", offsetof(fk_py_reply_t, counters.pss_sum_kib)},
        {"uss_kib", offsetof(fk_py_reply_t, counters.uss_sum_kib)},
        {"minflt", offsetof(fk_py_reply_t, counters.minflt)},
        {"majflt", offsetof(fk_py_reply_t, counters.majflt)},
        {"nvcsw", offsetof(fk_py_reply_t, counters.nvcsw)},
        {"nivcsw", offsetof(fk_py_reply_t, counters.nivcsw)},
    };
    for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++)
        if (strcmp(key, longs[i].key) == 0)
            *(long *)((char *)r + longs[i].offset) = (long)v;
    if (strcmp(key, "wall_s") == 0)
        r->wall_s = v;
    else if (strcmp(key, "user_s") == 0)
        r->user_s = v;
    else if (strcmp(key, "sys_s") == 0)
        r->sys_s = v;
    else if (strcmp(key, "procs") == 0)
        r->procs = (int)v;
}

static void take_info(fk_py_reply_t *r, const char *key, const char *value)
{
    if (strcmp(key, "python") == 0)
        snprintf(r->python, sizeof r->python, "%s", value);
    else if (strcmp(key, "version") == 0)
        snprintf(r->version, sizeof r->version, "%s", value);
    else if (strcmp(key, "impl") == 0)
        snprintf(r->impl, sizeof r->impl, "%s", value);
    else if (strcmp(key, "gil") == 0)
        r->gil = atoi(value);
}

/* "ok I HASH" or "err I WHY" for input I < r->n. */
static void take_result(fk_py_reply_t *r, int ok, char *rest)
{
    char *end;
    unsigned long long i = strtoull(rest, &end, 10);
    if (end == rest || *end != ' ' || i >= r->n)
        return;
    if (ok)
        r->hash[i] = strtoull(end + 1, NULL, 16);
    else if (!r->err[i])
        r->err[i] = strdup(end + 1);
}

static void parse(fk_py_reply_t *r, char *buf, size_t len)
{
    buf[len] = '\0';
    for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *key = strchr(line, ' ');
        if (!key)
            continue;
        *key++ = '\0';
        char *value = strchr(key, ' ');
        if (strcmp(line, "fatal") == 0)
            snprintf(r->fatal, sizeof r->fatal, "%s", key);
        else if (strcmp(line, "ok") == 0 || strcmp(line, "err") == 0)
            take_result(r, line[0] == 'o', key);
        else if (value && (*value++ = '\0', strcmp(line, "info") == 0))
            take_info(r, key, value);
        else if (value && strcmp(line, "m") == 0)
            take_measure(r, key, value);
    }
}

/* The run's status from how the interpreter ended (its answers are judged by the caller). */
static void classify(fk_py_reply_t *r, const py_io_t *io, int st, int done, const char *python)
{
    if (io->timed_out)
        snprintf(r->status, sizeof r->status, "timeout");
    else if (WIFSIGNALED(st))
        snprintf(r->status, sizeof r->status, "crashed:%s", fk_signame(WTERMSIG(st)));
    else if (WIFEXITED(st) && WEXITSTATUS(st) == 127 && io->len == 0)
        snprintf(r->status, sizeof r->status, "failed:cannot run %s", python);
    else if (!done || (WIFEXITED(st) && WEXITSTATUS(st) != 0 && !r->fatal[0]))
        snprintf(r->status, sizeof r->status, "failed:the interpreter ended (status %d)%s%s",
                 WIFEXITED(st) ? WEXITSTATUS(st) : -1, io->last_err[0] ? ": " : "", io->last_err);
    else
        snprintf(r->status, sizeof r->status, "ok");
}

int fk_py_exec(const fk_py_job_t *job, const char *model, int workers, long chunk, double timeout_s,
               fk_py_reply_t *r)
{
    char w[16], c[24];
    snprintf(w, sizeof w, "%d", workers);
    snprintf(c, sizeof c, "%ld", chunk);
    const char *args[] = {job->python, "-u",      job->runner, model ? "run" : "probe",
                          job->file,   job->func, model,       w,
                          c,           NULL};
    if (!model)
        args[6] = NULL;
    memset(r, 0, sizeof *r);
    fk_counters_unknown(&r->counters);
    r->n = job->inputs->n;
    r->hash = calloc(r->n ? r->n : 1, sizeof *r->hash);
    r->err = calloc(r->n ? r->n : 1, sizeof *r->err);
    py_io_t io = {.to_py = -1, .from_py = -1, .py_err = -1};
    if (!r->hash || !r->err || start(&io, job, args) != 0) {
        snprintf(r->status, sizeof r->status, "failed:cannot start %s: %s", job->python,
                 strerror(errno));
        return 0;
    }
    double deadline = timeout_s > 0 ? fk_now() + timeout_s : 0;
    feed(&io, job->inputs);
    int rc = collect(&io, deadline);
    int st = reap(&io, deadline);
    close(io.from_py);
    if (io.py_err >= 0)
        close(io.py_err);
    int done = finished(&io);
    if (rc == 0 && io.buf)
        parse(r, io.buf, io.len);
    classify(r, &io, st, done, job->python);
    free(io.buf);
    return rc;
}

void fk_py_reply_free(fk_py_reply_t *r)
{
    for (size_t i = 0; r->err && i < r->n; i++)
        free(r->err[i]);
    free(r->err);
    free(r->hash);
    r->err = NULL;
    r->hash = NULL;
}
