/* SPDX-License-Identifier: MIT */
/* shp_set.h: finding the shapefiles of a folder (one per .shp, extensions in any case) and
 * the checks both variants make before writing anything: the .shp, .shx and .dbf exist and
 * agree, the shape type is known, and the NAME value in the .dbf's own encoding. */
#ifndef FK_SHP_SET_H
#define FK_SHP_SET_H

#include <stddef.h>

#include "kernels/shapefiles/dbf_encode.h"
#include "kernels/shapefiles/dbf_header.h"
#include "kernels/shapefiles/shp_header.h"

typedef struct fk_shpset {
    char *base;                  /* the file name without its extension, as on disk */
    char *shp, *shx, *dbf, *cpg; /* file names in the folder; NULL when absent */
    char problem[160];           /* set when the set is unusable whatever its content */
} fk_shpset_t;

typedef struct fk_shpdir {
    fk_shpset_t *sets; /* sorted by .shp name (byte order) */
    size_t nsets;
    char **files; /* every regular file of the folder (for scratch copies) */
    size_t nfiles;
} fk_shpdir_t;

/* Lists dir. Returns 0 (nsets may be 0), or -1 with a message when it cannot be read. */
int fk_shpdir_scan(const char *dir, fk_shpdir_t *out, char *err, size_t errlen);
void fk_shpdir_free(fk_shpdir_t *d);
/* "no shapefiles (*.shp) in DIR" into err, naming DIR's subfolders that hold some (the
 * kernel does not descend: each is a --dir of its own). Returns -1 as fk_err does. */
int fk_shpdir_none(const char *dir, char *err, size_t errlen);

/* dir/name into buf; returns buf, or NULL when it does not fit. */
char *fk_shp_path(char *buf, size_t cap, const char *dir, const char *name);

typedef struct fk_shpcheck {
    fk_shp_header_t shp, shx;
    fk_dbf_header_t dbf; /* released with fk_shpcheck_free */
    const char *type_name;
    char encoding[64];                       /* "" when the .dbf declares none */
    fk_dbf_name_t name;                      /* the NAME value, encoded */
    char name_utf8[FK_DBF_NAME_MAX * 4 + 1]; /* how a reader decodes it back */
} fk_shpcheck_t;

/* The checks before any write; for_write adds that the .dbf may be written (a snapshot of
 * the input needs only to read it). Returns 0, or -1 with the reason in err (without the
 * file name; the caller prefixes it). */
int fk_shpset_check(const char *dir, const fk_shpset_t *s, int for_write, fk_shpcheck_t *c,
                    char *err, size_t errlen);
void fk_shpcheck_free(fk_shpcheck_t *c);

/* A warning for the task's message when the NAME value is not the file's name exactly
 * (unrepresentable characters, cut to 254 bytes, unknown encoding); "" otherwise. */
void fk_shpcheck_warning(const fk_shpcheck_t *c, char *buf, size_t cap);

#endif
