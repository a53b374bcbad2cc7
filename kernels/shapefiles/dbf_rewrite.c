/* SPDX-License-Identifier: MIT */
/* dbf_rewrite.c: the streaming .dbf rewrite of dbf_rewrite.h. A plan (which byte ranges of a
 * record survive, the new header, the constant TYPE+NAME tail) is made from the validated
 * header; records then go through in blocks of about 96 KiB, each built from a few memcpy
 * calls, so the cost stays near that of copying the bytes. The new file is hashed as it is
 * written, which gives the task's checksum without reading anything twice. */
#include "kernels/shapefiles/dbf_rewrite.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/common/proc.h"
#include "kernels/common/util.h"
#include "kernels/common/byteorder.h"
#include "kernels/shapefiles/dbf_encode.h"
#include "kernels/shapefiles/dbf_xattr.h"
#include "kernels/shapefiles/shp_hash.h"
#include "kernels/shapefiles/shp_tmp.h"

/* Below glibc's mmap threshold (128 KiB), so the buffers come back from the heap without
 * fresh page faults on every file, and small enough to stay in L2. */
#define BLOCK_BYTES (96u << 10)

typedef struct span {
    unsigned src, len;
} span_t;

typedef struct plan {
    span_t *spans; /* kept byte ranges of an old record, in order (the deletion flag first) */
    size_t nspans;
    unsigned kept_len; /* their total */
    unsigned new_reclen;
    uint8_t *header;
    unsigned header_len;
    uint8_t tail[FK_DBF_TYPE_WIDTH + FK_DBF_NAME_MAX]; /* the TYPE and NAME values */
    unsigned tail_len;
    size_t dropped;
} plan_t;

static void plan_free(plan_t *p)
{
    free(p->spans);
    free(p->header);
    memset(p, 0, sizeof *p);
}

/* Visual FoxPro stores each field's offset in bytes 12..15 of its descriptor; dBASE III
 * leaves them 0. Keep whichever convention the file follows. */
static int uses_displacement(const fk_dbf_header_t *h)
{
    return h->nfields > 0 && fk_le32(h->raw + h->fields[0].desc_off + 12) == h->fields[0].offset;
}

static void put_desc(uint8_t *d, const char *name, unsigned width, unsigned disp, int use_disp)
{
    memset(d, 0, FK_DBF_DESC);
    memcpy(d, name, strlen(name));
    d[11] = 'C';
    if (use_disp)
        fk_put_le(d + 12, disp, 4);
    d[16] = (uint8_t)(width & 0xFF);
    d[17] = (uint8_t)(width >> 8); /* 0 for the widths used here (<= 254) */
}

/* The surviving byte ranges of a record, merged where they touch. */
static int plan_spans(const fk_dbf_header_t *h, plan_t *p, char *err, size_t errlen)
{
    p->spans = malloc((h->nfields + 1) * sizeof *p->spans);
    if (!p->spans)
        return fk_err(err, errlen, "out of memory");
    p->spans[0] = (span_t){0, 1};
    p->nspans = 1;
    for (size_t i = 0; i < h->nfields; i++) {
        const fk_dbf_field_t *f = &h->fields[i];
        if (fk_dbf_is_replaced(f->name)) {
            p->dropped++;
            continue;
        }
        span_t *last = &p->spans[p->nspans - 1];
        if (last->src + last->len == f->offset)
            last->len += f->width;
        else
            p->spans[p->nspans++] = (span_t){f->offset, f->width};
    }
    for (size_t i = 0; i < p->nspans; i++)
        p->kept_len += p->spans[i].len;
    return 0;
}

static int check_nullflags(const fk_dbf_header_t *h, const plan_t *p, char *err, size_t errlen)
{
    for (size_t i = 0; i < h->nfields && p->dropped > 0; i++)
        if (h->fields[i].type == '0')
            return fk_err(err, errlen,
                          "Visual FoxPro _NullFlags field: dropping TYPE/NAME would "
                          "shift its null bits; refused");
    return 0;
}

