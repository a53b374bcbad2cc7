# SPDX-License-Identifier: MIT
"""shapefile_fields.py: the lab's shapefile job (datasets/lab/lab_shapefiles.py, GDAL's
Python bindings, python3-gdal) as a function for `forkomp python` whose result says what a
reader sees afterwards: the lab's update_shapefile() returns only the features it counted,
which would let a model that wrote the wrong TYPE or NAME pass the check against serial. It
changes each shapefile in place, as the lab's script does: give it copies.

    forkomp gen --class S --out /tmp/shp && ls /tmp/shp/*.shp > /tmp/shp.txt
    forkomp python docs/examples/shapefile_fields.py:update_and_read \
        --inputs-file /tmp/shp.txt --python /usr/bin/python3
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "datasets", "lab"))
import lab_shapefiles  # noqa: E402 (found through the line above)
from osgeo import ogr  # noqa: E402


def update_and_read(path):
    """The lab's update, then every feature's (TYPE, NAME) as GDAL reads them back."""
    count = lab_shapefiles.update_shapefile(path)
    ds = ogr.Open(path, 0)
    layer = ds.GetLayer(0)
    values = sorted({(f.GetField("TYPE"), f.GetField("NAME")) for f in layer})
    return count, layer.GetFeatureCount(), values
