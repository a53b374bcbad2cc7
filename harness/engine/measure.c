/* SPDX-License-Identifier: MIT */
/* measure.c: one timed run in a fresh child (see measure.h). */
#include "harness/engine/measure.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/engine/runner.h"
#include "harness/base/sys.h"
#include "harness/base/workdir.h"
#include "kernels/common/util.h"

/* What the run child reports back besides the results. */
struct area_header {
    double wall_s;
    long rss_sum_kib;
    long pss_sum_kib, uss_sum_kib; /* -1: unknown */
    char hosts[256];
    char why[128]; /* why the model could not run, when it exits RUN_MODEL_FAILED */
};

/* The run child's exit status when the model itself failed (not a task): distinct from the
 * small statuses a task's early exit (--fault exit:I) produces. */
#define RUN_MODEL_FAILED 125

struct fk_shared_area {
    size_t ntasks, len;
    struct area_header *hdr;
    fk_result_t *results;
};

fk_shared_area_t *fk_shared_area_new(size_t ntasks)
{
    fk_shared_area_t *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    size_t head = (sizeof(struct area_header) + 63) / 64 * 64;
    a->ntasks = ntasks;
    a->len = head + ntasks * sizeof(fk_result_t);
    void *p = mmap(NULL, a->len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        free(a);
        return NULL;
    }
    a->hdr = p;
    a->results = (fk_result_t *)((char *)p + head);
    return a;
}

void fk_shared_area_free(fk_shared_area_t *a)
{
    if (!a)
        return;
    munmap(a->hdr, a->len);
    free(a);
}

const fk_result_t *fk_shared_area_results(const fk_shared_area_t *a)
{
    return a->results;
}

/* The start of every child the harness supervises: its own process group (so one kill
 * stops it and everything it started), default signals, and death with the harness. */
static void child_start(pid_t parent)
{
    setpgid(0, 0);
    fk_default_interrupt_handlers();
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* a killed harness takes its run with it */
    /* the harness died before prctl, or a signal came before the handlers were reset (it
     * only raised the flag this copy of the harness inherited) */
    if (getppid() != parent || fk_interrupted())
        _exit(RUN_MODEL_FAILED);
}

/* The run's PSS and USS: the model's own reading when it has processes of its own, else the
 * run's process alone, read now: after the model returned, with its threads still alive. */
static void run_memory(const fk_model_out_t *out, struct area_header *hdr)
{
    if (out->pss_sum_kib != 0) {
        hdr->pss_sum_kib = out->pss_sum_kib;
        hdr->uss_sum_kib = out->uss_sum_kib;
    } else {
        fk_procmem_read(0, &hdr->pss_sum_kib, &hdr->uss_sum_kib);
    }
}

/* tmpdir: the run's own TMPDIR; workdir: the run's scratch copy, for workers not forked
 * from here, or NULL.
 * go: a pipe the harness writes to once the perf counters are open on this process, so
 * that every thread and worker the model starts inherits them. */
static _Noreturn void run_child(const fk_run_spec_t *spec, fk_shared_area_t *area, pid_t parent,
                                int go, const char *tmpdir, const char *workdir)
{
    child_start(parent);
    if (tmpdir)
        setenv("TMPDIR", tmpdir, 1);
    if (workdir) /* for workers the harness does not fork (MPI ranks): see workdir.h */
        setenv(FK_WORKDIR_ENV, workdir, 1);
    char c;
    while (read(go, &c, 1) < 0 && errno == EINTR)
        ;
    close(go);
    fk_taskset_t ts = {spec->kernel->run_task, spec->ctx, spec->ntasks, area->results, spec->fault};
    fk_model_out_t out;
    memset(&out, 0, sizeof out);
    double t0 = fk_now();
    errno = 0;
    int rc = spec->model->run(&ts, &spec->cfg, &out);
    double t1 = fk_now();
    if (rc != 0)
        snprintf(area->hdr->why, sizeof area->hdr->why, "%s",
                 errno ? strerror(errno) : "see its message above");
    struct rusage self;
    getrusage(RUSAGE_SELF, &self);
    area->hdr->wall_s = out.wall_s > 0 ? out.wall_s : t1 - t0;
    /* one process: leave it to the parent's wait4, which sees the whole life of the child */
    area->hdr->rss_sum_kib = out.rss_sum_kib ? self.ru_maxrss + out.rss_sum_kib : 0;
    if (!spec->no_counters)
        run_memory(&out, area->hdr);
    snprintf(area->hdr->hosts, sizeof area->hdr->hosts, "%s", out.hosts);
    _exit(rc == 0 ? 0 : RUN_MODEL_FAILED);
}

