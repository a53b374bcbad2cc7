/* SPDX-License-Identifier: MIT */
/* mpi_launch.c: the MPI models measured under a launcher (`mpirun -np 64 --hostfile hosts
 * forkomp primes --models mpi`, `srun forkomp ...`), where forkomp cannot fork a run child
 * per measurement: the ranks run the repetitions in one job, each map timed between barriers
 * (fk_mpi_map); rank 0 alone makes the scratch copy the others adopt, verifies, prints, and
 * writes one CSV row per run with the hosts used. The run engine (engine.h) plans and
 * repeats, every rank alike, rank 0 deciding for all (agree). The ranks are the workers: procs is
 * the job's size, threads per rank 1 (mpi) or --workers / ranks, else OMP_NUM_THREADS (mpi-omp).
 * --timeout bounds each run: rank 0 exits and mpirun aborts the job. */
#include "harness/cli/mpi/mpi_rank.h"

#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "harness/cli/registry.h"
#include "harness/engine/engine.h"
#include "harness/engine/kernel_run.h"
#include "harness/engine/runner.h"
#include "harness/engine/topo.h"
#include "harness/base/workdir.h"
#include "harness/base/stats.h"
#include "kernels/common/util.h"

typedef struct launch_run {
    fk_mpi_session_t *s;
    fk_fault_t fault;
    fk_kernel_run_t k;
    fk_engine_t eng;
} launch_run_t;

/* 1 when --workers was given (its default, for the harness, means nothing under a launcher). */
static int workers_given(const fk_mpi_session_t *s)
{
    for (int i = 1; i < s->argc; i++)
        if (strcmp(s->argv[i], "--workers") == 0 || strncmp(s->argv[i], "--workers=", 10) == 0)
            return 1;
    return 0;
}

/* Ranks x threads of one model: the job's size x (1, --workers / size or OMP_NUM_THREADS). */
static int shape(const fk_mpi_session_t *s, fk_engine_entry_t *e, char *err, size_t errlen)
{
    const fk_opts_t *o = &s->cmd.opts;
    int role = fk_model_role(e->label), given = workers_given(s);
    int omp = role == FK_ROLE_RANKS_THREADS;
    if (role != FK_ROLE_RANKS && !omp)
        return fk_err(err, errlen,
                      "--models %s: under an MPI launcher only mpi and mpi-omp run "
                      "(run forkomp without mpirun for the others)",
                      e->label);
    if (o->procs && o->procs != s->size)
        return fk_err(err, errlen, "--procs %d: the launcher started %d ranks", o->procs, s->size);
    if (given &&
        (o->nworkers != 1 || o->workers[0] % s->size != 0 || (!omp && o->workers[0] != s->size)))
        return fk_err(err, errlen,
                      "--workers: under an MPI launcher give one count, the %d "
                      "ranks (mpi) or a multiple of them (mpi-omp)",
                      s->size);
    e->cfg.procs = s->size;
    e->cfg.threads = !omp ? 1 : given ? o->workers[0] / s->size : omp_get_max_threads();
    e->cfg.workers = e->cfg.procs * e->cfg.threads;
    e->cfg.schedule = o->schedule;
    e->cfg.chunk = o->chunk > 0 ? (size_t)o->chunk : fk_default_chunk(s->ntasks, e->cfg.workers);
    e->cfg.timeout_s = o->timeout_s;
    e->cfg.pin = o->pin;
    return 0;
}

