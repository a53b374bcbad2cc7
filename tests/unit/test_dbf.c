/* test_dbf.c: unit tests of the shapefile kernel's byte-level parts on hand-made files: the
 * .dbf rewrite (lossless for numbers with more decimals than declared and blank numbers,
 * TYPE/NAME dropped in any case, EOF mark and deletion flags kept), the refusal of truncated
 * or garbage headers with the file untouched, shape type names for every .shp type code,
 * encodings, NAME cut at a UTF-8 character boundary, and the streaming hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/engine/sys.h"
#include "kernels/common/util.h"
#include "kernels/shapefiles/dbf_encode.h"
#include "kernels/shapefiles/shp_hash.h"
#include "kernels/shapefiles/dbf_header.h"
#include "kernels/shapefiles/dbf_rewrite.h"
#include "kernels/shapefiles/shp_header.h"
#include "kernels/shapefiles/shp_tmp.h"
#include "kernels/shapefiles/shp_verify.h"

typedef struct tfield {
    const char *name;
    char type;
    unsigned width, decimals;
} tfield_t;

typedef struct fixture {
    char dir[4096];
    char path[4200];
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    if (!f || fk_make_scratch_dir("test-dbf", f->dir, sizeof f->dir) != 0)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.dbf", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    fk_remove_tree(f->dir);
    free(f);
    return 0;
}

/* One record: the flag then each value, numbers right-aligned, the rest left-aligned. */
static size_t put_record(uint8_t *o, const tfield_t *fs, size_t nf, char flag,
                         const char *const *vals)
{
    size_t n = 0;
    o[n++] = (uint8_t)flag;
    for (size_t i = 0; i < nf; i++) {
        size_t len = strlen(vals[i]), w = fs[i].width;
        assert_true(len <= w);
        memset(o + n, ' ', w);
        memcpy(o + n + ((fs[i].type == 'N' || fs[i].type == 'F') ? w - len : 0), vals[i], len);
        n += w;
    }
    return n;
}

/* A dBASE III file: version 3, 32-byte descriptors, records, optional 0x1A. */
static size_t build_dbf(uint8_t *buf, const tfield_t *fs, size_t nf, const char *const *vals,
                        size_t nrec, int eof, uint8_t ldid)
{
    size_t hlen = 32 + 32 * nf + 1, reclen = 1;
    for (size_t i = 0; i < nf; i++)
        reclen += fs[i].width;
    memset(buf, 0, hlen);
    buf[0] = 3, buf[1] = 95, buf[2] = 7, buf[3] = 26;
    buf[4] = (uint8_t)nrec, buf[5] = (uint8_t)(nrec >> 8);
    buf[8] = (uint8_t)hlen, buf[9] = (uint8_t)(hlen >> 8);
    buf[10] = (uint8_t)reclen, buf[11] = (uint8_t)(reclen >> 8);
    buf[29] = ldid;
    for (size_t i = 0; i < nf; i++) {
        uint8_t *d = buf + 32 + 32 * i;
        memcpy(d, fs[i].name, strlen(fs[i].name));
        d[11] = (uint8_t)fs[i].type;
        d[16] = (uint8_t)fs[i].width;
        d[17] = (uint8_t)fs[i].decimals;
    }
    buf[hlen - 1] = 0x0D;
    size_t n = hlen;
    for (size_t r = 0; r < nrec; r++)
        n += put_record(buf + n, fs, nf, r == 1 ? '*' : ' ', vals + r * nf);
    if (eof)
        buf[n++] = 0x1A;
    return n;
}

