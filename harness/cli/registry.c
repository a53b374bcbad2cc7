/* SPDX-License-Identifier: MIT */
/* registry.c: every kernel, dataset and model forkomp knows, by name. */
#include "harness/cli/registry.h"

#include <stdio.h>
#include <string.h>

#include "harness/python/py_models.h"

extern const fk_kernel_ops_t fk_kernel_primes;
extern const fk_kernel_ops_t fk_kernel_shapefiles;
extern const fk_kernel_ops_t fk_kernel_plugin;
extern const fk_dataset_t fk_dataset_shapefiles;

extern const fk_model_ops_t fk_model_serial, fk_model_fork, fk_model_omp, fk_model_hybrid;
extern const fk_model_ops_t fk_model_mpi, fk_model_mpi_omp;
/* The test build's own model (tests/lib/model_reverse.c, in bin/forkomp-test): weak, so in
 * forkomp itself the slot is NULL and ends the table one entry early. */
extern const fk_model_ops_t fk_model_extra __attribute__((weak));

const fk_kernel_ops_t *const fk_kernels[] = {
    &fk_kernel_primes,
    &fk_kernel_shapefiles,
    &fk_kernel_plugin,
    NULL,
};

/* Which dataset prepares which kernel's input (kernels and datasets do not know each other). */
static const struct {
    const fk_kernel_ops_t *kernel;
    const fk_dataset_t *dataset;
} datasets[] = {
    {&fk_kernel_shapefiles, &fk_dataset_shapefiles},
};

const fk_model_ops_t *const fk_models[] = {
    &fk_model_serial, &fk_model_fork,    &fk_model_omp,   &fk_model_hybrid,
    &fk_model_mpi,    &fk_model_mpi_omp, &fk_model_extra, NULL,
};

const fk_kernel_ops_t *fk_find_kernel(const char *name)
{
    for (size_t i = 0; fk_kernels[i]; i++)
        if (strcmp(fk_kernels[i]->name, name) == 0)
            return fk_kernels[i];
    return NULL;
}

const fk_model_ops_t *fk_find_model(const char *name)
{
    for (size_t i = 0; fk_models[i]; i++)
        if (strcmp(fk_models[i]->name, name) == 0)
            return fk_models[i];
    return NULL;
}

const fk_dataset_t *fk_find_dataset(const fk_kernel_ops_t *kernel)
{
    for (size_t i = 0; i < sizeof datasets / sizeof datasets[0]; i++)
        if (datasets[i].kernel == kernel)
            return datasets[i].dataset;
    return NULL;
}

int fk_model_role(const char *name)
{
    const fk_model_ops_t *m = fk_find_model(name);
    return m ? m->role : fk_py_model_role(name); /* forkomp python's rows */
}

const char *fk_model_peer(const char *name)
{
    if (!fk_find_model(name))
        return fk_py_model_peer(name);
    return fk_model_role(name) == FK_ROLE_PROCESSES ? fk_model_with_role(FK_ROLE_THREADS) : NULL;
}

const char *fk_model_with_role(int role)
{
    for (size_t i = 0; fk_models[i]; i++)
        if (fk_models[i]->role == role)
            return fk_models[i]->name;
    return NULL;
}

int fk_model_rank(const char *name)
{
    for (size_t i = 0; fk_models[i]; i++)
        if (strcmp(fk_models[i]->name, name) == 0)
            return (int)i;
    return 99;
}

char *fk_model_names(char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; fk_models[i] && at < len; i++) {
        int n = snprintf(buf + at, len - at, "%s%s", i ? ", " : "", fk_models[i]->name);
        at += n > 0 ? (size_t)n : 0;
    }
    return buf;
}
