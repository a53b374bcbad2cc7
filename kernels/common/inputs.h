/* SPDX-License-Identifier: MIT */
/* inputs.h: the user's inputs as text, from --inputs A,B,... or --inputs-file FILE (one input
 * a line; blank lines and lines starting with '#' are skipped; trailing blanks and a CR are
 * cut), for the commands that take any text as an input (python, plugin) and for primes. */
#ifndef FK_INPUTS_H
#define FK_INPUTS_H

#include <stddef.h>

typedef struct fk_inputs {
    char **v; /* n NUL-terminated inputs */
    size_t n;
} fk_inputs_t;

/* The comma-separated list (an empty item is refused). Returns 0, or -1 with a message. */
int fk_inputs_from_list(const char *list, fk_inputs_t *in, char *err, size_t errlen);
/* The lines of path. A file that cannot be read, holds a NUL byte, a line of more than
 * 64 KiB or no input at all is refused with a message naming it (and the line). */
int fk_inputs_from_file(const char *path, fk_inputs_t *in, char *err, size_t errlen);
/* Exactly one of list and path (both NULL or both given: a usage message). */
int fk_inputs_read(const char *list, const char *path, fk_inputs_t *in, char *err, size_t errlen);
/* A class name for the inputs: "inputs-" and a hash of them, so two lists never share one. */
void fk_inputs_label(const fk_inputs_t *in, char *buf, size_t len);
void fk_inputs_free(fk_inputs_t *in);

#endif
