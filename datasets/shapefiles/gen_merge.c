/* SPDX-License-Identifier: MIT */
/* gen_merge.c: `forkomp gen --out DIR` into a folder that already has files of its own: the
 * new class, made beside it, moves in as a whole set or not at all (see gen.h). */
#include "datasets/shapefiles/gen.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/common/util.h"

/* The names in folder d (all but . and ..), or NULL when it cannot be read. */
static char **list_entries(const char *d, size_t *n)
{
    DIR *dir = opendir(d);
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    *n = 0;
    while (dir && (e = readdir(dir))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (*n == cap) {
            char **v = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *v);
            if (!v)
                break;
            names = v;
        }
        if (!(names[*n] = strdup(e->d_name)))
            break;
        (*n)++;
    }
    int ok = dir && !e;
    if (dir)
        closedir(dir);
    if (!ok || !names) {
        for (size_t i = 0; i < *n; i++)
            free(names[i]);
        free(names);
        return NULL;
    }
    return names;
}

/* A name to already holds is refused before anything moves; a move that fails anyway (a
 * file created meanwhile) takes back the ones moved before it. */
int fk_gen_merge_into(const char *from, const char *to, char *err, size_t errlen)
{
    size_t n = 0, moved = 0;
    char **names = list_entries(from, &n);
    int fromfd = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int tofd = open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
    struct stat st;
    if (!names || fromfd < 0 || tofd < 0)
        rc = fk_err(err, errlen, "cannot read %s: %s", tofd < 0 ? to : from, strerror(errno));
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (fstatat(tofd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
            rc = fk_err(err, errlen, "%s/%s already exists: nothing written", to, names[i]);
    for (; rc == 0 && moved < n; moved++)
        if (renameat2(fromfd, names[moved], tofd, names[moved], RENAME_NOREPLACE) != 0)
            rc = fk_err(err, errlen, "cannot move %s into %s: %s; nothing written", names[moved],
                        to, strerror(errno));
    for (size_t i = 0; rc != 0 && i < moved; i++)
        renameat2(tofd, names[i], fromfd, names[i], RENAME_NOREPLACE);
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    if (fromfd >= 0)
        close(fromfd);
    if (tofd >= 0)
        close(tofd);
    return rc;
}
