/* SPDX-License-Identifier: MIT */
/* topo.c: the machine's topology as the context and the pinning policies need it (see
 * topo.h). hwloc itself is in the fk-hwloc module (topo_hwloc.c), loaded on first use, so
 * bin/forkomp does not link libhwloc and its start-up does not pay for it. */
#include "harness/engine/topo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/modules/modules.h"

int fk_topo_load(fk_topo_t *t, const char *xml, const char *synthetic, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    const fk_hwloc_ops_t *hwloc = fk_hwloc(err, errlen);
    return hwloc ? hwloc->load(t, xml, synthetic, err, errlen) : -1;
}

void fk_topo_free(fk_topo_t *t)
{
    free(t->pu);
    memset(t, 0, sizeof *t);
}

/* One package, one NUMA node, one core per online CPU: what is known without hwloc. */
static void flat(fk_topo_t *t)
{
    static fk_topo_pu_t pus[1024];
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    n = n < 1 ? 1 : n > 1024 ? 1024 : n;
    for (int i = 0; i < (int)n; i++)
        pus[i] = (fk_topo_pu_t){i, i, 0, 0};
    *t = (fk_topo_t){(int)n, (int)n, 1, 1, 0, 0, pus};
}

const fk_topo_t *fk_topo_system(void)
{
    static fk_topo_t sys;
    static int ready;
    char err[256];
    if (!ready) {
        if (fk_topo_load(&sys, NULL, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "forkomp: warning: %s; assuming one core per CPU\n", err);
            flat(&sys);
        }
        ready = 1;
    }
    return &sys;
}

void fk_topo_pin_setup(int policy)
{
    if (policy == FK_PIN_NONE) {
        fk_pin_set(FK_PIN_NONE, NULL, 0);
        return;
    }
    const fk_topo_t *t = fk_topo_system();
    int *order = malloc((size_t)t->npus * sizeof *order);
    int n = order ? fk_place(t, policy, order) : -1;
    fk_pin_set(policy, order, n);
    free(order);
}
