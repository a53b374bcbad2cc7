/* SPDX-License-Identifier: MIT */
/* csv_append.c: the checks of csv_append.h, on the file's first and last bytes. */
#include "harness/engine/csv_append.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/engine/csv.h"
#include "kernels/common/util.h"

/* The number of columns of a header line. */
static size_t count_columns(const char *line, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len && line[i] != '\n'; i++)
        n += line[i] == ',';
    return n;
}

int fk_csv_append_check_fd(int fd, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
        return 0;
    char header[4096];
    size_t want = (size_t)snprintf(header, sizeof header, "%s\n", fk_csv_header());
    char last = '\n', *first = malloc(want);
    ssize_t got = first ? fk_pread_full(fd, first, want, 0) : -1;
    if (got < 0 || fk_pread_full(fd, &last, 1, st.st_size - 1) != 1) {
        free(first);
        return fk_err(err, errlen, "cannot read CSV %s: %s", path, strerror(errno));
    }
    int same = (size_t)got == want && memcmp(first, header, want) == 0;
    size_t cols = same ? 0 : count_columns(first, (size_t)got);
    free(first);
    if (!same)
        return fk_err(err, errlen,
                      "CSV %s starts with another header (%zu columns; forkomp writes %zu): "
                      "nothing appended; give a new file",
                      path, cols, count_columns(header, want));
    if (last != '\n')
        return fk_err(err, errlen,
                      "CSV %s does not end with a newline (its last line may be torn, and a "
                      "row would be glued to it): nothing appended; end it with a newline or "
                      "give a new file",
                      path);
    return 0;
}

int fk_csv_append_check(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return 0; /* missing, or not readable: opening it for writing says what matters */
    int rc = fk_csv_append_check_fd(fd, path, err, errlen);
    close(fd);
    return rc;
}
