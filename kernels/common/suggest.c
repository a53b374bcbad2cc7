/* SPDX-License-Identifier: MIT */
/* suggest.c: the closest valid name to a misspelt one (see suggest.h). Hand-written: the
 * dynamic programme is twenty lines, and no Debian C library offers it without pulling in
 * far more than it. */
#include "kernels/common/suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_NAME 64

size_t fk_edit_distance(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b), d[MAX_NAME + 1][MAX_NAME + 1];
    if (alen > MAX_NAME || blen > MAX_NAME)
        return (size_t)-1;
    for (size_t i = 0; i <= alen; i++)
        for (size_t j = 0; j <= blen; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = i + j;
                continue;
            }
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = d[i - 1][j - 1] + cost;
            best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            if (i > 1 && j > 1 &&
                tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1; /* two neighbours swapped */
            d[i][j] = best;
        }
    return d[alen][blen];
}

const char *fk_suggest(const char *word, size_t len, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; n ? i < n : names[i] != NULL; i++) {
        size_t d = fk_edit_distance(word, len, names[i]), longer = strlen(names[i]);
        longer = len > longer ? len : longer;
        if (d < best_d && d < longer && d * 3 <= (longer > 3 ? longer : 3))
            best = names[i], best_d = d;
    }
    return best;
}

const char *fk_did_you_mean(char *buf, size_t buflen, const char *prefix, const char *word,
                            size_t len, const char *const *names, size_t n)
{
    const char *s = fk_suggest(word, len, names, n);
    if (s)
        snprintf(buf, buflen, "; did you mean '%s%s'?", prefix, s);
    else if (buflen)
        buf[0] = '\0';
    return buf;
}
