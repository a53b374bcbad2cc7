/* SPDX-License-Identifier: MIT */
/* shp_ogr.c (in the GDAL module, fk-gdal.so): the `ogr` variant of shp_ogr.h. Safety measures, each
 * against a known trap: ADJUST_GEOM_TYPE=NO (else an M file whose first shape has no M loses its
 * later M values), bApproxOK=FALSE (else a clash silently becomes TYPE_1), GDAL_OF_VERBOSE_ERROR,
 * the .dbf must be in GDALGetFileList (else GDAL opened the set without a corrupt .dbf and
 * CreateField would create a new one over it), SHAPE_REWIND_ON_WRITE=NO for this thread only, and
 * the .dbf's own date kept through DBF_DATE_LAST_UPDATE so runs are comparable byte for byte.
 * Errors go to a per-thread handler: handles and error state are never shared. */
#include "kernels/shapefiles/shp_ogr.h"

#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>

#include "kernels/common/util.h"

typedef struct errcap {
    char first[160]; /* the first warning or error GDAL raised */
    int failures;    /* CE_Failure or worse */
} errcap_t;

static void CPL_STDCALL capture(CPLErr cls, CPLErrorNum no, const char *msg)
{
    (void)no;
    errcap_t *cap = CPLGetErrorHandlerUserData();
    if (cls < CE_Warning || !cap)
        return;
    if (!cap->first[0] || (cls >= CE_Failure && cap->failures == 0))
        snprintf(cap->first, sizeof cap->first, "%s", msg);
    if (cls >= CE_Failure)
        cap->failures++;
}

void fk_shp_ogr_init(void)
{
    GDALAllRegister();
}

static GDALDatasetH open_update(const char *path, const fk_dbf_header_t *dbf)
{
    char date[64];
    snprintf(date, sizeof date, "DBF_DATE_LAST_UPDATE=%04d-%02d-%02d", dbf->year, dbf->month,
             dbf->day);
    const char *const drivers[] = {"ESRI Shapefile", NULL};
    const char *const options[] = {"ADJUST_GEOM_TYPE=NO", date, NULL};
    return GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR, drivers,
                      options, NULL);
}

/* 1 when GDAL opened the .dbf we see on disk (a corrupt one is silently left out). */
static int dbf_in_file_list(GDALDatasetH ds, const char *dbf_name)
{
    char **files = GDALGetFileList(ds);
    int found = 0;
    for (char **f = files; f && *f && !found; f++)
        found = strcmp(CPLGetFilename(*f), dbf_name) == 0;
    CSLDestroy(files);
    return found;
}

static int add_text_field(OGRLayerH lyr, const char *name, int width)
{
    OGRFieldDefnH f = OGR_Fld_Create(name, OFTString);
    OGR_Fld_SetWidth(f, width);
    OGRErr e = OGR_L_CreateField(lyr, f, FALSE);
    OGR_Fld_Destroy(f);
    return e == OGRERR_NONE ? 0 : -1;
}

/* Deletes every TYPE/NAME field, then adds TYPE and NAME as text. */
static int replace_fields(OGRLayerH lyr, int name_width, char *err, size_t errlen)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    for (int i = OGR_FD_GetFieldCount(defn) - 1; i >= 0; i--) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
        if (fk_dbf_is_replaced(name) && OGR_L_DeleteField(lyr, i) != OGRERR_NONE)
            return fk_err(err, errlen, "OGR_L_DeleteField(%s) failed", name);
    }
    if (add_text_field(lyr, "TYPE", 10) != 0 || add_text_field(lyr, "NAME", name_width) != 0)
        return fk_err(err, errlen, "OGR_L_CreateField failed");
    return 0;
}

/* Sets TYPE and NAME on every feature and writes each back with SetFeature. */
static int set_all(OGRLayerH lyr, const char *type, const char *name, const errcap_t *cap,
                   uint64_t *n, char *err, size_t errlen)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int ti = OGR_FD_GetFieldIndex(defn, "TYPE"), ni = OGR_FD_GetFieldIndex(defn, "NAME");
    if (ti < 0 || ni < 0)
        return fk_err(err, errlen, "TYPE/NAME missing after CreateField");
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGR_F_SetFieldString(f, ti, type);
        OGR_F_SetFieldString(f, ni, name);
        OGRErr e = OGR_L_SetFeature(lyr, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE || cap->failures)
            return fk_err(err, errlen, "SetFeature failed at feature %llu", (unsigned long long)*n);
        ++*n;
    }
    if (cap->failures) /* e.g. a truncated .shp record read back as an error */
        return fk_err(err, errlen, "reading failed after %llu features", (unsigned long long)*n);
    return 0;
}

static int update_open(GDALDatasetH ds, const fk_shpset_t *s, const fk_shpcheck_t *c,
                       const errcap_t *cap, uint64_t *features, char *err, size_t errlen)
{
    if (!dbf_in_file_list(ds, s->dbf))
        return fk_err(err, errlen, "GDAL opened the set without %s (corrupt?); not written",
                      s->dbf);
    if (GDALDatasetGetLayerCount(ds) != 1)
        return fk_err(err, errlen, "GDAL sees %d layers, expected 1", GDALDatasetGetLayerCount(ds));
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    int width = c->name.len > 0 ? (int)c->name.len : 1;
    if (replace_fields(lyr, width, err, errlen) != 0)
        return -1;
    return set_all(lyr, c->type_name, c->name_utf8, cap, features, err, errlen);
}

int fk_shp_ogr_update(const char *dir, const fk_shpset_t *s, const fk_shpcheck_t *c,
                      uint64_t *features, char *warn, size_t warnlen, char *err, size_t errlen)
{
    char path[4096];
    *features = 0;
    if (warnlen > 0)
        warn[0] = '\0';
    if (!fk_shp_path(path, sizeof path, dir, s->shp))
        return fk_err(err, errlen, "path too long");
    errcap_t cap = {{0}, 0};
    CPLPushErrorHandlerEx(capture, &cap);
    CPLSetThreadLocalConfigOption("SHAPE_REWIND_ON_WRITE", "NO");
    CPLErrorReset();
    int rc = -1;
    GDALDatasetH ds = open_update(path, &c->dbf);
    if (!ds)
        fk_err(err, errlen, "GDAL cannot open it for update");
    else
        rc = update_open(ds, s, c, &cap, features, err, errlen);
    if (ds)
        GDALClose(ds); /* writes the headers; errors show up in cap */
    if (rc == 0 && cap.failures)
        rc = fk_err(err, errlen, "GDAL failed while closing");
    CPLSetThreadLocalConfigOption("SHAPE_REWIND_ON_WRITE", NULL);
    CPLPopErrorHandler();
    if (rc != 0 && cap.first[0]) { /* append GDAL's own words */
        size_t n = strlen(err);
        snprintf(err + n, errlen > n ? errlen - n : 0, ": %s", cap.first);
    } else if (rc == 0 && cap.first[0]) {
        snprintf(warn, warnlen, "GDAL warning: %s", cap.first);
    }
    return rc;
}
