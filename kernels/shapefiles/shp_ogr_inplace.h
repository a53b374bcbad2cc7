/* SPDX-License-Identifier: MIT */
/* shp_ogr_inplace.h: the ogr variant with --in-place (issue 27 N2): GDAL/OGR never writes the
 * user's files. It runs on a private copy of the set in a temporary folder beside it (same
 * filesystem, so the rename is atomic), ".BASE.fk-tmp-PID-START-XXXXXX" as shp_tmp.h names
 * temporary files; the copy's new .dbf is verified as the run's verification would verify
 * the original (the other fields' values, TYPE and NAME read back by shapelib and GDAL, and
 * the .shp/.shx left as they were), gets the original's mode, owner and extended
 * attributes, and only then is renamed over the original .dbf. */
#ifndef FK_SHP_OGR_INPLACE_H
#define FK_SHP_OGR_INPLACE_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/shapefiles/shp_ctx.h"

/* The ogr variant on set s of c->work in place, its checks chk passed; call it holding the
 * .dbf's locks (fk_shp_claim_file) and close them after. Returns 0 (any GDAL warning in
 * warn) or -1 with the reason in err, the set as it was and the temporary folder removed. */
int fk_shp_ogr_in_place(const shp_ctx_t *c, const fk_shpset_t *s, const fk_shpcheck_t *chk,
                        uint64_t *features, char *warn, size_t warnlen, char *err, size_t errlen);

#endif
