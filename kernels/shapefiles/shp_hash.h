/* SPDX-License-Identifier: MIT */
/* shp_hash.h: the shapefile kernel's checksums and before/after comparisons of files, by XXH3
 * (64-bit) from libxxhash (Debian libxxhash-dev). Callers stream with XXH3_64bits_reset,
 * XXH3_64bits_update and XXH3_64bits_digest on an XXH3_state_t of their own (on the stack:
 * hence XXH_STATIC_LINKING_ONLY, which shows the state's size). Not cryptographic: it only has
 * to make an accidental change (a lost decimal, a moved byte) show up, and be the same on
 * every run and model. */
#ifndef FK_SHP_HASH_H
#define FK_SHP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

/* Folds a 64-bit value into a running combination (order matters). */
uint64_t fk_hash_combine(uint64_t acc, uint64_t value);

/* The XXH3 of a whole file; with zero_date set, bytes 1..3 (a .dbf's last-update date, which
 * GDAL rewrites) count as zeros. Returns 0 or -1 with errno set. */
int fk_hash_file(const char *path, int zero_date, uint64_t *out);

#endif
