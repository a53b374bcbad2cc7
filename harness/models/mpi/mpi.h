/* mpi.h: the MPI models (`mpi`, `mpi-omp`) and the two ways they are launched.
 *
 * From the harness (`forkomp primes --models serial,mpi`): the run child of each measurement
 * starts `mpirun` on this same binary with the same arguments and a job description in the
 * environment (FORKOMP_MPI_JOB); the ranks prepare the same kernel, run the tasks and rank 0
 * hands the results back through a memfd of the run child (model_mpi.c, mpi_main.c).
 * Under a launcher (`mpirun -np 64 forkomp primes --models mpi`): the ranks measure by
 * themselves and rank 0 alone prints, verifies and writes CSV rows (mpi_launch.c).
 * Both run the tasks with fk_mpi_map (mpi_map.c). Without MPI at build time (no mpicc) only
 * the shapes and the launcher detection are built: `--models mpi` is a usage error. */
#ifndef FK_MPI_H
#define FK_MPI_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/kernel.h"
#include "harness/models/model.h"
#include "harness/cli/opts.h"

#define FK_MPI_JOB_ENV "FORKOMP_MPI_JOB"       /* the job a harness-launched rank runs */
#define FK_MPI_STATE_ENV "FORKOMP_MPI_STATE"   /* the kernel's per-repetition state, if any */
#define FK_MPI_HOSTFILE_ENV "FORKOMP_HOSTFILE" /* an Open MPI hostfile for harness-launched jobs   \
                                                */
#define FK_MPI_PACKAGES "libopenmpi-dev openmpi-bin"

/* What the harness asks of the ranks it launches. */
typedef struct fk_mpi_job {
    char model[16];     /* "mpi" or "mpi-omp" */
    fk_model_cfg_t cfg; /* procs = ranks, threads per rank, schedule, chunk, pin */
    fk_fault_t fault;   /* --fault, already checked by the harness */
    char result[128];   /* where rank 0 writes the results: /proc/PID/fd/N of the run child */
} fk_mpi_job_t;

/* One line of text, for the environment. Returns 0, or -1 when buf is too small. */
int fk_mpi_job_format(const fk_mpi_job_t *job, char *buf, size_t len);
/* Parses what fk_mpi_job_format wrote. Returns 0, or -1 with a message in err. */
int fk_mpi_job_parse(const char *text, fk_mpi_job_t *job, char *err, size_t errlen);

/* What rank 0 hands back to the harness: this header, then ntasks fk_result_t records. */
#define FK_MPI_MAGIC "FKMPI01"
typedef struct fk_mpi_head {
    char magic[8];
    uint64_t ntasks;
    double wall_s;    /* MPI_Wtime on rank 0 between the barriers around the map */
    long rss_sum_kib; /* the sum of every rank's peak RSS */
    char hosts[256];  /* the hosts used, in rank order, each once, joined by '+' */
} fk_mpi_head_t;

/* What a map across the ranks measured (meaningful on rank 0). */
typedef struct fk_mpi_stats {
    double wall_s;
    double user_s, sys_s; /* CPU time of every rank during the map, summed */
    long maxrss_kib;      /* the largest peak RSS of a rank */
    long rss_sum_kib;     /* the sum of the ranks' peaks */
    char hosts[256];
} fk_mpi_stats_t;

/* Appends name to the '+'-joined list hosts unless it is already there; a list that would
 * overflow ends in "+..." instead. */
void fk_mpi_hosts_add(char *hosts, size_t len, const char *name);

/* 1 when this process was started by an MPI launcher (mpirun, srun): OMPI_COMM_WORLD_SIZE,
 * PMIX_RANK or PMI_RANK is set. */
int fk_mpi_launched(void);

/* Keeps a copy of forkomp's command line (before option parsing cuts lists apart) for the
 * harness-launched MPI models, whose ranks run the same command. */
void fk_mpi_keep_argv(int argc, char **argv);

/* `forkomp KERNEL ...` as one rank of an MPI job: serves the harness when FORKOMP_MPI_JOB is
 * set, else measures the MPI models by itself (rank 0 prints and writes CSV). argv[0] is the
 * kernel's name. Returns the exit code. */
int fk_cmd_mpi(int argc, char **argv);

#ifdef FK_HAVE_MPI
#include <mpi.h>

/* The threading level the maps need: SERIALIZED (rank 0's dispatcher thread and the
 * OpenMP threads asking for chunks take turns calling MPI). */
#define FK_MPI_THREAD_LEVEL MPI_THREAD_SERIALIZED

/* Runs every task of ts across the ranks of MPI_COMM_WORLD, cfg->threads OpenMP threads
 * each, static (round-robin chunks, as the fork pool and OpenMP) or dynamic (rank 0 hands
 * out chunks from an atomic counter, to its own threads directly and to the other ranks
 * through a dispatcher thread). Collective. Afterwards rank 0's ts->results holds every
 * record (each rank's ts->results is its own scratch) and st what was measured. */
int fk_mpi_map(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_mpi_stats_t *st);

/* One rank's view of the job: the options, the kernel, its context, its own results. */
typedef struct fk_mpi_session {
    int rank, size, provided; /* provided: the MPI threading level */
    int argc;
    char **argv; /* argv[0]: the kernel's name */
    fk_opts_t opts;
    const fk_kernel_ops_t *kernel;
    void *ctx;
    size_t ntasks;
    fk_result_t *results;
} fk_mpi_session_t;

/* Collective: own_rc is this rank's outcome (an exit code), err its message. The rank that
 * failed prints its message (rank 0 for the job when it failed too, so a usage error is
 * printed once); every rank gets the worst outcome, so all take the same way out. */
int fk_mpi_settle(const fk_mpi_session_t *s, int own_rc, const char *err);
/* Measures the MPI models under a launcher: rank 0 verifies, prints and writes CSV rows. */
int fk_mpi_launch(fk_mpi_session_t *s);
#endif

#endif
