/* SPDX-License-Identifier: MIT */
/* context.c: reads the machine and build context (see context.h). */
#include "harness/engine/context.h"

#include "harness/engine/container.h"
#include "harness/base/counters.h"

#include "harness/engine/topo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels/common/module.h"
#include "kernels/common/util.h"

#ifndef FK_GIT_REV
#define FK_GIT_REV "unknown"
#endif
#ifndef FK_CFLAGS
#define FK_CFLAGS "unknown"
#endif

extern char **environ;

static fk_context_t ctx;
static int ready;

/* The first line of a file (without its newline), or "unknown". */
static void read_line(const char *path, char *out, size_t len)
{
    FILE *f = fopen(path, "r");
    snprintf(out, len, "unknown");
    if (!f)
        return;
    if (fgets(out, (int)len, f))
        out[strcspn(out, "\n")] = '\0';
    fclose(f);
}

static void read_cpu_model(char *out, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    snprintf(out, len, "unknown");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            colon += 2;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(out, len, "%s", colon);
            break;
        }
    }
    fclose(f);
}

static void read_omp_env(char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (char **e = environ; *e; e++) {
        if (strncmp(*e, "OMP_", 4) != 0 && strncmp(*e, "GOMP_", 5) != 0)
            continue;
        int n = snprintf(out + used, len - used, "%s%s", used ? ";" : "", *e);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
}

void fk_context_refresh(void)
{
    /* GDAL's version when this process loaded GDAL (the shapefile kernel does), else
     * "unused": asking would load it, which is what a primes run must not pay for. */
    const fk_gdal_ops_t *gdal = fk_gdal_loaded() ? fk_gdal(NULL, 0) : NULL;
    snprintf(ctx.gdal, sizeof ctx.gdal, "%s", gdal ? gdal->version() : "unused");
    double load[1];
    if (getloadavg(load, 1) == 1)
        snprintf(ctx.loadavg, sizeof ctx.loadavg, "%.2f", load[0]);
    else
        snprintf(ctx.loadavg, sizeof ctx.loadavg, "unknown");
}

const fk_context_t *fk_context(void)
{
    if (ready)
        return &ctx;
    if (gethostname(ctx.machine, sizeof ctx.machine) != 0)
        snprintf(ctx.machine, sizeof ctx.machine, "unknown");
    ctx.machine[sizeof ctx.machine - 1] = '\0';
    memcpy(ctx.host, ctx.machine, sizeof ctx.host);
    ctx.cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
    read_cpu_model(ctx.cpu_model, sizeof ctx.cpu_model);
#if defined(__clang__)
    snprintf(ctx.cc, sizeof ctx.cc, "clang %s", __clang_version__);
#else
    snprintf(ctx.cc, sizeof ctx.cc, "gcc %s", __VERSION__);
#endif
    snprintf(ctx.cflags, sizeof ctx.cflags, "%s", FK_CFLAGS);
    /* _OPENMP is the spec date the compiler implements; the runtime is the one we link. */
    snprintf(ctx.omp_runtime, sizeof ctx.omp_runtime, "%s OpenMP %d",
#if defined(__clang__)
             "libomp",
#else
             "libgomp",
#endif
             _OPENMP);
    snprintf(ctx.rev, sizeof ctx.rev, "%s", FK_GIT_REV);
    read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", ctx.governor,
              sizeof ctx.governor);
    read_omp_env(ctx.omp_env, sizeof ctx.omp_env);
    snprintf(ctx.counters, sizeof ctx.counters, "%s", fk_counters_note());
    const fk_topo_t *t = fk_topo_system();
    ctx.packages = t->npackages, ctx.cores = t->ncores, ctx.pus = t->npus;
    ctx.numa_nodes = t->nnuma, ctx.l2_kib = t->l2_kib, ctx.l3_kib = t->l3_kib;
    fk_container_kind(ctx.container, sizeof ctx.container);
    fk_container_cpu_quota(ctx.cpu_quota, sizeof ctx.cpu_quota);
    fk_context_refresh();
    ready = 1;
    return &ctx;
}

int fk_context_check_label(const char *label, char *err, size_t errlen)
{
    size_t n = strlen(label);
    if (n == 0 || n > 63 ||
        strspn(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                      "0123456789._-") != n)
        return fk_err(err, errlen, "label '%.80s': use 1 to 63 letters, digits, '.', '_' or '-'",
                      label);
    return 0;
}

int fk_context_set_label(const char *label, char *err, size_t errlen)
{
    if (!label)
        return 0;
    if (fk_context_check_label(label, err, errlen) != 0)
        return -1;
    fk_context();
    snprintf(ctx.host, sizeof ctx.host, "%s", label);
    return 0;
}

/* Workers beyond the CPUs are oversubscribed; beyond the cores (unpinned), or placed on one
 * core by the --pin policy, they share SMT siblings: a core's execution units and caches. */
static void warn_placement(const fk_context_t *c, int max_workers)
{
    int policy = fk_pin_policy(), shared = 0;
    if (policy != FK_PIN_NONE && max_workers <= c->pus) {
        const fk_topo_t *t = fk_topo_system();
        int *order = malloc((size_t)t->npus * sizeof *order);
        if (order && fk_place(t, policy, order) > 0)
            shared = fk_place_shared(t, order, max_workers);
        free(order);
    } else if (max_workers > c->cores && max_workers <= c->pus) {
        shared = max_workers;
    }
    if (max_workers > c->pus)
        fprintf(stderr,
                "forkomp: note: %d workers on %d CPUs is oversubscribed (on purpose "
                "if you are studying it)\n",
                max_workers, c->pus);
    else if (shared > 0)
        fprintf(stderr,
                "forkomp: warning: %d of %d workers share a core with another (SMT siblings: "
                "%d cores, %d PUs%s%s)\n",
                shared, max_workers, c->cores, c->pus, policy ? ", --pin=" : "",
                policy ? fk_pin_name(policy) : "");
}

void fk_context_warn(int max_workers)
{
    const fk_context_t *c = fk_context();
    if (strcmp(c->governor, "performance") != 0 && strcmp(c->governor, "unknown") != 0)
        fprintf(stderr,
                "forkomp: warning: CPU frequency governor is '%s', not 'performance'; "
                "timings may vary\n",
                c->governor);
    if (atof(c->loadavg) > 0.5 * c->cpus)
        fprintf(stderr,
                "forkomp: warning: load average is %s on %d cores; other work will "
                "disturb the timings\n",
                c->loadavg, c->cpus);
    if (!strstr(c->cflags, "-O2") && !strstr(c->cflags, "-O3"))
        fprintf(stderr, "forkomp: warning: built without optimisation (%s)\n", c->cflags);
    if (strstr(c->cflags, "-fsanitize"))
        fprintf(stderr, "forkomp: warning: built with sanitizers; timings are not comparable\n");
    if (fk_container_quota_below(c->cpu_quota, c->cpus))
        fprintf(stderr,
                "forkomp: warning: the cgroup's CPU quota is %s CPUs of the %d it sees: "
                "workers beyond it wait for their turn\n",
                c->cpu_quota, c->cpus);
    if (fk_counters_missing())
        fprintf(stderr,
                "forkomp: note: some counters are not available, their columns stay "
                "empty: %s\n",
                c->counters);
    warn_placement(c, max_workers);
}
