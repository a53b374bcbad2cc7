/* SPDX-License-Identifier: MIT */
/* shp_verify.h: checking the shapefile job's output independently of the code that wrote
 * it. Before the runs a snapshot of each input set is taken (hashes of the .shp/.shx/.dbf,
 * and of every kept field's bytes and values read with shapelib); after a run the output is
 * read again with shapelib and GDAL and compared with the snapshot. */
#ifndef FK_SHP_VERIFY_H
#define FK_SHP_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/shapefiles/dbf_encode.h"
#include "kernels/shapefiles/shp_set.h"

typedef struct fk_shpsnap {
    int have_shp, have_shx, have_dbf;
    uint64_t shp_hash, shx_hash, dbf_hash; /* whole files, as found */
    int checked;                           /* the pre-write checks passed: the task may succeed */
    int readable;                          /* shapelib could read the .dbf */
    uint32_t nrec;
    int nkept;                            /* fields other than TYPE/NAME */
    uint64_t kept_sig;                    /* their names, types, widths and decimals */
    uint64_t kept_bytes;                  /* their bytes and the deletion flags, record by record */
    uint64_t kept_values;                 /* their values as a reader sees them */
    uint64_t *field_values;               /* the same field by field (malloc'ed, nkept) */
    char type_name[16];                   /* what TYPE must hold */
    char name_bytes[FK_DBF_NAME_MAX + 1]; /* what NAME must hold in the .dbf */
    size_t name_len;
    char name_utf8[FK_DBF_NAME_MAX * 4 + 1]; /* what GDAL must read back from NAME */
} fk_shpsnap_t;

/* Takes the snapshot of set s in dir (never fails: what cannot be read is recorded). */
void fk_shpsnap_take(const char *dir, const fk_shpset_t *s, fk_shpsnap_t *snap);

/* Frees what the snapshot holds. */
void fk_shpsnap_free(fk_shpsnap_t *snap);

/* Checks set s in dir after a run. task_ok: the task reported success (its output is then
 * checked in full; otherwise its files must be unchanged). exact: the kept fields must be
 * byte for byte equal (the raw variant), not only equal in value. task_value: the checksum
 * the task reported. Returns 1 when right, else 0 with the reason in why. */
int fk_shpsnap_verify(const char *dir, const fk_shpset_t *s, const fk_shpsnap_t *snap, int task_ok,
                      int exact, uint64_t task_value, char *why, size_t whylen);

/* The same checks of a raw rewrite's new .dbf at tmp_dbf (a temporary file ending in ".dbf",
 * beside it a copy of the set's .cpg, if any, named alike), before it replaces the original.
 * GDAL reads the .dbf alone, so it decodes it as it will beside the .shp. */
int fk_shpsnap_verify_new(const char *tmp_dbf, const fk_shpset_t *s, const fk_shpsnap_t *snap,
                          uint64_t task_value, char *why, size_t whylen);

/* In the GDAL module (shp_readback.c; reached through fk_gdal()->read_back): 1 when GDAL
 * reads the fields of the output at shp_path and its first feature's TYPE and NAME as snap
 * expects, else 0 with the reason in why. */
int fk_shp_gdal_read_back(const char *shp_path, const fk_shpsnap_t *snap, char *why, size_t whylen);

#endif
