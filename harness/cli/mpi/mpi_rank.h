/* SPDX-License-Identifier: MIT */
/* mpi_rank.h: the ranks' side of the MPI models (see mpi.h): the kernel command as one rank
 * (mpi_main.c) and the launcher path (mpi_launch.c), built into the MPI module, fk-mpi.so,
 * with the model's map (mpi_map.h). */
#ifndef FK_MPI_RANK_H
#define FK_MPI_RANK_H

#include "harness/models/mpi/mpi_map.h"

#include "harness/cli/kernel_cmd.h"

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
