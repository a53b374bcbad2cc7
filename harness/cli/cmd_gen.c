/* SPDX-License-Identifier: MIT */
/* cmd_gen.c: `forkomp gen --class CLASS --out DIR [--seed N]`: writes a dataset class into a
 * folder (datasets/shapefiles/gen.c), atomically, stopping cleanly when interrupted. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "datasets/shapefiles/gen.h"
#include "harness/base/cli.h"
#include "harness/base/commands.h"
#include "harness/engine/dataset.h"
#include "harness/base/sys.h"
#include "kernels/common/module.h"
#include "kernels/common/util.h"
#include "kernels/shapefiles/shp_set.h"

typedef struct gen_opts {
    const char *class_name, *out;
    unsigned long seed;
} gen_opts_t;

static const fk_opt_t gen_options[] = {
    {"class", FK_OPT_STR, offsetof(gen_opts_t, class_name), 0, 0, "CLASS", "the class to write",
     NULL, NULL},
    {"out", FK_OPT_STR, offsetof(gen_opts_t, out), 0, 0, "DIR",
     "where (created when missing; must hold no shapefiles)", NULL, NULL},
    {"seed", FK_OPT_ULONG, offsetof(gen_opts_t, seed), 0, 4294967295.0, "N", "the seed (default 1)",
     NULL, NULL},
    FK_OPT_END,
};

static void print_help(void)
{
    printf("usage: forkomp gen --class CLASS --out DIR [--seed N]\n"
           "Writes a set of shapefiles. The same class and seed give byte-identical files.\n\n");
    fk_cli_print_options(stdout, gen_options);
    printf("\nclasses:\n%s", fk_gen_class_help);
}

/* GDAL would refuse half-way, or mix two classes. */
static int holds_shapefiles(const char *dir)
{
    struct stat st;
    fk_shpdir_t existing = {0};
    char err[256];
    size_t n = 0;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
        fk_shpdir_scan(dir, &existing, err, sizeof err) == 0)
        n = existing.nsets;
    fk_shpdir_free(&existing);
    return n > 0;
}

/* --out names a file, a device (/dev/null) or a path through one: the class could never be
 * moved there. */
static int out_unusable(const char *out, char *err, size_t errlen)
{
    struct stat st;
    if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode))
        return fk_err(err, errlen, "--out %s exists and is not a folder: nothing written", out), 1;
    if (stat(out, &st) != 0 && errno != ENOENT)
        return fk_err(err, errlen, "--out %s: %s: nothing written", out, strerror(errno)), 1;
    return 0;
}

int fk_cmd_gen(int argc, char **argv)
{
    gen_opts_t o = {NULL, NULL, 1};
    const char *pos[1];
    fk_cli_rest_t rest = {0, pos, 0, 0};
    fk_opt_group_t group = {gen_options, &o};
    char err[512];
    if (fk_cli_parse("gen", argc - 1, argv + 1, &group, 1, &rest, err, sizeof err) != 0)
        return fk_cli_usage_error("gen", err);
    if (rest.help)
        return print_help(), FK_EXIT_OK;
    if (!o.class_name || !o.out || !*o.out)
        return fk_cli_usage_error("gen", "gen needs --class CLASS and --out DIR");
    if (!fk_gen_known_class(o.class_name)) {
        fk_gen_unknown_class(err, sizeof err, o.class_name);
        return fk_cli_usage_error("gen", err);
    }
    if (!fk_dataset_producible(o.class_name, err, sizeof err)) {
        if (fk_module_exit(err) == FK_EXIT_FAIL) /* a memory limit, not a missing package */
            return fprintf(stderr, "forkomp gen: %s\n", err), FK_EXIT_FAIL;
        return fk_cli_usage_error("gen", err);
    }
    if (out_unusable(o.out, err, sizeof err)) /* before the class is generated, not after */
        return fk_cli_usage_error("gen", err);
    if (holds_shapefiles(o.out)) {
        fprintf(stderr, "forkomp gen: %s already holds shapefiles; give an empty folder\n", o.out);
        return FK_EXIT_FAIL;
    }
    fk_install_interrupt_handlers(); /* an interrupt removes the partial output */
    double t0 = fk_now();
    if (fk_dataset_produce(o.class_name, o.seed, o.out, 1, err, sizeof err) != 0) {
        int sig = fk_interrupted();
        if (sig)
            fprintf(stderr, "forkomp gen: interrupted by SIG%s; removed the partial output\n",
                    fk_signame(sig));
        else
            fprintf(stderr, "forkomp gen: %s\n", err);
        return sig ? 128 + sig : FK_EXIT_FAIL;
    }
    printf("forkomp gen: class %s (seed %lu) written to %s in %.2f s\n", o.class_name, o.seed,
           o.out, fk_now() - t0);
    return FK_EXIT_OK;
}
