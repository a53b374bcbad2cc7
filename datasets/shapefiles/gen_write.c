/* SPDX-License-Identifier: MIT */
/* gen_write.c (in the GDAL module, fk-gdal.so): writes one synthetic shapefile with GDAL: a
 * geometry of the spec's kind per record (Z and M variants included, polygons wound as the format
 * wants, closed rings closed exactly) and the common attribute fields, one of each dBASE type: C
 * (label), N integer (id), N with decimals (value), F (ratio), D (day), L (flag), plus on "clash"
 * files a numeric `type` and a text `Name` that the job must replace. GDAL 3.6 writes
 * reals as N and booleans as N, so F and L are patched into the header afterwards. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "kernels/common/util.h"
#include "datasets/shapefiles/gen.h"

typedef struct kind {
    int base; /* 1 point, 3 line, 5 polygon, 8 multipoint, 31 multipatch */
    int z, m;
} kind_t;

static const kind_t kinds[FK_GEN_NKINDS] = {
    [FK_GEN_POINT] = {1, 0, 0},       [FK_GEN_POLYLINE] = {3, 0, 0},
    [FK_GEN_POLYGON] = {5, 0, 0},     [FK_GEN_MULTIPOINT] = {8, 0, 0},
    [FK_GEN_POINTZ] = {1, 1, 1},      [FK_GEN_POLYLINEM] = {3, 0, 1},
    [FK_GEN_POLYGONZ] = {5, 1, 1},    [FK_GEN_MULTIPATCH] = {31, 1, 0},
    [FK_GEN_MULTIPOINTM] = {8, 0, 1}, [FK_GEN_POINTM] = {1, 0, 1},
    [FK_GEN_POLYLINEZ] = {3, 1, 1},   [FK_GEN_POLYGONM] = {5, 0, 1},
    [FK_GEN_POLYGON25D] = {5, 1, 0},
};

static OGRwkbGeometryType with_dims(OGRwkbGeometryType t, const kind_t *k)
{
    return OGR_GT_SetModifier(t, k->z, k->m);
}

/* The layer's geometry type: the base's with the kind's Z and M (Z alone is the old 2.5D
 * code, wkbPolygon25D); a MultiPatch layer has none that GDAL names. */
static OGRwkbGeometryType layer_type(const kind_t *k)
{
    switch (k->base) {
    case 1:
        return with_dims(wkbPoint, k);
    case 3:
        return with_dims(wkbLineString, k);
    case 5:
        return with_dims(wkbPolygon, k);
    case 8:
        return with_dims(wkbMultiPoint, k);
    default:
        return wkbUnknown;
    }
}

static void add_pt(OGRGeometryH g, const kind_t *k, double x, double y, double z, double m)
{
    if (k->z && k->m)
        OGR_G_AddPointZM(g, x, y, z, m);
    else if (k->z)
        OGR_G_AddPoint(g, x, y, z);
    else if (k->m)
        OGR_G_AddPointM(g, x, y, m);
    else
        OGR_G_AddPoint_2D(g, x, y);
}

static void add_random_pt(OGRGeometryH g, const kind_t *k, fk_rng_t *r, double x, double y)
{
    double z = fk_rng_range(r, 0, 100), m = fk_rng_range(r, 0, 1000);
    add_pt(g, k, x, y, z, m);
}

/* A closed ring of n vertices around (cx, cy), clockwise or not (outer rings of shapefile
 * polygons are clockwise, holes counter-clockwise). */
static OGRGeometryH make_ring(const kind_t *k, fk_rng_t *r, double cx, double cy, double rad, int n,
                              int clockwise)
{
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    double x0 = 0, y0 = 0, z0 = 0, m0 = 0;
    for (int j = 0; j < n; j++) {
        double a = 2 * M_PI * j / n * (clockwise ? -1 : 1);
        double rr = rad * fk_rng_range(r, 0.7, 1.0);
        double x = cx + rr * cos(a), y = cy + rr * sin(a);
        double z = fk_rng_range(r, 0, 100), m = fk_rng_range(r, 0, 1000);
        if (j == 0) {
            x0 = x, y0 = y, z0 = z, m0 = m;
        }
        add_pt(ring, k, x, y, z, m);
    }
    add_pt(ring, k, x0, y0, z0, m0);
    return ring;
}

static OGRGeometryH make_polygon(const kind_t *k, fk_rng_t *r, double cx, double cy)
{
    OGRGeometryH poly = OGR_G_CreateGeometry(with_dims(wkbPolygon, k));
    double rad = fk_rng_range(r, 0.01, 0.5);
    OGR_G_AddGeometryDirectly(poly, make_ring(k, r, cx, cy, rad, 5 + (int)fk_rng_below(r, 6), 1));
    if (fk_rng_below(r, 4) == 0) /* a hole, inside the outer ring's smallest radius */
        OGR_G_AddGeometryDirectly(poly, make_ring(k, r, cx, cy, rad * 0.3, 4, 0));
    return poly;
}

