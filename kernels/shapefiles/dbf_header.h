/* SPDX-License-Identifier: MIT */
/* dbf_header.h: parsing and validating a dBASE (.dbf) header and its field descriptors,
 * the part of the shapefile kernel that decides whether a .dbf may be rewritten at all.
 * Nothing here writes: a file that fails these checks is reported and left untouched. */
#ifndef FK_DBF_HEADER_H
#define FK_DBF_HEADER_H

#include <stddef.h>
#include <stdint.h>

#define FK_DBF_PREFIX 32 /* the fixed part of the header */
#define FK_DBF_DESC 32   /* one field descriptor */
#define FK_DBF_TERMINATOR 0x0D
#define FK_DBF_EOF 0x1A

typedef struct fk_dbf_field {
    char name[12];     /* up to 11 bytes, NUL-terminated, trailing spaces removed */
    char type;         /* C, N, F, D, L, M, ... */
    unsigned width;    /* bytes in the record (C fields may exceed 255, as in shapelib) */
    unsigned decimals; /* for N and F */
    unsigned offset;   /* within the record; the deletion flag is byte 0 */
    size_t desc_off;   /* where its 32-byte descriptor starts in the header */
} fk_dbf_field_t;

typedef struct fk_dbf_header {
    uint8_t *raw;         /* the whole header, header_len bytes */
    unsigned version;     /* byte 0 */
    int year, month, day; /* the last-update date (year in full) */
    uint32_t nrec;
    unsigned header_len, record_len;
    uint8_t ldid; /* language driver id, byte 29 */
    size_t nfields;
    fk_dbf_field_t *fields;
    size_t term_off; /* offset of the 0x0D terminator */
    uint64_t file_size;
} fk_dbf_header_t;

/* Parses and validates a header held in buf (at least its header_len bytes, or all of the
 * file when shorter). file_size is the size of the whole file. Returns 0, or -1 with a
 * reason in err (the header is then empty). */
int fk_dbf_parse(const uint8_t *buf, size_t len, uint64_t file_size, fk_dbf_header_t *h, char *err,
                 size_t errlen);
/* Reads and parses the header of an open file descriptor (from offset 0). */
int fk_dbf_read_header(int fd, fk_dbf_header_t *h, char *err, size_t errlen);
/* The same for a path. */
int fk_dbf_load(const char *path, fk_dbf_header_t *h, char *err, size_t errlen);
void fk_dbf_free(fk_dbf_header_t *h);

/* 0 when the effective user may write path and its mode has a write bit, else -1 with
 * errno set (EACCES or EROFS for a read-only file; EACCES for 0444 even when root). Both
 * variants replace or rewrite the .dbf, and a rename() would replace a read-only file all
 * the same, so they honour its mode explicitly with this check. */
int fk_dbf_check_writable(const char *path);

/* 1 when a field name is TYPE or NAME in any case: the fields the job replaces. */
int fk_dbf_is_replaced(const char *name);

#endif
