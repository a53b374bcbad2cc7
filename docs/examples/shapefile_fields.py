"""shapefile_fields.py: the lab's shapefile job as a function for `forkomp python`, with
GDAL's Python bindings (python3-gdal) instead of arcpy: delete the text fields TYPE and NAME
when they exist, add them again and fill them with the shape type and the file's name. It
changes the shapefile in place, as the lab's script does: give it copies.

    forkomp gen --class S --out /tmp/shp && ls /tmp/shp/*.shp > /tmp/shp.txt
    forkomp python docs/examples/shapefile_fields.py:update_shapefile \
        --inputs-file /tmp/shp.txt --python /usr/bin/python3

The result is what a reader sees afterwards (features, and the TYPE and NAME of each), so
every model is checked against the serial run by what it wrote."""
import os

from osgeo import ogr

ogr.UseExceptions()


def update_shapefile(path):
    ds = ogr.Open(path, 1)  # update mode
    layer = ds.GetLayer(0)
    defn = layer.GetLayerDefn()
    for name in ("TYPE", "NAME"):
        index = defn.GetFieldIndex(name)
        if index >= 0:
            layer.DeleteField(index)
    for name in ("TYPE", "NAME"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    shape_type = ogr.GeometryTypeToName(layer.GetGeomType())
    base = os.path.splitext(os.path.basename(path))[0]
    for feature in layer:
        feature.SetField("TYPE", shape_type)
        feature.SetField("NAME", base)
        layer.SetFeature(feature)
    ds = None  # flushes and closes
    return read_back(path)


def read_back(path):
    ds = ogr.Open(path, 0)
    layer = ds.GetLayer(0)
    values = [(f.GetField("TYPE"), f.GetField("NAME")) for f in layer]
    return (layer.GetFeatureCount(), sorted(set(values)))
