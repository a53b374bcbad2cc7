/* SPDX-License-Identifier: MIT */
/* topo_hwloc.h: the loader inside the fk-hwloc module (topo_hwloc.c); everything else calls
 * fk_topo_load (topo.h), which loads the module first. */
#ifndef FK_TOPO_HWLOC_H
#define FK_TOPO_HWLOC_H

#include <stddef.h>

#include "harness/base/placement.h"

/* fk_topo_load's work (topo.h): t is zeroed by the caller; on failure t->pu is NULL. */
int fk_topo_hwloc_load(fk_topo_t *t, const char *xml, const char *synthetic, char *err,
                       size_t errlen);

#endif
