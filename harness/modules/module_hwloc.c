/* SPDX-License-Identifier: MIT */
/* module_hwloc.c: the table of the hwloc module, fk-hwloc.so (harness/modules/modules.h): the
 * machine's topology, the only code that needs libhwloc, which bin/forkomp does not link. */
#include "harness/modules/topo_hwloc.h"
#include "harness/modules/modules.h"

const fk_hwloc_ops_t fk_module_hwloc = {
    .head = {FK_MODULE_ABI, "hwloc"},
    .load = fk_topo_hwloc_load,
};
