/* SPDX-License-Identifier: MIT */
/* model_mpi.c: the `mpi` and `mpi-omp` models as the harness runs them. The run child of a
 * measurement starts `mpirun` on this same binary with the same arguments, so every rank
 * prepares the same kernel; FORKOMP_MPI_JOB says what to run and where rank 0 hands the
 * results back (a memfd of the run child, reached as /proc/PID/fd/N: nothing on disk, nothing
 * left behind when a run is killed). The run child never starts OpenMP before it forks
 * mpirun, and mpirun dies with it (PR_SET_PDEATHSIG), taking its ranks along. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/models/mpi/mpi.h"
#include "harness/base/workdir.h"
#include "kernels/common/util.h"

void fk_mpi_hosts_add(char *hosts, size_t len, const char *name)
{
    size_t n = strlen(name), have = strlen(hosts);
    for (const char *p = hosts; (p = strstr(p, name)) != NULL; p += n)
        if ((p == hosts || p[-1] == '+') && (p[n] == '+' || p[n] == '\0'))
            return; /* already listed */
    if (have >= 4 && strcmp(hosts + have - 4, "+...") == 0)
        return; /* full */
    if (have + (have ? 1 : 0) + n + 4 >= len) {
        snprintf(hosts + have, len - have, "%s", have ? "+..." : "...");
        return;
    }
    snprintf(hosts + have, len - have, "%s%s", have ? "+" : "", name);
}

int fk_mpi_launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

int fk_mpi_job_format(const fk_mpi_job_t *j, char *buf, size_t len)
{
    int n = snprintf(buf, len,
                     "model=%s procs=%d threads=%d schedule=%d chunk=%zu pin=%d "
                     "fault=%d:%zu result=%s",
                     j->model, j->cfg.procs, j->cfg.threads, j->cfg.schedule, j->cfg.chunk,
                     j->cfg.pin, j->fault.kind, j->fault.task, j->result);
    return n > 0 && (size_t)n < len ? 0 : -1;
}

int fk_mpi_job_parse(const char *text, fk_mpi_job_t *j, char *err, size_t errlen)
{
    memset(j, 0, sizeof *j);
    int end = 0;
    int n = sscanf(text,
                   "model=%15s procs=%d threads=%d schedule=%d chunk=%zu pin=%d "
                   "fault=%d:%zu result=%127s%n",
                   j->model, &j->cfg.procs, &j->cfg.threads, &j->cfg.schedule, &j->cfg.chunk,
                   &j->cfg.pin, &j->fault.kind, &j->fault.task, j->result, &end);
    if (n != 9 || text[end] != '\0' || j->cfg.procs < 1 || j->cfg.threads < 1 || j->cfg.chunk < 1 ||
        j->cfg.schedule < FK_SCHED_STATIC || j->cfg.schedule > FK_SCHED_DYNAMIC ||
        j->fault.kind < FK_FAULT_NONE || j->fault.kind > FK_FAULT_EXIT)
        return fk_err(err, errlen, "%s is not a job this forkomp understands: '%s'", FK_MPI_JOB_ENV,
                      text);
    j->cfg.workers = j->cfg.procs * j->cfg.threads;
    return 0;
}

/* 1 when `mpirun` is an executable in PATH. */
static int have_mpirun(void)
{
    const char *path = getenv("PATH");
    char dir[4096], file[4200];
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(dir, sizeof dir, "%.*s", (int)n, p);
        snprintf(file, sizeof file, "%s/mpirun", dir[0] ? dir : ".");
        if (access(file, X_OK) == 0)
            return 1;
        p += n + (p[n] == ':');
    }
    return 0;
}

/* Whether this forkomp can run the MPI models at all; a usage error names the packages. The
 * module is loaded here, in the harness, only to learn that the ranks will be able to. */
static int mpi_usable(char *err, size_t errlen)
{
    char why[600];
    if (!fk_mpi(why, sizeof why))
        return fk_err(err, errlen, "--models mpi, mpi-omp: %s", why);
    if (!have_mpirun())
        return fk_err(err, errlen,
                      "--models mpi, mpi-omp: mpirun is not in PATH; install %s (make deps)",
                      FK_MPI_PACKAGES);
    return 0;
}

int fk_mpi_rank(int argc, char **argv)
{
    char err[600];
    const fk_mpi_ops_t *mpi = fk_mpi(err, sizeof err);
    if (mpi)
        return mpi->rank_main(argc, argv);
    const char *rank = getenv("OMPI_COMM_WORLD_RANK");
    rank = rank ? rank : getenv("PMIX_RANK") ? getenv("PMIX_RANK") : getenv("PMI_RANK");
    if (!rank || strcmp(rank, "0") == 0) /* one message for the job, not one per rank */
        fprintf(stderr, "forkomp %s: started by an MPI launcher, but %s\n", argv[0], err);
    return FK_EXIT_USAGE;
}

static int mpi_shape(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    if (mpi_usable(err, errlen) != 0)
        return -1;
    return fk_shape_processes(cfg, err, errlen);
}

