/* SPDX-License-Identifier: MIT */
/* shp_ogr.h: the `ogr` variant: the lab's sequence through GDAL's OGR C API (open for
 * update, delete TYPE/NAME, create them, set both on every feature with SetFeature), with
 * the options that make it as safe as OGR allows. Kept beside `raw` because the difference
 * in cost and in fidelity is part of what the suite teaches. */
#ifndef FK_SHP_OGR_H
#define FK_SHP_OGR_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/shapefiles/shp_set.h"

/* Registers GDAL's drivers; call once in the single-threaded parent, before any fork. */
void fk_shp_ogr_init(void);

/* Updates the shapefile s in dir after its checks c passed. Returns 0 (with any GDAL warning
 * in warn) or -1 with the reason in err. *features is the number of features set. */
int fk_shp_ogr_update(const char *dir, const fk_shpset_t *s, const fk_shpcheck_t *c,
                      uint64_t *features, char *warn, size_t warnlen, char *err, size_t errlen);

#endif