static void write_file(const char *path, const uint8_t *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static int rewrite(const char *path, const char *type, const char *name, char *err, size_t errlen)
{
    fk_dbf_rewrite_req_t req = {path, type, name, strlen(name), 0, 0};
    fk_dbf_rewrite_out_t out;
    return fk_dbf_rewrite(&req, &out, err, errlen);
}

static int temp_left(const char *dir)
{
    char why[300];
    return !fk_shp_no_temp_left(dir, 0, why, sizeof why);
}

static const tfield_t mixed[] = {
    {"ID", 'N', 5, 0},   {"type", 'N', 4, 0}, {"VAL", 'N', 12, 3},
    {"Name", 'C', 6, 0}, {"D", 'D', 8, 0},    {"OK", 'L', 1, 0},
};
static const char *const mixed_vals[] = {
    "1", "7", "0.1111049", "old", "20200101", "T", /* more decimals than declared */
    "2", "8", "",          "x",   "19991231", "F", /* a blank number, a deleted record */
    "3", "",  "-12.500",   "",    "",         "?",
};

static void test_rewrite_lossless(void **state)
{
    fixture_t *f = *state;
    uint8_t in[4096], out[4096];
    size_t n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0x57);
    write_file(f->path, in, n);
    char err[256] = "";
    assert_int_equal(rewrite(f->path, "Polygon", "roads", err, sizeof err), 0);
    size_t m = read_file(f->path, out, sizeof out);
    fk_dbf_header_t h;
    assert_int_equal(fk_dbf_parse(out, m, m, &h, err, sizeof err), 0);
    assert_int_equal(h.nfields, 6);
    const char *want[] = {"ID", "VAL", "D", "OK", "TYPE", "NAME"};
    for (int i = 0; i < 6; i++)
        assert_string_equal(h.fields[i].name, want[i]);
    assert_int_equal(h.fields[4].width, 10);
    assert_int_equal(h.fields[5].width, 5);
    assert_int_equal(h.nrec, 3);
    assert_int_equal(h.ldid, 0x57);
    assert_memory_equal(out + 1, in + 1, 3); /* the date is kept */
    /* record 0: flag, ID, VAL, D, OK copied byte for byte, then the new values */
    const uint8_t *r0 = out + h.header_len, *r1 = r0 + h.record_len;
    assert_int_equal(h.record_len, 1 + 5 + 12 + 8 + 1 + 10 + 5);
    assert_memory_equal(r0,
                        " "
                        "    1"
                        "   0.1111049"
                        "20200101"
                        "T"
                        "Polygon   "
                        "roads",
                        h.record_len);
    assert_memory_equal(r1,
                        "*"
                        "    2"
                        "            "
                        "19991231"
                        "F"
                        "Polygon   "
                        "roads",
                        h.record_len);
    assert_int_equal(m, h.header_len + 3 * h.record_len + 1);
    assert_int_equal(out[m - 1], 0x1A);
    assert_false(temp_left(f->dir));
    fk_dbf_free(&h);
}

static void test_drops_any_case(void **state)
{
    fixture_t *f = *state;
    static const tfield_t fs[] = {{"TYPE", 'C', 3, 0}, {"a", 'C', 2, 0},    {"tYpE", 'N', 2, 0},
                                  {"NAME", 'C', 9, 0}, {"nAmE", 'C', 1, 0}, {"NAMES", 'C', 2, 0}};
    static const char *const v[] = {"abc", "zz", "12", "longname1", "q", "ns"};
    uint8_t in[2048], out[2048];
    write_file(f->path, in, build_dbf(in, fs, 6, v, 1, 1, 0));
    char err[256];
    assert_int_equal(rewrite(f->path, "Point", "p", err, sizeof err), 0);
    size_t m = read_file(f->path, out, sizeof out);
    fk_dbf_header_t h;
    assert_int_equal(fk_dbf_parse(out, m, m, &h, err, sizeof err), 0);
    assert_int_equal(h.nfields, 4);
    assert_string_equal(h.fields[0].name, "a");
    assert_string_equal(h.fields[1].name, "NAMES"); /* only exact TYPE/NAME go */
    assert_memory_equal(out + h.header_len, " zznsPoint     p", h.record_len);
    fk_dbf_free(&h);
}

/* A file the rewrite must refuse: err names the reason, the bytes stay, no temp file. */
static void expect_refused(fixture_t *f, const uint8_t *buf, size_t len, const char *reason)
{
    uint8_t after[4096];
    write_file(f->path, buf, len);
    char err[256] = "";
    assert_int_not_equal(rewrite(f->path, "Point", "x", err, sizeof err), 0);
    if (!strstr(err, reason))
        fail_msg("error '%s' does not mention '%s'", err, reason);
    assert_int_equal(read_file(f->path, after, sizeof after), len);
    assert_memory_equal(after, buf, len);
    assert_false(temp_left(f->dir));
}

