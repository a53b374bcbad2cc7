/* SPDX-License-Identifier: MIT */
/* run_opts.c: the run commands' option table (how to run: models, workers, repetitions,
 * schedule, limits, output), its defaults, and the parsers of its lists. Help and errors
 * are generated from this table and from the model registry. */
#include "harness/base/opts.h"

#include <stdint.h>
#include <string.h>

#include "harness/base/cli.h"
#include "harness/base/numparse.h"
#include "harness/cli/registry.h"
#include "harness/engine/reps.h"
#include "harness/base/placement.h"
#include "kernels/common/suggest.h"
#include "kernels/common/util.h"

static const char *const schedules[] = {"static", "dynamic", NULL};

int fk_opt_parse_reps(char *value, void *field, char *err, size_t errlen)
{
    fk_opts_t *o = field;
    return fk_reps_parse(value, &o->reps, &o->reps_auto_pct, err, errlen);
}

#define RUN(name, kind, field, min, max, arg, help)                                                \
    {                                                                                              \
        name, kind, offsetof(fk_opts_t, field), min, max, arg, help, NULL, NULL                    \
    }
#define RUN_LIST(name, parser, arg, help)                                                          \
    {                                                                                              \
        name, FK_OPT_CUSTOM, 0, 0, 0, arg, help, NULL, parser                                      \
    }

const fk_opt_t fk_run_options[] = {
    RUN_LIST("models", fk_opt_parse_models, "LIST", "models to run (default: see below)"),
    RUN_LIST("workers", fk_opt_parse_workers, "LIST",
             "worker counts (default: powers of two up to the CPUs, the CPU\n"
             "count, twice it; serial runs at 1 only)"),
    RUN("procs", FK_OPT_INT, procs, 1, 4096, "P",
        "processes of the P x T models (default: most even split)"),
    RUN_LIST("reps", fk_opt_parse_reps, "N|auto[:PCT]",
             "timed repetitions (default 5); auto: until each group's 95%\n"
             "CI of the median, and each compared pair's CI of their ratio,\n"
             "is within +-PCT% (2), 6 runs or more"),
    RUN("max-reps", FK_OPT_INT, max_reps, FK_REPS_AUTO_MIN, 100000, "N",
        "most runs of a group with --reps auto (default 30)"),
    RUN("budget", FK_OPT_DOUBLE, budget_s, 1, 1e7, "SECONDS",
        "stop starting runs when the command would pass SECONDS"),
    RUN("warmup", FK_OPT_INT, warmup, 0, 1000, "N", "untimed warm-up repetitions (default 1)"),
    {"schedule", FK_OPT_CHOICE, offsetof(fk_opts_t, schedule), 0, 0, NULL,
     "how tasks are handed out (default static)", schedules, NULL},
    RUN("chunk", FK_OPT_LONG, chunk, 1, 1e9, "C",
        "tasks per hand-out (default ceil(tasks / (4 x workers)))"),
    RUN("timeout", FK_OPT_DOUBLE, timeout_s, 0.001, 1e6, "SECONDS",
        "bound each run (and each task in the process models)"),
    {"pin", FK_OPT_CHOICE_OR_FLAG, offsetof(fk_opts_t, pin), 0, FK_PIN_LINEAR, NULL,
     "bind workers to CPUs: linear (alone: worker w on CPU w),\n"
     "compact (fill one NUMA node's cores first), scatter (spread\n"
     "over packages and NUMA nodes), none (default)",
     fk_pin_names, NULL}, /* the option stores the index: enum fk_pin_policy */
    RUN("fault", FK_OPT_STR, fault, 0, 0, "crash:I|hang:I|exit:I",
        "make task I misbehave (fault-isolation exercise)"),
    RUN("csv", FK_OPT_STR, csv, 0, 0, "FILE", "append one row per timed run to FILE"),
    RUN("label", FK_OPT_STR, label, 0, 0, "NAME",
        "the host column of the rows (default: the host name)"),
    RUN("quiet", FK_OPT_FLAG, quiet, 0, 0, NULL, "print nothing but errors"),
    RUN("order-seed", FK_OPT_LONG, seed, 0, 2147483647, "N",
        "seed of the rounds' random orders (default: drawn; the CSV's\n"
        "seed column), to replay a run's orders"),
    RUN("control", FK_OPT_FLAG, control, 0, 0, NULL,
        "add the A/A control arm (a copy of one model) with a fixed --reps"),
    RUN("no-control", FK_OPT_FLAG, no_control, 0, 0, NULL,
        "no A/A control arm (--reps auto with two models or more adds it)"),
    FK_OPT_END,
};

void fk_run_defaults(fk_opts_t *o)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; fk_models[i] && o->nmodels < FK_MAX_LIST; i++)
        if (fk_models[i]->by_default)
            o->models[o->nmodels++] = fk_models[i]->name;
    o->nworkers = (size_t)fk_default_workers(fk_cpus_allowed(), o->workers, FK_MAX_LIST);
    o->reps = 5;
    o->max_reps = FK_REPS_MAX_DEFAULT;
    o->warmup = 1;
    o->schedule = FK_SCHED_STATIC;
    o->seed = -1;
}

/* Names are kept as pointers into argv's copy, cut at the commas. */
int fk_opt_parse_models(char *value, void *field, char *err, size_t errlen)
{
    fk_opts_t *o = field;
    char names[512];
    o->nmodels = 0;
    size_t len = strlen(value);
    if (len == 0 || value[0] == ',' || value[len - 1] == ',' || strstr(value, ",,"))
        return fk_err(err, errlen, "--models: an empty name in '%s'", value); /* as --workers */
    for (char *save = NULL, *tok = strtok_r(value, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (o->nmodels == FK_MAX_LIST)
            return fk_err(err, errlen, "--models: too many names");
        if (!fk_find_model(tok)) {
            const char *valid[64];
            size_t n = 0;
            char hint[96];
            for (size_t i = 0; fk_models[i] && n < 64; i++)
                valid[n++] = fk_models[i]->name;
            return fk_err(err, errlen, "--models: unknown model '%s' (%s)%s", tok,
                          fk_model_names(names, sizeof names),
                          fk_did_you_mean(hint, sizeof hint, "", tok, strlen(tok), valid, n));
        }
        for (size_t i = 0; i < o->nmodels; i++) /* run twice, it would read as two models */
            if (strcmp(o->models[i], tok) == 0)
                return fk_err(err, errlen, "--models: %s is given twice", tok);
        o->models[o->nmodels++] = tok;
    }
    return o->nmodels ? 0 : fk_err(err, errlen, "--models: empty list");
}

int fk_opt_parse_workers(char *value, void *field, char *err, size_t errlen)
{
    fk_opts_t *o = field;
    uint64_t v[FK_MAX_LIST];
    size_t n;
    char why[128];
    if (fk_parse_u64_list(value, 1, 4096, v, FK_MAX_LIST, &n, why, sizeof why) != 0)
        return fk_err(err, errlen, "--workers: %s", why);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            if (v[j] == v[i])
                return fk_err(err, errlen, "--workers: %llu is given twice",
                              (unsigned long long)v[i]);
        o->workers[i] = (int)v[i];
    }
    o->nworkers = n;
    return 0;
}
