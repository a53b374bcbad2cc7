/* SPDX-License-Identifier: MIT */
/* suggest.h: "did you mean" for a misspelt name (a model, class, command or option): the
 * closest of the valid names by edit distance, when it is close enough to be a typo. */
#ifndef FK_SUGGEST_H
#define FK_SUGGEST_H

#include <stddef.h>

/* Optimal string alignment distance (insertions, deletions, substitutions and swaps of two
 * neighbouring letters, each 1), ignoring ASCII case; len of b bounded by 63 letters. */
size_t fk_edit_distance(const char *a, size_t alen, const char *b);

/* The name of names (NULL-terminated, or n entries when n > 0) closest to word[0..len), when
 * its distance is at most a third of the longer name (1 at least); NULL when none is. */
const char *fk_suggest(const char *word, size_t len, const char *const *names, size_t n);

/* "; did you mean 'PREFIXNAME'?" into buf when fk_suggest finds one, else ""; returns buf
 * (prefix: "--" for options, else ""). */
const char *fk_did_you_mean(char *buf, size_t buflen, const char *prefix, const char *word,
                            size_t len, const char *const *names, size_t n);

#endif
