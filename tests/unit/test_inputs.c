/* SPDX-License-Identifier: MIT */
/* test_inputs.c: the user's inputs as text (kernels/common/inputs.c): lists, files with
 * comments, blanks and CRLF, and the refusals (empty items, NUL bytes, empty files, both or
 * neither source), and class labels that tell lists apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kernels/common/inputs.h"
#include "tests/unit/unit_test.h"

static void test_list(void **state)
{
    (void)state;
    fk_inputs_t in;
    char err[256];
    assert_int_equal(fk_inputs_from_list("a,b b,/x/y.shp", &in, err, sizeof err), 0);
    assert_int_equal(in.n, 3);
    assert_string_equal(in.v[1], "b b");
    assert_string_equal(in.v[2], "/x/y.shp");
    fk_inputs_free(&in);
    assert_int_equal(fk_inputs_from_list("a,,b", &in, err, sizeof err), -1);
    assert_non_null(strstr(err, "an empty item"));
    assert_int_equal(in.n, 0);
}

/* Writes bytes (NULs allowed) to a new temporary file; its path into path. */
static void temp_file(char *path, size_t len, const char *bytes, size_t n)
{
    tmp_template(path, len, "fk-inputs");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
}

static void test_file(void **state)
{
    (void)state;
    static const char text[] = "# a comment\n\n  100000  \r\n\t# indented comment\nlast";
    char path[512], err[512];
    fk_inputs_t in;
    temp_file(path, sizeof path, text, sizeof text - 1);
    assert_int_equal(fk_inputs_from_file(path, &in, err, sizeof err), 0);
    assert_int_equal(in.n, 2);
    assert_string_equal(in.v[0], "100000");
    assert_string_equal(in.v[1], "last"); /* no newline at the end */
    fk_inputs_free(&in);
    unlink(path);
}

static void test_file_refused(void **state)
{
    (void)state;
    char path[512], err[512];
    fk_inputs_t in;
    temp_file(path, sizeof path, "1\n2\0x\n", 6);
    assert_int_equal(fk_inputs_from_file(path, &in, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2 is not text"));
    unlink(path);
    temp_file(path, sizeof path, "# only\n\n", 8);
    assert_int_equal(fk_inputs_from_file(path, &in, err, sizeof err), -1);
    assert_non_null(strstr(err, "no inputs"));
    unlink(path);
    assert_int_equal(fk_inputs_from_file(path, &in, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(fk_inputs_read(NULL, NULL, &in, err, sizeof err), -1);
    assert_int_equal(fk_inputs_read("a", path, &in, err, sizeof err), -1);
    assert_non_null(strstr(err, "one or the other"));
}

static void test_label(void **state)
{
    (void)state;
    fk_inputs_t a, b, c;
    char la[64], lb[64], lc[64], err[64];
    assert_int_equal(fk_inputs_from_list("a,b", &a, err, sizeof err), 0);
    assert_int_equal(fk_inputs_from_list("ab", &b, err, sizeof err), 0);
    assert_int_equal(fk_inputs_from_list("a,b", &c, err, sizeof err), 0);
    fk_inputs_label(&a, la, sizeof la);
    fk_inputs_label(&b, lb, sizeof lb);
    fk_inputs_label(&c, lc, sizeof lc);
    assert_string_not_equal(la, lb);
    assert_string_equal(la, lc);
    assert_int_equal(strncmp(la, "inputs-", 7), 0);
    fk_inputs_free(&a), fk_inputs_free(&b), fk_inputs_free(&c);
}

FK_TEST_MAIN(cmocka_unit_test(test_list), cmocka_unit_test(test_file),
             cmocka_unit_test(test_file_refused), cmocka_unit_test(test_label))
