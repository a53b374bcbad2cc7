/* SPDX-License-Identifier: MIT */
/* gen.c: the dataset classes and the real class's fetcher. A class
 * is a list of file specs derived from (class, seed, file index) only, so the same class
 * and seed give byte-identical files whatever order or process writes them. */
#include "datasets/shapefiles/gen.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernels/common/home.h"
#include "kernels/common/module.h"
#include "kernels/common/suggest.h"
#include "kernels/common/util.h"
#include "kernels/shapefiles/shp_set.h"

/* ---- the PRNG: splitmix64 ---------------------------------------------------------- */

void fk_rng_seed(fk_rng_t *r, uint64_t seed, uint64_t stream)
{
    r->s = seed * 0x9E3779B97F4A7C15ULL ^ (stream + 1) * 0xD1B54A32D192ED03ULL;
    fk_rng_next(r);
}

uint64_t fk_rng_next(fk_rng_t *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double fk_rng_unit(fk_rng_t *r)
{
    return (double)(fk_rng_next(r) >> 11) * 0x1.0p-53;
}

double fk_rng_range(fk_rng_t *r, double lo, double hi)
{
    return lo + (hi - lo) * fk_rng_unit(r);
}

uint32_t fk_rng_below(fk_rng_t *r, uint32_t n)
{
    return (uint32_t)(((fk_rng_next(r) >> 32) * n) >> 32);
}

/* ---- classes --------------------------------------------------------------------------- */

typedef struct gen_class {
    const char *name;
    size_t files;
    uint32_t records; /* 0: per-file sizes (skew) or hand-made (odd) */
    int points;       /* 1: point kinds only (small .shp, the .dbf is most of the bytes) */
} gen_class_t;

static const gen_class_t classes[] = {
    {"S", 8, 1000, 0},     {"L", 16, 100000, 1}, {"W", 16, 20000, 0}, {"A", 64, 50000, 0},
    {"B", 256, 100000, 0}, {"skew", 32, 0, 0},   {"odd", 0, 0, 0},
};

const char *const fk_gen_kind_tag[FK_GEN_NKINDS] = {
    "point",      "polyline",    "polygon", "multipoint", "pointz",   "polylinem", "polygonz",
    "multipatch", "multipointm", "pointm",  "polylinez",  "polygonm", "polygon25d"};

const char fk_gen_class_help[] =
    "  S     8 files x 1,000 records (tests; the lab's tiny case: what starting workers costs)\n"
    "  L     16 point files x 100,000 records (190 MB; the lab's case where workers pay off)\n"
    "  W     16 files x 20,000 records (80 MB)\n"
    "  A     64 files x 50,000 records (about 800 MB)\n"
    "  B     256 files x 100,000 records (about 6 GB; only when asked for)\n"
    "  skew  32 files of 1,000 to 100,000 records in shuffled order (scheduling)\n"
    "  odd   hand-made oddities only a lossless rewrite survives (extra decimals, blank\n"
    "        numbers, deleted records, no EOF mark, duplicate TYPE fields, Z without M...)\n"
    "  real  public shapefiles from Debian's r-cran-spdata and python3-geopandas\n";

static const gen_class_t *find_class(const char *name)
{
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(classes[i].name, name) == 0)
            return &classes[i];
    return NULL;
}

int fk_gen_known_class(const char *name)
{
    return find_class(name) != NULL || strcmp(name, "real") == 0;
}

const char *fk_gen_class_name(size_t i)
{
    size_t n = sizeof classes / sizeof classes[0];
    return i < n ? classes[i].name : i == n ? "real" : NULL;
}

const char *fk_gen_unknown_class(char *buf, size_t len, const char *name)
{
    const char *names[16];
    char list[128], hint[96];
    size_t n = 0, at = 0;
    for (; fk_gen_class_name(n) && n < 16; n++) {
        names[n] = fk_gen_class_name(n);
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", n ? ", " : "", names[n]);
    }
    snprintf(buf, len, "unknown class '%s' (%s)%s", name, list,
             fk_did_you_mean(hint, sizeof hint, "", name, strlen(name), names, n));
    return buf;
}

