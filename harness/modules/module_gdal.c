/* SPDX-License-Identifier: MIT */
/* module_gdal.c: the table of the GDAL module, fk-gdal.so (kernels/common/module.h): the
 * entry points of the code that needs libgdal, which bin/forkomp itself does not link. */
#include <gdal.h>

#include "datasets/shapefiles/gen.h"
#include "kernels/common/module.h"
#include "kernels/shapefiles/shp_ogr.h"
#include "kernels/shapefiles/shp_verify.h"

static const char *gdal_version(void)
{
    return GDALVersionInfo("RELEASE_NAME");
}

const fk_gdal_ops_t fk_module_gdal = {
    .head = {FK_MODULE_ABI, "gdal"},
    .version = gdal_version,
    .init = fk_shp_ogr_init,
    .ogr_update = fk_shp_ogr_update,
    .read_back = fk_shp_gdal_read_back,
    .gen_write = fk_gen_write_gdal,
};
