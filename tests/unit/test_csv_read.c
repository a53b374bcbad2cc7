/* SPDX-License-Identifier: MIT */
/* test_csv_read.c: the RFC 4180 reader behind `forkomp report` (harness/report/csv_read.c): quoted
 * fields, doubled quotes, embedded commas and newlines, CRLF, columns by name, repeated
 * headers, and the error messages for bad files. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/report/csv_read.h"
#include "tests/unit/unit_test.h"

/* Writes text to a new temporary file; its path goes into path (removed by the test). */
static void write_tmp(const char *text, char *path, size_t len)
{
    tmp_template(path, len, "fk-csvtest");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_text(path, text);
}

/* Reads text as a CSV file; returns fk_csv_table_read's result, err filled. */
static int read_text(const char *text, fk_csv_table_t *t, char *err, size_t errlen)
{
    char path[4096];
    write_tmp(text, path, sizeof path);
    int rc = fk_csv_table_read(path, t, err, errlen);
    unlink(path);
    return rc;
}

/* Reads text as a CSV file that must read without error. */
static void read_ok(const char *text, fk_csv_table_t *t)
{
    char err[512] = "";
    if (read_text(text, t, err, sizeof err) != 0)
        fail_msg("'%s' did not read: %s", text, err);
}

/* A call that must fail (-1) with a message that says want. */
static void assert_refused(int rc, const char *err, const char *want)
{
    assert_int_equal(rc, -1);
    if (!strstr(err, want))
        fail_msg("the message '%s' does not say '%s'", err, want);
}

static void test_quoting(void **state)
{
    (void)state;
    fk_csv_table_t t;
    const char *text = "a,b,c\r\n"
                       "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                       "2,\"two\nlines\",\r\n"
                       "\r\n"
                       "a,b,c\n" /* a repeated header (files joined with cat) */
                       "3,,last";
    read_ok(text, &t);
    assert_int_equal(t.nrows, 3);
    int b = fk_csv_table_column(&t, "b"), c = fk_csv_table_column(&t, "c");
    assert_int_equal(b, 1);
    assert_int_equal(fk_csv_table_column(&t, "nope"), -1);
    assert_string_equal(fk_csv_table_field(&t, 0, b), "x, y");
    assert_string_equal(fk_csv_table_field(&t, 0, c), "say \"hi\"");
    assert_string_equal(fk_csv_table_field(&t, 1, b), "two\nlines");
    assert_string_equal(fk_csv_table_field(&t, 1, c), "");
    assert_string_equal(fk_csv_table_field(&t, 2, c), "last");
    assert_int_equal(t.rows[2].line, 7); /* line numbers count the embedded newline */
    assert_string_equal(fk_csv_table_field(&t, 0, 7), ""); /* beyond the row */
    fk_csv_table_free(&t);
}

static void test_numbers(void **state)
{
    (void)state;
    fk_csv_table_t t;
    char err[512];
    double v;
    read_ok("n,m\n1.5e-3,\nfast,2\n", &t);
    assert_int_equal(fk_csv_table_number(&t, 0, 0, 0, &v, err, sizeof err), 0);
    assert_float_equal(v, 1.5e-3, 1e-15);
    assert_int_equal(fk_csv_table_number(&t, 0, 1, 1, &v, err, sizeof err), 1);
    assert_true(isnan(v));
    assert_refused(fk_csv_table_number(&t, 0, 1, 0, &v, err, sizeof err), err,
                   ":2: column m: empty value");
    assert_refused(fk_csv_table_number(&t, 1, 0, 0, &v, err, sizeof err), err,
                   ":3: column n: 'fast' is not a number");
    fk_csv_table_free(&t);
}

static void test_require(void **state)
{
    (void)state;
    fk_csv_table_t t;
    char err[512];
    int cols[3];
    const char *const want[] = {"b", "a", "wall_s"};
    read_ok("a,b\n1,2\n", &t);
    assert_int_equal(fk_csv_table_require(&t, want, 2, cols, err, sizeof err), 0);
    assert_int_equal(cols[0], 1);
    assert_int_equal(cols[1], 0);
    assert_refused(fk_csv_table_require(&t, want, 3, cols, err, sizeof err), err,
                   "missing required column 'wall_s'");
    assert_non_null(strstr(err, "fk-csvtest-"));
    fk_csv_table_free(&t);
}

/* cat old.csv new.csv (issue 18): the second header has more columns, in another order; its
 * rows are read by its names, the first block's rows lack (read "") the new columns. */
static const char three_blocks[] = "timestamp,a,b\n"
                                   "t1,1,2\n"
                                   "timestamp,b,c,a\n"
                                   "t2,20,30,10\n"
                                   "timestamp,a,b\n"
                                   "t3,100,200\n";

