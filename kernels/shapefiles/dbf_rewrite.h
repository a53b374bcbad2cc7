/* SPDX-License-Identifier: MIT */
/* dbf_rewrite.h: the `raw` variant's lossless streaming rewrite of one .dbf: drop every
 * TYPE/NAME field (any case), append TYPE C(10) and NAME C(n) with the given values in
 * every record, copy every other byte verbatim (deletion flags, other fields, the bytes
 * after the last record such as the 0x1A end-of-file mark), write it to a temporary file
 * beside the original (named as shp_tmp.h says), check it when asked, and rename it over the
 * original. */
#ifndef FK_DBF_REWRITE_H
#define FK_DBF_REWRITE_H

#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "kernels/shapefiles/dbf_header.h"

#define FK_DBF_TYPE_WIDTH 10

typedef struct fk_dbf_rewrite_req {
    const char *dbf_path;
    const char *type_value; /* at most FK_DBF_TYPE_WIDTH bytes */
    const char *name_value; /* already encoded for the .dbf */
    size_t name_len;        /* its byte length, at most 254; the NAME width (at least 1) */
    int durable;            /* fsync the new file before the rename and the folder after */
    pid_t tmp_owner;        /* the run the temporary file is named for (0: this process) */
    /* When set: checks the written temporary file (its path ends in ".dbf"; checksum as in
     * fk_dbf_rewrite_out_t) before the rename; non-zero, with why filled, leaves the original
     * as it was and fails the rewrite. */
    int (*check)(void *arg, const char *tmp_path, uint64_t checksum, char *why, size_t whylen);
    void *check_arg;
    long long tmp_owner_start; /* tmp_owner's start time (proc.h), -1: unknown; with
                                * tmp_owner 0, this process's is read */
} fk_dbf_rewrite_req_t;

typedef struct fk_dbf_rewrite_out {
    uint64_t checksum; /* XXH3 of the new file with its date bytes zeroed */
    uint32_t records;  /* records rewritten */
    size_t dropped;    /* TYPE/NAME fields removed */
} fk_dbf_rewrite_out_t;

/* Rewrites req->dbf_path. On any error the original is untouched (no temporary file is
 * left behind) and err says why. Thread-safe: it touches nothing but its own files. */
int fk_dbf_rewrite(const fk_dbf_rewrite_req_t *req, fk_dbf_rewrite_out_t *out, char *err,
                   size_t errlen);

#endif
