/* measure.c: one timed run in a fresh child (see measure.h). */
#include "measure.h"

#include <errno.h>
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

#include "util.h"

/* What the run child reports back besides the results. */
struct area_header {
    double wall_s;
    long rss_sum_kib;
    char hosts[256];
};

struct fk_shared_area {
    size_t ntasks, len;
    struct area_header *hdr;
    fk_result_t *results;
};

static volatile sig_atomic_t interrupted_by;

static void on_interrupt(int sig)
{
    interrupted_by = sig;
}

int fk_interrupted(void)
{
    return interrupted_by;
}

void fk_install_interrupt_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt; /* no SA_RESTART: waits return EINTR and see the flag */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

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

static _Noreturn void run_child(const fk_run_spec_t *spec, fk_shared_area_t *area)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* a killed harness takes its run with it */
    fk_taskset_t ts = {spec->kernel->run_task, spec->ctx, spec->ntasks, area->results,
                       spec->fault};
    fk_model_out_t out;
    memset(&out, 0, sizeof out);
    double t0 = fk_now();
    int rc = spec->model->run(&ts, &spec->cfg, &out);
    double t1 = fk_now();
    struct rusage self;
    getrusage(RUSAGE_SELF, &self);
    area->hdr->wall_s = out.wall_s > 0 ? out.wall_s : t1 - t0;
    area->hdr->rss_sum_kib = self.ru_maxrss + out.rss_sum_kib;
    snprintf(area->hdr->hosts, sizeof area->hdr->hosts, "%s", out.hosts);
    _exit(rc == 0 ? 0 : 3);
}

/* Waits for the run child, killing it at the deadline or on an interrupt. Returns 1 when it
 * was killed for the timeout, 0 otherwise. */
static int wait_run(pid_t pid, double timeout_s, int *wstatus, struct rusage *ru)
{
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    double deadline = timeout_s > 0 ? fk_now() + timeout_s : 0;
    int timed_out = 0, killed = 0;
    for (;;) {
        if (fk_interrupted() && !killed) {
            kill(pid, SIGKILL);
            killed = 1;
        }
        int left_ms = deadline ? (int)((deadline - fk_now()) * 1000) + 1 : -1;
        if (deadline && left_ms <= 0 && !killed) {
            kill(pid, SIGKILL);
            killed = timed_out = 1;
        }
        if (pidfd >= 0) {
            struct pollfd pfd = {pidfd, POLLIN, 0};
            int r = poll(&pfd, 1, killed ? -1 : left_ms);
            if (r < 0 && errno == EINTR)
                continue;
            if (r == 0)
                continue;
        } else if (waitpid(pid, wstatus, WNOHANG | WNOWAIT) == 0) {
            usleep(1000); /* no pidfd (Linux < 5.3): poll the child */
            continue;
        }
        break;
    }
    while (wait4(pid, wstatus, 0, ru) < 0 && errno == EINTR)
        ;
    if (pidfd >= 0)
        close(pidfd);
    return timed_out;
}

/* The first task that is not OK, as the CSV's "failed:<why>". */
static int describe_failed_task(const fk_result_t *r, size_t n, char *status, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (r[i].status == FK_TASK_OK)
            continue;
        if (r[i].msg[0])
            snprintf(status, len, "%s%s", r[i].status == FK_TASK_TIMEOUT ? "timeout:" : "failed:",
                     r[i].msg);
        else
            snprintf(status, len, "failed:task %zu did not complete", i);
        return 1;
    }
    return 0;
}

static void classify(const fk_run_spec_t *spec, fk_shared_area_t *area, int timed_out,
                     int wstatus, fk_measurement_t *m)
{
    fk_verdict_t v;
    memset(&v, 0, sizeof v);
    spec->kernel->verify(spec->ctx, area->results, spec->ntasks, &v);
    m->result = v.checksum;
    m->verified = v.verified;
    if (timed_out)
        snprintf(m->status, sizeof m->status, "timeout");
    else if (WIFSIGNALED(wstatus))
        snprintf(m->status, sizeof m->status, "crashed:SIG%s",
                 sigabbrev_np(WTERMSIG(wstatus)) ? sigabbrev_np(WTERMSIG(wstatus)) : "UNKNOWN");
    else if (WEXITSTATUS(wstatus) != 0)
        snprintf(m->status, sizeof m->status, "failed:the %s model could not run (exit %d)",
                 spec->model->name, WEXITSTATUS(wstatus));
    else if (describe_failed_task(area->results, spec->ntasks, m->status, sizeof m->status))
        ;
    else if (!v.verified)
        snprintf(m->status, sizeof m->status, "failed:wrong result: %s", v.why);
    else
        snprintf(m->status, sizeof m->status, "ok");
    m->ok = strcmp(m->status, "ok") == 0;
    if (!m->ok)
        m->verified = 0;
}

int fk_measure(const fk_run_spec_t *spec, fk_shared_area_t *area, fk_measurement_t *m)
{
    char err[256];
    memset(m, 0, sizeof *m);
    if (spec->kernel->rep_setup && spec->kernel->rep_setup(spec->ctx, err, sizeof err) != 0) {
        snprintf(m->status, sizeof m->status, "failed:setup: %s", err);
        return fk_interrupted() ? -1 : 0;
    }
    memset(area->hdr, 0, sizeof *area->hdr);
    fk_results_reset(area->results, spec->ntasks);
    fflush(NULL);
    double started = fk_now();
    pid_t pid = fork();
    if (pid == 0)
        run_child(spec, area);
    int wstatus = 0, timed_out = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (pid < 0)
        snprintf(m->status, sizeof m->status, "failed:fork: %s", strerror(errno));
    else
        timed_out = wait_run(pid, spec->run_timeout_s, &wstatus, &ru);
    if (pid > 0 && !fk_interrupted()) {
        /* a killed run never reported its time: the time it was given stands instead */
        m->wall_s = area->hdr->wall_s > 0 ? area->hdr->wall_s : fk_now() - started;
        m->user_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
        m->sys_s = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
        m->maxrss_kib = ru.ru_maxrss;
        m->rss_sum_kib = area->hdr->rss_sum_kib ? area->hdr->rss_sum_kib : ru.ru_maxrss;
        snprintf(m->hosts, sizeof m->hosts, "%s", area->hdr->hosts);
        classify(spec, area, timed_out, wstatus, m);
    }
    if (spec->kernel->rep_teardown)
        spec->kernel->rep_teardown(spec->ctx);
    return fk_interrupted() ? -1 : 0;
}
