/* SPDX-License-Identifier: MIT */
/* shp_header.c: the .shp/.shx header reader and the shape type names of shp_header.h. A file
 * that merely ends in .shp but is something else fails on the file code; a truncated one on
 * the stated length, before anything is written. */
#include "kernels/shapefiles/shp_header.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/common/util.h"
#include "kernels/common/byteorder.h"

const char *fk_shp_type_name(int shape_type)
{
    switch (shape_type) {
    case 0:
        return "Null";
    case 1:
    case 11:
    case 21:
        return "Point";
    case 3:
    case 13:
    case 23:
        return "Polyline";
    case 5:
    case 15:
    case 25:
        return "Polygon";
    case 8:
    case 18:
    case 28:
        return "Multipoint";
    case 31:
        return "MultiPatch";
    default:
        return NULL;
    }
}

static int32_t le32s(const uint8_t *p)
{
    return (int32_t)fk_le32(p);
}

static int read_prefix(const char *path, uint8_t *buf, uint64_t *size, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fk_err(err, errlen, "cannot open: %s", strerror(errno));
    struct stat st;
    ssize_t r = -1;
    if (fstat(fd, &st) == 0)
        r = fk_pread_full(fd, buf, FK_SHP_HEADER_LEN, 0);
    int e = errno;
    close(fd);
    if (r < 0)
        return fk_err(err, errlen, "cannot read: %s", strerror(e));
    if (r < FK_SHP_HEADER_LEN)
        return fk_err(err, errlen, "not a shapefile: %zd bytes, shorter than its 100-byte header",
                      r);
    *size = (uint64_t)st.st_size;
    return 0;
}

int fk_shp_read_header(const char *path, int is_index, fk_shp_header_t *h, char *err, size_t errlen)
{
    uint8_t b[FK_SHP_HEADER_LEN];
    memset(h, 0, sizeof *h);
    if (read_prefix(path, b, &h->file_size, err, errlen) != 0)
        return -1;
    if (fk_be32(b) != 9994 || le32s(b + 28) != 1000)
        return fk_err(err, errlen, "not a shapefile: file code %u, version %d (want 9994, 1000)",
                      fk_be32(b), le32s(b + 28));
    h->shape_type = le32s(b + 32);
    if (!fk_shp_type_name(h->shape_type))
        return fk_err(err, errlen, "unknown shape type %d", h->shape_type);
    h->file_len = (uint64_t)fk_be32(b + 24) * 2;
    /* Longer than stated is tolerated (GDAL ignores trailing bytes); shorter is a cut file. */
    if (h->file_len < FK_SHP_HEADER_LEN || h->file_len > h->file_size)
        return fk_err(err, errlen, "truncated: header says %llu bytes, file has %llu",
                      (unsigned long long)h->file_len, (unsigned long long)h->file_size);
    if (is_index && (h->file_len - FK_SHP_HEADER_LEN) % 8 != 0)
        return fk_err(err, errlen, "index length %llu is not 100 + 8 per record",
                      (unsigned long long)h->file_len);
    return 0;
}
