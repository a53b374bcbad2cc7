/* SPDX-License-Identifier: MIT */
/* cli.c: one parser for every option table (see cli.h): each value is checked against its
 * option's kind and limits, and a bad one gets a one-line message naming the option. */
#include "harness/base/cli.h"

#include <string.h>

#include "harness/base/numparse.h"
#include "kernels/common/suggest.h"
#include "kernels/common/util.h"

/* Whole numbers of any integer kind, checked against the option's limits. */
static int set_integer(const fk_opt_t *opt, const char *value, void *field, char *err,
                       size_t errlen)
{
    long l;
    uint64_t u;
    if (opt->kind == FK_OPT_ULONG) {
        if (fk_parse_u64(value, (uint64_t)opt->max, &u) != 0 || u < (uint64_t)opt->min)
            return fk_err(err, errlen, "--%s %s: not a whole number in %.15g..%.15g", opt->name,
                          value, opt->min, opt->max);
        *(unsigned long *)field = (unsigned long)u;
        return 0;
    }
    if (fk_parse_long(value, (long)opt->min, (long)opt->max, &l) != 0)
        return fk_err(err, errlen, "--%s %s: not a whole number in %.15g..%.15g", opt->name, value,
                      opt->min, opt->max);
    if (opt->kind == FK_OPT_INT)
        *(int *)field = (int)l;
    else
        *(long *)field = l;
    return 0;
}

static int set_choice(const fk_opt_t *opt, const char *value, int *field, char *err, size_t errlen)
{
    char list[256], hint[96];
    for (int i = 0; opt->choices[i]; i++)
        if (strcmp(opt->choices[i], value) == 0)
            return *field = i, 0;
    return fk_err(err, errlen, "--%s %s: use %s%s", opt->name, value,
                  fk_cli_join(list, sizeof list, opt->choices, " or "),
                  fk_did_you_mean(hint, sizeof hint, "", value, strlen(value), opt->choices, 0));
}

static int set_u64s(const fk_opt_t *opt, const char *value, fk_u64_list_t *field, char *err,
                    size_t errlen)
{
    char why[128];
    if (fk_parse_u64_list(value, (uint64_t)opt->min, (uint64_t)opt->max, field->v, FK_OPT_LIST_MAX,
                          &field->n, why, sizeof why) != 0)
        return fk_err(err, errlen, "--%s: %s", opt->name, why);
    return 0;
}

static int set_value(const fk_opt_t *opt, char *value, void *dest, char *err, size_t errlen)
{
    void *field = (char *)dest + opt->offset;
    double d;
    switch (opt->kind) {
    case FK_OPT_FLAG:
        *(int *)field = 1;
        return 0;
    case FK_OPT_STR:
        *(const char **)field = value;
        return 0;
    case FK_OPT_INT:
    case FK_OPT_LONG:
    case FK_OPT_ULONG:
        return set_integer(opt, value, field, err, errlen);
    case FK_OPT_DOUBLE:
        if (fk_parse_double(value, opt->min, opt->max, &d) != 0)
            return fk_err(err, errlen, "--%s %s: not a number in %.15g..%.15g", opt->name, value,
                          opt->min, opt->max);
        *(double *)field = d;
        return 0;
    case FK_OPT_CHOICE:
    case FK_OPT_CHOICE_OR_FLAG:
        return set_choice(opt, value, field, err, errlen);
    case FK_OPT_U64S:
        return set_u64s(opt, value, field, err, errlen);
    case FK_OPT_CUSTOM:
        return opt->parse(value, field, err, errlen);
    case FK_OPT_REFUSED:
        break;
    }
    return -1;
}

static const fk_opt_t *find_option(const fk_opt_group_t *groups, size_t ngroups, const char *name,
                                   size_t len, void **dest)
{
    for (size_t g = 0; g < ngroups; g++)
        for (const fk_opt_t *o = groups[g].opts; o && o->name; o++)
            if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
                return *dest = groups[g].dest, o;
    return NULL;
}

