#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""lab_shapefiles.py: the lab's shapefile job in Python 3, for measuring the lab's approach
beside forkomp's `shapefiles` kernel (and for `make compare`).

The lab used ArcPy; this port uses GDAL's osgeo.ogr, which Debian ships (python3-gdal):
for every shapefile of a folder, delete the TYPE and NAME fields when present, add them as
text fields, and set TYPE to the shape type (as ArcGIS names it) and NAME to the file's base
name in every feature. The files are spread over worker processes exactly as the lab does:
multiprocessing.Pool(n), pool.map(fn, files, chunksize), pool.close(), pool.join(); or, to
compare, over threads (does GDAL's Python binding let them run at once?), concurrent.futures
executors or none: the options of lab_pools.py.

Run it with /usr/bin/python3 (the interpreter that has osgeo). By default it works on a
scratch copy of the folder, made before the clock starts and removed afterwards, so the
input is never modified; --in-place updates the folder itself, as the lab did.

    /usr/bin/python3 datasets/lab/lab_shapefiles.py DIR [--workers W] [--chunksize C]
        [--serial | --pool process|thread | --executor process|thread]
        [--start fork|forkserver|spawn] [--in-place]
"""

import argparse
import os
import shutil
import struct
import sys
import tempfile
import time

import lab_pools
from osgeo import gdal, ogr

# ArcGIS's names for the .shp type codes; the Z (+10) and M (+20) variants share a name.
SHAPE_TYPES = {0: "Null", 31: "MultiPatch"}
for _code, _name in ((1, "Point"), (3, "Polyline"), (5, "Polygon"), (8, "Multipoint")):
    for _variant in (0, 10, 20):
        SHAPE_TYPES[_code + _variant] = _name


def shape_type_name(shp_path):
    """The shape type from the .shp header (what ArcPy's Describe reports)."""
    with open(shp_path, "rb") as f:
        header = f.read(100)
    code = struct.unpack("<i", header[32:36])[0]
    return SHAPE_TYPES.get(code, "Unknown")


def add_text_field(layer, name, width):
    field = ogr.FieldDefn(name, ogr.OFTString)
    field.SetWidth(width)
    if layer.CreateField(field) != 0:
        raise RuntimeError("cannot add field %s" % name)


def update_shapefile(path):
    """The lab's update_shapefiles(): delete, add, then calculate TYPE and NAME."""
    gdal.UseExceptions()
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE,
                     allowed_drivers=["ESRI Shapefile"])
    layer = ds.GetLayer(0)
    defn = layer.GetLayerDefn()
    for i in reversed(range(defn.GetFieldCount())):
        if defn.GetFieldDefn(i).GetName().upper() in ("TYPE", "NAME"):
            layer.DeleteField(i)
    name = os.path.splitext(os.path.basename(path))[0]
    add_text_field(layer, "TYPE", 10)
    add_text_field(layer, "NAME", max(1, min(254, len(name.encode("utf-8")))))
    type_name = shape_type_name(path)
    count = 0
    for feature in layer:  # CalculateField: every feature, one at a time
        feature.SetField("TYPE", type_name)
        feature.SetField("NAME", name)
        layer.SetFeature(feature)
        count += 1
    ds = None  # closing writes the headers
    return count


def list_shapefiles(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder)
                  if f.lower().endswith(".shp") and os.path.isfile(os.path.join(folder, f)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="folder of shapefiles")
    lab_pools.add_options(ap)
    ap.add_argument("--in-place", action="store_true", help="update DIR itself")
    args = ap.parse_args()
    if not os.path.isdir(args.dir):
        print("lab_shapefiles: no such folder: %s" % args.dir, file=sys.stderr)
        return 2
    work, scratch = args.dir, None
    if not args.in_place:  # the copy is made before the clock starts
        scratch = tempfile.mkdtemp(prefix="forkomp-lab-")
        work = os.path.join(scratch, "data")
        shutil.copytree(args.dir, work)
    try:
        files = list_shapefiles(work)
        if not files:
            print("lab_shapefiles: no shapefiles in %s" % args.dir, file=sys.stderr)
            return 2
        lab_pools.check_options(ap, args, len(files))
        t1 = time.time()
        counts = lab_pools.run_map(update_shapefile, files, args)
        t2 = time.time()
    except lab_pools.PoolFailed as e:
        print("%s: %s" % (lab_pools.describe(args), e))
        return 1
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    print("Updated %d shapefiles, %d features (%s)" % (len(files), sum(counts),
                                                      lab_pools.describe(args)))
    print("Time elapsed: %.4f" % (t2 - t1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
