/* SPDX-License-Identifier: MIT */
/* class_label.c: class names of ad-hoc inputs, a prefix and a hash (see class_label.h). */
#include "kernels/common/class_label.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void fk_class_label(char *buf, size_t len, const char *prefix, const void *key, size_t keylen)
{
    snprintf(buf, len, "%s-%08x", prefix, (unsigned)(XXH3_64bits(key, keylen) >> 32));
}

void fk_class_label_dir(char *buf, size_t len, const char *dir)
{
    char real[PATH_MAX];
    if (!realpath(dir, real))
        snprintf(real, sizeof real, "%s", dir); /* the caller checked it; keep the name given */
    fk_class_label(buf, len, "dir", real, strlen(real));
    size_t end = strlen(real), at = strlen(buf);
    while (end > 1 && real[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && real[start - 1] != '/')
        start--;
    for (size_t i = start; i < end && i < start + 24 && at + 2 < len; i++) {
        unsigned char ch = (unsigned char)real[i];
        if (i == start)
            buf[at++] = '-';
        buf[at++] = isalnum(ch) || ch == '.' || ch == '_' || ch == '-' ? (char)ch : '_';
    }
    buf[at] = '\0';
}

int fk_is_class_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n >= 1 && n <= 63 &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}
