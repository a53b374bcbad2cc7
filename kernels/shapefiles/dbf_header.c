/* SPDX-License-Identifier: MIT */
/* dbf_header.c: the dBASE header parser of dbf_header.h. It is strict on purpose: a header
 * that does not add up (record length versus fields, file size versus record count, no
 * terminator, unknown field types) is refused with a reason instead of being guessed at,
 * because GDAL opens such a set without its .dbf and would then create a new one over it. */
#include "kernels/shapefiles/dbf_header.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/common/util.h"
#include "kernels/common/byteorder.h"

/* Version bytes of the dBASE III layout (32-byte prefix, 32-byte descriptors): dBASE III
 * with and without memo, dBASE IV, FoxBASE/FoxPro, Visual FoxPro. dBASE 7 (0x04, 48-byte
 * descriptors) has another layout and is refused. */
static int known_version(unsigned v)
{
    static const uint8_t ok[] = {0x03, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83,
                                 0x8B, 0x8E, 0xB3, 0xCB, 0xE5, 0xF5, 0xFB};
    for (size_t i = 0; i < sizeof ok; i++)
        if (ok[i] == v)
            return 1;
    return 0;
}

static int known_type(char t)
{
    return t != 0 && strchr("CNFDLMBGPYTIV@O+0W", t) != NULL;
}

int fk_dbf_is_replaced(const char *name)
{
    return strcasecmp(name, "TYPE") == 0 || strcasecmp(name, "NAME") == 0;
}

/* One 32-byte descriptor into f; returns 0 or -1 with the reason. */
static int parse_field(const uint8_t *d, size_t idx, fk_dbf_field_t *f, char *err, size_t errlen)
{
    memcpy(f->name, d, 11);
    f->name[11] = '\0';
    size_t n = strlen(f->name);
    while (n > 0 && f->name[n - 1] == ' ')
        f->name[--n] = '\0';
    if (n == 0)
        return fk_err(err, errlen, "garbage header: field %zu has no name", idx + 1);
    f->type = (char)d[11];
    if (!known_type(f->type))
        return fk_err(err, errlen, "garbage header: field %zu has unknown type 0x%02x", idx + 1,
                      d[11]);
    /* As shapelib: N and F keep width and decimals; other types use the decimals byte as
     * the high byte of a width above 255 (Clipper and FoxPro long character fields). */
    if (f->type == 'N' || f->type == 'F') {
        f->width = d[16];
        f->decimals = d[17];
    } else {
        f->width = d[16] + 256u * d[17];
        f->decimals = 0;
    }
    if (f->width == 0)
        return fk_err(err, errlen, "garbage header: field %s has width 0", f->name);
    return 0;
}

/* Counts the descriptors up to the 0x0D terminator, which must lie inside the header. */
static int find_terminator(const uint8_t *buf, unsigned header_len, size_t *nfields, char *err,
                           size_t errlen)
{
    size_t n = 0;
    for (size_t off = FK_DBF_PREFIX;; off += FK_DBF_DESC, n++) {
        if (off >= header_len)
            return fk_err(err, errlen, "garbage header: no field terminator within %u bytes",
                          header_len);
        if (buf[off] == FK_DBF_TERMINATOR)
            break;
        if (off + FK_DBF_DESC > header_len)
            return fk_err(err, errlen, "garbage header: no field terminator within %u bytes",
                          header_len);
    }
    *nfields = n;
    return 0;
}

static int parse_fields(const uint8_t *buf, fk_dbf_header_t *h, char *err, size_t errlen)
{
    h->fields = calloc(h->nfields ? h->nfields : 1, sizeof *h->fields);
    if (!h->fields)
        return fk_err(err, errlen, "out of memory");
    unsigned offset = 1; /* byte 0 of a record is the deletion flag */
    for (size_t i = 0; i < h->nfields; i++) {
        fk_dbf_field_t *f = &h->fields[i];
        f->desc_off = FK_DBF_PREFIX + i * FK_DBF_DESC;
        if (parse_field(buf + f->desc_off, i, f, err, errlen) != 0)
            return -1;
        f->offset = offset;
        offset += f->width;
    }
    if (offset != h->record_len)
        return fk_err(err, errlen, "garbage header: record length %u but the fields add up to %u",
                      h->record_len, offset);
    return 0;
}

