/* registry.h: the tables of kernels and models; adding one is a line in registry.c. */
#ifndef FK_REGISTRY_H
#define FK_REGISTRY_H

#include "kernels/kernel.h"
#include "harness/models/model.h"

const fk_kernel_ops_t *fk_find_kernel(const char *name);
const fk_model_ops_t *fk_find_model(const char *name);

/* NULL-terminated tables, for help texts. */
extern const fk_kernel_ops_t *const fk_kernels[];
extern const fk_model_ops_t *const fk_models[];

#endif