/* One "--name[=value]" (and its value word): returns the words used (1 or 2), or -1. */
static int parse_option(const char *command, int argc, char **argv, int i,
                        const fk_opt_group_t *groups, size_t ngroups, char *err, size_t errlen)
{
    char *arg = argv[i], *eq = strchr(arg, '=');
    void *dest = NULL;
    size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    const fk_opt_t *opt = find_option(groups, ngroups, arg + 2, len, &dest);
    if (!opt) {
        const char *names[128];
        size_t n = 0;
        char hint[96];
        for (size_t g = 0; g < ngroups; g++)
            for (const fk_opt_t *o = groups[g].opts; o && o->name && n < 128; o++)
                names[n++] = o->name;
        return fk_err(err, errlen, "--%.*s is not an option of forkomp %s%s", (int)len, arg + 2,
                      command, fk_did_you_mean(hint, sizeof hint, "--", arg + 2, len, names, n));
    }
    if (opt->kind == FK_OPT_REFUSED)
        return fk_err(err, errlen, "--%s %s", opt->name, opt->help);
    char *value = eq ? eq + 1 : NULL;
    if (opt->kind == FK_OPT_FLAG && value)
        return fk_err(err, errlen, "--%s takes no value", opt->name);
    if (opt->kind == FK_OPT_CHOICE_OR_FLAG && !value) { /* --pin alone, or --pin POLICY */
        int next = -1;
        if (i + 1 < argc && set_choice(opt, argv[i + 1], &next, NULL, 0) == 0)
            return *(int *)((char *)dest + opt->offset) = next, 2;
        return *(int *)((char *)dest + opt->offset) = (int)opt->max, 1;
    }
    if (opt->kind != FK_OPT_FLAG && !value) {
        if (i + 1 >= argc)
            return fk_err(err, errlen, "--%s needs a value", opt->name);
        value = argv[i + 1];
    }
    const char *before = opt->kind == FK_OPT_STR ? *(const char **)((char *)dest + opt->offset) : 0;
    if (before && fk_cli_given(i, argv, opt->name) && strcmp(before, value) != 0)
        return fk_err(err, errlen, "--%s is given twice (%s, then %s): give it once", opt->name,
                      before, value); /* only the last would count */
    if (set_value(opt, value, dest, err, errlen) != 0)
        return -1;
    return value && !eq ? 2 : 1;
}

int fk_cli_parse(const char *command, int argc, char **argv, const fk_opt_group_t *groups,
                 size_t ngroups, fk_cli_rest_t *rest, char *err, size_t errlen)
{
    rest->help = 0;
    rest->n = 0;
    for (int i = 0; i < argc;) {
        char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            rest->help = 1, i++;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0) {
            if (rest->n == rest->cap)
                return fk_err(err, errlen, "unexpected argument '%s'", arg), FK_EXIT_USAGE;
            rest->positional[rest->n++] = arg, i++;
            continue;
        }
        int used = parse_option(command, argc, argv, i, groups, ngroups, err, errlen);
        if (used < 0)
            return FK_EXIT_USAGE;
        i += used;
    }
    return FK_EXIT_OK;
}

int fk_cli_given(int argc, char **argv, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0 && strncmp(argv[i] + 2, name, len) == 0 &&
            (argv[i][2 + len] == '\0' || argv[i][2 + len] == '='))
            return 1;
    return 0;
}

char *fk_cli_join(char *buf, size_t len, const char *const *names, const char *sep)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; names[i] && at < len; i++) {
        int n = snprintf(buf + at, len - at, "%s%s", i ? sep : "", names[i]);
        at += n > 0 ? (size_t)n : 0;
    }
    return buf;
}

void fk_cli_print_options(FILE *out, const fk_opt_t *opts)
{
    for (const fk_opt_t *o = opts; o && o->name; o++) {
        char head[96], alts[128];
        if (o->kind == FK_OPT_REFUSED)
            continue;
        const char *arg = o->arg;
        if (!arg && (o->kind == FK_OPT_CHOICE || o->kind == FK_OPT_CHOICE_OR_FLAG))
            arg = fk_cli_join(alts, sizeof alts, o->choices, "|");
        if (o->kind == FK_OPT_CHOICE_OR_FLAG)
            snprintf(head, sizeof head, "--%s[=%s]", o->name, arg);
        else
            snprintf(head, sizeof head, "--%s%s%s", o->name, arg ? " " : "", arg ? arg : "");
        const char *line = o->help ? o->help : "";
        if (strlen(head) > 24) /* too long to share a line with its help */
            fprintf(out, "  %s\n  %-24s ", head, "");
        else
            fprintf(out, "  %-24s ", head);
        for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1)
            fprintf(out, "%.*s\n  %-24s ", (int)(nl - line), line, "");
        fprintf(out, "%s\n", line);
    }
}

int fk_cli_usage_error(const char *command, const char *message)
{
    const char *sp = command ? " " : "", *cmd = command ? command : "";
    fprintf(stderr, "forkomp%s%s: %s\n", sp, cmd, message);
    if (!strstr(message, FK_CLI_INSTALL_HINT)) /* what to install is the whole answer */
        fprintf(stderr, "(see 'forkomp%s%s --help')\n", sp, cmd);
    return FK_EXIT_USAGE;
}
