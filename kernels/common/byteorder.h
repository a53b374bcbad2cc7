/* SPDX-License-Identifier: MIT */
/* byteorder.h: reading and writing the fixed-width integers of the shapefile formats byte by
 * byte (the .dbf is little-endian; the .shp/.shx header mixes big- and little-endian), so the
 * parsers work on any host and on unaligned buffers. */
#ifndef FK_BYTEORDER_H
#define FK_BYTEORDER_H

#include <stdint.h>

static inline unsigned fk_le16(const uint8_t *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static inline uint32_t fk_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint32_t fk_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The n low bytes of v at p, least significant first. */
static inline void fk_put_le(uint8_t *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

#endif
