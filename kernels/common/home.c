/* SPDX-License-Identifier: MIT */
/* home.c: finds forkomp's files and cache from the binary's own path (home.h). */
#include "kernels/common/home.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { HOME_NONE, HOME_ENV, HOME_INSTALLED, HOME_TREE };

#define FK_SHARE_DIR "share/forkomp"
#define FK_TREE_MARK "kernels/kernel.h" /* a file only the source tree has */

static int readable(const char *dir, const char *file)
{
    char p[4600];
    return snprintf(p, sizeof p, "%s/%s", dir, file) < (int)sizeof p && access(p, R_OK) == 0;
}

/* Which layout this binary runs in; root is FORKOMP_HOME, PREFIX/share/forkomp or the tree. */
static int locate(char *root, size_t len)
{
    const char *env = getenv("FORKOMP_HOME");
    if (env && *env)
        return snprintf(root, len, "%s", env) < (int)len ? HOME_ENV : HOME_NONE;
    char dir[4096];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0)
        return HOME_NONE;
    dir[n] = '\0';
    for (int up = 0; up < 4; up++) { /* bin/forkomp, build/san/bin/forkomp */
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return HOME_NONE;
        *slash = '\0';
        if (up == 1 && readable(dir, FK_SHARE_DIR "/forkomp.gp"))
            return snprintf(root, len, "%s/%s", dir, FK_SHARE_DIR) < (int)len ? HOME_INSTALLED
                                                                              : HOME_NONE;
        if (up >= 1 && readable(dir, FK_TREE_MARK) && readable(dir, "Makefile"))
            return snprintf(root, len, "%s", dir) < (int)len ? HOME_TREE : HOME_NONE;
    }
    return HOME_NONE;
}

int fk_data_file(const char *tree_path, char *path, size_t len)
{
    char root[4096];
    int kind = locate(root, sizeof root);
    const char *base = strrchr(tree_path, '/');
    int n = kind == HOME_INSTALLED ? snprintf(path, len, "%s/%s", root, base ? base + 1 : tree_path)
            : kind != HOME_NONE    ? snprintf(path, len, "%s/%s", root, tree_path)
                                   : snprintf(path, len, "%s", tree_path);
    return kind != HOME_NONE && n < (int)len && access(path, R_OK) == 0 ? 0 : -1;
}

int fk_cache_dir(char *path, size_t len)
{
    char root[4096];
    int kind = locate(root, sizeof root), n;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (kind == HOME_ENV || kind == HOME_TREE)
        n = snprintf(path, len, "%s/datasets/cache", root);
    else if (xdg && xdg[0] == '/') /* the XDG spec: a relative value is to be ignored */
        n = snprintf(path, len, "%s/forkomp", xdg);
    else if (home && *home)
        n = snprintf(path, len, "%s/.cache/forkomp", home);
    else
        return -1;
    return n > 0 && n < (int)len ? 0 : -1;
}