/* The new header: the old prefix, kept descriptors, TYPE, NAME, terminator, and whatever
 * the old header held after its terminator (e.g. Visual FoxPro's backlink). */
static int plan_header(const fk_dbf_header_t *h, const fk_dbf_rewrite_req_t *req, plan_t *p,
                       char *err, size_t errlen)
{
    unsigned name_w = req->name_len > 0 ? (unsigned)req->name_len : 1;
    size_t nkept = h->nfields - p->dropped;
    size_t extra = h->header_len - h->term_off - 1;
    size_t hlen = FK_DBF_PREFIX + (nkept + 2) * FK_DBF_DESC + 1 + extra;
    size_t reclen = (size_t)p->kept_len + FK_DBF_TYPE_WIDTH + name_w;
    if (hlen > 0xFFFF || reclen > 0xFFFF)
        return fk_err(err, errlen, "the new header or record would exceed 65535 bytes");
    p->header = malloc(hlen);
    if (!p->header)
        return fk_err(err, errlen, "out of memory");
    p->header_len = (unsigned)hlen;
    p->new_reclen = (unsigned)reclen;
    memcpy(p->header, h->raw, FK_DBF_PREFIX);
    fk_put_le(p->header + 8, (uint32_t)hlen, 2);
    fk_put_le(p->header + 10, (uint32_t)reclen, 2);
    int disp = uses_displacement(h);
    uint8_t *d = p->header + FK_DBF_PREFIX;
    unsigned off = 1;
    for (size_t i = 0; i < h->nfields; i++) {
        const fk_dbf_field_t *f = &h->fields[i];
        if (fk_dbf_is_replaced(f->name))
            continue;
        memcpy(d, h->raw + f->desc_off, FK_DBF_DESC);
        if (disp)
            fk_put_le(d + 12, off, 4);
        off += f->width;
        d += FK_DBF_DESC;
    }
    put_desc(d, "TYPE", FK_DBF_TYPE_WIDTH, off, disp);
    put_desc(d + FK_DBF_DESC, "NAME", name_w, off + FK_DBF_TYPE_WIDTH, disp);
    d += 2 * FK_DBF_DESC;
    *d++ = FK_DBF_TERMINATOR;
    memcpy(d, h->raw + h->term_off + 1, extra);
    return 0;
}

static void plan_tail(const fk_dbf_rewrite_req_t *req, plan_t *p)
{
    unsigned name_w = req->name_len > 0 ? (unsigned)req->name_len : 1;
    p->tail_len = FK_DBF_TYPE_WIDTH + name_w;
    memset(p->tail, ' ', p->tail_len);
    size_t tl = strlen(req->type_value);
    memcpy(p->tail, req->type_value, tl < FK_DBF_TYPE_WIDTH ? tl : FK_DBF_TYPE_WIDTH);
    memcpy(p->tail + FK_DBF_TYPE_WIDTH, req->name_value, req->name_len);
}

static int make_plan(const fk_dbf_header_t *h, const fk_dbf_rewrite_req_t *req, plan_t *p,
                     char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    if (req->name_len > FK_DBF_NAME_MAX)
        return fk_err(err, errlen, "NAME value of %zu bytes exceeds %d", req->name_len,
                      FK_DBF_NAME_MAX);
    if (plan_spans(h, p, err, errlen) != 0 || check_nullflags(h, p, err, errlen) != 0 ||
        plan_header(h, req, p, err, errlen) != 0) {
        plan_free(p);
        return -1;
    }
    plan_tail(req, p);
    return 0;
}

static int write_hashed(int fd, const void *buf, size_t len, XXH3_state_t *hs, char *err,
                        size_t errlen)
{
    XXH3_64bits_update(hs, buf, len);
    if (fk_write_all(fd, buf, len) != 0)
        return fk_err(err, errlen, "cannot write the new .dbf: %s; the original is untouched",
                      strerror(errno));
    return 0;
}

