/* SPDX-License-Identifier: MIT */
/* topo_hwloc.c: hwloc's view of the machine, reduced to what placement.h describes; built into
 * the fk-hwloc module (harness/modules/modules.h), the only code that needs libhwloc. */
#include "harness/modules/topo_hwloc.h"

#include <hwloc.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/util.h"

/* The logical index of obj's ancestor of type type, or -1 when it has none. */
static int ancestor_index(hwloc_topology_t topo, hwloc_obj_t obj, hwloc_obj_type_t type)
{
    hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(topo, type, obj);
    return a ? (int)a->logical_index : -1;
}

/* The logical index of the (first) NUMA node local to a PU; 0 when hwloc gives none. */
static int numa_index(hwloc_topology_t topo, hwloc_obj_t pu)
{
    int os = pu->nodeset ? hwloc_bitmap_first(pu->nodeset) : -1;
    hwloc_obj_t node = os >= 0 ? hwloc_get_numanode_obj_by_os_index(topo, (unsigned)os) : NULL;
    return node ? (int)node->logical_index : 0;
}

static long cache_kib(hwloc_topology_t topo, hwloc_obj_type_t type)
{
    hwloc_obj_t c = hwloc_get_obj_by_type(topo, type, 0);
    return c && c->attr ? (long)(c->attr->cache.size / 1024) : 0;
}

static int count(hwloc_topology_t topo, hwloc_obj_type_t type)
{
    int n = hwloc_get_nbobjs_by_type(topo, type);
    return n > 0 ? n : 0;
}

/* Copies what placement needs out of a loaded hwloc topology. */
static int describe(hwloc_topology_t topo, fk_topo_t *t, char *err, size_t errlen)
{
    int npus = count(topo, HWLOC_OBJ_PU), ncores = count(topo, HWLOC_OBJ_CORE);
    if (npus < 1)
        return fk_err(err, errlen, "hwloc found no processing unit");
    if (!(t->pu = calloc((size_t)npus, sizeof *t->pu)))
        return fk_err(err, errlen, "out of memory");
    t->npus = npus;
    t->ncores = ncores > 0 ? ncores : npus; /* no Core objects: each PU is its own core */
    t->npackages = count(topo, HWLOC_OBJ_PACKAGE) > 0 ? count(topo, HWLOC_OBJ_PACKAGE) : 1;
    t->nnuma = count(topo, HWLOC_OBJ_NUMANODE) > 0 ? count(topo, HWLOC_OBJ_NUMANODE) : 1;
    t->l2_kib = cache_kib(topo, HWLOC_OBJ_L2CACHE);
    t->l3_kib = cache_kib(topo, HWLOC_OBJ_L3CACHE);
    for (int i = 0; i < npus; i++) {
        hwloc_obj_t pu = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, (unsigned)i);
        int core = ncores > 0 ? ancestor_index(topo, pu, HWLOC_OBJ_CORE) : i;
        int package = ancestor_index(topo, pu, HWLOC_OBJ_PACKAGE);
        t->pu[i] = (fk_topo_pu_t){(int)pu->os_index, core < 0 ? 0 : core, package < 0 ? 0 : package,
                                  numa_index(topo, pu)};
    }
    return 0;
}

int fk_topo_hwloc_load(fk_topo_t *t, const char *xml, const char *synthetic, char *err,
                       size_t errlen)
{
    hwloc_topology_t topo;
    memset(t, 0, sizeof *t);
    /* hwloc's plugins (GL, OpenCL, PCI, libxml2) discover I/O devices forkomp never asks for;
     * dlopening them made up most of a load here (about 4 ms with them, 0.7 ms without), so
     * unless the user points HWLOC_PLUGINS_PATH somewhere, none is found while we load. The
     * variable is set only around the init: what forkomp starts (mpirun) never sees it. */
    int own_path = getenv("HWLOC_PLUGINS_PATH") == NULL;
    if (own_path)
        setenv("HWLOC_PLUGINS_PATH", "/nonexistent/forkomp-needs-no-hwloc-plugins", 1);
    int init = hwloc_topology_init(&topo);
    if (own_path)
        unsetenv("HWLOC_PLUGINS_PATH");
    if (init != 0)
        return fk_err(err, errlen, "hwloc: cannot initialise a topology");
    int rc = 0;
    /* The x86 backend binds this thread to every PU in turn to run CPUID (milliseconds per
     * load, and an affinity change in the harness); Linux's sysfs already gives the packages,
     * cores, NUMA nodes and caches. The NUMA memory details and I/O are not needed either. */
    hwloc_topology_set_components(topo, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST, "x86");
    hwloc_topology_set_io_types_filter(topo, HWLOC_TYPE_FILTER_KEEP_NONE);
    if (xml && hwloc_topology_set_xml(topo, xml) != 0)
        rc = fk_err(err, errlen, "hwloc: cannot read the XML topology %s", xml);
    else if (synthetic && hwloc_topology_set_synthetic(topo, synthetic) != 0)
        rc = fk_err(err, errlen, "hwloc: '%s' is not a synthetic topology", synthetic);
    else if (hwloc_topology_load(topo) != 0)
        rc = fk_err(err, errlen, "hwloc: cannot load the topology%s%s", xml ? " of " : "",
                    xml ? xml : "");
    else
        rc = describe(topo, t, err, errlen);
    hwloc_topology_destroy(topo);
    if (rc != 0) {
        free(t->pu);
        memset(t, 0, sizeof *t);
    }
    return rc;
}
