/* SPDX-License-Identifier: MIT */
/* dataset.c: the cache of dataset classes (generated once, atomically) and the shapefile
 * dataset the registry pairs with the shapefile kernel: --class and --seed become the
 * kernel's input folder (see dataset.h). */
#include "harness/engine/dataset.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datasets/shapefiles/gen.h"
#include "harness/engine/measure.h"
#include "harness/base/sys.h"
#include "kernels/common/home.h"
#include "kernels/common/module.h"
#include "kernels/common/util.h"

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int produce(const char *class_name, uint64_t seed, const char *dir, char *err, size_t errlen)
{
    if (strcmp(class_name, "real") == 0)
        return fk_gen_fetch_real(dir, err, errlen);
    return fk_gen_class(class_name, seed, dir, err, errlen);
}

int fk_dataset_producible(const char *class_name, char *err, size_t errlen)
{
    return strcmp(class_name, "real") == 0 || fk_gdal(err, errlen) != NULL;
}

typedef struct produce_job {
    const char *class_name;
    uint64_t seed;
    const char *dir;
} produce_job_t;

static int produce_job(void *arg, char *err, size_t errlen)
{
    const produce_job_t *j = arg;
    return produce(j->class_name, j->seed, j->dir, err, errlen);
}

/* Produces a class in a folder beside dir, in a supervised child (an interrupt stops it, and
 * whatever it started, within a second or two), then renames it into place: an interrupted
 * or failed run leaves no half class behind. When dir exists with other files in it (merge,
 * for forkomp gen --out), the new files are moved in one by one instead. */
int fk_dataset_produce(const char *class_name, uint64_t seed, const char *dir, int merge, char *err,
                       size_t errlen)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", dir, (long)getpid());
    fk_remove_tree(tmp);
    produce_job_t job = {class_name, seed, tmp};
    if (fk_run_in_child(produce_job, &job, err, errlen) != 0) {
        fk_remove_tree(tmp);
        return -1;
    }
    if (rename(tmp, dir) == 0)
        return 0;
    int e = errno, rc = 0;
    if (merge && (e == ENOTEMPTY || e == EEXIST))
        rc = fk_gen_merge_into(tmp, dir, err, errlen);
    else if (merge || !is_dir(dir)) /* else another run finished first: use its copy */
        rc = fk_err(err, errlen, "cannot rename %s: %s", tmp, strerror(e));
    fk_remove_tree(tmp);
    return rc;
}

int fk_dataset_cached(const char *class_name, uint64_t seed, char *path, size_t pathlen, char *err,
                      size_t errlen)
{
    if (!fk_gen_known_class(class_name))
        return fk_err(err, errlen, "unknown class '%s'", class_name);
    char cache[4096];
    if (fk_cache_dir(cache, sizeof cache) != 0)
        return fk_err(err, errlen, "no folder for the dataset cache (set XDG_CACHE_HOME or HOME)");
    int real = strcmp(class_name, "real") == 0;
    int n = real ? snprintf(path, pathlen, "%s/real", cache)
                 : snprintf(path, pathlen, "%s/%s-seed%llu", cache, class_name,
                            (unsigned long long)seed);
    if (n < 0 || (size_t)n >= pathlen)
        return fk_err(err, errlen, "path too long");
    if (is_dir(path))
        return 0;
    if (!fk_dataset_producible(class_name, err, errlen))
        return -2;
    if (fk_mkdir_p(cache) != 0)
        return fk_err(err, errlen, "cannot create %s: %s", cache, strerror(errno));
    fprintf(stderr, "forkomp: %s class %s into %s (once)\n", real ? "fetching" : "generating",
            class_name, path);
    return fk_dataset_produce(class_name, seed, path, 0, err, errlen);
}

/* ---- the shapefile dataset ------------------------------------------------------------ */

typedef struct shp_dataset_params {
    const char *class_name; /* --class, NULL: the kernel's --dir instead */
    unsigned long seed;     /* --seed */
} shp_dataset_params_t;

static const shp_dataset_params_t shp_defaults = {NULL, 1};

static const fk_opt_t shp_options[] = {
    {"class", FK_OPT_STR, offsetof(shp_dataset_params_t, class_name), 0, 0, "CLASS",
     "a generated class, cached under datasets/cache/ (made once):\n"
     "S, L, W, A, B, skew, odd, real (see forkomp gen --help)",
     NULL, NULL},
    {"seed", FK_OPT_ULONG, offsetof(shp_dataset_params_t, seed), 0, 4294967295.0, "N",
     "the class's seed (default 1)", NULL, NULL},
    FK_OPT_END,
};

static int shp_prepare(const void *params, char *dir, size_t dirlen, const char **class_name,
                       char *err, size_t errlen)
{
    const shp_dataset_params_t *p = params;
    char why[400];
    *class_name = NULL;
    if (!p->class_name)
        return FK_EXIT_OK;
    if (!fk_gen_known_class(p->class_name))
        return fk_gen_unknown_class(err, errlen, p->class_name), FK_EXIT_USAGE;
    int rc = fk_dataset_cached(p->class_name, p->seed, dir, dirlen, why, sizeof why);
    if (rc != 0)
        return fk_err(err, errlen, "class %s: %s", p->class_name, why),
               rc == -2 ? fk_module_exit(why) : FK_EXIT_FAIL;
    *class_name = p->class_name;
    return FK_EXIT_OK;
}

const fk_dataset_t fk_dataset_shapefiles = {
    .options = shp_options,
    .params_size = sizeof(shp_dataset_params_t),
    .defaults = &shp_defaults,
    .prepare = shp_prepare,
};
