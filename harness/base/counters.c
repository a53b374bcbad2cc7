/* SPDX-License-Identifier: MIT */
/* counters.c: memory from smaps_rollup and perf_event counters (see counters.h). */
#include "harness/base/counters.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernels/common/util.h"

const char *const fk_perf_columns[FK_PERF_N] = {
    "task_clock_s", "context_switches", "cpu_migrations", "page_faults",
    "cycles",       "instructions",     "cache_misses"};

/* perf's own names, for the note */
static const char *const perf_names[FK_PERF_N] = {
    "task-clock", "context-switches", "cpu-migrations", "page-faults",
    "cycles",     "instructions",     "cache-misses"};

static const struct {
    uint32_t type;
    uint64_t config;
} perf_events[FK_PERF_N] = {
    {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
    {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
};

void fk_counters_unknown(fk_run_counters_t *c)
{
    c->pss_sum_kib = c->uss_sum_kib = -1;
    c->minflt = c->majflt = c->nvcsw = c->nivcsw = -1;
    for (int i = 0; i < FK_PERF_N; i++)
        c->perf[i] = -1;
}

/* The number after "Name:" in an smaps text, or -1. */
static long smaps_field(const char *text, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, name, len) == 0 && p[len] == ':')
            return strtol(p + len + 1, NULL, 10);
    return -1;
}

int fk_procmem_read(pid_t pid, long *pss_kib, long *uss_kib)
{
    /* open/read, not stdio: a pool worker calls this too, and must not depend on malloc */
    char path[64], text[2048];
    *pss_kib = *uss_kib = -1;
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/self/smaps_rollup");
    else
        snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", (long)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = fk_read_full(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return -1;
    text[n] = '\0';
    long pss = smaps_field(text, "Pss"), clean = smaps_field(text, "Private_Clean"),
         dirty = smaps_field(text, "Private_Dirty");
    if (pss < 0 || clean < 0 || dirty < 0)
        return -1;
    *pss_kib = pss;
    *uss_kib = clean + dirty;
    return 0;
}

static int perf_open_one(int i, pid_t pid)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = perf_events[i].type;
    a.config = perf_events[i].config;
    a.inherit = 1; /* threads and forked workers count, folded in as they exit */
    a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return (int)syscall(SYS_perf_event_open, &a, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

void fk_perf_open(fk_perf_t *p, pid_t pid)
{
    for (int i = 0; i < FK_PERF_N; i++)
        p->fd[i] = perf_open_one(i, pid);
}

void fk_perf_read_close(fk_perf_t *p, int64_t out[FK_PERF_N])
{
    for (int i = 0; i < FK_PERF_N; i++) {
        uint64_t v[3]; /* value, time enabled, time running */
        out[i] = -1;
        if (p->fd[i] < 0)
            continue;
        if (fk_read_full(p->fd[i], v, sizeof v) == (ssize_t)sizeof v) {
            /* a multiplexed hardware counter ran part of the time: scale as perf stat does */
            if (v[2] > 0 && v[2] < v[1])
                v[0] = (uint64_t)((double)v[0] * (double)v[1] / (double)v[2]);
            out[i] = v[2] > 0 || v[1] == 0 ? (int64_t)v[0] : -1;
        }
        close(p->fd[i]);
        p->fd[i] = -1;
    }
}

static char note[512];
static int missing = -1;

/* Appends ", name" for each counter i with err[i] == e to buf. */
static void list_counters(const int *err, int e, char *buf, size_t len)
{
    for (int i = 0; i < FK_PERF_N; i++) {
        size_t at = strlen(buf);
        if (err[i] == e && at < len)
            snprintf(buf + at, len - at, "%s%s", buf[at - 1] == ' ' ? "" : ",", perf_names[i]);
    }
}

static const char *perf_why(int err)
{
    switch (err) {
    case ENOENT:
    case EOPNOTSUPP:
        return "no hardware PMU here: ENOENT";
    case EACCES:
    case EPERM:
        return "not allowed: kernel.perf_event_paranoid is too high for this user";
    case ENOSYS:
        return "the kernel has no perf_event_open";
    default:
        return strerror(err);
    }
}

/* Opens each counter on the harness itself to learn which exist, and why others do not. */
static void probe(void)
{
    int err[FK_PERF_N], nmissing = 0;
    for (int i = 0; i < FK_PERF_N; i++) {
        int fd = perf_open_one(i, 0);
        err[i] = fd < 0 ? (errno ? errno : EINVAL) : 0;
        nmissing += fd < 0;
        if (fd >= 0)
            close(fd);
    }
    long pss, uss;
    int mem = fk_procmem_read(0, &pss, &uss) == 0;
    snprintf(note, sizeof note, "memory: %s; perf: ",
             mem ? "smaps_rollup" : "no /proc/PID/smaps_rollup (Linux < 4.14?), so no PSS/USS");
    if (nmissing < FK_PERF_N)
        list_counters(err, 0, note, sizeof note);
    for (int i = 0; i < FK_PERF_N; i++) {
        int seen = err[i] == 0;
        for (int k = 0; k < i && !seen; k++)
            seen = err[k] == err[i];
        if (seen)
            continue;
        size_t at = strlen(note);
        snprintf(note + at, sizeof note - at, "%sno ", note[at - 1] == ' ' ? "" : "; ");
        list_counters(err, err[i], note, sizeof note);
        at = strlen(note);
        snprintf(note + at, sizeof note - at, " (%s)", perf_why(err[i]));
    }
    missing = nmissing > 0 || !mem;
}

const char *fk_counters_note(void)
{
    if (missing < 0)
        probe();
    return note;
}

int fk_counters_missing(void)
{
    if (missing < 0)
        probe();
    return missing;
}