static int plan(launch_run_t *L, char *err, size_t errlen)
{
    fk_mpi_session_t *s = L->s;
    if (fk_parse_fault(s->cmd.opts.fault, &L->fault, err, errlen) != 0)
        return FK_EXIT_USAGE;
    if (L->fault.kind && L->fault.task >= s->ntasks)
        return fk_err(err, errlen, "--fault: task %zu does not exist (%zu tasks)", L->fault.task,
                      s->ntasks),
               FK_EXIT_USAGE;
    if (s->provided < FK_MPI_THREAD_LEVEL)
        return fk_err(err, errlen, "this MPI library does not provide MPI_THREAD_SERIALIZED"),
               FK_EXIT_FAIL;
    fk_topo_pin_setup(s->cmd.opts.pin); /* each rank, for the machine it runs on */
    for (size_t m = 0; m < s->cmd.opts.nmodels; m++) {
        fk_engine_entry_t e = {.label = s->cmd.opts.models[m]};
        e.model = fk_find_model(e.label); /* checked by the parser */
        if (shape(s, &e, err, errlen) != 0)
            return FK_EXIT_USAGE;
        if (fk_engine_add(&L->eng, &e) != 0)
            return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    }
    if (s->rank == 0 && s->cmd.opts.csv &&
        fk_engine_open_csv(&L->eng, s->cmd.opts.csv, err, errlen) != 0)
        return FK_EXIT_FAIL;
    return 0;
}

static void on_timeout(int sig)
{
    (void)sig;
    static const char msg[] = "forkomp: an MPI run exceeded --timeout; aborting the job\n";
    ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)r;
    _exit(FK_EXIT_FAIL); /* mpirun sees rank 0 fail and aborts the others */
}

/* Rank 0 bounds each run with a timer (0: disarm). */
static void arm_timeout(const launch_run_t *L, double seconds)
{
    if (L->s->rank != 0 || L->s->cmd.opts.timeout_s <= 0)
        return;
    struct itimerval it = {{0, 0},
                           {(time_t)seconds, (suseconds_t)((seconds - (time_t)seconds) * 1e6)}};
    signal(SIGALRM, on_timeout);
    setitimer(ITIMER_REAL, &it, NULL);
}