static int check_prefix(const uint8_t *buf, size_t len, uint64_t file_size, fk_dbf_header_t *h,
                        char *err, size_t errlen)
{
    /* Say what is really wrong: a short file, a zeroed or foreign prefix, or a prefix whose
     * header length is smaller than the smallest header (a long file is never "too short"). */
    if (file_size < FK_DBF_PREFIX + 1 || len < FK_DBF_PREFIX)
        return fk_err(err, errlen, "too short for a dBASE header (%llu bytes)",
                      (unsigned long long)file_size);
    size_t zeros = 0;
    while (zeros < FK_DBF_PREFIX && buf[zeros] == 0)
        zeros++;
    if (zeros == FK_DBF_PREFIX)
        return fk_err(err, errlen, "garbage header: its first %d bytes are all zero (overwritten?)",
                      FK_DBF_PREFIX);
    h->version = buf[0];
    if (!known_version(h->version))
        return fk_err(err, errlen, "garbage header: unknown dBASE version byte 0x%02x", h->version);
    if (len < FK_DBF_PREFIX + 1)
        return fk_err(err, errlen,
                      "garbage header: header length %u, less than the %d bytes of the smallest "
                      "header",
                      (unsigned)fk_le16(buf + 8), FK_DBF_PREFIX + 1);
    h->year = 1900 + buf[1];
    h->month = buf[2];
    h->day = buf[3];
    h->nrec = fk_le32(buf + 4);
    h->header_len = fk_le16(buf + 8);
    h->record_len = fk_le16(buf + 10);
    h->ldid = buf[29];
    h->file_size = file_size;
    if (h->header_len < FK_DBF_PREFIX + 1 || h->header_len > file_size)
        return fk_err(err, errlen, "garbage header: header length %u for a %llu-byte file",
                      h->header_len, (unsigned long long)file_size);
    if (h->header_len > len)
        return fk_err(err, errlen, "header length %u but only %zu bytes could be read",
                      h->header_len, len);
    if (h->record_len < 1)
        return fk_err(err, errlen, "garbage header: record length 0");
    return 0;
}

int fk_dbf_parse(const uint8_t *buf, size_t len, uint64_t file_size, fk_dbf_header_t *h, char *err,
                 size_t errlen)
{
    memset(h, 0, sizeof *h);
    if (check_prefix(buf, len, file_size, h, err, errlen) != 0 ||
        find_terminator(buf, h->header_len, &h->nfields, err, errlen) != 0)
        goto fail;
    h->term_off = FK_DBF_PREFIX + h->nfields * FK_DBF_DESC;
    if (parse_fields(buf, h, err, errlen) != 0)
        goto fail;
    uint64_t need = (uint64_t)h->header_len + (uint64_t)h->nrec * h->record_len;
    if (file_size < need) {
        fk_err(err, errlen,
               "truncated: the header promises %u records of %u bytes (%llu bytes in all) but "
               "the file has %llu",
               h->nrec, h->record_len, (unsigned long long)need, (unsigned long long)file_size);
        goto fail;
    }
    h->raw = malloc(h->header_len);
    if (!h->raw) {
        fk_err(err, errlen, "out of memory");
        goto fail;
    }
    memcpy(h->raw, buf, h->header_len);
    return 0;
fail:
    fk_dbf_free(h);
    return -1;
}

int fk_dbf_read_header(int fd, fk_dbf_header_t *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    struct stat st;
    if (fstat(fd, &st) != 0)
        return fk_err(err, errlen, "cannot stat: %s", strerror(errno));
    uint8_t prefix[FK_DBF_PREFIX];
    ssize_t r = fk_pread_full(fd, prefix, sizeof prefix, 0);
    if (r < 0)
        return fk_err(err, errlen, "cannot read: %s", strerror(errno));
    size_t want = r == FK_DBF_PREFIX ? fk_le16(prefix + 8) : (size_t)r;
    if (want < (size_t)r)
        want = (size_t)r;
    if ((uint64_t)want > (uint64_t)st.st_size)
        want = (size_t)st.st_size; /* fk_dbf_parse then names the bad length */
    uint8_t *buf = malloc(want + 1);
    if (!buf)
        return fk_err(err, errlen, "out of memory");
    r = fk_pread_full(fd, buf, want, 0);
    int rc = r < 0 ? fk_err(err, errlen, "cannot read: %s", strerror(errno))
                   : fk_dbf_parse(buf, (size_t)r, (uint64_t)st.st_size, h, err, errlen);
    free(buf);
    return rc;
}

int fk_dbf_load(const char *path, fk_dbf_header_t *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fk_err(err, errlen, "cannot open: %s", strerror(errno));
    int rc = fk_dbf_read_header(fd, h, err, errlen);
    close(fd);
    return rc;
}

int fk_dbf_check_writable(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    /* by the mode bits too: root may write anything, but a 0444 file says "leave me" */
    if ((st.st_mode & 0222) == 0) {
        errno = EACCES;
        return -1;
    }
    return faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0 ? 0 : -1;
}

void fk_dbf_free(fk_dbf_header_t *h)
{
    free(h->raw);
    free(h->fields);
    memset(h, 0, sizeof *h);
}
