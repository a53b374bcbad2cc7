/* SPDX-License-Identifier: MIT */
/* dbf_encode.h: the encoding a .dbf declares (its .cpg, else its LDID byte, read the way
 * GDAL 3.6 reads them) and the NAME value in that encoding, cut to at most 254 bytes at a
 * character boundary. */
#ifndef FK_DBF_ENCODE_H
#define FK_DBF_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#define FK_DBF_NAME_MAX 254 /* the widest NAME field the job creates */

/* Reads a .cpg the way shapelib does: its first line, at most 31 bytes. Returns 0 (text may
 * be empty) or -1 when it cannot be read. */
int fk_dbf_read_cpg(const char *path, char *text, size_t textlen);

/* The iconv name of the encoding GDAL uses for a .dbf: from cpg_text when it is non-empty,
 * else from the LDID byte; "" when neither declares one (the bytes are then taken as they
 * are, and the job writes UTF-8). */
void fk_dbf_encoding(const char *cpg_text, uint8_t ldid, char *enc, size_t enclen);

/* 1 when enc is "" or a spelling of UTF-8. */
int fk_dbf_is_utf8(const char *enc);

/* The longest prefix of s (len bytes) of at most max bytes that does not split a UTF-8
 * sequence. */
size_t fk_utf8_cut(const char *s, size_t len, size_t max);

typedef struct fk_dbf_name {
    char bytes[FK_DBF_NAME_MAX + 1]; /* the encoded value, NUL-terminated */
    size_t len;                      /* its byte length, 1..FK_DBF_NAME_MAX when name != "" */
    int lossy;                       /* some characters could not be represented and became '?' */
    int truncated;                   /* cut to fit maxbytes */
    int unknown;                     /* iconv does not know enc: stored as UTF-8 */
    int not_utf8;                    /* the name itself is not valid UTF-8 */
} fk_dbf_name_t;

/* Encodes the UTF-8 name for a .dbf in encoding enc, at most maxbytes (<= 254) bytes, cut
 * at a character boundary. Never fails: what cannot be represented is flagged in out. */
void fk_dbf_encode_name(const char *utf8, const char *enc, size_t maxbytes, fk_dbf_name_t *out);

/* Decodes len bytes in encoding enc to UTF-8 in out (cap bytes, NUL-terminated), as a
 * reader such as GDAL would. Returns 0 or -1 when enc is unknown or the bytes invalid. */
int fk_dbf_decode(const char *bytes, size_t len, const char *enc, char *out, size_t cap);

#endif
