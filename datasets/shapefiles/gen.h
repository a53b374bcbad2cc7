/* SPDX-License-Identifier: MIT */
/* gen.h: the shapefile datasets: synthetic classes written with GDAL (S, L, W, A, B, skew, and
 * odd: hand-made oddities that only a lossless rewrite survives), the real class taken from
 * Debian's data packages. The harness caches them (harness/engine/dataset.c). */
#ifndef FK_GEN_H
#define FK_GEN_H

#include <stddef.h>
#include <stdint.h>

/* A private deterministic PRNG (splitmix64), so a class and seed give the same files on
 * every machine and libc. */
typedef struct fk_rng {
    uint64_t s;
} fk_rng_t;

void fk_rng_seed(fk_rng_t *r, uint64_t seed, uint64_t stream);
uint64_t fk_rng_next(fk_rng_t *r);
double fk_rng_unit(fk_rng_t *r); /* [0, 1) */
double fk_rng_range(fk_rng_t *r, double lo, double hi);
uint32_t fk_rng_below(fk_rng_t *r, uint32_t n); /* [0, n) */

/* 1 when name is a class this module can provide (the synthetic ones and "real"). */
int fk_gen_known_class(const char *name);
/* The i-th class name (the synthetic ones, then "real"); NULL past the end. */
const char *fk_gen_class_name(size_t i);
/* "unknown class 'NAME' (S, L, W, ..., real)", with a "did you mean" when one is close,
 * into buf; returns buf. */
const char *fk_gen_unknown_class(char *buf, size_t len, const char *name);
/* One line per class, for help texts. */
extern const char fk_gen_class_help[];

/* Writes class_name (not "real") with seed into outdir, which is created when missing and
 * must not already hold shapefiles. Returns 0 or -1 with a message in err. */
int fk_gen_class(const char *class_name, uint64_t seed, const char *outdir, char *err,
                 size_t errlen);

/* Moves every entry of folder from into the existing folder to, never over a file there:
 * all of them, or (on a clash or an error) none. Returns 0 or -1 with a message in err. */
int fk_gen_merge_into(const char *from, const char *to, char *err, size_t errlen);

/* Runs fetch-real.sh (home.h finds it) into outdir. */
int fk_gen_fetch_real(const char *outdir, char *err, size_t errlen);

/* Internal to the generator (gen.c, gen_odd.c). */
typedef struct fk_gen_spec {
    const char *name; /* file base name */
    int kind;         /* index into the generator's shape kinds */
    uint32_t records;
    int encoding;  /* FK_GEN_ENC_* */
    int clash;     /* pre-existing `type` numeric and `Name` text fields */
    int nogeom;    /* every record a null shape */
    uint64_t seed; /* values and geometries */
} fk_gen_spec_t;

enum { FK_GEN_ENC_UTF8 = 0, FK_GEN_ENC_LDID87, FK_GEN_ENC_NONE };

/* Shape kinds the generator can write (fk_gen_spec_t.kind). */
enum {
    FK_GEN_POINT,
    FK_GEN_POLYLINE,
    FK_GEN_POLYGON,
    FK_GEN_MULTIPOINT,
    FK_GEN_POINTZ,
    FK_GEN_POLYLINEM,
    FK_GEN_POLYGONZ,
    FK_GEN_MULTIPATCH,
    FK_GEN_MULTIPOINTM,
    FK_GEN_POINTM,
    FK_GEN_POLYLINEZ,
    FK_GEN_POLYGONM,
    FK_GEN_POLYGON25D,
    FK_GEN_NKINDS
};
extern const char *const fk_gen_kind_tag[FK_GEN_NKINDS];

/* Writes one shapefile per spec into dir (the common fields, F and L types patched in),
 * through the GDAL module (fk_gen_write_gdal, gen_write.c); -1 with err when the module
 * cannot be loaded either. */
int fk_gen_write(const char *dir, const fk_gen_spec_t *spec, char *err, size_t errlen);
int fk_gen_write_gdal(const char *dir, const fk_gen_spec_t *spec, char *err, size_t errlen);
/* The odd class (gen_odd.c). */
int fk_gen_odd(const char *dir, uint64_t seed, char *err, size_t errlen);
/* Overwrites len bytes at offset of an existing file (gen_odd.c). Returns 0 or -1. */
int fk_gen_patch_bytes(const char *path, uint64_t offset, const void *bytes, size_t len);
/* Changes the type byte of a named field in a .dbf header. Returns 0 or -1. */
int fk_gen_patch_field_type(const char *dbf_path, const char *field, char type);

#endif
