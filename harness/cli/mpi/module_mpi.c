/* SPDX-License-Identifier: MIT */
/* module_mpi.c: the table of the MPI module, fk-mpi.so (harness/modules/modules.h): forkomp as
 * one rank of an MPI job, the only code that needs libmpi, which bin/forkomp itself does not
 * link. */
#include "harness/cli/mpi/mpi_rank.h"
#include "harness/modules/modules.h"

const fk_mpi_ops_t fk_module_mpi = {
    .head = {FK_MODULE_ABI, "mpi"},
    .rank_main = fk_cmd_mpi,
};
