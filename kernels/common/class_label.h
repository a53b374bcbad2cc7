/* SPDX-License-Identifier: MIT */
/* class_label.h: the class names of inputs given on the command line instead of a named class
 * (primes --inputs, shapefiles --dir): a prefix and 8 hex digits of a hash of what identifies
 * the input. The report groups runs by class, so two different inputs in one CSV must never
 * share a name (they would be pooled into one group); the same input always gets the same. */
#ifndef FK_CLASS_LABEL_H
#define FK_CLASS_LABEL_H

#include <stddef.h>

/* "PREFIX-1a2b3c4d" into buf, the hash over key[0..keylen). */
void fk_class_label(char *buf, size_t len, const char *prefix, const void *key, size_t keylen);

/* "dir-1a2b3c4d-NAME" for the folder dir: the hash is over its whole real path, so two folders
 * of one name differ and the same folder reached by another path does not; NAME is the last
 * part of that path (at most 24 characters, anything but letters, digits, '.', '_' and '-'
 * made '_': the class names plot files, and gnuplot's script splits on blanks). The hash
 * comes first so that names cut short (the printed table's class column) still differ. */
void fk_class_label_dir(char *buf, size_t len, const char *dir);

/* 1 when name can be a class given by the user (--name): 1 to 63 of [A-Za-z0-9._-] (it
 * names plot files, and gnuplot splits on blanks). */
int fk_is_class_name(const char *name);

#endif