static void test_truncated_refused(void **state)
{
    uint8_t in[4096];
    size_t n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0);
    in[4] = 10; /* the header promises 10 records; the file holds 3 */
    expect_refused(*state, in, n, "truncated");
    n = build_dbf(in, mixed, 6, mixed_vals, 3, 0, 0);
    expect_refused(*state, in, n - 5, "truncated"); /* the last record cut short */
}

static void test_garbage_refused(void **state)
{
    uint8_t in[4096];
    size_t n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0);
    in[10] = (uint8_t)(in[10] + 1); /* record length disagrees with the fields */
    expect_refused(*state, in, n, "record length");
    n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0);
    in[0] = 0x42; /* not a dBASE version */
    expect_refused(*state, in, n, "version");
    n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0);
    in[32 + 6 * 32] = 'X'; /* no terminator */
    expect_refused(*state, in, n, "terminator");
    n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0);
    in[32 + 11] = '!'; /* unknown field type */
    expect_refused(*state, in, n, "unknown type");
    for (size_t i = 0; i < 600; i++)
        in[i] = (uint8_t)(i * 7919u >> 3);
    expect_refused(*state, in, 600, "garbage");
    expect_refused(*state, (const uint8_t *)"tiny", 4, "too short");
}

static void test_no_eof_and_trailer_kept(void **state)
{
    fixture_t *f = *state;
    uint8_t in[4096], out[4096];
    size_t n = build_dbf(in, mixed, 6, mixed_vals, 3, 0, 0);
    write_file(f->path, in, n);
    char err[256];
    assert_int_equal(rewrite(f->path, "Null", "n", err, sizeof err), 0);
    size_t m = read_file(f->path, out, sizeof out);
    assert_int_not_equal(out[m - 1], 0x1A); /* none before, none after */
    n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0);
    memcpy(in + n, "junk", 4); /* bytes after the EOF mark survive too */
    write_file(f->path, in, n + 4);
    assert_int_equal(rewrite(f->path, "Null", "n", err, sizeof err), 0);
    m = read_file(f->path, out, sizeof out);
    assert_memory_equal(out + m - 5, "\x1Ajunk", 5);
}

static void test_empty_dbf(void **state)
{
    fixture_t *f = *state;
    uint8_t in[1024], out[1024];
    write_file(f->path, in, build_dbf(in, mixed, 6, mixed_vals, 0, 1, 0));
    char err[256];
    fk_dbf_rewrite_req_t req = {f->path, "Polygon", "empty", 5, 1, 0};
    fk_dbf_rewrite_out_t res;
    assert_int_equal(fk_dbf_rewrite(&req, &res, err, sizeof err), 0);
    assert_int_equal(res.records, 0);
    size_t m = read_file(f->path, out, sizeof out);
    fk_dbf_header_t h;
    assert_int_equal(fk_dbf_parse(out, m, m, &h, err, sizeof err), 0);
    assert_int_equal(h.nrec, 0);
    assert_int_equal(m, h.header_len + 1);
    uint64_t sum;
    assert_int_equal(fk_hash_file(f->path, 1, &sum), 0);
    assert_true(sum == res.checksum); /* the streamed checksum is the file's */
    fk_dbf_free(&h);
}

/* 0 when a rewrite of a 0444 file is refused as read-only and leaves it as it was. */
static int read_only_case(const char *path, const uint8_t *orig, size_t len)
{
    char err[256] = "";
    uint8_t after[4096];
    if (rewrite(path, "Point", "x", err, sizeof err) == 0 || !strstr(err, "read-only"))
        return 1;
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(after, 1, sizeof after, f) : 0;
    if (f)
        fclose(f);
    return n == len && memcmp(after, orig, len) == 0 ? 0 : 2;
}

