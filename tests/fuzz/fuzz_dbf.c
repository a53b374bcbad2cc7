/* SPDX-License-Identifier: MIT */
/* fuzz_dbf.c: libFuzzer target for the DBF reader and rewriter, the code that meets users'
 * files: fk_dbf_parse on the input as a whole .dbf, then fk_dbf_rewrite on it written to a
 * file, and the encoding helpers (a .cpg text, the LDID byte, the NAME value) on its bytes.
 *
 * Besides the sanitizers' checks, the rewriter's promises are checked on every input:
 * - a header the parser refuses is never rewritten, and a failed rewrite leaves the file
 *   byte for byte as it was, with no temporary file beside it;
 * - a successful rewrite gives a .dbf the parser accepts, with the same records, the kept
 *   fields first and TYPE C(10), NAME C(n) last, holding the requested values, and the
 *   bytes after the last record copied verbatim.
 * Built and run by tests/fuzz/run.sh (`make fuzz`). */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "kernels/common/util.h"
#include "kernels/shapefiles/dbf_encode.h"
#include "kernels/shapefiles/dbf_header.h"
#include "kernels/shapefiles/dbf_rewrite.h"
#include "kernels/shapefiles/shp_tmp.h"

#define PROMISE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

static char dir[4096], path[4200];

static void remove_dir(void)
{
    fk_remove_tree(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fk_make_scratch_dir("fuzz-dbf", dir, sizeof dir) != 0)
        abort();
    snprintf(path, sizeof path, "%s/in.dbf", dir);
    atexit(remove_dir);
    return 0;
}

static uint8_t *read_back(size_t *len)
{
    struct stat st;
    int fd = open(path, O_RDONLY);
    PROMISE(fd >= 0 && fstat(fd, &st) == 0);
    uint8_t *buf = malloc((size_t)st.st_size + 1);
    PROMISE(buf && read(fd, buf, (size_t)st.st_size) == st.st_size);
    close(fd);
    *len = (size_t)st.st_size;
    return buf;
}

static void no_temp_left(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    PROMISE(d);
    while ((e = readdir(d)))
        PROMISE(!fk_shp_is_tmp(e->d_name));
    closedir(d);
}

/* The rewritten file against the original header. */
static void check_output(const fk_dbf_header_t *old, size_t old_size, const char *name,
                         size_t name_len, const fk_dbf_rewrite_out_t *res)
{
    size_t len, dropped = 0, kept_len = 1,
                tail = old_size - old->header_len - (size_t)old->nrec * old->record_len;
    uint8_t *out = read_back(&len);
    fk_dbf_header_t h;
    char err[256];
    for (size_t i = 0; i < old->nfields; i++)
        if (fk_dbf_is_replaced(old->fields[i].name))
            dropped++;
        else
            kept_len += old->fields[i].width;
    unsigned name_w = name_len ? (unsigned)name_len : 1;
    PROMISE(fk_dbf_parse(out, len, len, &h, err, sizeof err) == 0);
    PROMISE(res->records == old->nrec && h.nrec == old->nrec && res->dropped == dropped);
    PROMISE(h.nfields == old->nfields - dropped + 2);
    PROMISE(h.record_len == kept_len + FK_DBF_TYPE_WIDTH + name_w);
    PROMISE(len == h.header_len + (size_t)h.nrec * h.record_len + tail);
    const fk_dbf_field_t *t = &h.fields[h.nfields - 2], *n = &h.fields[h.nfields - 1];
    PROMISE(strcmp(t->name, "TYPE") == 0 && t->type == 'C' && t->width == FK_DBF_TYPE_WIDTH);
    PROMISE(strcmp(n->name, "NAME") == 0 && n->type == 'C' && n->width == name_w);
    for (uint32_t r = 0; r < h.nrec; r++) {
        const uint8_t *rec = out + h.header_len + (size_t)r * h.record_len;
        PROMISE(memcmp(rec + t->offset, "Polygon   ", FK_DBF_TYPE_WIDTH) == 0);
        PROMISE(memcmp(rec + n->offset, name, name_len) == 0);
    }
    fk_dbf_free(&h);
    free(out);
}

static void rewrite(const uint8_t *data, size_t size)
{
    static const char name[] = "f005 Z\xc3\xbcrich"; /* UTF-8, 12 bytes */
    size_t name_len = size % 3 == 0 ? 0 : sizeof name - 1;
    fk_dbf_header_t old;
    char err[256];
    int parsed = fk_dbf_parse(data, size, size, &old, err, sizeof err) == 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    PROMISE(fd >= 0 && fk_write_all(fd, data, size) == 0 && close(fd) == 0);
    fk_dbf_rewrite_req_t req = {path, "Polygon", name, name_len, 0, 0, NULL, NULL, -1};
    fk_dbf_rewrite_out_t res;
    if (fk_dbf_rewrite(&req, &res, err, sizeof err) == 0) {
        PROMISE(parsed);
        check_output(&old, size, name, name_len, &res);
    } else {
        size_t len;
        uint8_t *back = read_back(&len);
        PROMISE(len == size && memcmp(back, data, size) == 0); /* untouched */
        PROMISE(err[0] != '\0');
        free(back);
    }
    no_temp_left();
    if (parsed)
        fk_dbf_free(&old);
}

/* The .cpg text and the LDID byte to an encoding, then a NAME through it and back. */
static void encodings(const uint8_t *data, size_t size)
{
    char cpg[32], enc[64], utf8[300], back[1024];
    size_t n = size < sizeof cpg - 1 ? size : sizeof cpg - 1;
    memcpy(cpg, data, n);
    cpg[n] = '\0';
    fk_dbf_encoding(cpg, size > 29 ? data[29] : 0, enc, sizeof enc);
    PROMISE(memchr(enc, '\0', sizeof enc) != NULL);
    n = size < sizeof utf8 - 1 ? size : sizeof utf8 - 1;
    memcpy(utf8, data, n);
    utf8[n] = '\0';
    fk_dbf_name_t name;
    fk_dbf_encode_name(utf8, enc, FK_DBF_NAME_MAX, &name);
    PROMISE(name.len <= FK_DBF_NAME_MAX && name.bytes[name.len] == '\0');
    PROMISE(fk_utf8_cut(utf8, strlen(utf8), 7) <= 7);
    if (fk_dbf_decode(name.bytes, name.len, enc, back, sizeof back) == 0)
        PROMISE(memchr(back, '\0', sizeof back) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    rewrite(data, size);
    encodings(data, size);
    return 0;
}
