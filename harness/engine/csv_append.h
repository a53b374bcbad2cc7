/* SPDX-License-Identifier: MIT */
/* csv_append.h: what an existing CSV must be before forkomp appends to it: forkomp's own
 * header on its first line, and a newline at its end. A file with another header would get
 * rows the report cannot read beside it; a last line without its newline would be glued to
 * the first new row. Either is refused with one line, and nothing is appended. */
#ifndef FK_CSV_APPEND_H
#define FK_CSV_APPEND_H

#include <stddef.h>

/* fd open on path: 0 when rows may be appended (an empty file, a pipe or device, or a file
 * that starts with forkomp's header and ends with a newline), else -1 with the reason in
 * err. */
int fk_csv_append_check_fd(int fd, const char *path, char *err, size_t errlen);
/* The same by path, before anything runs; a file that does not exist yet is fine. */
int fk_csv_append_check(const char *path, char *err, size_t errlen);

#endif