/* Ranks x threads split as the hybrid model splits processes x threads. */
static int mpi_omp_shape(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    if (mpi_usable(err, errlen) != 0)
        return -1;
    return fk_shape_even(cfg, err, errlen);
}

/* forkomp's command line as main() saw it, NUL-separated (see fk_mpi_keep_argv). */
static char *kept_argv;
static size_t kept_len;

void fk_mpi_keep_argv(int argc, char **argv)
{
    size_t len = 0;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    free(kept_argv);
    if (!(kept_argv = malloc(len ? len : 1)))
        return;
    kept_len = len;
    for (int i = 0, at = 0; i < argc; i++) {
        memcpy(kept_argv + at, argv[i], strlen(argv[i]) + 1);
        at += (int)strlen(argv[i]) + 1;
    }
}

/* mpirun's command line: the ranks run this binary with the harness's own arguments. */
typedef struct launch {
    const char *cmdline; /* the harness's arguments, NUL-separated */
    size_t len, nargs;
    char exe[4096]; /* this binary, absolute */
    char np[16];
    const char *argv[64]; /* mpirun's options, then exe and the arguments */
    const char **args;    /* argv, or a larger copy */
} launch_t;

static int load_cmdline(launch_t *l)
{
    if (!(l->cmdline = kept_argv))
        return -1; /* not started from main() (a unit test): nothing to relaunch */
    l->len = kept_len;
    ssize_t n = readlink("/proc/self/exe", l->exe, sizeof l->exe - 1);
    if (n <= 0)
        return -1;
    l->exe[n] = '\0';
    for (size_t i = 0; i < l->len; i++)
        l->nargs += l->cmdline[i] == '\0';
    return l->nargs >= 2 ? 0 : -1; /* forkomp KERNEL ...: the ranks prepare the same kernel */
}

static int build_argv(launch_t *l, const fk_model_cfg_t *cfg, int with_state)
{
    size_t k = 0, cap = sizeof l->argv / sizeof l->argv[0];
    l->args = l->nargs + 24 <= cap ? l->argv : calloc(l->nargs + 24, sizeof *l->args);
    if (!l->args)
        return -1;
    const char **a = l->args;
    snprintf(l->np, sizeof l->np, "%d", cfg->procs);
    a[k++] = "mpirun", a[k++] = "-np", a[k++] = l->np;
    /* The other models pin only with --pin; so do the ranks (fk_mpi_map), not mpirun. */
    a[k++] = "--bind-to", a[k++] = "none";
    if (cfg->procs > sysconf(_SC_NPROCESSORS_ONLN))
        a[k++] = "--oversubscribe";
    if (geteuid() == 0)
        a[k++] = "--allow-run-as-root"; /* containers: Open MPI refuses root without it */
    /* The hosts and slots the ranks may use; without it mpirun places them on this machine. */
    const char *hostfile = getenv(FK_MPI_HOSTFILE_ENV);
    if (hostfile && *hostfile)
        a[k++] = "--hostfile", a[k++] = hostfile;
    a[k++] = "-x", a[k++] = "OMP_NUM_THREADS", a[k++] = "-x", a[k++] = FK_MPI_JOB_ENV;
    if (with_state)
        a[k++] = "-x", a[k++] = FK_MPI_STATE_ENV;
    if (getenv(FK_MODULE_DIR_ENV))
        a[k++] = "-x", a[k++] = FK_MODULE_DIR_ENV; /* the ranks load the module from there too */
    a[k++] = l->exe;
    for (const char *p = l->cmdline + strlen(l->cmdline) + 1; p < l->cmdline + l->len;
         p += strlen(p) + 1)
        a[k++] = p; /* the harness's arguments after its own name */
    a[k] = NULL;
    return 0;
}

static void launch_free(launch_t *l)
{
    if (l->args != l->argv)
        free(l->args);
}

/* The job's environment: what to run, where to answer, the kernel's shared state. */
static int set_job_env(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, const char *model, int fd,
                       int *with_state)
{
    fk_mpi_job_t job = {.cfg = *cfg, .fault = ts->fault};
    char text[512], threads[16];
    snprintf(job.model, sizeof job.model, "%s", model);
    snprintf(job.result, sizeof job.result, "/proc/%d/fd/%d", (int)getpid(), fd);
    snprintf(threads, sizeof threads, "%d", cfg->threads);
    if (fk_mpi_job_format(&job, text, sizeof text) != 0)
        return -1;
    const char *workdir = getenv(FK_WORKDIR_ENV); /* the ranks work in the run's copy too */
    *with_state = workdir != NULL;
    if (*with_state && setenv(FK_MPI_STATE_ENV, workdir, 1) != 0)
        return -1;
    return setenv(FK_MPI_JOB_ENV, text, 1) | setenv("OMP_NUM_THREADS", threads, 1);
}

