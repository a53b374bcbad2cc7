/* cli.c: one table of options serves every command, so each is parsed and checked in one
 * place; a bad value gets a one-line message naming the option. */
#include "harness/cli/cli.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "harness/engine/reps.h"
#include "harness/models/placement.h"
#include "kernels/common/util.h"

enum kind { STR, FLAG, INT, LONG, DOUBLE, ULONG, NAMES, INTS, SCHEDULE, PIN, REPS };

typedef struct option {
    const char *name;
    enum kind kind;
    size_t offset;
    double min, max;
} option_t;

#define OPT(name, kind, field, min, max)                                                           \
    {                                                                                              \
        name, kind, offsetof(fk_opts_t, field), min, max                                           \
    }
static const option_t options[] = {
    OPT("class", STR, class_name, 0, 0),
    OPT("inputs", STR, inputs, 0, 0),
    OPT("variant", STR, variant, 0, 0),
    OPT("dir", STR, dir, 0, 0),
    OPT("in-place", FLAG, in_place, 0, 0),
    OPT("models", NAMES, models, 0, 0),
    OPT("workers", INTS, workers, 1, 4096),
    OPT("procs", INT, procs, 1, 4096),
    OPT("reps", REPS, reps, 1, 100000),
    OPT("max-reps", INT, max_reps, FK_REPS_AUTO_MIN, 100000),
    OPT("budget", DOUBLE, budget_s, 1, 1e7),
    OPT("warmup", INT, warmup, 0, 1000),
    OPT("schedule", SCHEDULE, schedule, 0, 0),
    OPT("chunk", LONG, chunk, 1, 1e9),
    OPT("timeout", DOUBLE, timeout_s, 0.001, 1e6),
    OPT("pin", PIN, pin, 0, 0),
    OPT("fault", STR, fault, 0, 0),
    OPT("csv", STR, csv, 0, 0),
    OPT("quiet", FLAG, quiet, 0, 0),
    OPT("seed", ULONG, seed, 0, 4294967295.0),
    OPT("out", STR, out, 0, 0),
    OPT("label", STR, label, 0, 0),
};

const char fk_cli_common_help[] =
    "  --models LIST            models to run, e.g. serial,fork,omp,hybrid (default: all four)\n"
    "  --workers LIST           worker counts (default: powers of two up to the CPUs, the CPU\n"
    "                           count, twice it; serial runs at 1 only)\n"
    "  --procs P                processes of the hybrid and mpi-omp models (default: most even "
    "split)\n"
    "  --reps N|auto[:PCT]      timed repetitions (default 5); auto: until each group's 95%\n"
    "                           CI of the median is within +-PCT% of it (2), 6 runs or more\n"
    "  --max-reps N             most runs of a group with --reps auto (default 30)\n"
    "  --budget SECONDS         stop starting runs when the command would pass SECONDS\n"
    "  --warmup N               untimed warm-up repetitions (default 1)\n"
    "  --schedule static|dynamic  how tasks are handed out (default static)\n"
    "  --chunk C                tasks per hand-out (default ceil(tasks / (4 x workers)))\n"
    "  --timeout SECONDS        bound each run (and each task in the process models)\n"
    "  --pin[=POLICY]           bind workers to CPUs: linear (alone: worker w on CPU w),\n"
    "                           compact (fill one NUMA node's cores first), scatter (spread\n"
    "                           over packages and NUMA nodes), none (default)\n"
    "  --fault crash:I|hang:I|exit:I  make task I misbehave (fault-isolation exercise)\n"
    "  --csv FILE               append one row per timed run to FILE\n"
    "  --label NAME             the host column of the rows (default: the host name)\n"
    "  --quiet                  print nothing but errors\n";

void fk_cli_defaults(fk_opts_t *o)
{
    static const char *const all_models[] = {"serial", "fork", "omp", "hybrid"};
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < 4; i++)
        o->models[i] = all_models[i];
    o->nmodels = 4;
    o->nworkers = (size_t)fk_default_workers(fk_cpus_allowed(), o->workers, FK_MAX_LIST);
    o->reps = 5;
    o->max_reps = FK_REPS_MAX_DEFAULT;
    o->warmup = 1;
    o->schedule = FK_SCHED_STATIC;
    o->seed = 1;
}