/* skew: sizes 1000 * 100^(k / (n-1)), k = 0..n-1, dealt out in a seeded shuffle. */
static uint32_t skew_records(uint64_t seed, size_t n, size_t i)
{
    size_t order[256];
    if (n > 256 || n < 2)
        return 1000;
    for (size_t k = 0; k < n; k++)
        order[k] = k;
    fk_rng_t r;
    fk_rng_seed(&r, seed, 0x5CE3);
    for (size_t k = n - 1; k > 0; k--) {
        size_t j = fk_rng_below(&r, (uint32_t)k + 1), t = order[k];
        order[k] = order[j];
        order[j] = t;
    }
    return (uint32_t)llround(1000.0 * pow(100.0, (double)order[i] / (double)(n - 1)));
}

/* The spec of file i of a class: kinds cycle through the 12 shape types, encodings through
 * UTF-8 .cpg / LDID 87 / none, every third file has the clashing fields, and some names
 * carry a space and non-ASCII letters. */
static void class_spec(const gen_class_t *c, uint64_t seed, size_t i, fk_gen_spec_t *spec,
                       char *name, size_t namelen)
{
    static const int point_kinds[] = {FK_GEN_POINT, FK_GEN_POINTZ, FK_GEN_POINTM};
    int kind = c->points ? point_kinds[i % 3] : (int)(i % 12);
    if (i % 8 == 5)
        snprintf(name, namelen, "f%03zu Zürich %s", i, fk_gen_kind_tag[kind]);
    else
        snprintf(name, namelen, "f%03zu_%s", i, fk_gen_kind_tag[kind]);
    spec->name = name;
    spec->kind = kind;
    spec->records = c->records ? c->records : skew_records(seed, c->files, i);
    spec->encoding = i % 4 == 1   ? FK_GEN_ENC_LDID87
                     : i % 4 == 2 ? FK_GEN_ENC_NONE
                                  : FK_GEN_ENC_UTF8;
    spec->clash = i % 3 == 2;
    spec->nogeom = 0;
    fk_rng_t r;
    fk_rng_seed(&r, seed, 1000 + i);
    spec->seed = fk_rng_next(&r);
}

int fk_gen_write(const char *dir, const fk_gen_spec_t *spec, char *err, size_t errlen)
{
    const fk_gdal_ops_t *gdal = fk_gdal(err, errlen);
    return gdal ? gdal->gen_write(dir, spec, err, errlen) : -1;
}

int fk_gen_class(const char *class_name, uint64_t seed, const char *outdir, char *err,
                 size_t errlen)
{
    const gen_class_t *c = find_class(class_name);
    if (!c)
        return fk_err(err, errlen, "unknown class '%s'", class_name);
    if (fk_mkdir_p(outdir) != 0)
        return fk_err(err, errlen, "cannot create %s: %s", outdir, strerror(errno));
    fk_shpdir_t existing;
    if (fk_shpdir_scan(outdir, &existing, err, errlen) != 0)
        return -1;
    size_t nexisting = existing.nsets;
    fk_shpdir_free(&existing);
    if (nexisting > 0) /* GDAL would refuse half-way, or mix two classes */
        return fk_err(err, errlen, "%s already holds shapefiles; give an empty folder", outdir);
    const fk_gdal_ops_t *gdal = fk_gdal(err, errlen);
    if (!gdal)
        return -1;
    gdal->init();
    if (c->files == 0)
        return fk_gen_odd(outdir, seed, err, errlen);
    for (size_t i = 0; i < c->files; i++) {
        fk_gen_spec_t spec;
        char name[128];
        class_spec(c, seed, i, &spec, name, sizeof name);
        if (fk_gen_write(outdir, &spec, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* ---- the real class ---------------------------------------------------------------- */

int fk_gen_fetch_real(const char *outdir, char *err, size_t errlen)
{
    char script[4096];
    if (fk_data_file("datasets/shapefiles/fetch-real.sh", script, sizeof script) != 0)
        return fk_err(err, errlen,
                      "cannot find %s (reinstall forkomp, or set FORKOMP_HOME to the source tree)",
                      script);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return fk_err(err, errlen, "fork failed: %s", strerror(errno));
    if (pid == 0) {
        execlp("bash", "bash", script, outdir, (char *)NULL);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return fk_err(err, errlen, "waitpid failed: %s", strerror(errno));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return fk_err(err, errlen, "%s failed (exit %d); see its message above", script,
                      WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    return 0;
}
