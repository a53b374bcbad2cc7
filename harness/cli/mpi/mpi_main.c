/* SPDX-License-Identifier: MIT */
/* mpi_main.c: forkomp as one rank of an MPI job. Every rank parses the same command line and
 * prepares the same kernel (rank 0 first: it may generate a cached dataset the others then
 * find). A rank the harness launched (FORKOMP_MPI_JOB set) runs the one map it is asked for
 * and rank 0 hands the results back; otherwise the ranks measure by themselves
 * (mpi_launch.c). A rank dies with its launcher (PR_SET_PDEATHSIG), so a killed run never
 * leaves ranks behind. */
#include "harness/cli/mpi/mpi_rank.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "harness/base/cli.h"
#include "harness/cli/kernel_cmd.h"
#include "harness/engine/topo.h"
#include "kernels/common/util.h"

int fk_mpi_settle(const fk_mpi_session_t *s, int own_rc, const char *err)
{
    int rc0 = own_rc, worst = 0;
    MPI_Bcast(&rc0, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Allreduce(&own_rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (own_rc != 0 && err && err[0] && s->rank == 0 && own_rc == FK_EXIT_USAGE)
        fk_cli_usage_error(s->argv[0], err);
    else if (own_rc != 0 && err && err[0] && (s->rank == 0 || rc0 == 0)) {
        char host[MPI_MAX_PROCESSOR_NAME] = "";
        int n;
        MPI_Get_processor_name(host, &n);
        fprintf(stderr, "forkomp %s (rank %d on %s): %s\n", s->argv[0], s->rank, host, err);
    }
    return worst;
}

/* Options and kernel, the same on every rank; rank 0 prepares first. */
static int session_setup(fk_mpi_session_t *s, char *err, size_t errlen)
{
    int rc = fk_kernel_cmd_parse(&s->cmd, s->argc, s->argv, err, errlen);
    s->kernel = s->cmd.kernel;
    if (rc == FK_EXIT_OK && s->cmd.help) {
        fk_err(err, errlen, "under an MPI launcher: see 'forkomp %s --help' and docs/clusters.md",
               s->argv[0]);
        rc = FK_EXIT_USAGE;
    }
    if ((rc = fk_mpi_settle(s, rc, err)) != FK_EXIT_OK)
        return rc;
    if (s->rank == 0)
        rc = fk_kernel_cmd_prepare(&s->cmd, &s->ctx, &s->ntasks, err, errlen);
    if ((rc = fk_mpi_settle(s, rc, err)) != FK_EXIT_OK)
        return rc;
    if (s->rank != 0)
        rc = fk_kernel_cmd_prepare(&s->cmd, &s->ctx, &s->ntasks, err, errlen);
    if (rc == FK_EXIT_OK && !(s->results = calloc(s->ntasks ? s->ntasks : 1, sizeof *s->results))) {
        fk_err(err, errlen, "out of memory");
        rc = FK_EXIT_FAIL;
    }
    return fk_mpi_settle(s, rc, err);
}

/* Rank 0's answer to the harness: the records, then the header that says they are whole. */
static int write_answer(const fk_mpi_job_t *job, const fk_mpi_session_t *s,
                        const fk_mpi_stats_t *st, char *err, size_t errlen)
{
    fk_mpi_head_t h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, FK_MPI_MAGIC, sizeof h.magic);
    h.ntasks = s->ntasks;
    h.wall_s = st->wall_s;
    h.rss_sum_kib = st->rss_sum_kib;
    snprintf(h.hosts, sizeof h.hosts, "%s", st->hosts);
    int fd = open(job->result, O_WRONLY | O_CLOEXEC);
    size_t bytes = s->ntasks * sizeof *s->results;
    int ok = fd >= 0 && lseek(fd, (off_t)sizeof h, SEEK_SET) == (off_t)sizeof h &&
             fk_write_all(fd, s->results, bytes) == 0 && lseek(fd, 0, SEEK_SET) == 0 &&
             fk_write_all(fd, &h, sizeof h) == 0;
    if (!ok)
        fk_err(err, errlen,
               "cannot hand the results to the harness through %s: %m (the "
               "harness-launched MPI models need rank 0 on the harness's machine)",
               job->result);
    if (fd >= 0)
        close(fd);
    return ok ? FK_EXIT_OK : FK_EXIT_FAIL;
}

/* A rank the harness launched: one map, as FORKOMP_MPI_JOB says. */
static int serve_harness(fk_mpi_session_t *s, const char *text)
{
    fk_mpi_job_t job;
    char err[512] = "";
    int rc = fk_mpi_job_parse(text, &job, err, sizeof err) == 0 ? 0 : FK_EXIT_USAGE;
    if (rc == 0 && job.cfg.procs != s->size) {
        fk_err(err, sizeof err, "the job asks for %d ranks, the launcher started %d", job.cfg.procs,
               s->size);
        rc = FK_EXIT_USAGE;
    }
    if (rc == 0 && s->provided < FK_MPI_THREAD_LEVEL) {
        fk_err(err, sizeof err, "this MPI library does not provide MPI_THREAD_SERIALIZED");
        rc = FK_EXIT_FAIL;
    }
    if ((rc = fk_mpi_settle(s, rc, err)) != 0)
        return rc;
    const char *state = getenv(FK_MPI_STATE_ENV); /* the harness's scratch copy, say */
    if (state && state[0] && s->kernel->work_in)
        rc = s->kernel->work_in(s->ctx, state, err, sizeof err) == 0 ? 0 : FK_EXIT_FAIL;
    if ((rc = fk_mpi_settle(s, rc, err)) != 0)
        return rc;
    fk_taskset_t ts = {s->kernel->run_task, s->ctx, s->ntasks, s->results, job.fault};
    fk_mpi_stats_t st;
    fk_topo_pin_setup(job.cfg.pin); /* this rank's machine, which may not be the harness's */
    rc = fk_mpi_map(&ts, &job.cfg, &st) == 0 ? 0 : FK_EXIT_FAIL;
    if (rc == 0 && s->rank == 0)
        rc = write_answer(&job, s, &st, err, sizeof err);
    return fk_mpi_settle(s, rc, err);
}

/* Opens every connection a map may use (MPI connects lazily), so that the first timed map
 * does not pay for it: connecting is start-up, as mpirun and MPI_Init are. */
static void wire_up(const fk_mpi_session_t *s)
{
    int *out = calloc((size_t)s->size, sizeof *out), *in = calloc((size_t)s->size, sizeof *in);
    if (out && in)
        MPI_Alltoall(out, 1, MPI_INT, in, 1, MPI_INT, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    free(out);
    free(in);
}

/* Finalizes MPI and returns rc. Under the sanitizers a rank leaves without LeakSanitizer's
 * exit-time check: Open MPI leaks by design (PMIx, hwloc, its components), much of it from
 * components it has already unloaded, which no suppression can name. AddressSanitizer still
 * checks every access; the ranks' own allocations are freed above. */
static int finish(int rc)
{
    MPI_Finalize();
#ifdef __SANITIZE_ADDRESS__
    fflush(NULL);
    _exit(rc);
#endif
    return rc;
}

int fk_cmd_mpi(int argc, char **argv)
{
    fk_mpi_session_t s;
    memset(&s, 0, sizeof s);
    s.argc = argc, s.argv = argv;
    s.started = fk_now();
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* mpirun or its daemon gone: so is this rank */
    if (MPI_Init_thread(NULL, NULL, FK_MPI_THREAD_LEVEL, &s.provided) != MPI_SUCCESS)
        return FK_EXIT_FAIL;
    MPI_Comm_rank(MPI_COMM_WORLD, &s.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &s.size);
    char err[512] = "";
    int rc = session_setup(&s, err, sizeof err);
    wire_up(&s);
    const char *job = getenv(FK_MPI_JOB_ENV);
    if (rc == FK_EXIT_OK)
        rc = job ? serve_harness(&s, job) : fk_mpi_launch(&s);
    if (s.ctx)
        s.kernel->release(s.ctx);
    fk_kernel_cmd_free(&s.cmd);
    free(s.results);
    return finish(rc);
}