/* Splits a comma list of names into opts->models (pointers into the argv string copy). */
static int parse_names(char *value, fk_opts_t *o, char *err, size_t errlen)
{
    o->nmodels = 0;
    for (char *save = NULL, *tok = strtok_r(value, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (o->nmodels == FK_MAX_LIST)
            return fk_err(err, errlen, "--models: too many names");
        for (size_t i = 0; i < o->nmodels; i++) /* run twice, it would read as two models */
            if (strcmp(o->models[i], tok) == 0)
                return fk_err(err, errlen, "--models: %s is given twice", tok);
        o->models[o->nmodels++] = tok;
    }
    return o->nmodels ? 0 : fk_err(err, errlen, "--models: empty list");
}

static int parse_ints(const char *value, const option_t *opt, fk_opts_t *o, char *err,
                      size_t errlen)
{
    uint64_t v[FK_MAX_LIST];
    size_t n;
    char why[128];
    if (fk_parse_u64_list(value, (uint64_t)opt->min, (uint64_t)opt->max, v, FK_MAX_LIST, &n, why,
                          sizeof why) != 0)
        return fk_err(err, errlen, "--%s: %s", opt->name, why);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            if (v[j] == v[i])
                return fk_err(err, errlen, "--%s: %llu is given twice", opt->name,
                              (unsigned long long)v[i]);
        o->workers[i] = (int)v[i];
    }
    o->nworkers = n;
    return 0;
}

static int set_value(const option_t *opt, char *value, fk_opts_t *o, char *err, size_t errlen)
{
    void *field = (char *)o + opt->offset;
    long l;
    uint64_t u;
    double d;
    switch (opt->kind) {
    case STR:
        *(const char **)field = value;
        return 0;
    case FLAG:
        *(int *)field = 1;
        return 0;
    case INT:
    case LONG:
        if (fk_parse_long(value, (long)opt->min, (long)opt->max, &l) != 0)
            return fk_err(err, errlen, "--%s %s: not a whole number in %.15g..%.15g", opt->name,
                          value, opt->min, opt->max);
        if (opt->kind == INT)
            *(int *)field = (int)l;
        else
            *(long *)field = l;
        return 0;
    case ULONG:
        if (fk_parse_u64(value, (uint64_t)opt->max, &u) != 0)
            return fk_err(err, errlen, "--%s %s: not a whole number in 0..%.15g", opt->name, value,
                          opt->max);
        *(unsigned long *)field = (unsigned long)u;
        return 0;
    case DOUBLE:
        if (fk_parse_double(value, opt->min, opt->max, &d) != 0)
            return fk_err(err, errlen, "--%s %s: not a number in %.15g..%.15g", opt->name, value,
                          opt->min, opt->max);
        *(double *)field = d;
        return 0;
    case NAMES:
        return parse_names(value, o, err, errlen);
    case INTS:
        return parse_ints(value, opt, o, err, errlen);
    case PIN:
        if ((*(int *)field = fk_pin_parse(value)) < 0)
            return fk_err(err, errlen, "--pin %s: use none, linear, compact or scatter", value);
        return 0;
    case REPS:
        return fk_reps_parse(value, &o->reps, &o->reps_auto_pct, err, errlen);
    case SCHEDULE:
        if (strcmp(value, "static") && strcmp(value, "dynamic"))
            return fk_err(err, errlen, "--schedule %s: use static or dynamic", value);
        o->schedule = strcmp(value, "static") == 0 ? FK_SCHED_STATIC : FK_SCHED_DYNAMIC;
        return 0;
    }
    return -1;
}

static const option_t *find_option(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

int fk_cli_parse(int argc, char **argv, fk_opts_t *o, int *help, const char **positional,
                 size_t cap, size_t *npositional, char *err, size_t errlen)
{
    size_t npos = 0;
    *help = 0;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = 1;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0) {
            if (npos == cap)
                return fk_err(err, errlen, "unexpected argument '%s'", arg), FK_EXIT_USAGE;
            positional[npos++] = arg;
            continue;
        }
        char *eq = strchr(arg, '=');
        const option_t *opt = find_option(arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
        if (!opt)
            return fk_err(err, errlen, "unknown option '%s'", arg), FK_EXIT_USAGE;
        char *value = eq ? eq + 1 : NULL;
        if (opt->kind == FLAG && value)
            return fk_err(err, errlen, "--%s takes no value", opt->name), FK_EXIT_USAGE;
        if (opt->kind == PIN && !value) /* --pin alone: linear; --pin POLICY: that one */
            value = i + 1 < argc && fk_pin_parse(argv[i + 1]) >= 0 ? argv[++i] : "linear";
        if (opt->kind != FLAG && !value) {
            if (i + 1 >= argc)
                return fk_err(err, errlen, "--%s needs a value", opt->name), FK_EXIT_USAGE;
            value = argv[++i];
        }
        if (set_value(opt, value, o, err, errlen) != 0)
            return FK_EXIT_USAGE;
    }
    if (npositional)
        *npositional = npos;
    return FK_EXIT_OK;
}

int fk_cli_usage_error(const char *command, const char *message)
{
    const char *sp = command ? " " : "", *cmd = command ? command : "";
    fprintf(stderr, "forkomp%s%s: %s\n", sp, cmd, message);
    if (!strstr(message, FK_CLI_INSTALL_HINT)) /* what to install is the whole answer */
        fprintf(stderr, "(see 'forkomp%s%s --help')\n", sp, cmd);
    return FK_EXIT_USAGE;
}
