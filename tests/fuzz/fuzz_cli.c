/* SPDX-License-Identifier: MIT */
/* fuzz_cli.c: libFuzzer target for the parsers of the command line, the outside input every
 * run starts from: fk_cli_parse over the tables of a kernel command (the prime kernel's own
 * and the run options: every kind of option) and the strict number and list parsers under
 * it (fk_parse_u64, fk_parse_long, fk_parse_double, fk_parse_u64_list).
 *
 * An input is a list of words separated by NUL or newline bytes, given to fk_cli_parse as
 * argv; every word also goes through each number parser. Besides the sanitizers' checks, the
 * parsers' promises are checked: what they accept is in range and what fk_cli_parse accepts
 * fits its tables. Built and run by tests/fuzz/run.sh (`make fuzz`), without the models: the
 * registry below holds two names, which is all --models needs. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/cli.h"
#include "harness/base/numparse.h"
#include "harness/base/opts.h"
#include "harness/cli/registry.h"
#include "kernels/common/util.h"

/* The registry, reduced to what the run options' parsers ask of it. */
static const fk_model_ops_t model_a = {.name = "serial", .by_default = 1};
static const fk_model_ops_t model_b = {.name = "fork", .by_default = 1};
const fk_model_ops_t *const fk_models[] = {&model_a, &model_b, NULL};
extern const fk_kernel_ops_t fk_kernel_primes;

const fk_model_ops_t *fk_find_model(const char *name)
{
    for (size_t i = 0; fk_models[i]; i++)
        if (strcmp(fk_models[i]->name, name) == 0)
            return fk_models[i];
    return NULL;
}

char *fk_model_names(char *buf, size_t len)
{
    snprintf(buf, len, "serial, fork");
    return buf;
}

#define MAX_WORDS 64

/* A broken promise: abort, so libFuzzer saves the input. */
#define PROMISE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

static void numbers(const char *w)
{
    uint64_t u, list[8];
    long l;
    double d;
    size_t n = 0;
    char err[128];
    if (fk_parse_u64(w, 1000, &u) == 0)
        PROMISE(u <= 1000 && w[0] >= '0' && w[0] <= '9');
    if (fk_parse_long(w, -5, 4096, &l) == 0)
        PROMISE(l >= -5 && l <= 4096);
    if (fk_parse_long(w, LONG_MIN, LONG_MAX, &l) == 0)
        PROMISE(w[0] != '\0');
    if (fk_parse_double(w, 0.001, 1e6, &d) == 0)
        PROMISE(isfinite(d) && d >= 0.001 && d <= 1e6);
    if (fk_parse_u64_list(w, 1, 4096, list, 8, &n, err, sizeof err) == 0) {
        PROMISE(n >= 1 && n <= 8);
        for (size_t i = 0; i < n; i++)
            PROMISE(list[i] >= 1 && list[i] <= 4096);
    } else {
        PROMISE(memchr(err, '\0', sizeof err) != NULL); /* a message, NUL-terminated */
    }
}

static void options(int argc, char **argv)
{
    static fk_opts_t o;
    static char kparams[1 << 16]; /* the prime kernel's parameters */
    const char *pos[4];
    fk_cli_rest_t rest = {0, pos, 4, 0};
    char err[256];
    PROMISE(fk_kernel_primes.params_size <= sizeof kparams);
    memcpy(kparams, fk_kernel_primes.defaults, fk_kernel_primes.params_size);
    fk_run_defaults(&o);
    fk_opt_group_t groups[] = {{fk_kernel_primes.options, kparams}, {fk_run_options, &o}};
    if (fk_cli_parse("primes", argc, argv, groups, 2, &rest, err, sizeof err) != FK_EXIT_OK) {
        PROMISE(err[0] != '\0');
        return;
    }
    PROMISE(rest.n <= 4);
    PROMISE(o.nmodels >= 1 && o.nmodels <= FK_MAX_LIST);
    PROMISE(o.nworkers >= 1 && o.nworkers <= FK_MAX_LIST);
    for (size_t i = 0; i < o.nworkers; i++)
        PROMISE(o.workers[i] >= 1 && o.workers[i] <= 4096);
    PROMISE(o.reps >= 1 && o.warmup >= 0 && o.procs >= 0 && o.chunk >= 0);
    PROMISE(o.timeout_s >= 0 && isfinite(o.timeout_s));
    PROMISE(o.schedule == FK_SCHED_STATIC || o.schedule == FK_SCHED_DYNAMIC);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *buf = malloc(size + 1);
    char *argv[MAX_WORDS];
    int argc = 0;
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    for (size_t i = 0; i < size; i++)
        if (buf[i] == '\n')
            buf[i] = '\0';
    for (char *p = buf; p <= buf + size && argc < MAX_WORDS; p += strlen(p) + 1)
        argv[argc++] = p;
    for (int i = 0; i < argc; i++)
        numbers(argv[i]);
    options(argc, argv); /* last: it may cut --models values apart in place */
    free(buf);
    return 0;
}
