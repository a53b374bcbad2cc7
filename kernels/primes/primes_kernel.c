/* primes_kernel.c: the prime-summation job as a kernel: one task per input n computes the sum
 * of the primes below n. Problem classes (NPB style) carry totals computed independently;
 * every task is also checked against reference sums from libprimesieve, computed before the
 * runs. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/util.h"
#include "kernels/kernel.h"
#include "kernels/primes/primes.h"

enum { VARIANT_TRIAL, VARIANT_SIEVE };
static const char *const variant_names[] = {"trial", "sieve"};

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
static const uint64_t class_s_inputs[] = {0, 1, 2, 3, 10, 100, 1000, 10007};

typedef struct primes_ctx {
    int variant;
    const primes_class_t *cls; /* NULL for --inputs */
    size_t n;
    uint64_t *inputs;
    uint64_t *expected; /* reference sums, one per input */
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

static const primes_class_t *find_class(const char *name)
{
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(classes[i].name, name) == 0)
            return &classes[i];
    return NULL;
}

static int parse_inputs(const fk_opts_t *opts, primes_ctx_t *c, char *err, size_t errlen)
{
    if (opts->inputs) {
        uint64_t buf[4096];
        char why[128];
        if (fk_parse_u64_list(opts->inputs, 0, FK_PRIMES_MAX_INPUT, buf, 4096, &c->n, why,
                              sizeof why) != 0)
            return fk_err(err, errlen, "--inputs: %s", why);
        c->inputs = malloc(c->n * sizeof *c->inputs);
        if (c->inputs)
            memcpy(c->inputs, buf, c->n * sizeof *c->inputs);
    } else {
        const char *name = opts->class_name ? opts->class_name : "lab";
        c->cls = find_class(name);
        if (!c->cls)
            return fk_err(err, errlen, "--class %s: unknown class (lab, S, M, A, B, skew)", name);
        c->n = c->cls->count;
        c->inputs = malloc(c->n * sizeof *c->inputs);
        if (c->inputs)
            class_inputs(c->cls, c->inputs);
    }
    return c->inputs ? 0 : fk_err(err, errlen, "out of memory");
}

/* The reference sums, computed once before any run by libprimesieve, which shares no code
 * with trial division; interruptible, since a large input takes a while. */
static int compute_expected(primes_ctx_t *c, char *err, size_t errlen)
{
    c->expected = calloc(c->n ? c->n : 1, sizeof *c->expected);
    if (!c->expected)
        return fk_err(err, errlen, "out of memory");
    if (fk_sum_primes_reference(c->inputs, c->n, c->expected, fk_interrupted) != 0)
        return fk_err(err, errlen,
                      fk_interrupted() ? "interrupted"
                                       : "libprimesieve failed computing the reference sums");
    return 0;
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

static int primes_prepare(const fk_opts_t *opts, void **ctx, size_t *ntasks, char *err,
                          size_t errlen)
{
    primes_ctx_t *c = calloc(1, sizeof *c);
    if (!c)
        return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    int rc = FK_EXIT_USAGE;
    if (opts->class_name && opts->inputs) {
        fk_err(err, errlen, "--class and --inputs: give one or the other");
        goto fail;
    }
    const char *v = opts->variant ? opts->variant : "trial";
    if (strcmp(v, "trial") == 0)
        c->variant = VARIANT_TRIAL;
    else if (strcmp(v, "sieve") == 0)
        c->variant = VARIANT_SIEVE;
    else {
        fk_err(err, errlen, "--variant %s: unknown variant (trial, sieve)", v);
        goto fail;
    }
    if (parse_inputs(opts, c, err, errlen) != 0)
        goto fail;
    rc = FK_EXIT_FAIL;
    if (compute_expected(c, err, errlen) != 0)
        goto fail;
    *ctx = c;
    *ntasks = c->n;
    return FK_EXIT_OK;
fail:
    primes_release(c);
    return rc;
}

static int primes_task(void *ctx, size_t i, fk_result_t *out)
{
    const primes_ctx_t *c = ctx;
    uint64_t n = c->inputs[i];
    out->value = c->variant == VARIANT_SIEVE ? fk_sum_primes_sieve(n) : fk_sum_primes_trial(n);
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
    return c->cls ? c->cls->name : "inputs";
}

const fk_kernel_ops_t fk_kernel_primes = {
    .name = "primes",
    .summary = "sum of the primes below each input, by trial division (or a sieve)",
    .usage = "  --class lab|S|M|A|B|skew problem class (default lab: 100000, 100100, ..., 100700)\n"
             "  --inputs N,N,...         any inputs instead, each 0..10000000000\n"
             "  --variant trial|sieve    the lab's trial division (default) or libprimesieve\n",
    .prepare = primes_prepare,
    .variant = primes_variant,
    .class_name = primes_class_name,
    .run_task = primes_task,
    .verify = primes_verify,
    .print_results = primes_print,
    .release = primes_release,
};
