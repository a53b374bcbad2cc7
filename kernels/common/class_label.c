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
    char real[PATH_MAX], prefix[32] = "dir";
    if (!realpath(dir, real))
        snprintf(real, sizeof real, "%s", dir); /* the caller checked it; keep the name given */
    size_t end = strlen(real);
    while (end > 1 && real[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && real[start - 1] != '/')
        start--;
    size_t n = end - start > 24 ? 24 : end - start;
    if (n > 0) {
        prefix[3] = '-';
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)real[start + i];
            prefix[4 + i] = isalnum(ch) || ch == '.' || ch == '_' || ch == '-' ? (char)ch : '_';
        }
        prefix[4 + n] = '\0';
    }
    fk_class_label(buf, len, prefix, real, strlen(real));
}
