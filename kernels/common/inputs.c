/* SPDX-License-Identifier: MIT */
/* inputs.c: the user's inputs as text (see inputs.h). */
#include "kernels/common/inputs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/class_label.h"
#include "kernels/common/util.h"

#define LINE_MAX_BYTES 65536

static int push(fk_inputs_t *in, const char *s, size_t len)
{
    char **grown = realloc(in->v, (in->n + 1) * sizeof *grown);
    char *copy = grown ? strndup(s, len) : NULL;
    if (grown)
        in->v = grown;
    if (!copy)
        return -1;
    in->v[in->n++] = copy;
    return 0;
}

void fk_inputs_free(fk_inputs_t *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->v[i]);
    free(in->v);
    in->v = NULL;
    in->n = 0;
}

int fk_inputs_from_list(const char *list, fk_inputs_t *in, char *err, size_t errlen)
{
    memset(in, 0, sizeof *in);
    for (const char *at = list;; at++) {
        const char *end = strchr(at, ',');
        size_t len = end ? (size_t)(end - at) : strlen(at);
        if (len == 0) {
            fk_inputs_free(in);
            return fk_err(err, errlen, "--inputs: an empty item in '%s'", list);
        }
        if (push(in, at, len) != 0) {
            fk_inputs_free(in);
            return fk_err(err, errlen, "out of memory");
        }
        if (!end)
            return 0;
        at = end;
    }
}

/* One line of the file (len bytes as getline read them): skipped or kept (0), or refused
 * (-1 with err). */
static int take_line(fk_inputs_t *in, char *line, size_t len, const char *path, long lineno,
                     char *err, size_t errlen)
{
    if (memchr(line, '\0', len))
        return fk_err(err, errlen, "--inputs-file %s: line %ld is not text (a NUL byte)", path,
                      lineno);
    if (len > LINE_MAX_BYTES)
        return fk_err(err, errlen, "--inputs-file %s: line %ld is longer than %d bytes", path,
                      lineno, LINE_MAX_BYTES);
    while (len > 0 && strchr(" \t\r\n", line[len - 1]))
        len--;
    size_t lead = strspn(line, " \t");
    if (lead >= len || line[lead] == '#')
        return 0;
    return push(in, line + lead, len - lead) == 0 ? 0 : fk_err(err, errlen, "out of memory");
}

int fk_inputs_from_file(const char *path, fk_inputs_t *in, char *err, size_t errlen)
{
    memset(in, 0, sizeof *in);
    FILE *f = fopen(path, "r");
    if (!f)
        return fk_err(err, errlen, "--inputs-file %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0)
        rc = take_line(in, line, (size_t)got, path, ++lineno, err, errlen);
    if (rc == 0 && ferror(f))
        rc = fk_err(err, errlen, "--inputs-file %s: %s", path, strerror(errno));
    if (rc == 0 && in->n == 0)
        rc = fk_err(err, errlen, "--inputs-file %s: no inputs (only blank or # lines)", path);
    free(line);
    fclose(f);
    if (rc != 0)
        fk_inputs_free(in);
    return rc;
}

int fk_inputs_read(const char *list, const char *path, fk_inputs_t *in, char *err, size_t errlen)
{
    memset(in, 0, sizeof *in);
    if (list && path)
        return fk_err(err, errlen, "--inputs and --inputs-file: give one or the other");
    if (!list && !path)
        return fk_err(err, errlen, "no inputs: give --inputs A,B,... or --inputs-file FILE");
    return list ? fk_inputs_from_list(list, in, err, errlen)
                : fk_inputs_from_file(path, in, err, errlen);
}

void fk_inputs_label(const fk_inputs_t *in, char *buf, size_t len)
{
    size_t total = 0;
    for (size_t i = 0; i < in->n; i++)
        total += strlen(in->v[i]) + 1;
    char *key = malloc(total ? total : 1), *at = key;
    if (!key) {
        snprintf(buf, len, "inputs");
        return;
    }
    for (size_t i = 0; i < in->n; i++)
        at = stpcpy(at, in->v[i]) + 1; /* each with its NUL: "a,b" and "ab" differ */
    fk_class_label(buf, len, "inputs", key, total);
    free(key);
}
