/* SPDX-License-Identifier: MIT */
/* mpi.h: the MPI models (`mpi`, `mpi-omp`) and the two ways they are launched.
 *
 * From the harness (`forkomp primes --models serial,mpi`): the run child of each measurement
 * starts `mpirun` on this same binary with the same arguments and a job description in the
 * environment (FORKOMP_MPI_JOB); the ranks prepare the same kernel, run the tasks and rank 0
 * hands the results back through a memfd of the run child (model_mpi.c, mpi_main.c).
 * Under a launcher (`mpirun -np 64 forkomp primes --models mpi`): the ranks measure by
 * themselves and rank 0 alone prints, verifies and writes CSV rows (mpi_launch.c).
 * Both run the tasks with fk_mpi_map (mpi_map.c). The ranks' code (harness/cli/mpi/, beside
 * the kernel command it runs as a rank, and mpi_map.c) lives in the MPI module, fk-mpi.so,
 * loaded only by a rank and by the models' shape check: without it (no mpicc at build
 * time, or libmpi missing) `--models mpi` is a usage error. */
#ifndef FK_MPI_H
#define FK_MPI_H

#include <stddef.h>
#include <stdint.h>

#include "harness/modules/modules.h" /* FK_MPI_PACKAGES */
#include "kernels/kernel.h"
#include "harness/models/model.h"
#include "harness/base/opts.h"

#define FK_MPI_JOB_ENV "FORKOMP_MPI_JOB"     /* the job a harness-launched rank runs */
#define FK_MPI_STATE_ENV "FORKOMP_MPI_STATE" /* the kernel's per-repetition state, if any */
#define FK_MPI_HOSTFILE_ENV                                                                        \
    "FORKOMP_HOSTFILE" /* an Open MPI hostfile for harness-launched jobs                           \
                        */

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

/* `forkomp KERNEL ...` started by an MPI launcher: loads the MPI module and runs this rank
 * there (fk_cmd_mpi), or prints why it cannot (rank 0 only) and returns FK_EXIT_USAGE. argv[0]
 * is the kernel's name. Returns the exit code. */
int fk_mpi_rank(int argc, char **argv);

#endif
