/* SPDX-License-Identifier: MIT */
/* shp_readback.c (in the GDAL module, fk-gdal.so): the part of verification that reads the
 * output back with GDAL, the library the lab's readers use (shp_verify.h). */
#include <stdio.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include "kernels/common/util.h"
#include "kernels/shapefiles/shp_verify.h"

/* 1 when GDAL reads the fields and the first feature's TYPE and NAME as expected. */
int fk_shp_gdal_read_back(const char *shp_path, const fk_shpsnap_t *snap, char *why, size_t whylen)
{
    const char *const drivers[] = {"ESRI Shapefile", NULL};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(shp_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    int ok = 0;
    OGRLayerH lyr = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    if (!lyr) {
        fk_err(why, whylen, "GDAL cannot open the output");
    } else if (OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(lyr)) != snap->nkept + 2) {
        fk_err(why, whylen, "GDAL sees %d fields, want %d",
               OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(lyr)), snap->nkept + 2);
    } else {
        OGRFeatureH f = OGR_L_GetNextFeature(lyr);
        int ti = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), "TYPE");
        int ni = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), "NAME");
        char name[sizeof snap->name_utf8];
        snprintf(name, sizeof name, "%s", snap->name_utf8);
        for (size_t n = strlen(name); n > 0 && name[n - 1] == ' '; n--)
            name[n - 1] = '\0'; /* readers drop the padding, and so a trailing space */
        ok = !f || (strcmp(OGR_F_GetFieldAsString(f, ti), snap->type_name) == 0 &&
                    strcmp(OGR_F_GetFieldAsString(f, ni), name) == 0);
        if (!ok)
            fk_err(why, whylen, "GDAL reads TYPE '%s' NAME '%s', want '%s' '%s'",
                   OGR_F_GetFieldAsString(f, ti), OGR_F_GetFieldAsString(f, ni), snap->type_name,
                   name);
        if (f)
            OGR_F_Destroy(f);
    }
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return ok;
}
