/* SPDX-License-Identifier: MIT */
/* kernel_cmd.c: parsing and preparing a kernel command (see kernel_cmd.h). */
#include "harness/cli/kernel_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/cli.h"
#include "harness/cli/registry.h"
#include "harness/engine/context.h"
#include "harness/base/sys.h"
#include "harness/base/placement.h"
#include "kernels/common/util.h"

/* A parameter struct holding the owner's defaults (NULL when size is 0). */
static void *new_params(size_t size, const void *defaults)
{
    void *p = calloc(1, size ? size : 1);
    if (p && size && defaults)
        memcpy(p, defaults, size);
    return p;
}

/* `forkomp plugin FILE.so ...`: a first word that is not an option is the value of the
 * kernel's positional option (the words become "plugin --lib FILE.so ..."). Returns argv, or
 * c->words holding the new words. */
static char **positional_words(fk_kernel_cmd_t *c, int *argc, char **argv)
{
    const char *opt = c->kernel->positional;
    if (!opt || *argc < 2 || argv[1][0] == '-' ||
        !(c->words = calloc((size_t)*argc + 2, sizeof *c->words)))
        return argv;
    snprintf(c->flag, sizeof c->flag, "--%s", opt);
    c->words[0] = argv[0];
    c->words[1] = c->flag;
    memcpy(c->words + 2, argv + 1, (size_t)(*argc - 1) * sizeof *argv);
    (*argc)++;
    return c->words;
}

int fk_kernel_cmd_parse(fk_kernel_cmd_t *c, int argc, char **argv, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->kernel = fk_find_kernel(argv[0]);
    if (!c->kernel)
        return fk_err(err, errlen, "unknown kernel '%s'", argv[0]), FK_EXIT_USAGE;
    c->dataset = fk_find_dataset(c->kernel);
    c->kparams = new_params(c->kernel->params_size, c->kernel->defaults);
    c->dparams = c->dataset ? new_params(c->dataset->params_size, c->dataset->defaults) : NULL;
    if (!c->kparams || (c->dataset && !c->dparams))
        return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    fk_run_defaults(&c->opts);
    fk_opt_group_t groups[] = {
        {c->kernel->options, c->kparams},
        {c->dataset ? c->dataset->options : NULL, c->dparams},
        {fk_run_options, &c->opts},
    };
    fk_cli_rest_t rest = {0, NULL, 0, 0};
    argv = positional_words(c, &argc, argv);
    int rc = fk_cli_parse(argv[0], argc - 1, argv + 1, groups, 3, &rest, err, errlen);
    c->help = rest.help;
    if (rc == FK_EXIT_OK && fk_context_set_label(c->opts.label, err, errlen) != 0)
        rc = FK_EXIT_USAGE;
    return rc;
}

int fk_kernel_cmd_prepare(fk_kernel_cmd_t *c, void **ctx, size_t *ntasks, char *err, size_t errlen)
{
    fk_kernel_input_t in = {NULL, NULL, fk_interrupted, c->opts.timeout_s, c->opts.quiet};
    if (c->dataset) {
        int rc =
            c->dataset->prepare(c->dparams, c->dir, sizeof c->dir, &in.class_name, err, errlen);
        if (rc != FK_EXIT_OK)
            return rc;
        in.dir = in.class_name ? c->dir : NULL;
    }
    err[0] = '\0';
    int rc = c->kernel->prepare(c->kparams, &in, ctx, ntasks, err, errlen);
    if (rc == FK_EXIT_OK && err[0]) { /* a warning */
        if (!c->opts.quiet)
            fprintf(stderr, "forkomp: %s\n", err);
        err[0] = '\0';
    }
    return rc;
}

void fk_kernel_cmd_help(const fk_kernel_cmd_t *c)
{
    const fk_kernel_ops_t *k = c->kernel;
    const char *word = ""; /* the positional option's value, as its help names it */
    for (const fk_opt_t *o = k->options; k->positional && o && o->name; o++)
        word = strcmp(o->name, k->positional) == 0 ? o->arg : word;
    printf("usage: forkomp %s%s%s [options]\n%s\n\n", k->name, word[0] ? " " : "", word,
           k->summary);
    fk_cli_print_options(stdout, k->options);
    if (c->dataset)
        fk_cli_print_options(stdout, c->dataset->options);
    fk_cli_print_options(stdout, fk_run_options);
    printf("\nmodels (* run when --models is not given):\n");
    for (size_t i = 0; fk_models[i]; i++)
        printf("  %-8s %s %s\n", fk_models[i]->name, fk_models[i]->by_default ? "*" : " ",
               fk_models[i]->summary);
    /* harness/bench/bench.sh reads this line for its default WORKERS */
    int cpus = fk_cpus_allowed(), w[FK_MAX_LIST];
    int n = fk_default_workers(cpus, w, FK_MAX_LIST);
    printf("\ndefault workers on this machine (%d CPUs): ", cpus);
    for (int i = 0; i < n; i++)
        printf("%s%d", i ? "," : "", w[i]);
    printf("\n");
    printf("\nexit status: 0 every run verified, 1 a run failed or did not verify, 2 usage "
           "error\n");
}

void fk_kernel_cmd_free(fk_kernel_cmd_t *c)
{
    free(c->kparams);
    free(c->dparams);
    free(c->words);
    c->words = NULL;
    c->kparams = c->dparams = NULL;
}