/* Stops the child pid and its process group. The rest of the group gets SIGTERM, so that
 * mpirun stops its ranks and scripts run their clean-up traps (our own pool workers die of
 * it, or of PR_SET_PDEATHSIG); the child itself is killed at once when grace_s is 0, else
 * left grace_s to exit before the group is killed. Returns when to kill (0: done). */
static double stop_group(pid_t pid, double grace_s, double now)
{
    kill(-pid, SIGTERM);
    if (grace_s > 0)
        return now + grace_s;
    kill(pid, SIGKILL);
    return 0;
}

/* Waits for the child pid, stopping it (stop_group) at the deadline or on an interrupt.
 * Returns 1 when it was stopped for the timeout, else 0. */
static int wait_run(pid_t pid, double timeout_s, double grace_s, int *wstatus, struct rusage *ru)
{
    static int no_pidfd; /* ENOSYS once (Linux < 5.3, valgrind): do not ask again */
    int pidfd = no_pidfd ? -1 : (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0 && errno == ENOSYS)
        no_pidfd = 1;
    double deadline = timeout_s > 0 ? fk_now() + timeout_s : 0, kill_at = 0;
    int timed_out = 0, stopping = 0;
    for (;;) {
        double now = fk_now();
        if (!stopping && (fk_interrupted() || (deadline && now >= deadline))) {
            stopping = 1;
            timed_out = !fk_interrupted();
            kill_at = stop_group(pid, fk_interrupted() ? grace_s : 0, now);
        }
        if (kill_at && now >= kill_at) {
            kill(-pid, SIGKILL);
            kill_at = 0;
        }
        double wake = stopping ? kill_at : deadline;
        int wait_ms = wake ? (int)((wake - now) * 1000) + 1 : -1;
        /* a signal landing between the flag check and poll() must not be slept through */
        if (wait_ms < 0 || wait_ms > 100)
            wait_ms = 100;
        if (pidfd >= 0) {
            struct pollfd pfd = {pidfd, POLLIN, 0};
            int r = poll(&pfd, 1, wait_ms);
            if (r <= 0) /* EINTR (look at the flag) or time to act */
                continue;
        } else if (waitpid(pid, wstatus, WNOHANG | WNOWAIT) == 0) {
            usleep(1000); /* no pidfd (Linux < 5.3): poll the child */
            continue;
        }
        break;
    }
    while (wait4(pid, wstatus, 0, ru) < 0 && errno == EINTR)
        ;
    kill(-pid, SIGTERM); /* anything the child left running in its group (none, normally) */
    if (pidfd >= 0)
        close(pidfd);
    return timed_out;
}

static void exit_status(const fk_run_spec_t *spec, const fk_shared_area_t *area, int wstatus,
                        char *status, size_t len)
{
    if (WIFSIGNALED(wstatus))
        snprintf(status, len, "crashed:SIG%s", fk_signame(WTERMSIG(wstatus)));
    else if (WEXITSTATUS(wstatus) == RUN_MODEL_FAILED)
        snprintf(status, len, "failed:the %s model could not run: %s", spec->model->name,
                 area->hdr->why[0] ? area->hdr->why : "it exited early");
    else /* a task called exit (--fault exit:I): the whole process went with it */
        snprintf(status, len, "failed:the run's process exited early (status %d)",
                 WEXITSTATUS(wstatus));
}

