/* SPDX-License-Identifier: MIT */
/* shp_header.h: reading the 100-byte main-file header of a .shp or .shx (read only: the
 * job never writes either) and naming shape types as ArcGIS does. */
#ifndef FK_SHP_HEADER_H
#define FK_SHP_HEADER_H

#include <stdint.h>
#include <stddef.h>

#define FK_SHP_HEADER_LEN 100

typedef struct fk_shp_header {
    int shape_type;     /* 0 Null, 1 Point, 3 Polyline, 5 Polygon, 8 Multipoint, +10 Z, +20 M,
                           31 MultiPatch */
    uint64_t file_len;  /* the length the header states, in bytes */
    uint64_t file_size; /* the size on disk */
} fk_shp_header_t;

/* The ArcGIS name of a shape type code ("Point", "Polyline", ...; Z and M variants share
 * the name), or NULL for a code the format does not define. */
const char *fk_shp_type_name(int shape_type);

/* Reads and checks a .shp or .shx header: file code 9994, version 1000, a defined shape
 * type, and a stated length no longer than the file. is_index selects the .shx checks
 * (100 + 8 bytes per record). Returns 0 or -1 with the reason in err. */
int fk_shp_read_header(const char *path, int is_index, fk_shp_header_t *h, char *err,
                       size_t errlen);

/* The number of records a checked .shx indexes. */
static inline uint64_t fk_shx_count(const fk_shp_header_t *h)
{
    return (h->file_len - FK_SHP_HEADER_LEN) / 8;
}

#endif