/* Builds n new records in dst from n old ones in src. */
static void transform(const plan_t *p, unsigned old_reclen, const uint8_t *src, uint8_t *dst,
                      size_t n)
{
    for (size_t r = 0; r < n; r++, src += old_reclen) {
        uint8_t *o = dst;
        for (size_t s = 0; s < p->nspans; s++) {
            memcpy(o, src + p->spans[s].src, p->spans[s].len);
            o += p->spans[s].len;
        }
        memcpy(o, p->tail, p->tail_len);
        dst += p->new_reclen;
    }
}

/* Streams every record from in (positioned after the old header) to out. */
static int stream_records(int in, int out, const fk_dbf_header_t *h, const plan_t *p,
                          XXH3_state_t *hs, char *err, size_t errlen)
{
    unsigned widest = h->record_len > p->new_reclen ? h->record_len : p->new_reclen;
    size_t per = BLOCK_BYTES / widest;
    if (per == 0)
        per = 1;
    uint8_t *ibuf = malloc(per * h->record_len), *obuf = malloc(per * p->new_reclen);
    int rc = ibuf && obuf ? 0 : fk_err(err, errlen, "out of memory");
    for (uint32_t done = 0; rc == 0 && done < h->nrec;) {
        size_t n = h->nrec - done < per ? h->nrec - done : per;
        ssize_t r = fk_read_full(in, ibuf, n * h->record_len);
        if (r != (ssize_t)(n * h->record_len)) {
            rc = fk_err(err, errlen, "read failed at record %u: %s", done,
                        r < 0 ? strerror(errno) : "the file shrank while being read");
            break;
        }
        transform(p, h->record_len, ibuf, obuf, n);
        rc = write_hashed(out, obuf, n * p->new_reclen, hs, err, errlen);
        done += (uint32_t)n;
    }
    free(ibuf);
    free(obuf);
    return rc;
}

/* Copies whatever follows the last record (normally the single 0x1A) verbatim. */
static int copy_trailer(int in, int out, XXH3_state_t *hs, char *err, size_t errlen)
{
    uint8_t buf[4096];
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return fk_err(err, errlen, "read failed after the records: %s", strerror(errno));
        if (r == 0)
            return 0;
        if (write_hashed(out, buf, (size_t)r, hs, err, errlen) != 0)
            return -1;
    }
}

/* Writes header, records and trailer to out; the checksum counts the date as zeros. */
static int write_new(int in, int out, const fk_dbf_header_t *h, const plan_t *p, uint64_t *checksum,
                     char *err, size_t errlen)
{
    XXH3_state_t hs;
    XXH3_64bits_reset(&hs);
    uint8_t first[4] = {p->header[0], 0, 0, 0};
    XXH3_64bits_update(&hs, first, sizeof first);
    XXH3_64bits_update(&hs, p->header + 4, p->header_len - 4);
    if (fk_write_all(out, p->header, p->header_len) != 0)
        return fk_err(err, errlen, "cannot write the new .dbf: %s; the original is untouched",
                      strerror(errno));
    if (lseek(in, h->header_len, SEEK_SET) < 0)
        return fk_err(err, errlen, "cannot seek: %s", strerror(errno));
    if (stream_records(in, out, h, p, &hs, err, errlen) != 0 ||
        copy_trailer(in, out, &hs, err, errlen) != 0)
        return -1;
    *checksum = XXH3_64bits_digest(&hs);
    return 0;
}

/* A temporary file beside the original, with its permissions (and owner, when root); its
 * extended attributes and ACLs follow (fk_xattr_copy). */
