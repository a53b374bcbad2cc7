/* module.h: the interface of forkomp's loadable modules. Code that needs a heavy library
 * lives in a shared module, fk-NAME.so, loaded with dlopen when first needed, so that the
 * commands that do not use it start as fast as a small C program does (`ldd bin/forkomp`
 * lists neither libgdal nor libmpi):
 *   gdal  the ogr variant, GDAL read-back verification, dataset generation (GDAL/OGR)
 *   mpi   forkomp as one rank of an MPI job (Open MPI)
 *   hwloc the machine's topology: packages, cores, NUMA nodes, caches (hwloc)
 *   primesieve  the sieve variant and the reference sums that verify the prime job
 *         (libprimesieve, C++: its static constructors read the CPU's caches from sysfs and
 *         start iostreams, half a millisecond at every start of a binary that links it)
 * Modules are found in ../lib/forkomp/ beside the binary's own folder (bin/ in the build tree
 * and $PREFIX/bin after `make install`), or in $FORKOMP_MODULE_DIR when it is set. Each module
 * exports one ops table, fk_module_NAME, that starts with an fk_module_head_t; the loader
 * (module.c) is the one piece of code that finds, loads and checks both. The types the tables
 * speak of are only declared here: each is defined by the layer that owns it. */
#ifndef FK_MODULE_H
#define FK_MODULE_H

#include <stddef.h>
#include <stdint.h>

#define FK_MODULE_ABI 1 /* bumped whenever a table below changes */
#define FK_MODULE_DIR_ENV "FORKOMP_MODULE_DIR"
#define FK_GDAL_PACKAGES "libgdal-dev"
#define FK_MPI_PACKAGES "libopenmpi-dev openmpi-bin"
#define FK_HWLOC_PACKAGES "libhwloc-dev"
#define FK_PRIMESIEVE_PACKAGES "libprimesieve-dev"

typedef struct fk_module_head {
    uint32_t abi;     /* FK_MODULE_ABI of the forkomp that built the module */
    const char *name; /* "gdal", "mpi": the NAME of fk-NAME.so */
} fk_module_head_t;

struct fk_shpset;
struct fk_shpcheck;
struct fk_shpsnap;
struct fk_gen_spec;
struct fk_topo;

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

/* fk-mpi.so (the MPI models' mpi_main.c, mpi_launch.c, mpi_map.c). */
typedef struct fk_mpi_ops {
    fk_module_head_t head;
    /* `forkomp KERNEL ...` as one rank of an MPI job (mpi.h); returns the exit code. */
    int (*rank_main)(int argc, char **argv);
} fk_mpi_ops_t;

/* fk-hwloc.so (harness/engine/topo_hwloc.c). */
typedef struct fk_hwloc_ops {
    fk_module_head_t head;
    /* Fills t (harness/models/placement.h) from an hwloc XML file, a synthetic description or,
     * both NULL, this machine; t->pu is malloc'ed. Returns 0, or -1 with a message (topo.h). */
    int (*load)(struct fk_topo *t, const char *xml, const char *synthetic, char *err,
                size_t errlen);
} fk_hwloc_ops_t;

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

/* The module's table, loaded on first use (thread-safe; later calls return the same table
 * at once), or NULL with one line in err naming the module, why it cannot be loaded and the
 * Debian packages to install. Callers treat NULL as a usage error (exit 2). */
const fk_gdal_ops_t *fk_gdal(char *err, size_t errlen);
const fk_mpi_ops_t *fk_mpi(char *err, size_t errlen);
const fk_hwloc_ops_t *fk_hwloc(char *err, size_t errlen);
const fk_primesieve_ops_t *fk_primesieve(char *err, size_t errlen);

/* 1 when the named module ("gdal", "mpi", "hwloc", "primesieve") is already loaded: no load is attempted. */
int fk_module_loaded(const char *name);

/* The folder modules are loaded from (see above). Returns 0, or -1 when it cannot be told. */
int fk_module_dir(char *out, size_t len);

#endif
