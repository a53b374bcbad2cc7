/* SPDX-License-Identifier: MIT */
/* numparse.c: strict number and list parsing for the command line (see numparse.h). */
#include "harness/base/numparse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/util.h"

int fk_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    /* strtoull accepts "-1" and leading blanks; a benchmark's inputs must be plain digits. */
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

int fk_parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return -1;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max || end == s || *s == ' ' || *s == '+')
        return -1;
    *out = v;
    return 0;
}

int fk_parse_double(const char *s, double min, double max, double *out)
{
    if (!s || !*s || *s == ' ')
        return -1;
    /* strtod reads hex floats too ("0x1p3" is 8): no one means that in a number of seconds */
    const char *digits = s + (*s == '-' || *s == '+');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        return -1;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(v) || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int fk_parse_u64_list(const char *s, uint64_t min, uint64_t max, uint64_t *out, size_t cap,
                      size_t *n, char *err, size_t errlen)
{
    size_t count = 0;
    const char *p = s;
    if (!s || !*s)
        return fk_err(err, errlen, "empty list");
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[32];
        if (len == 0 || len >= sizeof item)
            return fk_err(err, errlen, "'%.*s' is not a number", (int)(len > 20 ? 20 : len), p);
        memcpy(item, p, len);
        item[len] = '\0';
        if (count == cap)
            return fk_err(err, errlen, "more than %zu items", cap);
        if (fk_parse_u64(item, max, &out[count]) != 0 || out[count] < min)
            return fk_err(err, errlen, "'%s' is not a whole number in %llu..%llu", item,
                          (unsigned long long)min, (unsigned long long)max);
        count++;
        if (!comma)
            break;
        p = comma + 1;
    }
    *n = count;
    return 0;
}
