/* SPDX-License-Identifier: MIT */
/* registry.h: the tables of kernels, their datasets and models; adding one is a line in
 * registry.c. Help texts, error lists and defaults are generated from these tables. */
#ifndef FK_REGISTRY_H
#define FK_REGISTRY_H

#include <stddef.h>

#include "harness/engine/dataset.h"
#include "harness/models/model.h"
#include "kernels/kernel.h"

const fk_kernel_ops_t *fk_find_kernel(const char *name);
const fk_model_ops_t *fk_find_model(const char *name);
/* The dataset that prepares a kernel's input folder, or NULL (the kernel has none). */
const fk_dataset_t *fk_find_dataset(const fk_kernel_ops_t *kernel);

/* "serial, fork, ..." (every registered model), into buf. Returns buf. */
char *fk_model_names(char *buf, size_t len);

/* NULL-terminated tables, for help texts. */
extern const fk_kernel_ops_t *const fk_kernels[];
extern const fk_model_ops_t *const fk_models[];

#endif
