/* SPDX-License-Identifier: MIT */
/* test_dbf.c: unit tests of the shapefile kernel's .dbf rewrite on hand-made files (built by
 * dbf_test.h): lossless for numbers with more decimals than declared and blank numbers,
 * TYPE/NAME dropped in any case, EOF mark and deletion flags kept, the refusal of truncated,
 * garbage or read-only files with the file untouched and no temporary left. The other
 * byte-level parts are in test_shp_bytes.c. */
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

#include "tests/unit/dbf_test.h"

#include "harness/base/sys.h"
#include "kernels/common/util.h"
#include "kernels/shapefiles/dbf_encode.h"
#include "kernels/shapefiles/shp_hash.h"
#include "kernels/shapefiles/dbf_header.h"
#include "kernels/shapefiles/dbf_rewrite.h"
#include "kernels/shapefiles/shp_header.h"
#include "kernels/shapefiles/shp_tmp.h"
#include "kernels/shapefiles/shp_verify.h"
#include "tests/unit/unit_test.h"

static int rewrite(const char *path, const char *type, const char *name, char *err, size_t errlen)
{
    fk_dbf_rewrite_req_t req = {path, type, name, strlen(name), 0, 0, NULL, NULL, -1};
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
    fk_dbf_rewrite_req_t req = {f->path, "Polygon", "empty", 5, 1, 0, NULL, NULL, -1};
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

FK_TEST_MAIN(cmocka_unit_test_setup_teardown(test_rewrite_lossless, setup, teardown),
             cmocka_unit_test_setup_teardown(test_drops_any_case, setup, teardown),
             cmocka_unit_test_setup_teardown(test_truncated_refused, setup, teardown),
             cmocka_unit_test_setup_teardown(test_garbage_refused, setup, teardown),
             cmocka_unit_test_setup_teardown(test_no_eof_and_trailer_kept, setup, teardown),
             cmocka_unit_test_setup_teardown(test_empty_dbf, setup, teardown),
             cmocka_unit_test_setup_teardown(test_read_only_refused, setup, teardown))
