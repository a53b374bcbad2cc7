/* SPDX-License-Identifier: MIT */
/* primes_kernel.c: the prime-summation job as a kernel: one task per input n computes the sum
 * of the primes below n. Problem classes (NPB style) carry totals computed independently;
 * every task is also checked against reference sums from libprimesieve, found before the
 * runs (primes_ref.c). libprimesieve is loaded only when a command needs it (the sieve
 * variant, inputs the reference cache does not hold): fk-primesieve.so. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/class_label.h"
#include "kernels/common/home.h"
#include "kernels/common/inputs.h"
#include "kernels/common/module.h"
#include "kernels/common/util.h"
#include "kernels/kernel.h"
#include "kernels/primes/primes.h"

enum { VARIANT_TRIAL, VARIANT_SIEVE };
static const char *const variant_names[] = {"trial", "sieve", NULL};

/* Inputs are first, then each next = prev + step, or prev * 4 / 5 when shrink is set. */
typedef struct primes_class {
    const char *name;
    uint64_t first, step;
    int shrink;
    size_t count;
    uint64_t total; /* the sum of the prime sums, from an independent Python sieve */
} primes_class_t;

static const primes_class_t classes[] = {
    {"lab", 100000, 100, 0, 8, 3657632172ULL},
    {"M", 400000, 20000, 0, 8, 70994640241ULL}, /* make bench: about 0.5 s serial */
    {"A", 1000000, 20000, 0, 16, 791454423431ULL},
    {"B", 3000000, 50000, 0, 32, 15793966924354ULL},
    {"skew", 3000000, 0, 1, 24, 893702134175ULL},
    {"S", 0, 0, 0, 8, 5813602ULL}, /* explicit inputs below: the edge cases */
};
/* --class's names, in the order of classes[] (the option stores the index). */
static const char *const class_names[] = {"lab", "M", "A", "B", "skew", "S", NULL};
static const uint64_t class_s_inputs[] = {0, 1, 2, 3, 10, 100, 1000, 10007};

typedef struct primes_params {
    int class_index;                /* --class: an index into class_names, -1: not given */
    int variant;                    /* --variant: an index into variant_names */
    fk_u64_list_t inputs;           /* --inputs; n == 0: not given */
    const char *inputs_file, *name; /* --inputs-file, --name */
} primes_params_t;

static const primes_params_t defaults = {.class_index = -1, .variant = VARIANT_TRIAL};

static const fk_opt_t options[] = {
    {"class", FK_OPT_CHOICE, offsetof(primes_params_t, class_index), 0, 0, NULL,
     "problem class (default lab: 100000, 100100, ..., 100700)", class_names, NULL},
    {"inputs", FK_OPT_U64S, offsetof(primes_params_t, inputs), 0, FK_PRIMES_MAX_INPUT, "N,N,...",
     "any inputs instead, each 0..10000000000", NULL, NULL},
    {"inputs-file", FK_OPT_STR, offsetof(primes_params_t, inputs_file), 0, 0, "FILE",
     "the inputs, one a line (# comments)", NULL, NULL},
    {"name", FK_OPT_STR, offsetof(primes_params_t, name), 0, 0, "NAME",
     "the class of --inputs/--inputs-file the rows show (default inputs-HASH)", NULL, NULL},
    {"variant", FK_OPT_CHOICE, offsetof(primes_params_t, variant), 0, 0, NULL,
     "the lab's trial division (default) or libprimesieve", variant_names, NULL},
    FK_OPT_END,
};

typedef struct primes_ctx {
    int variant;
    const primes_class_t *cls; /* NULL for --inputs */
    size_t n;
    uint64_t *inputs;
    uint64_t *expected;            /* reference sums, one per input */
    const fk_primesieve_ops_t *ps; /* the sieve variant's, loaded before any run */
    char label[64]; /* --inputs(-file): --name, or "inputs-" and a hash of the list */
} primes_ctx_t;