/* Rank 0 made the run's scratch copy; every other rank works in it too. */
static int share_state(fk_mpi_session_t *s, const char *state)
{
    char buf[4096] = "", err[512] = "";
    int len = s->rank == 0 ? (int)snprintf(buf, sizeof buf, "%s", state) : 0, rc = 0;
    MPI_Bcast(&len, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (len <= 0)
        return 0;
    MPI_Bcast(buf, (int)sizeof buf, MPI_CHAR, 0, MPI_COMM_WORLD);
    buf[sizeof buf - 1] = '\0';
    if (s->rank != 0)
        rc = s->kernel->work_in(s->ctx, buf, err, sizeof err) == 0 ? 0 : FK_EXIT_FAIL;
    return fk_mpi_settle(s, rc, err);
}

/* Rank 0, after a map: verify, classify, print the kernel's output once, land (rep >= 0). */
static void record(launch_run_t *L, fk_engine_entry_t *e, int rep, const fk_mpi_stats_t *st,
                   fk_engine_outcome_t *out)
{
    fk_mpi_session_t *s = L->s;
    fk_verdict_t v;
    fk_measurement_t m;
    memset(&v, 0, sizeof v);
    memset(&m, 0, sizeof m);
    s->kernel->verify(s->ctx, s->results, s->ntasks, &v);
    fk_task_status(s->results, s->ntasks, &v, m.status, sizeof m.status);
    m.ok = strcmp(m.status, "ok") == 0;
    m.wall_s = st->wall_s, m.user_s = st->user_s, m.sys_s = st->sys_s;
    m.maxrss_kib = st->maxrss_kib, m.rss_sum_kib = st->rss_sum_kib;
    m.result = v.checksum;
    m.verified = v.verified && m.ok;
    fk_counters_unknown(&m.counters); /* the ranks' own: not read */
    snprintf(m.hosts, sizeof m.hosts, "%s", st->hosts);
    fk_kernel_run_print(&L->k, &L->eng.prog, s->results, &m, 0, L->eng.quiet);
    if (rep >= 0)
        fk_kernel_run_land(&L->k, &L->eng, e, rep, &m, NULL);
    out->seconds = m.wall_s;
    snprintf(out->status, sizeof out->status, "%s", m.status);
}

/* One measured map: scratch on rank 0, adopted by all, timed, verified on rank 0. */
static int one_run(void *user, fk_engine_t *eng, fk_engine_entry_t *e, int rep, const char *what,
                   fk_engine_outcome_t *out)
{
    launch_run_t *L = user;
    fk_mpi_session_t *s = L->s;
    (void)eng, (void)what;
    char err[512] = "";
    fk_workdir_t wd;
    memset(&wd, 0, sizeof wd);
    int rc = 0;
    if (s->rank == 0)
        rc = fk_workdir_setup(s->kernel, s->ctx, &wd, err, sizeof err) == 0 ? 0 : FK_EXIT_FAIL;
    if ((rc = fk_mpi_settle(s, rc, err)) != 0 ||
        (rc = share_state(s, wd.scratch ? wd.path : "")) != 0) {
        if (s->rank == 0)
            fk_workdir_teardown(s->kernel, s->ctx, &wd);
        return rc;
    }
    fk_taskset_t ts = {s->kernel->run_task, s->ctx, s->ntasks, s->results, L->fault};
    fk_mpi_stats_t st;
    arm_timeout(L, s->cmd.opts.timeout_s);
    rc = fk_mpi_map(&ts, &e->cfg, &st) == 0 ? 0 : FK_EXIT_FAIL;
    arm_timeout(L, 0);
    if (rc == 0 && s->rank == 0)
        record(L, e, rep, &st, out);
    if (s->rank == 0)
        fk_workdir_teardown(s->kernel, s->ctx, &wd);
    return fk_mpi_settle(s, rc, "the results could not be gathered");
}

static void launch_describe(void *user, const fk_engine_entry_t *e, char *buf, size_t len)
{
    fk_kernel_run_describe(&((const launch_run_t *)user)->k, e, 1, buf, len);
}

static void print_table(void *user, const fk_engine_t *eng)
{
    const fk_mpi_session_t *s = ((const launch_run_t *)user)->s;
    char reps[64];
    fk_engine_describe_reps(eng, reps, sizeof reps);
    printf("\n%s %s/%s, %zu tasks, %s under an MPI launcher: median wall time of the map\n",
           s->kernel->name, s->kernel->class_name(s->ctx), s->kernel->variant(s->ctx), s->ntasks,
           reps);
    printf("%-8s %7s %6s %11s %11s %6s\n", "model", "workers", "PxT", "median_s", "min_s",
           "failed");
    for (int i = 0; i < eng->n; i++) {
        const fk_engine_entry_t *e = &eng->entries[i];
        char shape[24], med[16] = "-", min[16] = "-";
        snprintf(shape, sizeof shape, "%dx%d", e->cfg.procs, e->cfg.threads);
        if (e->nwalls) {
            fk_summary_t sum;
            fk_stats_summarize(e->walls, (size_t)e->nwalls, &sum);
            snprintf(med, sizeof med, "%.4f", sum.median);
            snprintf(min, sizeof min, "%.4f", sum.min);
        }
        printf("%-8s %7d %6s %11s %11s %6d\n", e->label, e->cfg.workers, shape, med, min,
               e->failures);
    }
    fk_engine_table_notes(eng);
}

/* Rank 0's decision, for every rank: all take the same branch of the engine. */
static int agree(void *user, int value)
{
    (void)user;
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
}

static const fk_engine_ops_t launch_ops = {launch_describe, one_run, print_table, agree};

int fk_mpi_launch(fk_mpi_session_t *s)
{
    launch_run_t L;
    char err[512] = "";
    memset(&L, 0, sizeof L);
    L.s = s;
    L.k = (fk_kernel_run_t){s->kernel, s->ctx, s->ntasks, 0, 0};
    fk_engine_init(&L.eng, &launch_ops, &L, "forkomp");
    fk_engine_runs_from(&L.eng, &s->cmd.opts);
    L.eng.started = s->started;
    L.eng.quiet |= s->rank != 0;   /* rank 0 alone prints */
    L.eng.no_lock = s->rank != 0; /* and holds the measuring lock: the ranks are one job */
    int rc = fk_mpi_settle(s, plan(&L, err, sizeof err), err);
    if (rc == 0)
        rc = fk_engine_run(&L.eng);
    fk_engine_free(&L.eng);
    return rc;
}
