/* module.c: the loader of module.h: finds fk-NAME.so, dlopens it, checks its table and keeps
 * it for the life of the process (modules are never unloaded: GDAL and Open MPI keep state). */
#include "kernels/common/module.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels/common/util.h"

typedef struct slot {
    const char *name, *library, *packages;
    const fk_module_head_t *table; /* once loaded */
} slot_t;

enum { SLOT_GDAL, SLOT_MPI, SLOT_HWLOC, SLOT_PRIMESIEVE, NSLOTS };
static slot_t slots[NSLOTS] = {
    [SLOT_GDAL] = {"gdal", "GDAL", FK_GDAL_PACKAGES, NULL},
    [SLOT_MPI] = {"mpi", "Open MPI", FK_MPI_PACKAGES, NULL},
    [SLOT_HWLOC] = {"hwloc", "hwloc", FK_HWLOC_PACKAGES, NULL},
    [SLOT_PRIMESIEVE] = {"primesieve", "libprimesieve", FK_PRIMESIEVE_PACKAGES, NULL},
};
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

/* dlopens fk-NAME.so and checks its table. RTLD_GLOBAL: Open MPI dlopens its own components,
 * which expect libmpi's symbols to be global; RTLD_NOW: a missing symbol shows up here, as
 * one message, not as a crash in the middle of a run. */
static const fk_module_head_t *load(const slot_t *s, char *err, size_t errlen)
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
    if (!h)
        return fk_err(err, errlen,
                      "cannot load forkomp's %s module: %s; %s%s %s (make deps), "
                      "and rebuild forkomp if it was built without it",
                      s->library, dlerror(), hint, strchr(s->packages, ' ') ? "s" : "",
                      s->packages),
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

static const void *get(int which, char *err, size_t errlen)
{
    pthread_mutex_lock(&lock);
    slot_t *s = &slots[which];
    if (!s->table)
        s->table = load(s, err, errlen); /* a failure is tried again: the message is wanted */
    const fk_module_head_t *t = s->table;
    pthread_mutex_unlock(&lock);
    return t;
}

const fk_gdal_ops_t *fk_gdal(char *err, size_t errlen)
{
    return get(SLOT_GDAL, err, errlen);
}

const fk_mpi_ops_t *fk_mpi(char *err, size_t errlen)
{
    return get(SLOT_MPI, err, errlen);
}

const fk_hwloc_ops_t *fk_hwloc(char *err, size_t errlen)
{
    return get(SLOT_HWLOC, err, errlen);
}

const fk_primesieve_ops_t *fk_primesieve(char *err, size_t errlen)
{
    return get(SLOT_PRIMESIEVE, err, errlen);
}

int fk_module_loaded(const char *name)
{
    pthread_mutex_lock(&lock);
    int yes = 0;
    for (int i = 0; i < NSLOTS; i++)
        yes |= slots[i].table && strcmp(slots[i].name, name) == 0;
    pthread_mutex_unlock(&lock);
    return yes;
}
