/* SPDX-License-Identifier: MIT */
/* dataset.h: how the harness prepares a kernel's input folder from a dataset class before
 * the kernel sees it: the dataset's options (--class, --seed), and the cached, generated
 * once, atomically made folder of a class (in the dataset cache, home.h). The
 * registry says which dataset serves which kernel. */
#ifndef FK_DATASET_H
#define FK_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/common/opt.h"

typedef struct fk_dataset {
    const fk_opt_t *options; /* the dataset's options, into its parameter struct */
    size_t params_size;
    const void *defaults;
    /* The folder of the class the options ask for, in dir, and its class name; returns
     * FK_EXIT_OK (*class_name NULL when no class was asked for: the kernel's own options
     * say where its input is), or an exit code with a message in err. */
    int (*prepare)(const void *params, char *dir, size_t dirlen, const char **class_name, char *err,
                   size_t errlen);
} fk_dataset_t;

/* The cached folder of a shapefile class in fk_cache_dir() (kernels/common/home.h;
 * CLASS-seedN, or real), generated (or fetched) once when missing, in a supervised child and
 * renamed into place, so that concurrent or interrupted runs never see half a class. Returns 0 with
 * the folder in path; -2 when the class must be generated and the GDAL module cannot be
 * loaded, -1 on any other failure, with err. */
int fk_dataset_cached(const char *class_name, uint64_t seed, char *path, size_t pathlen, char *err,
                      size_t errlen);

/* 1 when this forkomp can produce the class: GDAL writes the generated ones, so the GDAL
 * module must load (else 0, with why in err); real is fetched. Asked before anything is
 * printed or made, so a missing module is one usage error. */
int fk_dataset_producible(const char *class_name, char *err, size_t errlen);

/* Produces a class into dir the same way; merge: dir may exist with other files (forkomp gen
 * --out), the new files are moved in one by one. Returns 0 or -1 with err. */
int fk_dataset_produce(const char *class_name, uint64_t seed, const char *dir, int merge, char *err,
                       size_t errlen);

#endif
