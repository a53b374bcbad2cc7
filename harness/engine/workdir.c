/* workdir.c: scratch copies for file-changing kernels (see workdir.h). */
#include "harness/engine/workdir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/engine/sys.h"
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
