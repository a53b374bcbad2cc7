/* SPDX-License-Identifier: MIT */
/* module.c: the loader of module.h: finds fk-NAME.so, dlopens it, checks its table and keeps
 * it for the life of the process (modules are never unloaded: the libraries keep state). */
#include "kernels/common/module.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels/common/opt.h"
#include "kernels/common/util.h"

static fk_module_t gdal = {"gdal", "GDAL", FK_GDAL_PACKAGES, NULL};
static fk_module_t primesieve = {"primesieve", "libprimesieve", FK_PRIMESIEVE_PACKAGES, NULL};
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* OpenMP tasks may ask at once */

int fk_module_dir(char *out, size_t len)
{
    const char *env = getenv(FK_MODULE_DIR_ENV);
    if (env && *env)
        return snprintf(out, len, "%s", env) < (int)len ? 0 : -1;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/'); /* exe is absolute: .../bin/forkomp */
    *slash = '\0';
    slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0'; /* .../bin -> ..., so the path in messages has no "bin/.." */
    return snprintf(out, len, "%s/lib/forkomp", slash ? exe : "..") < (int)len ? 0 : -1;
}

/* dlopen's message for a library it could not map for want of address space or memory. */
static int out_of_memory(const char *why)
{
    return why && (strstr(why, "failed to map segment") || strstr(why, "Cannot allocate memory"));
}

int fk_module_exit(const char *err)
{
    return err && strstr(err, "out of memory") ? FK_EXIT_FAIL : FK_EXIT_USAGE;
}

/* dlopens fk-NAME.so and checks its table. RTLD_GLOBAL: a library may dlopen components of
 * its own that expect its symbols to be global; RTLD_NOW: a missing symbol shows up here, as
 * one message, not as a crash in the middle of a run. */
static const fk_module_head_t *load(const fk_module_t *s, char *err, size_t errlen)
{
    char dir[4096], path[4200], sym[64];
    const char *hint = "install the Debian package";
    if (fk_module_dir(dir, sizeof dir) != 0)
        return fk_err(err, errlen,
                      "cannot find forkomp's %s module (the binary's own path is "
                      "unknown; set %s)",
                      s->library, FK_MODULE_DIR_ENV),
               NULL;
    snprintf(path, sizeof path, "%s/fk-%s.so", dir, s->name);
    void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    const char *why = h ? NULL : dlerror();
    if (!h && out_of_memory(why))
        return fk_err(err, errlen,
                      "cannot load forkomp's %s module: out of memory (%s): the memory limit "
                      "(ulimit -v, a container's) is below what its libraries need",
                      s->library, why),
               NULL;
    if (!h)
        return fk_err(err, errlen,
                      "cannot load forkomp's %s module: %s; %s%s %s (make deps), "
                      "and rebuild forkomp if it was built without it",
                      s->library, why, hint, strchr(s->packages, ' ') ? "s" : "", s->packages),
               NULL;
    snprintf(sym, sizeof sym, "fk_module_%s", s->name);
    const fk_module_head_t *t = dlsym(h, sym);
    if (!t || t->abi != FK_MODULE_ABI || !t->name || strcmp(t->name, s->name) != 0) {
        dlclose(h);
        return fk_err(err, errlen,
                      "%s is not a %s module of this forkomp: reinstall forkomp, "
                      "or install %s (make deps) and rebuild it",
                      path, s->library, s->packages),
               NULL;
    }
    return t;
}

const void *fk_module_get(fk_module_t *m, char *err, size_t errlen)
{
    pthread_mutex_lock(&lock);
    if (!m->table)
        m->table = load(m, err, errlen); /* a failure is tried again: the message is wanted */
    const fk_module_head_t *t = m->table;
    pthread_mutex_unlock(&lock);
    return t;
}

int fk_module_is_loaded(fk_module_t *m)
{
    pthread_mutex_lock(&lock);
    int yes = m->table != NULL;
    pthread_mutex_unlock(&lock);
    return yes;
}

const fk_gdal_ops_t *fk_gdal(char *err, size_t errlen)
{
    return fk_module_get(&gdal, err, errlen);
}

const fk_primesieve_ops_t *fk_primesieve(char *err, size_t errlen)
{
    return fk_module_get(&primesieve, err, errlen);
}

int fk_gdal_loaded(void)
{
    return fk_module_is_loaded(&gdal);
}
