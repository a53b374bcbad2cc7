/* SPDX-License-Identifier: MIT */
/* plugin_kernel.c: a task of the user's own in a shared object (kernels/forkomp_task.h) as
 * a kernel: `forkomp plugin ./libtask.so --inputs A,B,...` loads it in prepare (in every
 * process that prepares: the harness, and each process a launcher starts) and adapts its four
 * functions to the kernel contract (kernels/kernel.h), so it runs in every model exactly as the
 * built-in kernels do. Anything wrong with the object (not loadable, no entry point, another
 * version of the contract, a table with holes) or with the inputs is a usage error, before any run.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/class_label.h"
#include "kernels/common/inputs.h"
#include "kernels/common/util.h"
#include "kernels/forkomp_task.h"
#include "kernels/kernel.h"

typedef struct plugin_params {
    const char *lib, *inputs, *inputs_file, *name;
} plugin_params_t;

static const plugin_params_t defaults = {NULL, NULL, NULL, NULL};

#define OPT(name, field, arg, help)                                                                \
    {                                                                                              \
        name, FK_OPT_STR, offsetof(plugin_params_t, field), 0, 0, arg, help, NULL, NULL            \
    }

static const fk_opt_t options[] = {
    OPT("lib", lib, "FILE.so", "the shared object (also the first word: forkomp plugin FILE.so)"),
    OPT("inputs", inputs, "A,B,...", "the inputs, as text, handed to its prepare"),
    OPT("inputs-file", inputs_file, "FILE", "the inputs, one a line (# comments)"),
    OPT("name", name, "NAME", "the class the rows and the report show (default inputs-HASH)"),
    FK_OPT_END,
};

typedef struct plugin_ctx {
    void *dl;
    const forkomp_task_t *task;
    void *state;
    fk_inputs_t inputs;
    char label[96];
} plugin_ctx_t;

static void plugin_release(void *ctx)
{
    plugin_ctx_t *c = ctx;
    if (!c)
        return;
    if (c->state)
        c->task->release(c->state);
    if (c->dl)
        dlclose(c->dl);
    fk_inputs_free(&c->inputs);
    free(c);
}

/* dlopen, the entry point, the version, a whole table. */
static int load(plugin_ctx_t *c, const char *lib, char *err, size_t errlen)
{
    char real[4096];
    if (!realpath(lib, real))
        return fk_err(err, errlen, "%s: %s", lib, strerror(errno));
    if (!(c->dl = dlopen(real, RTLD_NOW | RTLD_LOCAL)))
        return fk_err(err, errlen, "%s: cannot load: %s", lib, dlerror());
    forkomp_task_entry_fn entry;
    *(void **)&entry = dlsym(c->dl, FORKOMP_TASK_ENTRY);
    if (!entry)
        return fk_err(err, errlen, "%s: no %s() entry point (see forkomp_task.h)", lib,
                      FORKOMP_TASK_ENTRY);
    const forkomp_task_t *t = entry();
    if (!t)
        return fk_err(err, errlen, "%s: %s() returned NULL", lib, FORKOMP_TASK_ENTRY);
    if (t->version != FORKOMP_TASK_VERSION)
        return fk_err(err, errlen,
                      "%s: built for version %d of forkomp_task.h, this forkomp takes version "
                      "%d: rebuild it against this forkomp's header",
                      lib, t->version, FORKOMP_TASK_VERSION);
    if (!t->prepare || !t->run || !t->verify || !t->release)
        return fk_err(err, errlen, "%s: its forkomp_task_t lacks prepare, run, verify or release",
                      lib);
    if (!fk_is_class_name(t->name))
        return fk_err(err, errlen, "%s: its name must be 1 to 63 of [A-Za-z0-9._-]", lib);
    c->task = t;
    return 0;
}

static int plugin_prepare(const void *params, const fk_kernel_input_t *in, void **ctx,
                          size_t *ntasks, char *err, size_t errlen)
{
    const plugin_params_t *p = params;
    (void)in;
    if (!p->lib)
        return fk_err(err, errlen, "give the shared object: forkomp plugin ./libtask.so"),
               FK_EXIT_USAGE;
    if (p->name && !fk_is_class_name(p->name))
        return fk_err(err, errlen, "--name '%s': use 1 to 63 letters, digits, '.', '_' or '-'",
                      p->name),
               FK_EXIT_USAGE;
    plugin_ctx_t *c = calloc(1, sizeof *c);
    if (!c)
        return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    char why[512] = "";
    if (fk_inputs_read(p->inputs, p->inputs_file, &c->inputs, err, errlen) != 0 ||
        load(c, p->lib, err, errlen) != 0 ||
        (c->task->prepare((const char *const *)c->inputs.v, c->inputs.n, &c->state, ntasks, why,
                          sizeof why) != 0 &&
         (fk_err(err, errlen, "%s: %s", p->lib, why[0] ? why : "its prepare failed"), 1))) {
        c->state = NULL; /* a prepare that failed has nothing to release */
        plugin_release(c);
        return FK_EXIT_USAGE;
    }
    if (p->name)
        snprintf(c->label, sizeof c->label, "%s", p->name);
    else
        fk_inputs_label(&c->inputs, c->label, sizeof c->label);
    *ctx = c;
    return FK_EXIT_OK;
}

static int plugin_task(void *ctx, size_t i, fk_result_t *out)
{
    const plugin_ctx_t *c = ctx;
    forkomp_task_result_t r;
    memset(&r, 0, sizeof r);
    int rc = c->task->run(c->state, i, &r);
    out->value = r.value;
    out->aux = r.aux;
    if (rc != 0)
        snprintf(out->msg, sizeof out->msg, "task %zu: %.160s", i,
                 r.msg[0] ? r.msg : "its run failed");
    return rc;
}

static void plugin_verify(void *ctx, const fk_result_t *results, size_t n, fk_verdict_t *v)
{
    const plugin_ctx_t *c = ctx;
    uint64_t *values = calloc(n ? 2 * n : 1, sizeof *values), *aux = values + n;
    memset(v, 0, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v->checksum += results[i].value;
    if (!values) {
        snprintf(v->why, sizeof v->why, "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++)
        values[i] = results[i].value, aux[i] = results[i].aux;
    v->verified = c->task->verify(c->state, values, aux, n, v->why, sizeof v->why) == 1;
    free(values);
}

static const char *plugin_variant(const void *ctx)
{
    return ((const plugin_ctx_t *)ctx)->task->name;
}

static const char *plugin_class_name(const void *ctx)
{
    return ((const plugin_ctx_t *)ctx)->label;
}

const fk_kernel_ops_t fk_kernel_plugin = {
    .name = "plugin",
    .summary = "your C task in a shared object (forkomp_task.h): forkomp plugin FILE.so",
    .options = options,
    .params_size = sizeof(plugin_params_t),
    .defaults = &defaults,
    .positional = "lib",
    .prepare = plugin_prepare,
    .variant = plugin_variant,
    .class_name = plugin_class_name,
    .run_task = plugin_task,
    .verify = plugin_verify,
    .release = plugin_release,
};
