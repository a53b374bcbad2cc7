/* SPDX-License-Identifier: MIT */
/* kernel_cmd.h: the command line of a kernel command (`forkomp primes ...`), shared by the
 * harness's runner and by MPI ranks, which parse the same words: the kernel's options, its
 * dataset's (when the registry pairs one with it) and the run options, each into its own
 * struct; then the dataset's folder and the kernel's context, prepared outside any clock. */
#ifndef FK_KERNEL_CMD_H
#define FK_KERNEL_CMD_H

#include <stddef.h>

#include "harness/base/opts.h"
#include "harness/engine/dataset.h"
#include "kernels/kernel.h"

typedef struct fk_kernel_cmd {
    const fk_kernel_ops_t *kernel;
    const fk_dataset_t *dataset; /* NULL: the kernel has none */
    void *kparams, *dparams;     /* the kernel's and the dataset's parameters */
    fk_opts_t opts;              /* how to run */
    int help;                    /* --help was given */
    char dir[4096];              /* the dataset's folder, when it prepared one */
    char **words;                /* argv with the kernel's positional word made an option */
    char flag[64];               /* that option, "--lib" */
} fk_kernel_cmd_t;

/* Parses argv[0..argc), argv[0] the kernel's name. Returns FK_EXIT_OK, FK_EXIT_USAGE with a
 * one-line message in err, or FK_EXIT_FAIL (out of memory). */
int fk_kernel_cmd_parse(fk_kernel_cmd_t *c, int argc, char **argv, char *err, size_t errlen);

/* The dataset's folder, then the kernel's prepare. A warning from prepare is printed unless
 * --quiet. Returns an exit code, with a message in err when it is not FK_EXIT_OK. */
int fk_kernel_cmd_prepare(fk_kernel_cmd_t *c, void **ctx, size_t *ntasks, char *err, size_t errlen);

/* `forkomp KERNEL --help`, from the tables and the registry. */
void fk_kernel_cmd_help(const fk_kernel_cmd_t *c);

void fk_kernel_cmd_free(fk_kernel_cmd_t *c);

#endif