static void classify(const fk_run_spec_t *spec, fk_shared_area_t *area, int timed_out, int wstatus,
                     fk_measurement_t *m)
{
    fk_verdict_t v;
    memset(&v, 0, sizeof v);
    spec->kernel->verify(spec->ctx, area->results, spec->ntasks, &v);
    m->result = v.checksum;
    m->verified = v.verified;
    if (timed_out)
        snprintf(m->status, sizeof m->status, "timeout");
    else if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
        exit_status(spec, area, wstatus, m->status, sizeof m->status);
    else /* the run's process ended well: its tasks and the verdict say the rest */
        fk_task_status(area->results, spec->ntasks, &v, m->status, sizeof m->status);
    m->ok = strcmp(m->status, "ok") == 0;
    if (!m->ok)
        m->verified = 0;
}

/* Fills what the run's rusage, the perf counters and the run's memory reading say. */
static void fill_counters(const struct rusage *ru, const struct area_header *hdr, fk_perf_t *perf,
                          fk_run_counters_t *c)
{
    fk_counters_unknown(c);
    fk_perf_read_close(perf, c->perf);
    c->minflt = ru->ru_minflt;
    c->majflt = ru->ru_majflt;
    c->nvcsw = ru->ru_nvcsw;
    c->nivcsw = ru->ru_nivcsw;
    if (hdr->pss_sum_kib > 0 && hdr->uss_sum_kib > 0) {
        c->pss_sum_kib = hdr->pss_sum_kib;
        c->uss_sum_kib = hdr->uss_sum_kib;
    }
}

