/* registry.c: every kernel and model forkomp knows, by name. */
#include "harness/cli/registry.h"

#include <string.h>

extern const fk_kernel_ops_t fk_kernel_primes;
extern const fk_kernel_ops_t fk_kernel_shapefiles;

extern const fk_model_ops_t fk_model_serial, fk_model_fork, fk_model_omp, fk_model_hybrid;
extern const fk_model_ops_t fk_model_mpi, fk_model_mpi_omp;

const fk_kernel_ops_t *const fk_kernels[] = {
    &fk_kernel_primes,
    &fk_kernel_shapefiles,
    NULL,
};

const fk_model_ops_t *const fk_models[] = {
    &fk_model_serial, &fk_model_fork,    &fk_model_omp, &fk_model_hybrid,
    &fk_model_mpi,    &fk_model_mpi_omp, NULL,
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