static void class_inputs(const primes_class_t *c, uint64_t *out)
{
    for (size_t i = 0; i < c->count; i++) {
        if (strcmp(c->name, "S") == 0)
            out[i] = class_s_inputs[i];
        else if (i == 0)
            out[i] = c->first;
        else
            out[i] = c->shrink ? out[i - 1] * 4 / 5 : out[i - 1] + c->step;
    }
}

/* --inputs-file: whole numbers 0..FK_PRIMES_MAX_INPUT, one a line, into c->inputs. */
static int read_inputs_file(const char *path, primes_ctx_t *c, char *err, size_t errlen)
{
    fk_inputs_t text;
    if (fk_inputs_from_file(path, &text, err, errlen) != 0)
        return FK_EXIT_USAGE;
    c->n = text.n;
    c->inputs = malloc(c->n * sizeof *c->inputs);
    int rc = c->inputs ? 0 : (fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL);
    for (size_t i = 0; rc == 0 && i < c->n; i++) {
        char *end;
        errno = 0;
        c->inputs[i] = strtoull(text.v[i], &end, 10);
        if (text.v[i][0] < '0' || text.v[i][0] > '9' || *end || errno ||
            c->inputs[i] > FK_PRIMES_MAX_INPUT)
            rc = (fk_err(err, errlen, "--inputs-file %s: '%s' is not a whole number 0..%llu", path,
                         text.v[i], (unsigned long long)FK_PRIMES_MAX_INPUT),
                  FK_EXIT_USAGE);
    }
    if (rc == 0)
        fk_class_label(c->label, sizeof c->label, "inputs", c->inputs, c->n * sizeof *c->inputs);
    fk_inputs_free(&text);
    return rc;
}

static int pick_inputs(const primes_params_t *p, primes_ctx_t *c, char *err, size_t errlen)
{
    if (p->inputs_file)
        return read_inputs_file(p->inputs_file, c, err, errlen);
    if (p->inputs.n) {
        c->n = p->inputs.n;
        c->inputs = malloc(c->n * sizeof *c->inputs);
        if (c->inputs)
            memcpy(c->inputs, p->inputs.v, c->n * sizeof *c->inputs);
        /* Each list its own class: two different lists in one CSV must not be pooled into
         * one group (the report groups by class); the same list always gets the same name. */
        fk_class_label(c->label, sizeof c->label, "inputs", p->inputs.v,
                       c->n * sizeof *p->inputs.v);
    } else {
        c->cls = &classes[p->class_index < 0 ? 0 : p->class_index];
        c->n = c->cls->count;
        c->inputs = malloc(c->n * sizeof *c->inputs);
        if (c->inputs)
            class_inputs(c->cls, c->inputs);
    }
    return c->inputs ? FK_EXIT_OK : (fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL);
}

/* The reference sums, found once before any run (libprimesieve's, through the cache of
 * primes_ref.c); interruptible, since a large input takes a while. The sieve variant's
 * module is loaded here too, in the parent: a run's clock never counts the load. Returns an
 * exit code: a module that cannot be loaded is a usage error, as every module's is. */
static int find_expected(primes_ctx_t *c, int (*interrupted)(void), char *err, size_t errlen)
{
    c->expected = calloc(c->n ? c->n : 1, sizeof *c->expected);
    if (!c->expected)
        return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    if (c->variant == VARIANT_SIEVE && !(c->ps = fk_primesieve(err, errlen)))
        return fk_module_exit(err);
    char cache[4096];
    int have_cache = fk_cache_dir(cache, sizeof cache) == 0;
    int rc = fk_primes_reference(have_cache ? cache : NULL, c->inputs, c->n, c->expected,
                                 interrupted, err, errlen);
    return rc == 0 ? FK_EXIT_OK : rc == -2 ? FK_EXIT_USAGE : FK_EXIT_FAIL;
}

static void primes_release(void *ctx)
{
    primes_ctx_t *c = ctx;
    if (!c)
        return;
    free(c->inputs);
    free(c->expected);
    free(c);
}

