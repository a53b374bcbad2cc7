/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c: libFuzzer target for the CSV reader of `forkomp report` (csv_read.c), which
 * rewrites the file's bytes in place: the input is read as a whole file (a memfd, so no file
 * is left behind), and on every input the reader's promises are checked beside the
 * sanitizers':
 * - it accepts or refuses with a message, and a refusal leaves the table zeroed;
 * - an accepted table's header names no column twice, and every field of every row (and
 *   beyond its last) is a NUL-terminated string inside the file's buffer, no longer than
 *   FK_CSV_FIELD_MAX, and rows keep the order of their lines.
 * Built and run by tests/fuzz/run.sh (`make fuzz`). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness/report/csv_read.h"

#define PROMISE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

static void check_table(const fk_csv_table_t *t, size_t size)
{
    for (size_t i = 0; i < t->ncols; i++)
        for (size_t j = 0; j < i; j++)
            PROMISE(strcmp(t->names[i], t->names[j]) != 0);
    for (size_t r = 0; r < t->nrows; r++) {
        PROMISE(r == 0 || t->rows[r].line > t->rows[r - 1].line);
        for (size_t c = 0; c <= t->ncols; c++) {
            const char *f = fk_csv_table_field(t, r, (int)c);
            size_t n = strlen(f);
            PROMISE(n <= FK_CSV_FIELD_MAX);
            PROMISE(!*f || (f >= t->text && f + n <= t->text + size + 1));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], err[512];
    int fd = memfd_create("fuzz-csv", MFD_CLOEXEC);
    PROMISE(fd >= 0);
    PROMISE(write(fd, data, size) == (ssize_t)size);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    fk_csv_table_t t;
    if (fk_csv_table_read(path, &t, err, sizeof err) == 0) {
        PROMISE(t.ncols > 0);
        check_table(&t, size);
        fk_csv_table_free(&t);
    } else {
        PROMISE(err[0] && !t.text && !t.rows && !t.names);
    }
    close(fd);
    return 0;
}
