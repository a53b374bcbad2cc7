/* SPDX-License-Identifier: MIT */
/* numparse.h: strict number and list parsing for the command line and the CSV reader. */
#ifndef FK_NUMPARSE_H
#define FK_NUMPARSE_H

#include <stddef.h>
#include <stdint.h>

/* Strict parsers: the whole string must be a number in [min, max] (fk_parse_double: finite,
 * decimal, no hex float). Return 0 or -1. */
int fk_parse_u64(const char *s, uint64_t max, uint64_t *out);
int fk_parse_long(const char *s, long min, long max, long *out);
int fk_parse_double(const char *s, double min, double max, double *out);
/* A comma-separated list of unsigned numbers, each in [min, max], at most cap of them. On
 * error returns -1 and puts the offending item in err. */
int fk_parse_u64_list(const char *s, uint64_t min, uint64_t max, uint64_t *out, size_t cap,
                      size_t *n, char *err, size_t errlen);

#endif
