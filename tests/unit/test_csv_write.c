/* SPDX-License-Identifier: MIT */
/* test_csv_write.c: RFC 4180 quoting of the CSV writer, whole rows, and the strict number and
 * list parsers every option goes through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness/engine/csv.h"
#include "harness/base/numparse.h"
#include "kernels/common/util.h"
#include "tests/unit/unit_test.h"

static void quote(const char *in, const char *want)
{
    char buf[128];
    size_t len = 0;
    assert_int_equal(fk_csv_quote(buf, sizeof buf, &len, in), 0);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));
}

static void test_quoting(void **state)
{
    (void)state;
    quote("plain", "plain");
    quote("", "");
    quote("a,b", "\"a,b\"");
    quote("say \"hi\"", "\"say \"\"hi\"\"\"");
    quote("two\nlines", "\"two\nlines\"");
    quote("cr\r", "\"cr\r\"");
    char small[4];
    size_t len = 0;
    assert_int_equal(fk_csv_quote(small, sizeof small, &len, "toolong"), -1);
}

static size_t count_fields(const char *line)
{
    size_t n = 1;
    int quoted = 0;
    for (const char *p = line; *p && *p != '\n'; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == ',' && !quoted)
            n++;
    }
    return n;
}

static void test_row_has_every_column(void **state)
{
    (void)state;
    fk_csv_row_t row = {.host = "h",
                        .kernel = "primes",
                        .variant = "trial",
                        .class_name = "lab",
                        .model = "fork",
                        .workers = 2,
                        .procs = 2,
                        .threads = 1,
                        .schedule = "static",
                        .chunk = 1,
                        .tasks = 8,
                        .rep = 1,
                        .wall_s = 0.5,
                        .result = 3657632172ULL,
                        .verified = 1,
                        .status = "failed:task 3 crashed (SIGSEGV), then \"more\""};
    strcpy(row.timestamp, "2026-11-25T00:00:00Z");
    char line[4096];
    assert_int_equal(fk_csv_format_row(&row, line, sizeof line), 0);
    assert_int_equal(count_fields(line), count_fields(fk_csv_header()));
    assert_non_null(strstr(line, ",3657632172,1,\"failed:task 3 crashed (SIGSEGV), then "
                                 "\"\"more\"\"\","));
    assert_int_equal(line[strlen(line) - 1], '\n');
    char tiny[16];
    assert_int_equal(fk_csv_format_row(&row, tiny, sizeof tiny), -1);
    /* a 64-bit hash beyond 2^53 is text, so that no reader rounds it */
    row.result = 0xdeadbeefcafef00dULL;
    assert_int_equal(fk_csv_format_row(&row, line, sizeof line), 0);
    assert_non_null(strstr(line, ",xdeadbeefcafef00d,1,"));
    row.wall_s = 4e-7; /* below a microsecond: not written as 0.000000 */
    assert_int_equal(fk_csv_format_row(&row, line, sizeof line), 0);
    assert_non_null(strstr(line, ",0.000000400,"));
    row.result = 1ULL << 53;
    assert_int_equal(fk_csv_format_row(&row, line, sizeof line), 0);
    assert_non_null(strstr(line, ",9007199254740992,1,"));
}

/* The header is the table's names, in order; docs/csv-columns.md lists every column of the
 * table with its kind and meaning, line for line (the docs are made from the table). */
static void test_columns_table_and_docs(void **state)
{
    (void)state;
    const char *h = fk_csv_header();
    assert_int_equal(count_fields(h), fk_csv_ncolumns);
    assert_int_equal(strncmp(h, "timestamp,host,kernel,", 22), 0);
    /* columns added later go at the end: main's container, cpu_quota, then the rounds' */
    assert_int_equal(fk_csv_column_index("container"), fk_csv_column_index("busy_min_s") + 1);
    assert_int_equal(fk_csv_column_index("round"), fk_csv_column_index("cpu_quota") + 1);
    assert_int_equal(fk_csv_column_index("no_such_column"), -1);
    FILE *f = fopen("docs/csv-columns.md", "r");
    assert_non_null(f);
    static char doc[65536];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    doc[n] = '\0';
    fclose(f);
    const char *at = doc;
    for (size_t i = 0; i < fk_csv_ncolumns; i++) {
        char line[512];
        snprintf(line, sizeof line, "\n| `%s` | %s | %s |\n", fk_csv_columns[i].name,
                 fk_csv_columns[i].type, fk_csv_columns[i].meaning);
        const char *found = strstr(at, line);
        if (!found)
            fail_msg("docs/csv-columns.md lacks, after the column before it: %s", line + 1);
        at = found + 1;
    }
}

static void test_parsers(void **state)
{
    (void)state;
    uint64_t u, list[4];
    long l;
    double d;
    size_t n;
    char err[128];
    assert_int_equal(fk_parse_u64("10000000000", 10000000000ULL, &u), 0);
    assert_int_equal(fk_parse_u64("10000000001", 10000000000ULL, &u), -1);
    assert_int_equal(fk_parse_u64("-1", UINT64_MAX, &u), -1);
    assert_int_equal(fk_parse_u64(" 1", UINT64_MAX, &u), -1);
    assert_int_equal(fk_parse_u64("99999999999999999999999", UINT64_MAX, &u), -1);
    assert_int_equal(fk_parse_long("-5", -10, 10, &l), 0);
    assert_int_equal(l, -5);
    assert_int_equal(fk_parse_long("5x", -10, 10, &l), -1);
    assert_int_equal(fk_parse_double("2.5", 0, 10, &d), 0);
    assert_int_equal(fk_parse_double("nan", 0, 10, &d), -1);
    /* hex floats are not numbers of seconds (issue 18: "0x1p3" was read as 8) */
    assert_int_equal(fk_parse_double("0x1p3", 0, 10, &d), -1);
    assert_int_equal(fk_parse_double("-0X1", -10, 10, &d), -1);
    assert_int_equal(fk_parse_double("0.5", 0, 10, &d), 0);
    assert_int_equal(fk_parse_u64_list("1,2,4", 0, 100, list, 4, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(list[2], 4);
    assert_int_equal(fk_parse_u64_list("1,,4", 0, 100, list, 4, &n, err, sizeof err), -1);
    assert_int_equal(fk_parse_u64_list("1,2,", 0, 100, list, 4, &n, err, sizeof err), -1);
    assert_int_equal(fk_parse_u64_list("1,2,3,4,5", 0, 100, list, 4, &n, err, sizeof err), -1);
    assert_int_equal(fk_parse_u64_list("7,x9", 0, 100, list, 4, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "x9"));
    /* the message gives the real range (issue 18: "in 0..4096" when 0 was refused) */
    assert_int_equal(fk_parse_u64_list("2,0", 1, 4096, list, 4, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "'0' is not a whole number in 1..4096"));
}

FK_TEST_MAIN(cmocka_unit_test(test_quoting), cmocka_unit_test(test_row_has_every_column),
             cmocka_unit_test(test_columns_table_and_docs), cmocka_unit_test(test_parsers))
