/* context.h: what a reader needs to trust a number: the machine, the build, the runtime.
 * Gathered once per forkomp process (in the harness parent, which never starts OpenMP). */
#ifndef FK_CONTEXT_H
#define FK_CONTEXT_H

typedef struct fk_context {
    char host[128];
    int cpus;
    char cpu_model[128];
    char cc[64];
    char cflags[256];
    char omp_runtime[64];
    char gdal[32];
    char rev[64];
    char governor[32];
    char loadavg[32];
    char omp_env[256]; /* the OMP_* variables set, "NAME=value;..." */
} fk_context_t;

/* The context of this process, filled on first call. */
const fk_context_t *fk_context(void);
/* Refreshes the parts that change during a run (load average). */
void fk_context_refresh(void);
/* Prints Google-Benchmark-style warnings (governor, load, unoptimised build, workers > cores)
 * to stderr; max_workers is the largest worker count about to be run. */
void fk_context_warn(int max_workers);

#endif
