/* SPDX-License-Identifier: MIT */
/* mpi_map.h: the MPI model's map (mpi_map.c), apart from the ranks' session (mpi_rank.h,
 * beside the kernel command it runs): the model layer's part of fk-mpi.so, which with the
 * session is the only code that includes <mpi.h> and links libmpi. */
#ifndef FK_MPI_MAP_H
#define FK_MPI_MAP_H

#include "harness/models/mpi/mpi.h"

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

#endif
