/* SPDX-License-Identifier: MIT */
/* py_ft.c: a free-threaded build's threads, measured too. When forkomp's interpreter has the
 * GIL and a free-threaded CPython is there (--free-threaded PATH, else python3.14t or
 * python3.13t on PATH), the thread models run under it as well, as more entries of the same
 * rounds: variant FUNC-IMPL-VERSION-nogil (never pooled with the GIL's runs), judged against
 * the same serial reference. An interpreter that cannot run the function, or whose GIL is on
 * after all (PYTHON_GIL=1), is named in a note and left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/python/py_cmd.h"
#include "kernels/common/util.h"

int fk_py_which(const char *name, char *path, size_t len)
{
    if (strchr(name, '/'))
        return snprintf(path, len, "%s", name), access(name, X_OK);
    const char *dirs = getenv("PATH");
    for (const char *at = dirs ? dirs : ""; *at;) {
        size_t n = strcspn(at, ":");
        snprintf(path, len, "%.*s/%s", (int)n, n ? at : ".", name);
        if (access(path, X_OK) == 0)
            return 0;
        at += n + (at[n] == ':');
    }
    return -1;
}

/* The free-threaded interpreter to try: --free-threaded PATH, else the first on PATH. */
static int find(const fk_py_cmd_t *c, char *path, size_t len)
{
    static const char *const names[] = {"python3.14t", "python3.13t", NULL};
    if (c->free_threaded)
        return fk_py_which(c->free_threaded, path, len);
    for (size_t i = 0; names[i]; i++)
        if (fk_py_which(names[i], path, len) == 0)
            return 0;
    return -1;
}

/* Probes it; 1 when its threads are to be measured, 0 (with a note) when not, -1 when
 * interrupted. */
static int usable(fk_py_cmd_t *c)
{
    fk_py_reply_t r;
    if (fk_py_exec(&c->ft_job, NULL, 0, 0, c->opts.timeout_s, &r) != 0)
        return fk_py_reply_free(&r), -1;
    const char *why = r.fatal[0] ? r.fatal : strcmp(r.status, "ok") ? r.status : NULL;
    if (!why && r.gil)
        why = "its GIL is on (PYTHON_GIL=1?)";
    if (why && !c->opts.quiet)
        fprintf(stderr, "forkomp python: note: %s: %s; its threads are not measured\n",
                c->ft_python, why);
    if (!why) {
        snprintf(c->ft_variant, sizeof c->ft_variant, "%s-%s-%s-nogil", c->func, r.impl, r.version);
        if (!c->opts.quiet)
            fprintf(stderr, "forkomp python: the threads also under %s %s (%s), GIL off\n", r.impl,
                    r.version, r.python);
    }
    fk_py_reply_free(&r);
    return !why;
}

int fk_py_add_free_threaded(fk_py_cmd_t *c)
{
    if ((c->free_threaded && strcmp(c->free_threaded, "none") == 0) || !c->ref.gil) {
        return 0; /* asked not to, or forkomp's interpreter is free-threaded itself */
    }
    if (find(c, c->ft_python, sizeof c->ft_python) != 0) {
        if (c->free_threaded && !c->opts.quiet)
            fprintf(stderr, "forkomp python: note: --free-threaded %s: not found\n",
                    c->free_threaded);
        return 0;
    }
    c->ft_job = c->job;
    c->ft_job.python = c->ft_python;
    int ok = usable(c);
    for (size_t m = 0; ok == 1 && m < c->models.n; m++) {
        const fk_model_ops_t *model = c->models.v[m];
        if (model->role != FK_ROLE_THREADS)
            continue;
        snprintf(c->ft_labels[m], sizeof c->ft_labels[m], "%s-nogil", model->name);
        for (size_t w = 0; w < c->opts.nworkers; w++) {
            fk_engine_entry_t e = {.label = c->ft_labels[m], .model = model, .data = &c->ft_job};
            e.cfg.workers = e.cfg.threads = c->opts.workers[w];
            e.cfg.procs = 1;
            e.cfg.chunk = c->opts.chunk > 0 ? (size_t)c->opts.chunk
                                            : fk_default_chunk(c->inputs.n, e.cfg.workers);
            if (fk_engine_add(&c->eng, &e) != 0)
                return -2;
        }
    }
    return ok < 0 ? -1 : 0;
}