static OGRGeometryH make_polyline(const kind_t *k, fk_rng_t *r, double cx, double cy)
{
    OGRGeometryH ml = OGR_G_CreateGeometry(with_dims(wkbMultiLineString, k));
    int parts = 1 + (int)fk_rng_below(r, 2);
    for (int p = 0; p < parts; p++) {
        OGRGeometryH ls = OGR_G_CreateGeometry(with_dims(wkbLineString, k));
        double x = cx, y = cy;
        for (int v = 2 + (int)fk_rng_below(r, 5); v > 0; v--) {
            add_random_pt(ls, k, r, x, y);
            x += fk_rng_range(r, -0.1, 0.1);
            y += fk_rng_range(r, -0.1, 0.1);
        }
        OGR_G_AddGeometryDirectly(ml, ls);
    }
    return ml;
}

static OGRGeometryH make_multipoint(const kind_t *k, fk_rng_t *r, double cx, double cy)
{
    OGRGeometryH mp = OGR_G_CreateGeometry(with_dims(wkbMultiPoint, k));
    for (int n = 2 + (int)fk_rng_below(r, 4); n > 0; n--) {
        OGRGeometryH pt = OGR_G_CreateGeometry(with_dims(wkbPoint, k));
        add_random_pt(pt, k, r, cx + fk_rng_range(r, -0.2, 0.2), cy + fk_rng_range(r, -0.2, 0.2));
        OGR_G_AddGeometryDirectly(mp, pt);
    }
    return mp;
}

/* A MultiPatch as a TIN of one to three triangles. */
static OGRGeometryH make_patch(const kind_t *k, fk_rng_t *r, double cx, double cy)
{
    OGRGeometryH tin = OGR_G_CreateGeometry(wkbTINZ);
    for (int t = 1 + (int)fk_rng_below(r, 3); t > 0; t--) {
        OGRGeometryH tri = OGR_G_CreateGeometry(wkbTriangleZ);
        OGR_G_AddGeometryDirectly(tri, make_ring(k, r, cx, cy, fk_rng_range(r, 0.01, 0.2), 3, 1));
        OGR_G_AddGeometryDirectly(tin, tri);
    }
    return tin;
}

static OGRGeometryH make_geometry(int kind, fk_rng_t *r)
{
    const kind_t *k = &kinds[kind];
    double cx = fk_rng_range(r, -170, 170), cy = fk_rng_range(r, -80, 80);
    switch (k->base) {
    case 1: {
        OGRGeometryH pt = OGR_G_CreateGeometry(layer_type(k));
        add_random_pt(pt, k, r, cx, cy);
        return pt;
    }
    case 3:
        return make_polyline(k, r, cx, cy);
    case 5:
        return make_polygon(k, r, cx, cy);
    case 8:
        return make_multipoint(k, r, cx, cy);
    default:
        return make_patch(k, r, cx, cy);
    }
}

/* Field indices of the common fields (-1 when a file lacks one). */
typedef struct fields {
    int id, label, type, value, ratio, name, day, flag;
} fields_t;

static int add_field(OGRLayerH lyr, const char *name, OGRFieldType t, int width, int prec)
{
    OGRFieldDefnH f = OGR_Fld_Create(name, t);
    if (width > 0)
        OGR_Fld_SetWidth(f, width);
    OGR_Fld_SetPrecision(f, prec);
    OGRErr e = OGR_L_CreateField(lyr, f, FALSE);
    OGR_Fld_Destroy(f);
    return e == OGRERR_NONE ? OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(lyr)) - 1 : -1;
}

static int create_fields(OGRLayerH lyr, int clash, fields_t *fi)
{
    fi->type = fi->name = -1;
    fi->id = add_field(lyr, "id", OFTInteger, 10, 0);
    fi->label = add_field(lyr, "label", OFTString, 24, 0);
    if (clash)
        fi->type = add_field(lyr, "type", OFTInteger, 4, 0);
    fi->value = add_field(lyr, "value", OFTReal, 12, 3);
    fi->ratio = add_field(lyr, "ratio", OFTReal, 19, 11); /* patched to F */
    if (clash)
        fi->name = add_field(lyr, "Name", OFTString, 8, 0);
    fi->day = add_field(lyr, "day", OFTDate, 0, 0);
    fi->flag = add_field(lyr, "flag", OFTString, 1, 0); /* patched to L */
    return fi->id < 0 || fi->label < 0 || fi->value < 0 || fi->ratio < 0 || fi->day < 0 ||
                   fi->flag < 0 || (clash && (fi->type < 0 || fi->name < 0))
               ? -1
               : 0;
}

static const char *const words[] = {"river", "Bäckerei", "Straße", "côte",   "Zürich", "harbour",
                                    "ridge", "São",      "fjord",  "église", "mill",   "Ñandú"};
static const char *const old_names[] = {"old", "legacy", "x1", "tmp", "A-12", "n/a"};

