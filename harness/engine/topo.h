/* SPDX-License-Identifier: MIT */
/* topo.h: the machine's topology from hwloc (packages, cores, PUs, NUMA nodes, caches) as the
 * plain description harness/base/placement.h works on. Loading costs milliseconds, so it
 * happens only when a command runs or describes runs (fk_context, --pin), never for --help or
 * --version. hwloc honours HWLOC_XMLFILE and HWLOC_SYNTHETIC for the system topology too,
 * which lets a 2-core machine describe (not use) a bigger one. */
#ifndef FK_TOPO_H
#define FK_TOPO_H

#include <stddef.h>

#include "harness/base/placement.h"

/* Loads a topology into t: from an hwloc XML file (xml), from an hwloc synthetic description
 * such as "pack:2 [numa] core:8 pu:2" (synthetic), or this machine's when both are NULL.
 * Returns 0, or -1 with a one-line message in err. t->pu is allocated: fk_topo_free it. */
int fk_topo_load(fk_topo_t *t, const char *xml, const char *synthetic, char *err, size_t errlen);
void fk_topo_free(fk_topo_t *t);

/* This machine, loaded on first call and kept; when hwloc cannot load it, a flat description
 * (one package, one NUMA node, one core per online CPU). Never NULL. */
const fk_topo_t *fk_topo_system(void);

/* Computes this machine's order for policy and makes it the one this process pins by
 * (fk_pin_set); FK_PIN_NONE clears it without loading anything. */
void fk_topo_pin_setup(int policy);

#endif
