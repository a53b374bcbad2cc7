/* SPDX-License-Identifier: MIT */
/* shp_inplace.h: the check of a raw in-place rewrite's new .dbf before it replaces the
 * original (issue 27 N2): a file that would fail verification is never renamed over the
 * user's, which then stays byte for byte as it was. */
#ifndef FK_SHP_INPLACE_H
#define FK_SHP_INPLACE_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/shapefiles/shp_set.h"
#include "kernels/shapefiles/shp_verify.h"

/* How a rewrite that failed verification before its rename begins its message (both variants). */
#define FK_SHP_KEPT "the new file failed verification, so the original was kept as it was: "

typedef struct fk_shp_newcheck {
    const char *dir; /* the folder of the set */
    const fk_shpset_t *set;
    const fk_shpsnap_t *snap; /* the set as it was before the run */
} fk_shp_newcheck_t;

/* fk_dbf_rewrite_req_t's check, with arg a fk_shp_newcheck_t: verifies the temporary file
 * tmp_path as the run's verification would verify the .dbf after the rename. The set's .cpg
 * is copied beside it for that time (GDAL decodes a .dbf by its .cpg). 0 when right. */
int fk_shp_check_new(void *arg, const char *tmp_path, uint64_t checksum, char *why, size_t whylen);

#endif
