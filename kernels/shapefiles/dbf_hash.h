/* dbf_hash.h: a small streaming 64-bit hash for the shapefile kernel's checksums and its
 * before/after comparisons of files. Not cryptographic: it only has to make an accidental
 * change (a lost decimal, a moved byte) show up, and be the same on every run and model. */
#ifndef FK_DBF_HASH_H
#define FK_DBF_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct fk_hash {
    uint64_t v[4]; /* four independent lanes, so the multiplies overlap */
    uint64_t len;
    uint8_t tail[32]; /* bytes not yet folded in (fewer than 32) */
    size_t ntail;
} fk_hash_t;

void fk_hash_init(fk_hash_t *hs);
void fk_hash_update(fk_hash_t *hs, const void *data, size_t len);
uint64_t fk_hash_final(const fk_hash_t *hs);

/* The hash of one buffer. */
uint64_t fk_hash_bytes(const void *data, size_t len);
/* Folds a 64-bit value into a running combination (order matters). */
uint64_t fk_hash_combine(uint64_t acc, uint64_t value);

/* The hash of a whole file; with zero_date set, bytes 1..3 (a .dbf's last-update date,
 * which GDAL rewrites) count as zeros. Returns 0 or -1 with errno set. */
int fk_hash_file(const char *path, int zero_date, uint64_t *out);

#endif