static void fill_measurement(const fk_run_spec_t *spec, fk_shared_area_t *area, double started,
                             int timed_out, int wstatus, const struct rusage *ru,
                             fk_measurement_t *m)
{
    /* a killed run never reported its time: the time it was given stands instead */
    m->wall_s = area->hdr->wall_s > 0 ? area->hdr->wall_s : fk_now() - started;
    m->user_s = (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec * 1e-6;
    m->sys_s = (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec * 1e-6;
    m->maxrss_kib = ru->ru_maxrss;
    m->rss_sum_kib = area->hdr->rss_sum_kib ? area->hdr->rss_sum_kib : ru->ru_maxrss;
    snprintf(m->hosts, sizeof m->hosts, "%s", area->hdr->hosts);
    classify(spec, area, timed_out, wstatus, m);
}

/* Forks the run's process, held until the perf counters are open on it; tmpdir (when not
 * NULL) becomes its TMPDIR, workdir is the scratch copy its tasks work in (or NULL). */
static pid_t start_run(const fk_run_spec_t *spec, fk_shared_area_t *area, fk_perf_t *perf,
                       const char *tmpdir, const char *workdir)
{
    int go[2];
    for (int i = 0; i < FK_PERF_N; i++)
        perf->fd[i] = -1;
    if (pipe2(go, O_CLOEXEC) != 0)
        return -1;
    pid_t parent = getpid(), pid = fork();
    if (pid == 0) {
        close(go[1]);
        run_child(spec, area, parent, go[0], tmpdir, workdir);
    }
    close(go[0]);
    if (pid > 0) {
        setpgid(pid, pid);      /* as the child does: no window where a kill of the group misses */
        if (!spec->no_counters) /* opening them costs ms (the kernel enables its perf hooks) */
            fk_perf_open(perf, pid);
    }
    close(go[1]); /* the child's read returns: it may start */
    return pid;
}

/* Waits up to 2 s for the rest of the run's process group (mpirun winding down after a
 * SIGTERM) to be gone, then kills what is left: nothing may write into the run's TMPDIR
 * once it is removed. */
static void wait_group_gone(pid_t pid)
{
    for (int i = 0; i < 200 && kill(-pid, 0) == 0; i++)
        usleep(10000);
    kill(-pid, SIGKILL);
}

int fk_measure(const fk_run_spec_t *spec, fk_shared_area_t *area, fk_measurement_t *m)
{
    char err[256];
    memset(m, 0, sizeof *m);
    fk_counters_unknown(&m->counters);
    if (fk_interrupted())
        return -1;
    fk_workdir_t wd;
    if (fk_workdir_setup(spec->kernel, spec->ctx, &wd, err, sizeof err) != 0) {
        snprintf(m->status, sizeof m->status, "failed:setup: %s", err);
        return fk_interrupted() ? -1 : 0;
    }

    memset(area->hdr, 0, sizeof *area->hdr);
    fk_results_reset(area->results, spec->ntasks);
    fflush(NULL);
    double started = fk_now();
    fk_perf_t perf;
    /* A TMPDIR of the run's own, removed after it whatever happened: what the run leaves
     * there (Open MPI's session folders of a killed mpirun, 8 MB each) goes with it. Only
     * for the models that start such programs: making and removing it is a third of a
     * short command's time. */
    char run_tmp[4096];
    int private_tmp =
        spec->model->own_tmpdir && fk_make_scratch_dir("run", run_tmp, sizeof run_tmp) == 0;
    pid_t pid =
        start_run(spec, area, &perf, private_tmp ? run_tmp : NULL, wd.scratch ? wd.path : NULL);
    int wstatus = 0, timed_out = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (pid < 0)
        snprintf(m->status, sizeof m->status, "failed:fork: %s", strerror(errno));
    else
        timed_out = wait_run(pid, spec->run_timeout_s, 0, &wstatus, &ru);
    if (pid > 0 && !fk_interrupted()) {
        fill_measurement(spec, area, started, timed_out, wstatus, &ru, m);
        fill_counters(&ru, area->hdr, &perf, &m->counters);
    } else {
        int64_t unused[FK_PERF_N];
        fk_perf_read_close(&perf, unused);
    }
    if (pid > 0)
        wait_group_gone(pid);
    if (private_tmp)
        fk_remove_tree(run_tmp);
    fk_workdir_teardown(spec->kernel, spec->ctx, &wd);
    return fk_interrupted() ? -1 : 0;
}

#define CHILD_ERR_LEN 512

int fk_run_in_child(int (*fn)(void *arg, char *err, size_t errlen), void *arg, char *err,
                    size_t errlen)
{
    char *why =
        mmap(NULL, CHILD_ERR_LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (why == MAP_FAILED)
        return fk_err(err, errlen, "cannot map shared memory: %s", strerror(errno));
    why[0] = '\0';
    fflush(NULL);
    pid_t parent = getpid(), pid = fork();
    if (pid == 0) {
        child_start(parent);
        int rc = fn(arg, why, CHILD_ERR_LEN);
        fflush(NULL);
        _exit(rc == 0 ? 0 : 1);
    }
    int rc = -1, wstatus = 0;
    struct rusage ru;
    if (pid < 0) {
        fk_err(err, errlen, "fork failed: %s", strerror(errno));
    } else {
        setpgid(pid, pid);
        wait_run(pid, 0, 1.0, &wstatus, &ru);
        if (fk_interrupted())
            fk_err(err, errlen, "interrupted by SIG%s", fk_signame(fk_interrupted()));
        else if (WIFSIGNALED(wstatus))
            fk_err(err, errlen, "crashed (SIG%s)", fk_signame(WTERMSIG(wstatus)));
        else if (WEXITSTATUS(wstatus) != 0)
            fk_err(err, errlen, "%s", why[0] ? why : "failed");
        else
            rc = 0;
    }
    munmap(why, CHILD_ERR_LEN);
    return rc;
}
