/* SPDX-License-Identifier: MIT */
/* modules.h: the harness's loadable modules, loaded with kernels/common/module.h's loader:
 *   mpi   forkomp as one rank of an MPI job (Open MPI): harness/cli/mpi/, harness/models/mpi/
 *   hwloc the machine's topology: packages, cores, NUMA nodes, caches (hwloc)
 * Their tables are the module_*.c files of this folder (the MPI module's beside its ranks'
 * code, harness/cli/mpi/module_mpi.c); kernels/ knows neither. */
#ifndef FK_MODULES_H
#define FK_MODULES_H

#include <stddef.h>

#include "kernels/common/module.h"

#define FK_MPI_PACKAGES "libopenmpi-dev openmpi-bin"
#define FK_HWLOC_PACKAGES "libhwloc-dev"

struct fk_topo;

/* fk-mpi.so (the MPI models' mpi_main.c, mpi_launch.c, mpi_map.c). */
typedef struct fk_mpi_ops {
    fk_module_head_t head;
    /* `forkomp KERNEL ...` as one rank of an MPI job (mpi.h); returns the exit code. */
    int (*rank_main)(int argc, char **argv);
} fk_mpi_ops_t;

/* fk-hwloc.so (harness/modules/topo_hwloc.c). */
typedef struct fk_hwloc_ops {
    fk_module_head_t head;
    /* Fills t (harness/base/placement.h) from an hwloc XML file, a synthetic description or,
     * both NULL, this machine; t->pu is malloc'ed. Returns 0, or -1 with a message (topo.h). */
    int (*load)(struct fk_topo *t, const char *xml, const char *synthetic, char *err,
                size_t errlen);
} fk_hwloc_ops_t;

/* The module's table, loaded on first use, or NULL with one line in err (fk_module_get). */
const fk_mpi_ops_t *fk_mpi(char *err, size_t errlen);
const fk_hwloc_ops_t *fk_hwloc(char *err, size_t errlen);

#endif