/* Starts mpirun; it gets SIGTERM (and kills its ranks) if this run child dies. */
static pid_t spawn_mpirun(const launch_t *l)
{
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(127); /* the run child is already gone */
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0)
        dup2(null, STDIN_FILENO); /* mpirun forwards stdin to rank 0: give it none */
    execvp("mpirun", (char *const *)l->args);
    fprintf(stderr, "forkomp: cannot run mpirun: %s\n", strerror(errno));
    _exit(127);
}

static int pread_all(int fd, void *buf, size_t len, off_t off)
{
    for (size_t done = 0; done < len;) {
        ssize_t r = pread(fd, (char *)buf + done, len - done, off + (off_t)done);
        if (r <= 0)
            return -1;
        done += (size_t)r;
    }
    return 0;
}

/* Rank 0's answer: the header, then the records. Returns 0 when it is whole. */
static int read_answer(int fd, const fk_taskset_t *ts, fk_model_out_t *out)
{
    fk_mpi_head_t h;
    if (pread_all(fd, &h, sizeof h, 0) != 0 || memcmp(h.magic, FK_MPI_MAGIC, 8) != 0 ||
        h.ntasks != ts->ntasks ||
        pread_all(fd, ts->results, ts->ntasks * sizeof *ts->results, sizeof h) != 0)
        return -1;
    out->wall_s = h.wall_s;
    out->rss_sum_kib = h.rss_sum_kib;
    out->pss_sum_kib = out->uss_sum_kib = -1; /* ranks the harness does not see */
    h.hosts[sizeof h.hosts - 1] = '\0';
    snprintf(out->hosts, sizeof out->hosts, "%s", h.hosts);
    return 0;
}

/* mpirun ended without an answer: every task is reported with what mpirun's status says
 * (mpirun has already printed which rank died and how). */
static void mark_aborted(const fk_taskset_t *ts, int ws)
{
    char why[FK_RESULT_MSG];
    int sig = 0, code = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    if (code > 128 && code < 128 + 65) {
        sig = code - 128;
        snprintf(why, sizeof why, "the MPI job was aborted: a rank died of SIG%s (mpirun exit %d)",
                 fk_signame(sig), code);
    } else if (code == 127) {
        snprintf(why, sizeof why, "mpirun could not be started");
    } else if (code > 0) {
        snprintf(why, sizeof why, "the MPI job failed (mpirun exit %d; its message says why)",
                 code);
    } else if (code == 0) {
        snprintf(why, sizeof why, "the MPI job ended without handing back its results");
    } else {
        sig = WTERMSIG(ws);
        snprintf(why, sizeof why, "mpirun was killed by SIG%s", fk_signame(sig));
    }
    for (size_t i = 0; i < ts->ntasks; i++) {
        fk_result_t *r = &ts->results[i];
        r->status = sig ? FK_TASK_CRASHED : FK_TASK_FAILED;
        r->signal = sig;
        snprintf(r->msg, sizeof r->msg, "%s", why);
    }
}

static int run_mpirun(const launch_t *l, int fd, const fk_taskset_t *ts, fk_model_out_t *out)
{
    pid_t pid = spawn_mpirun(l);
    if (pid < 0)
        return -1;
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0 || read_answer(fd, ts, out) != 0)
        mark_aborted(ts, ws);
    return 0;
}

/* One MPI job for one measurement. Returns 0 when mpirun ran (tasks may have failed). */
static int run_job(const char *model, const fk_taskset_t *ts, const fk_model_cfg_t *cfg,
                   fk_model_out_t *out)
{
    launch_t l;
    memset(&l, 0, sizeof l);
    int fd = memfd_create("forkomp-mpi", MFD_CLOEXEC), with_state = 0, rc = -1;
    if (fd < 0)
        fprintf(stderr, "forkomp: %s: cannot prepare the MPI job: %s\n", model, strerror(errno));
    else if (load_cmdline(&l) != 0)
        fprintf(stderr, "forkomp: the %s model runs from forkomp's command line only\n", model);
    else if (set_job_env(ts, cfg, model, fd, &with_state) != 0 ||
             build_argv(&l, cfg, with_state) != 0)
        fprintf(stderr, "forkomp: %s: cannot prepare the MPI job\n", model);
    else
        rc = run_mpirun(&l, fd, ts, out);
    if (fd >= 0)
        close(fd);
    launch_free(&l);
    return rc;
}

static int mpi_run(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    return run_job("mpi", ts, cfg, out);
}

static int mpi_omp_run(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    return run_job("mpi-omp", ts, cfg, out);
}

const fk_model_ops_t fk_model_mpi = {
    .name = "mpi",
    .role = FK_ROLE_RANKS,
    .summary = "W MPI ranks of one thread (mpirun on this machine, or under mpirun/srun)",
    .own_tmpdir = 1,
    .shape = mpi_shape,
    .run = mpi_run,
};

const fk_model_ops_t fk_model_mpi_omp = {
    .name = "mpi-omp",
    .role = FK_ROLE_RANKS_THREADS,
    .summary = "P MPI ranks x T OpenMP threads each (--procs P)",
    .uses_procs = 1,
    .own_tmpdir = 1,
    .shape = mpi_omp_shape,
    .run = mpi_omp_run,
};