static int primes_prepare(const void *params, const fk_kernel_input_t *in, void **ctx,
                          size_t *ntasks, char *err, size_t errlen)
{
    const primes_params_t *p = params;
    if ((p->class_index >= 0) + (p->inputs.n > 0) + (p->inputs_file != NULL) > 1)
        return fk_err(err, errlen, "--class, --inputs and --inputs-file: give one of them"),
               FK_EXIT_USAGE;
    if (p->name && (p->class_index >= 0 || !fk_is_class_name(p->name)))
        return fk_err(err, errlen,
                      "--name %s: 1 to 63 of [A-Za-z0-9._-], for --inputs or "
                      "--inputs-file",
                      p->name),
               FK_EXIT_USAGE;
    primes_ctx_t *c = calloc(1, sizeof *c);
    if (!c)
        return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    c->variant = p->variant;
    int rc = pick_inputs(p, c, err, errlen);
    if (rc == FK_EXIT_OK)
        rc = find_expected(c, in->interrupted, err, errlen);
    if (rc == FK_EXIT_OK && p->name)
        snprintf(c->label, sizeof c->label, "%s", p->name);
    if (rc != FK_EXIT_OK) {
        primes_release(c);
        return rc;
    }
    *ctx = c;
    *ntasks = c->n;
    return FK_EXIT_OK;
}

static int primes_task(void *ctx, size_t i, fk_result_t *out)
{
    const primes_ctx_t *c = ctx;
    uint64_t n = c->inputs[i];
    out->value = c->ps ? c->ps->sum_below(n) : fk_sum_primes_trial(n);
    out->aux = n;
    return 0;
}

static void primes_verify(void *ctx, const fk_result_t *results, size_t n, fk_verdict_t *v)
{
    const primes_ctx_t *c = ctx;
    uint64_t total = 0;
    v->verified = 1;
    v->why[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        total += results[i].value;
        if (results[i].status == FK_TASK_OK && results[i].value == c->expected[i])
            continue;
        if (v->verified)
            snprintf(v->why, sizeof v->why,
                     "sum below %" PRIu64 ": got %" PRIu64 ", expected %" PRIu64, c->inputs[i],
                     results[i].value, c->expected[i]);
        v->verified = 0;
    }
    if (v->verified && c->cls && total != c->cls->total) {
        snprintf(v->why, sizeof v->why, "class %s total %" PRIu64 ", published %" PRIu64,
                 c->cls->name, total, c->cls->total);
        v->verified = 0;
    }
    v->checksum = total;
}

static void primes_print(const void *ctx, const fk_result_t *results, size_t n, FILE *out)
{
    const primes_ctx_t *c = ctx;
    for (size_t i = 0; i < n; i++)
        if (results[i].status == FK_TASK_OK)
            fprintf(out, "Sum of primes below %" PRIu64 " is %" PRIu64 "\n", c->inputs[i],
                    results[i].value);
        else
            fprintf(out, "Sum of primes below %" PRIu64 ": FAILED (%s)\n", c->inputs[i],
                    results[i].msg[0] ? results[i].msg : "the run died");
}

static const char *primes_variant(const void *ctx)
{
    return variant_names[((const primes_ctx_t *)ctx)->variant];
}

static const char *primes_class_name(const void *ctx)
{
    const primes_ctx_t *c = ctx;
    return c->cls ? c->cls->name : c->label;
}

const fk_kernel_ops_t fk_kernel_primes = {
    .name = "primes",
    .summary = "sum of the primes below each input, by trial division (or a sieve)",
    .options = options,
    .params_size = sizeof(primes_params_t),
    .defaults = &defaults,
    .prepare = primes_prepare,
    .variant = primes_variant,
    .class_name = primes_class_name,
    .run_task = primes_task,
    .verify = primes_verify,
    .print_results = primes_print,
    .release = primes_release,
};
