/* SPDX-License-Identifier: MIT */
/* modules.c: the harness's modules of modules.h, each found and loaded by
 * kernels/common/module.c's loader. RTLD_GLOBAL there matters for Open MPI, which dlopens
 * its own components that expect libmpi's symbols to be global. */
#include "harness/modules/modules.h"

static fk_module_t mpi = {"mpi", "Open MPI", FK_MPI_PACKAGES, NULL};
static fk_module_t hwloc = {"hwloc", "hwloc", FK_HWLOC_PACKAGES, NULL};

const fk_mpi_ops_t *fk_mpi(char *err, size_t errlen)
{
    return fk_module_get(&mpi, err, errlen);
}

const fk_hwloc_ops_t *fk_hwloc(char *err, size_t errlen)
{
    return fk_module_get(&hwloc, err, errlen);
}