static void test_read_only_refused(void **state)
{
    fixture_t *f = *state;
    uint8_t in[4096];
    size_t n = build_dbf(in, mixed, 6, mixed_vals, 3, 1, 0);
    write_file(f->path, in, n);
    assert_int_equal(chmod(f->path, 0444), 0);
    if (geteuid() != 0) {
        assert_int_equal(read_only_case(f->path, in, n), 0);
        return;
    }
    /* root may write anything: try as nobody in a child, in a folder nobody can write to.
     * The child enters the folder while still root and then names the file relative to it,
     * so a private TMPDIR (0700, the folders above the fixture) need not let nobody in. */
    assert_int_equal(chmod(f->dir, 0777), 0);
    const char *name = strrchr(f->path, '/') ? strrchr(f->path, '/') + 1 : f->path;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(chdir(f->dir) != 0 || setgid(65534) != 0 || setuid(65534) != 0
                  ? 3
                  : read_only_case(name, in, n));
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_shape_type_names(void **state)
{
    (void)state;
    static const struct {
        int code;
        const char *name;
    } t[] = {
        {0, "Null"},        {1, "Point"},       {3, "Polyline"},  {5, "Polygon"},
        {8, "Multipoint"},  {11, "Point"},      {13, "Polyline"}, {15, "Polygon"},
        {18, "Multipoint"}, {21, "Point"},      {23, "Polyline"}, {25, "Polygon"},
        {28, "Multipoint"}, {31, "MultiPatch"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        assert_string_equal(fk_shp_type_name(t[i].code), t[i].name);
    static const int undefined[] = {-1, 2, 4, 6, 7, 9, 10, 12, 14, 16, 20, 22, 30, 32, 1000};
    for (size_t i = 0; i < sizeof undefined / sizeof undefined[0]; i++)
        assert_null(fk_shp_type_name(undefined[i]));
}

static void test_shp_header(void **state)
{
    fixture_t *f = *state;
    uint8_t b[108] = {0};
    b[2] = 0x27, b[3] = 0x0A;   /* 9994, big-endian */
    b[27] = 54;                 /* 108 bytes = 54 words */
    b[28] = 0xE8, b[29] = 0x03; /* version 1000 */
    b[32] = 25;                 /* PolygonM */
    char path[4300], err[256];
    fk_shp_header_t h;
    snprintf(path, sizeof path, "%s/t.shx", f->dir);
    write_file(path, b, sizeof b);
    assert_int_equal(fk_shp_read_header(path, 1, &h, err, sizeof err), 0);
    assert_int_equal(h.shape_type, 25);
    assert_int_equal(fk_shx_count(&h), 1);
    write_file(path, b, 104); /* shorter than stated */
    assert_int_not_equal(fk_shp_read_header(path, 1, &h, err, sizeof err), 0);
    assert_non_null(strstr(err, "truncated"));
    memset(b, 'x', sizeof b);
    memcpy(b, "This is a text file that merely ends in .shp", 44);
    write_file(path, b, sizeof b);
    assert_int_not_equal(fk_shp_read_header(path, 0, &h, err, sizeof err), 0);
    assert_non_null(strstr(err, "not a shapefile"));
}

static void test_utf8_cut(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9\xE6\x9D\xB1\xF0\x9F\x98\x80"; /* a é 東 😀: 1+2+3+4 bytes */
    size_t len = strlen(s);
    static const size_t want[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 10};
    for (size_t max = 0; max <= 11; max++)
        assert_int_equal(fk_utf8_cut(s, len, max), want[max]);
    assert_int_equal(fk_utf8_cut("\xFF\xFEz", 3, 2), 2); /* invalid bytes count as one each */
}

static void test_name_cut_at_254(void **state)
{
    (void)state;
    char name[600] = "";
    for (int i = 0; i < 127; i++)
        strcat(name, "\xC3\xA9");  /* é: 254 bytes */
    strcat(name, "x\xE6\x9D\xB1"); /* then 1 + 3 bytes */
    fk_dbf_name_t n;
    fk_dbf_encode_name(name, "UTF-8", FK_DBF_NAME_MAX, &n);
    assert_int_equal(n.len, 254);
    assert_true(n.truncated);
    strcpy(name, "x");
    for (int i = 0; i < 126; i++)
        strcat(name, "\xC3\xA9");
    strcat(name, "\xE6\x9D\xB1"); /* 1 + 252 + 3 bytes: the last char would cross 254 */
    fk_dbf_encode_name(name, "", FK_DBF_NAME_MAX, &n);
    assert_int_equal(n.len, 253);
    assert_memory_equal(n.bytes + 251, "\xC3\xA9", 2);
    fk_dbf_encode_name("\xE6\x9D\xB1\xE6\x9D\xB1", "CP936", 3, &n); /* 2 bytes per char there */
    assert_int_equal(n.len, 2);
    assert_true(n.truncated);
}

static void test_encodings(void **state)
{
    (void)state;
    char enc[64];
    fk_dbf_encoding("UTF-8", 0x57, enc, sizeof enc);
    assert_string_equal(enc, "UTF-8");
    fk_dbf_encoding("1252", 0, enc, sizeof enc);
    assert_string_equal(enc, "CP1252");
    fk_dbf_encoding("8859-15", 0, enc, sizeof enc);
    assert_string_equal(enc, "ISO-8859-15");
    fk_dbf_encoding("", 0x57, enc, sizeof enc);
    assert_string_equal(enc, "ISO-8859-1");
    fk_dbf_encoding(NULL, 3, enc, sizeof enc);
    assert_string_equal(enc, "CP1252");
    fk_dbf_encoding(NULL, 0, enc, sizeof enc);
    assert_string_equal(enc, "");
    fk_dbf_name_t n;
    fk_dbf_encode_name("Z\xC3\xBCrich", "ISO-8859-1", 254, &n);
    assert_int_equal(n.len, 6);
    assert_memory_equal(n.bytes, "Z\xFCrich", 6);
    assert_false(n.lossy);
    fk_dbf_encode_name("x\xE6\x9D\xB1\xE4\xBA\xAC", "ISO-8859-1", 254, &n);
    assert_string_equal(n.bytes, "x??");
    assert_true(n.lossy);
    fk_dbf_encode_name("caf\xC3\xA9", "NO-SUCH-ENCODING", 254, &n);
    assert_true(n.unknown);
    assert_string_equal(n.bytes, "caf\xC3\xA9");
    char back[64];
    assert_int_equal(fk_dbf_decode("caf\xE9", 4, "CP1252", back, sizeof back), 0);
    assert_string_equal(back, "caf\xC3\xA9");
}

/* fk_hash_file is XXH3 of the file's bytes, the date bytes 1..3 zeroed when asked; the
 * combination of checksums depends on their order. */
static void test_hash_file(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[3000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 31 + 7);
    write_file(f->path, buf, sizeof buf);
    uint64_t raw, dated, undated;
    assert_int_equal(fk_hash_file(f->path, 0, &raw), 0);
    assert_true(raw == XXH3_64bits(buf, sizeof buf));
    assert_int_equal(fk_hash_file(f->path, 1, &dated), 0);
    buf[1] = buf[2] = buf[3] = 0;
    assert_true(dated == XXH3_64bits(buf, sizeof buf));
    buf[2] = 99; /* another date: the same checksum */
    write_file(f->path, buf, sizeof buf);
    assert_int_equal(fk_hash_file(f->path, 1, &undated), 0);
    assert_true(undated == dated);
    buf[4] ^= 1; /* any other byte: a different one */
    write_file(f->path, buf, sizeof buf);
    assert_int_equal(fk_hash_file(f->path, 1, &undated), 0);
    assert_true(undated != dated);
    assert_true(fk_hash_combine(fk_hash_combine(0, 1), 2) !=
                fk_hash_combine(fk_hash_combine(0, 2), 1));
    assert_int_equal(fk_hash_file("/nonexistent/x.dbf", 1, &raw), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rewrite_lossless, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drops_any_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_eof_and_trailer_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_dbf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shp_header, setup, teardown),
        cmocka_unit_test(test_shape_type_names),
        cmocka_unit_test(test_utf8_cut),
        cmocka_unit_test(test_name_cut_at_254),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test_setup_teardown(test_hash_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
