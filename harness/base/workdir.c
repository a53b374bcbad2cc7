/* SPDX-License-Identifier: MIT */
/* workdir.c: scratch copies for file-changing kernels (see workdir.h). */
#include "harness/base/workdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "kernels/common/proc.h"
#include "kernels/common/util.h"

/* Copies every named file, keeping each file's mode but for the owner's write bit: a
 * benchmark writes only its own copy, so a read-only input (chmod 444) is benchmarked too. */
static int copy_files(const fk_workset_t *ws, const char *to_dir, char *err, size_t errlen)
{
    char from[4096], to[4096];
    for (size_t i = 0; i < ws->nfiles; i++) {
        struct stat st;
        int a = snprintf(from, sizeof from, "%s/%s", ws->src, ws->files[i]);
        int b = snprintf(to, sizeof to, "%s/%s", to_dir, ws->files[i]);
        if (a < 0 || b < 0 || (size_t)a >= sizeof from || (size_t)b >= sizeof to)
            return fk_err(err, errlen, "path too long: %s", ws->files[i]);
        if (stat(from, &st) != 0 || fk_copy_file(from, to) != 0 ||
            chmod(to, (st.st_mode & 07777) | S_IWUSR) != 0)
            return fk_err(err, errlen,
                          "cannot copy %s to the scratch folder: %s (the input is untouched)", from,
                          strerror(errno));
    }
    return 0;
}

int fk_workdir_setup(const fk_kernel_ops_t *k, void *ctx, fk_workdir_t *w, char *err, size_t errlen)
{
    fk_workset_t ws;
    memset(w, 0, sizeof *w);
    if (!k->workset)
        return 0;
    memset(&ws, 0, sizeof ws);
    k->workset(ctx, &ws);
    if (ws.in_place) {
        snprintf(w->path, sizeof w->path, "%s", ws.src);
        return k->work_in(ctx, w->path, err, errlen);
    }
    if (fk_make_scratch_dir(k->name, w->path, sizeof w->path) != 0) {
        const char *tmp = getenv("TMPDIR");
        return fk_err(err, errlen, "cannot make a scratch folder in %s%s: %s",
                      tmp && *tmp ? "TMPDIR=" : "", tmp && *tmp ? tmp : "/tmp", strerror(errno));
    }
    w->scratch = 1;
    if (copy_files(&ws, w->path, err, errlen) != 0 || k->work_in(ctx, w->path, err, errlen) != 0) {
        fk_remove_tree(w->path);
        memset(w, 0, sizeof *w);
        return -1;
    }
    return 0;
}

void fk_workdir_teardown(const fk_kernel_ops_t *k, void *ctx, fk_workdir_t *w)
{
    if (k->rep_teardown)
        k->rep_teardown(ctx);
    if (w->scratch)
        fk_remove_tree(w->path);
    memset(w, 0, sizeof *w);
}

int fk_workdir_in_place(const fk_kernel_ops_t *k, const void *ctx)
{
    fk_workset_t ws;
    memset(&ws, 0, sizeof ws);
    if (k->workset)
        k->workset(ctx, &ws);
    return ws.in_place;
}

/* The owner a scratch folder's name gives: "forkomp-TAG-PID-START-XXXXXX" (TAG may hold '-');
 * 0 when the name is not one (an older forkomp's, or someone else's). */
static pid_t scratch_owner(const char *name, long long *start)
{
    const char *dash[3];
    size_t len = strlen(name);
    if (strncmp(name, "forkomp-", 8) != 0 || len < 8 + 7)
        return 0;
    const char *p = name + len;
    for (int k = 0; k < 3; k++) {
        while (p > name + 8 && p[-1] != '-')
            p--;
        if (p <= name + 8)
            return 0;
        dash[k] = --p; /* dash[0] before XXXXXX, dash[1] before START, dash[2] before PID */
    }
    char *end;
    long pid = strtol(dash[2] + 1, &end, 10);
    if (end != dash[1] || pid <= 0 || strlen(dash[0] + 1) != 6)
        return 0;
    *start = strtoll(dash[1] + 1, &end, 10);
    return end == dash[0] && *start >= 0 ? (pid_t)pid : 0;
}

int fk_workdir_remove_stale(FILE *note)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096], path[8192];
    snprintf(dir, sizeof dir, "%s", tmp && *tmp ? tmp : "/tmp");
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        long long start;
        pid_t pid = scratch_owner(e->d_name, &start);
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (pid == 0 || fk_proc_alive(pid, start) || lstat(path, &st) != 0 ||
            !S_ISDIR(st.st_mode) || st.st_uid != geteuid() || fk_remove_tree(path) != 0)
            continue;
        if (note)
            fprintf(note,
                    "forkomp: removed %s, a scratch folder left by a run that was killed "
                    "(pid %d)\n",
                    path, (int)pid);
        n++;
    }
    closedir(d);
    return n;
}
