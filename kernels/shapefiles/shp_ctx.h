/* SPDX-License-Identifier: MIT */
/* shp_ctx.h: the shapefile kernel's context, shared by its parts (shapefiles.c: the kernel's
 * operations; shp_print.c: its lines for the user). Private to kernels/shapefiles. */
#ifndef FK_SHP_CTX_H
#define FK_SHP_CTX_H

#include <stdio.h>
#include <sys/types.h>

#include "kernels/kernel.h"
#include "kernels/shapefiles/shp_set.h"
#include "kernels/shapefiles/shp_verify.h"
#include "kernels/common/module.h"

enum { VARIANT_RAW, VARIANT_OGR };

typedef struct shp_ctx {
    int variant;
    int in_place;
    char class_label[160]; /* the CSV's class: the class name, or dir-HASH-NAME for --dir */
    char src[4096];        /* the input folder */
    char work[4096];       /* where this repetition's tasks run (src, or the harness's copy) */
    pid_t owner;           /* the run the temporary files are named for (shp_tmp.h) */
    long long owner_start; /* and its start time (proc.h) */
    int lock_fd;           /* --in-place: holds the folder's lock during a run; else -1 */
    double lock_wait_s;    /* --timeout: how long to wait for the folder's lock */
    int (*stop)(void);     /* the harness's "stop waiting": the user interrupted */
    fk_shpdir_t dir;
    fk_shpsnap_t *snaps;               /* the input as it was, one per set, for verification */
    char (*unverified)[FK_RESULT_MSG]; /* per set: why its output did not verify after a task
                                        * that succeeded (the last run's verify), or "" */
    const fk_gdal_ops_t *gdal; /* the GDAL module: verification, the ogr variant, datasets */
} shp_ctx_t;

const char *fk_shp_variant(const void *ctx);

/* File i's line; the closing summary line; both (kernel.h's print_result, print_summary and
 * print_results). */
void fk_shp_print_result(const void *ctx, size_t i, const fk_result_t *r, FILE *out);
void fk_shp_print_summary(const void *ctx, const fk_result_t *results, size_t n, FILE *out);
void fk_shp_print_results(const void *ctx, const fk_result_t *results, size_t n, FILE *out);

#endif