static void set_values(OGRFeatureH f, const fields_t *fi, fk_rng_t *r, uint32_t i)
{
    char label[32];
    snprintf(label, sizeof label, "%s %u", words[fk_rng_below(r, 12)], fk_rng_below(r, 1000));
    OGR_F_SetFieldInteger(f, fi->id, (int)i + 1);
    OGR_F_SetFieldString(f, fi->label, label);
    if (fi->type >= 0)
        OGR_F_SetFieldInteger(f, fi->type, (int)fk_rng_below(r, 100));
    double v = round(fk_rng_range(r, -1e6, 1e6) * 1000) / 1000;
    if (fk_rng_below(r, 50) == 0)
        OGR_F_SetFieldNull(f, fi->value); /* shapelib writes a null number as asterisks */
    else
        OGR_F_SetFieldDouble(f, fi->value, v);
    OGR_F_SetFieldDouble(f, fi->ratio, fk_rng_unit(r));
    if (fi->name >= 0)
        OGR_F_SetFieldString(f, fi->name, old_names[fk_rng_below(r, 6)]);
    OGR_F_SetFieldDateTime(f, fi->day, 1990 + (int)fk_rng_below(r, 35),
                           1 + (int)fk_rng_below(r, 12), 1 + (int)fk_rng_below(r, 28), 0, 0, 0, 0);
    OGR_F_SetFieldString(f, fi->flag, fk_rng_below(r, 2) ? "T" : "F");
}

static int write_features(OGRLayerH lyr, const fk_gen_spec_t *spec, const fields_t *fi)
{
    fk_rng_t r;
    fk_rng_seed(&r, spec->seed, 0);
    for (uint32_t i = 0; i < spec->records; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        set_values(f, fi, &r, i);
        OGRGeometryH g = make_geometry(spec->kind, &r); /* drawn always: same values */
        if (spec->nogeom)
            OGR_G_DestroyGeometry(g);
        else
            OGR_F_SetGeometryDirectly(f, g);
        OGRErr e = OGR_L_CreateFeature(lyr, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return -1;
    }
    return 0;
}

static OGRLayerH create_layer(GDALDatasetH ds, const fk_gen_spec_t *spec)
{
    const char *enc = spec->encoding == FK_GEN_ENC_LDID87 ? "ENCODING=LDID/87" : "ENCODING=UTF-8";
    const char *opts[] = {enc, "DBF_DATE_LAST_UPDATE=2020-01-01", NULL, NULL};
    if (spec->kind == FK_GEN_MULTIPATCH)
        opts[2] = "SHPT=MULTIPATCH";
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(srs, "WGS84");
    OGRLayerH lyr =
        GDALDatasetCreateLayer(ds, spec->name, srs, layer_type(&kinds[spec->kind]), (char **)opts);
    OSRRelease(srs);
    return lyr;
}

static int write_dataset(const char *path, const fk_gen_spec_t *spec, char *err, size_t errlen)
{
    GDALDriverH drv = GDALGetDriverByName("ESRI Shapefile");
    GDALDatasetH ds = drv ? GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!ds)
        return fk_err(err, errlen, "GDAL cannot create %s: %s", path, CPLGetLastErrorMsg());
    fields_t fi;
    OGRLayerH lyr = create_layer(ds, spec);
    int rc = 0;
    if (!lyr || create_fields(lyr, spec->clash, &fi) != 0 || write_features(lyr, spec, &fi) != 0)
        rc = fk_err(err, errlen, "GDAL failed writing %s: %s", path, CPLGetLastErrorMsg());
    GDALClose(ds);
    return rc;
}

int fk_gen_write_gdal(const char *dir, const fk_gen_spec_t *spec, char *err, size_t errlen)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s.shp", dir, spec->name) >= (int)sizeof path)
        return fk_err(err, errlen, "path too long");
    /* Rewinding is what the format wants and our rings already are; say so explicitly so a
     * thread-local setting elsewhere cannot change the bytes. */
    CPLSetThreadLocalConfigOption("SHAPE_REWIND_ON_WRITE", "YES");
    int rc = write_dataset(path, spec, err, errlen);
    CPLSetThreadLocalConfigOption("SHAPE_REWIND_ON_WRITE", NULL);
    if (rc != 0)
        return -1;
    snprintf(path, sizeof path, "%s/%s.dbf", dir, spec->name);
    if (fk_gen_patch_field_type(path, "ratio", 'F') != 0 ||
        fk_gen_patch_field_type(path, "flag", 'L') != 0)
        return fk_err(err, errlen, "cannot patch the field types of %s", path);
    snprintf(path, sizeof path, "%s/%s.cpg", dir, spec->name);
    if (spec->encoding == FK_GEN_ENC_NONE && unlink(path) != 0 && errno != ENOENT)
        return fk_err(err, errlen, "cannot remove %s: %s", path, strerror(errno));
    return 0;
}
