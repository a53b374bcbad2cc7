/* SPDX-License-Identifier: MIT */
/* test_shp_bytes.c: unit tests of the shapefile kernel's other byte-level parts on hand-made
 * files (dbf_test.h): shape type names for every .shp type code, the .shp/.shx header checks,
 * NAME cut at a UTF-8 character boundary and at 254 bytes, the code-page encodings, and the
 * streaming hash. The .dbf rewrite is in test_dbf.c. */
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

FK_TEST_MAIN(cmocka_unit_test_setup_teardown(test_shp_header, setup, teardown),
             cmocka_unit_test(test_shape_type_names), cmocka_unit_test(test_utf8_cut),
             cmocka_unit_test(test_name_cut_at_254), cmocka_unit_test(test_encodings),
             cmocka_unit_test_setup_teardown(test_hash_file, setup, teardown))
