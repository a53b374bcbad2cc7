/* mpi_rank.h: the ranks' side of the MPI models (see mpi.h), built into the MPI module,
 * fk-mpi.so, the only code that includes <mpi.h> and links libmpi. */
#ifndef FK_MPI_RANK_H
#define FK_MPI_RANK_H

#include "harness/models/mpi/mpi.h"

#include <mpi.h>

#include "harness/engine/kernel_cmd.h"

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
    char **argv;         /* argv[0]: the kernel's name */
    double started;      /* fk_now() when the rank began, for --budget */
    fk_kernel_cmd_t cmd; /* the parsed command line */
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

/* `forkomp KERNEL ...` as one rank of an MPI job: serves the harness when FORKOMP_MPI_JOB is
 * set, else measures the MPI models by itself (rank 0 prints and writes CSV). argv[0] is the
 * kernel's name. Returns the exit code. The MPI module's entry point (fk_mpi_ops_t). */
int fk_cmd_mpi(int argc, char **argv);

#endif