static void test_header_blocks(void **state)
{
    (void)state;
    fk_csv_table_t t;
    read_ok(three_blocks, &t);
    assert_int_equal(t.nrows, 3);
    int a = fk_csv_table_column(&t, "a"), b = fk_csv_table_column(&t, "b"),
        c = fk_csv_table_column(&t, "c");
    assert_true(a >= 0 && b >= 0 && c >= 0);
    assert_string_equal(fk_csv_table_field(&t, 0, a), "1");
    assert_string_equal(fk_csv_table_field(&t, 0, c), "");
    assert_string_equal(fk_csv_table_field(&t, 1, a), "10");
    assert_string_equal(fk_csv_table_field(&t, 1, b), "20");
    assert_string_equal(fk_csv_table_field(&t, 1, c), "30");
    assert_string_equal(fk_csv_table_field(&t, 2, b), "200");
    assert_string_equal(fk_csv_table_field(&t, 2, c), "");
    assert_int_equal(t.rows[1].line, 4);
    fk_csv_table_free(&t);
}

static void test_bad_files(void **state)
{
    (void)state;
    fk_csv_table_t t;
    char err[512];
    assert_refused(read_text("", &t, err, sizeof err), err, "empty file");
    assert_refused(read_text("\n\r\n", &t, err, sizeof err), err, "empty file");
    assert_refused(read_text("a,b\n1,\"open\n2,3\n", &t, err, sizeof err), err,
                   ":2: quoted field is never closed");
    assert_refused(read_text("a,b\n1,\"x\"y\n", &t, err, sizeof err), err,
                   ":2: unexpected 'y' after a closing quote");
    assert_refused(fk_csv_table_read("/nonexistent/x.csv", &t, err, sizeof err), err,
                   "/nonexistent/x.csv: ");
    /* a header without rows is fine: an empty table */
    read_ok("a,b\n", &t);
    assert_int_equal(t.nrows, 0);
    fk_csv_table_free(&t);
}

/* A header naming a column twice is refused (issue 27 N9; the reader leaked the header's
 * copy of the name under the sanitizer, L5), in the first block or a later one. */
static void test_repeated_column(void **state)
{
    (void)state;
    fk_csv_table_t t;
    char err[512];
    assert_refused(read_text("host,b,host\n1,2,3\n", &t, err, sizeof err), err,
                   ":1: column 3: 'host' is in the header twice");
    assert_refused(read_text("timestamp,a\nt,1\ntimestamp,b,b\nt,2,3\n", &t, err, sizeof err), err,
                   ":3: column 3: 'b' is in the header twice");
}

/* A field longer than FK_CSV_FIELD_MAX is refused (issue 27 N5: a 16 MB host name took the
 * report 93 s); rows longer than 64 KiB (many fields just under it) still read, with their
 * fields intact before and after the long row. */
static void test_long_fields(void **state)
{
    (void)state;
    fk_csv_table_t t;
    char err[512];
    size_t n = FK_CSV_FIELD_MAX - 10, len = 0;
    char *text = malloc(4 * n + 64);
    assert_non_null(text);
    len += (size_t)sprintf(text, "a,b,c\nx,y,z\n");
    for (int f = 0; f < 3; f++) {
        memset(text + len, 'a' + f, n);
        len += n;
        text[len++] = f < 2 ? ',' : '\n';
    }
    len += (size_t)sprintf(text + len, "p,\"q\"\"\",r\n");
    read_ok(text, &t);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(fk_csv_table_field(&t, 0, 2), "z");
    assert_int_equal(strlen(fk_csv_table_field(&t, 1, 2)), n);
    assert_int_equal(fk_csv_table_field(&t, 1, 2)[0], 'c');
    assert_string_equal(fk_csv_table_field(&t, 2, 1), "q\"");
    assert_string_equal(fk_csv_table_field(&t, 2, 2), "r");
    fk_csv_table_free(&t);
    memset(text + 12, 'h', 2 * n); /* one field of 2n bytes on line 3 */
    sprintf(text + 12 + 2 * n, ",x\n");
    assert_refused(read_text(text, &t, err, sizeof err), err, ":3: field 1 has");
    free(text);
}

FK_TEST_MAIN(cmocka_unit_test(test_quoting), cmocka_unit_test(test_repeated_column),
             cmocka_unit_test(test_long_fields), cmocka_unit_test(test_numbers),
             cmocka_unit_test(test_require), cmocka_unit_test(test_header_blocks),
             cmocka_unit_test(test_bad_files))
