/* SPDX-License-Identifier: MIT */
/* unit_test.h: what the unit tests share: their main (FK_TEST_MAIN), a path in the temporary
 * folder (TMPDIR, else /tmp), a private folder there, and a file written with a text.
 * Include after cmocka.h. */
#ifndef FK_UNIT_TEST_H
#define FK_UNIT_TEST_H

#include <stdio.h>
#include <stdlib.h>

/* A test program's main: runs the cmocka tests listed, in order, and exits with the number
 * that failed. FK_TEST_MAIN(cmocka_unit_test(test_a), cmocka_unit_test(test_b)) */
#define FK_TEST_MAIN(...)                                                                          \
    int main(void)                                                                                 \
    {                                                                                              \
        const struct CMUnitTest fk_tests[] = {__VA_ARGS__};                                        \
        return cmocka_run_group_tests(fk_tests, NULL, NULL);                                       \
    }

/* "$TMPDIR/name-XXXXXX" into path, for mkstemp or mkdtemp. */
static inline void tmp_template(char *path, size_t len, const char *name)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, len, "%s/%s-XXXXXX", dir && *dir ? dir : "/tmp", name);
}

/* A new private folder "$TMPDIR/name-XXXXXX" (the test removes it). */
static inline void tmp_dir(char *dir, size_t len, const char *name)
{
    tmp_template(dir, len, name);
    assert_non_null(mkdtemp(dir));
}

/* Writes text to path, replacing what was there. */
static inline void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

#endif
