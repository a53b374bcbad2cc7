/* SPDX-License-Identifier: MIT */
/* workdir.h: the folder a file-changing kernel works in for one run: a fresh scratch copy of
 * the files it names (kernels/kernel.h, fk_workset_t), made before the clock starts and
 * removed after the run, or its input itself when it works in place. Every run path (the
 * harness's measurements, the MPI launcher path) goes through these two calls. */
#ifndef FK_WORKDIR_H
#define FK_WORKDIR_H

#include <stddef.h>
#include <stdio.h>

#include "kernels/kernel.h"

/* The run's process has the scratch folder in this variable, for workers the harness does
 * not fork (MPI ranks started by mpirun), which must be told where to work. */
#define FK_WORKDIR_ENV "FORKOMP_WORKDIR"

typedef struct fk_workdir {
    char path[4096]; /* where the run works; "" for kernels that change no file */
    int scratch;     /* path is a scratch folder to remove */
} fk_workdir_t;

/* Makes the run's folder and points the kernel's context at it. Returns 0, or -1 with a
 * message in err (nothing left behind). */
int fk_workdir_setup(const fk_kernel_ops_t *k, void *ctx, fk_workdir_t *w, char *err,
                     size_t errlen);
/* After the run: the kernel's own teardown, then the scratch folder goes. */
void fk_workdir_teardown(const fk_kernel_ops_t *k, void *ctx, fk_workdir_t *w);

/* Removes the scratch folders in $TMPDIR (or /tmp) that are this user's and whose run is gone
 * (killed with SIGKILL, it could not remove them): its pid is not alive, or now belongs to a
 * process that started at another time. One line each to note (NULL: none). Returns how
 * many. Folders of live runs, of other users and of older names are left alone. */
int fk_workdir_remove_stale(FILE *note);

/* 1 when the kernel works on its real input (one run only: it is the tool, not a benchmark). */
int fk_workdir_in_place(const fk_kernel_ops_t *k, const void *ctx);

#endif
