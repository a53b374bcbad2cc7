/* SPDX-License-Identifier: MIT */
/* module.h: the interface of forkomp's loadable modules. Code that needs a heavy library
 * lives in a shared module, fk-NAME.so, loaded with dlopen when first needed, so that the
 * commands that do not use it start as fast as a small C program does (`ldd bin/forkomp`
 * lists none of those libraries). The kernels' modules are declared here:
 *   gdal  the ogr variant, GDAL read-back verification, dataset generation (GDAL/OGR)
 *   primesieve  the sieve variant and the reference sums that verify the prime job
 *         (libprimesieve, C++: its static constructors read the CPU's caches from sysfs and
 *         start iostreams, half a millisecond at every start of a binary that links it)
 * the harness declares its own beside their tables (harness/modules/modules.h). Modules are
 * found in ../lib/forkomp/ beside the binary's own folder (bin/ in the build tree and
 * $PREFIX/bin after `make install`), or in $FORKOMP_MODULE_DIR when it is set. Each module
 * exports one ops table, fk_module_NAME, that starts with an fk_module_head_t; the loader
 * (module.c) is the one piece of code that finds, loads and checks both. The types the tables
 * speak of are only declared here: each is defined by the layer that owns it. */
#ifndef FK_MODULE_H
#define FK_MODULE_H

#include <stddef.h>
#include <stdint.h>

#define FK_MODULE_ABI 1 /* bumped whenever a table changes (here, harness/modules/modules.h) */
#define FK_MODULE_DIR_ENV "FORKOMP_MODULE_DIR"
#define FK_GDAL_PACKAGES "libgdal-dev"
#define FK_PRIMESIEVE_PACKAGES "libprimesieve-dev"

typedef struct fk_module_head {
    uint32_t abi;     /* FK_MODULE_ABI of the forkomp that built the module */
    const char *name; /* "gdal": the NAME of fk-NAME.so */
} fk_module_head_t;

/* One module, declared (static) by the code that loads it; the loader keeps its table here. */
typedef struct fk_module {
    const char *name;              /* fk-NAME.so, whose table is fk_module_NAME */
    const char *library;           /* the library it wraps, for messages: "GDAL" */
    const char *packages;          /* the Debian packages that provide that library */
    const fk_module_head_t *table; /* once loaded */
} fk_module_t;

/* m's table, loaded on first use (thread-safe; later calls return the same table at once),
 * or NULL with one line in err naming the module, why it cannot be loaded and the Debian
 * packages to install. Callers treat NULL as a usage error (exit 2). */
const void *fk_module_get(fk_module_t *m, char *err, size_t errlen);

/* 1 when m is already loaded: no load is attempted. */
int fk_module_is_loaded(fk_module_t *m);

struct fk_shpset;
struct fk_shpcheck;
struct fk_shpsnap;
struct fk_gen_spec;

/* fk-gdal.so (the shapefile kernel's shp_ogr.c and shp_readback.c, the generator's gen_write.c). */
typedef struct fk_gdal_ops {
    fk_module_head_t head;
    const char *(*version)(void); /* GDAL's release name */
    /* Registers GDAL's drivers; once, in the single-threaded parent, before any fork. */
    void (*init)(void);
    /* The ogr variant on set s in dir (shp_ogr.h). */
    int (*ogr_update)(const char *dir, const struct fk_shpset *s, const struct fk_shpcheck *c,
                      uint64_t *features, char *warn, size_t warnlen, char *err, size_t errlen);
    /* 1 when GDAL reads the output at shp_path as snap expects, else 0 and why (shp_verify.h). */
    int (*read_back)(const char *shp_path, const struct fk_shpsnap *snap, char *why, size_t whylen);
    /* Writes one synthetic shapefile (gen.h). */
    int (*gen_write)(const char *dir, const struct fk_gen_spec *spec, char *err, size_t errlen);
} fk_gdal_ops_t;

/* fk-primesieve.so (kernels/primes/primes_sieve.c). */
typedef struct fk_primesieve_ops {
    fk_module_head_t head;
    const char *(*version)(void); /* libprimesieve's release */
    /* The sum of the primes below n (0 when primesieve fails, which verification catches). */
    uint64_t (*sum_below)(uint64_t n);
    /* The sums below each of inputs[0..count) into sums[], by one walk up to the largest;
     * stop (may be NULL) is polled. Returns 0, or -1 when an input is too large, primesieve
     * fails or stop() said so. */
    int (*sums_below)(const uint64_t *inputs, size_t count, uint64_t *sums, int (*stop)(void));
} fk_primesieve_ops_t;

/* The module's table, loaded on first use (fk_module_get). */
const fk_gdal_ops_t *fk_gdal(char *err, size_t errlen);
const fk_primesieve_ops_t *fk_primesieve(char *err, size_t errlen);
/* 1 when the GDAL module is already loaded. */
int fk_gdal_loaded(void);
/* The exit class of a module that could not be loaded, from its message: FK_EXIT_FAIL when
 * memory ran out (a memory limit such as ulimit -v: the input and the install are fine),
 * else FK_EXIT_USAGE (a package to install). */
int fk_module_exit(const char *err);

/* The folder modules are loaded from (see above). Returns 0, or -1 when it cannot be told. */
int fk_module_dir(char *out, size_t len);

#endif