static int open_temp(const fk_dbf_rewrite_req_t *req, const struct stat *st, char *tmp,
                     size_t tmplen, char *err, size_t errlen)
{
    const char *dbf_path = req->dbf_path, *base = strrchr(dbf_path, '/');
    base = base ? base + 1 : dbf_path;
    /* Hidden, named after the file for whoever finds one left by a crash and after the run
     * that owns it (so a run removes only its own, and knows those of dead runs), and short
     * enough for NAME_MAX (255) whatever the file's own name. */
    int keep = (int)fk_utf8_cut(base, strlen(base), 200);
    int owner = (int)(req->tmp_owner ? req->tmp_owner : getpid());
    long long start = req->tmp_owner ? req->tmp_owner_start : fk_proc_start(0);
    int n = snprintf(tmp, tmplen, "%.*s.%.*s%s%d-%lld-XXXXXX.dbf", (int)(base - dbf_path), dbf_path,
                     keep, base, FK_SHP_TMP_MARK, owner, start < 0 ? 0 : start);
    if (n < 0 || (size_t)n >= tmplen)
        return fk_err(err, errlen, "path too long");
    int fd = mkostemps(tmp, 4, O_CLOEXEC); /* ".dbf": a reader can open it as one */
    if (fd < 0)
        return fk_err(err, errlen, "cannot create a temporary file beside it: %s", strerror(errno));
    if (fchmod(fd, st->st_mode & 07777) != 0 ||
        (geteuid() == 0 && fchown(fd, st->st_uid, st->st_gid) != 0)) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return fk_err(err, errlen, "cannot set the temporary file's mode: %s", strerror(e));
    }
    return fd;
}

static int sync_dir(const char *path)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Flushes, closes, checks (when asked) and renames the temporary file over the original. */
static int commit(int out, const char *tmp, uint64_t checksum, const fk_dbf_rewrite_req_t *req,
                  char *err, size_t errlen)
{
    int rc = 0;
    if (req->durable && fsync(out) != 0)
        rc = fk_err(err, errlen, "fsync failed: %s; the original is untouched", strerror(errno));
    if (close(out) != 0 && rc == 0)
        rc = fk_err(err, errlen, "close failed: %s; the original is untouched", strerror(errno));
    if (rc == 0 && req->check && req->check(req->check_arg, tmp, checksum, err, errlen) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, req->dbf_path) != 0)
        rc = fk_err(err, errlen, "cannot rename the new .dbf into place: %s", strerror(errno));
    if (rc != 0) {
        unlink(tmp);
        return -1;
    }
    if (req->durable && sync_dir(req->dbf_path) != 0)
        return fk_err(err, errlen, "renamed, but syncing the folder failed: %s", strerror(errno));
    return 0;
}

static int rewrite_open(int in, const fk_dbf_rewrite_req_t *req, fk_dbf_rewrite_out_t *out,
                        char *err, size_t errlen)
{
    struct stat st;
    fk_dbf_header_t h;
    plan_t p;
    if (fstat(in, &st) != 0)
        return fk_err(err, errlen, "cannot stat: %s", strerror(errno));
    if (fk_dbf_read_header(in, &h, err, errlen) != 0)
        return -1;
    if (make_plan(&h, req, &p, err, errlen) != 0) {
        fk_dbf_free(&h);
        return -1;
    }
    char tmp[4200];
    int fd = open_temp(req, &st, tmp, sizeof tmp, err, errlen);
    if (fd >= 0 && fk_xattr_copy(in, fd, err, errlen) != 0) { /* ACLs too */
        close(fd);
        unlink(tmp);
        fd = -1;
    }
    int rc = fd < 0 ? -1 : write_new(in, fd, &h, &p, &out->checksum, err, errlen);
    if (fd >= 0 && rc != 0) {
        close(fd);
        unlink(tmp);
    } else if (fd >= 0) {
        rc = commit(fd, tmp, out->checksum, req, err, errlen);
    }
    out->records = h.nrec;
    out->dropped = p.dropped;
    plan_free(&p);
    fk_dbf_free(&h);
    return rc;
}

int fk_dbf_rewrite(const fk_dbf_rewrite_req_t *req, fk_dbf_rewrite_out_t *out, char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (fk_dbf_check_writable(req->dbf_path) != 0)
        return fk_err(err, errlen, "%s: %s",
                      errno == EACCES || errno == EROFS ? "read-only" : "not writable",
                      strerror(errno));
    int in = open(req->dbf_path, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return fk_err(err, errlen, "cannot open: %s", strerror(errno));
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    int rc = rewrite_open(in, req, out, err, errlen);
    close(in);
    return rc;
}
