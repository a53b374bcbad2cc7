/* SPDX-License-Identifier: MIT */
/* py_cmd.c: the `forkomp python FILE.py:FUNC` command (see py_cmd.h): its options, the
 * checks that make a bad command line a usage error before anything runs (the file, the
 * interpreter, the inputs, then a serial reference run that imports the module and finds
 * the function), and the plan of models x worker counts for the run engine. */
#include "harness/python/py_cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/base/cli.h"
#include "harness/base/commands.h"
#include "harness/engine/context.h"
#include "harness/engine/reps.h"
#include "harness/base/sys.h"
#include "harness/python/py_models.h"
#include "kernels/common/home.h"
#include "kernels/common/util.h"

#define RUNNER "harness/python/fk_pyrun.py"

static int parse_models(char *value, void *field, char *err, size_t errlen)
{
    fk_py_pick_t *p = field;
    p->n = 0;
    for (char *save = NULL, *tok = strtok_r(value, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        const fk_model_ops_t *m = fk_py_find_model(tok);
        char names[256] = "";
        for (size_t i = 0; !m && fk_py_models[i]; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                     fk_py_models[i]->name);
        if (!m)
            return fk_err(err, errlen, "--models: unknown model '%s' (%s)", tok, names);
        for (size_t i = 0; i < p->n; i++)
            if (p->v[i] == m)
                return fk_err(err, errlen, "--models: %s is given twice", tok);
        if (p->n == FK_PY_MAX_MODELS)
            return fk_err(err, errlen, "--models: too many names");
        p->v[p->n++] = m;
    }
    return p->n ? 0 : fk_err(err, errlen, "--models: empty list");
}

#define PY(name, kind, field, min, max, arg, help)                                                 \
    {                                                                                              \
        name, kind, offsetof(fk_py_cmd_t, field), min, max, arg, help, NULL, NULL                  \
    }
#define PY_CUSTOM(name, field, parser, arg, help)                                                  \
    {                                                                                              \
        name, FK_OPT_CUSTOM, offsetof(fk_py_cmd_t, field), 0, 0, arg, help, NULL, parser           \
    }

static const fk_opt_t py_options[] = {
    PY("inputs", FK_OPT_STR, inputs_list, 0, 0, "A,B,...",
       "the inputs, each passed to FUNC (as a Python literal when it is\n"
       "one: 100000, 2.5, 'text'; else as the text itself: a path)"),
    PY("inputs-file", FK_OPT_STR, inputs_file, 0, 0, "FILE",
       "the inputs, one a line (blank lines and # comments skipped)"),
    PY("name", FK_OPT_STR, name, 0, 0, "NAME",
       "the class the rows and the report show (default inputs-HASH)"),
    PY("python", FK_OPT_STR, python, 0, 0, "PATH", "the interpreter (default python3 on PATH)"),
    PY("free-threaded", FK_OPT_STR, free_threaded, 0, 0, "PATH|none",
       "also run the thread models under this free-threaded build\n"
       "(default: python3.14t or python3.13t on PATH, when there)"),
    PY_CUSTOM("models", models, parse_models, "LIST", "models to run (default: all, see below)"),
    PY_CUSTOM("workers", opts, fk_opt_parse_workers, "LIST",
              "worker counts (default: powers of two up to the CPUs, the CPU\n"
              "count, twice it; serial runs at 1 only)"),
    PY_CUSTOM("reps", opts, fk_opt_parse_reps, "N|auto[:PCT]",
              "timed repetitions (default 5), or auto"),
    PY("max-reps", FK_OPT_INT, opts.max_reps, FK_REPS_AUTO_MIN, 100000, "N",
       "most runs of a group with --reps auto (default 30)"),
    PY("budget", FK_OPT_DOUBLE, opts.budget_s, 1, 1e7, "SECONDS",
       "stop starting runs when the command would pass SECONDS"),
    PY("warmup", FK_OPT_INT, opts.warmup, 0, 1000, "N", "untimed warm-up runs (default 1)"),
    PY("chunk", FK_OPT_LONG, opts.chunk, 1, 1e9, "C",
       "inputs per hand-out (default ceil(inputs / (4 x workers)))"),
    PY("timeout", FK_OPT_DOUBLE, opts.timeout_s, 0.001, 1e6, "SECONDS",
       "bound each run (the serial reference run too)"),
    PY("csv", FK_OPT_STR, opts.csv, 0, 0, "FILE", "append one row per timed run to FILE"),
    PY("label", FK_OPT_STR, opts.label, 0, 0, "NAME", "the host column of the rows"),
    PY("quiet", FK_OPT_FLAG, opts.quiet, 0, 0, NULL, "print nothing but errors"),
    FK_OPT_END,
};

static void print_help(void)
{
    printf("usage: forkomp python FILE.py:FUNC (--inputs A,B,... | --inputs-file F) [options]\n"
           "FUNC(input) for every input, serially and in Python's pools of processes and\n"
           "threads; every run's results checked against the serial results (a hash of\n"
           "each result's repr, in order); one CSV row per timed run (forkomp report)\n\n");
    fk_cli_print_options(stdout, py_options);
    printf("\nmodels:\n");
    for (size_t i = 0; fk_py_models[i]; i++)
        printf("  %-16s %s\n", fk_py_models[i]->name, fk_py_models[i]->summary);
    printf("\nexit status: 0 every run matched serial, 1 a run failed or differed, 2 usage "
           "error\n(a missing file or function, a module that fails to import, bad inputs)\n");
}

/* FILE.py:FUNC, split at the last ':'; the file must be readable, FUNC a name. */
static int take_target(fk_py_cmd_t *c, const char *arg, char *err, size_t errlen)
{
    const char *colon = strrchr(arg, ':');
    if (!colon || colon == arg || !colon[1])
        return fk_err(err, errlen, "'%s': give FILE.py:FUNC (the file and the function)", arg);
    snprintf(c->file, sizeof c->file, "%.*s", (int)(colon - arg), arg);
    snprintf(c->func, sizeof c->func, "%s", colon + 1);
    for (const char *p = c->func; *p; p++)
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (p > c->func && *p >= '0' && *p <= '9')))
            return fk_err(err, errlen, "'%s': %s is not a Python function name", arg, c->func);
    if (access(c->file, R_OK) != 0)
        return fk_err(err, errlen, "%s: %s", c->file, strerror(errno));
    return 0;
}

/* --python, or python3, as execvp would find it. */
static int find_python(fk_py_cmd_t *c, char *err, size_t errlen)
{
    const char *py = c->python ? c->python : "python3";
    char path[4096];
    if (fk_py_which(py, path, sizeof path) == 0)
        return 0;
    if (strchr(py, '/'))
        return fk_err(err, errlen, "--python %s: %s", py, strerror(errno));
    return fk_err(err, errlen, "--python %s: not found on PATH", py);
}

static const char *py_variant(const void *ctx)
{
    return ((const fk_py_cmd_t *)ctx)->variant;
}

static const char *py_class(const void *ctx)
{
    return ((const fk_py_cmd_t *)ctx)->class_name;
}

static const fk_kernel_ops_t py_kernel = {
    .name = "python", .variant = py_variant, .class_name = py_class};

/* The serial reference run, outside the clock: it imports the module and finds the
 * function (a usage error when it cannot), says which interpreter ran, and gives the result
 * hashes every run is checked against. Returns an exit code, or -1 when interrupted. */
static int reference(fk_py_cmd_t *c, char *err, size_t errlen)
{
    if (fk_py_exec(&c->job, NULL, 0, 0, c->opts.timeout_s, &c->ref) != 0)
        return -1;
    if (c->ref.fatal[0])
        return fk_err(err, errlen, "%s", c->ref.fatal), FK_EXIT_USAGE;
    if (strcmp(c->ref.status, "ok") != 0)
        return fk_err(err, errlen, "the serial reference run: %s", c->ref.status), FK_EXIT_FAIL;
    /* the variant says which interpreter: runs of two interpreters are never pooled */
    snprintf(c->variant, sizeof c->variant, "%s-%s-%s%s", c->func, c->ref.impl, c->ref.version,
             c->ref.gil ? "" : "-nogil");
    if (!c->opts.quiet) {
        size_t raised = 0;
        for (size_t i = 0; i < c->ref.n; i++)
            raised += c->ref.err[i] != NULL;
        fprintf(stderr, "forkomp python: %s %s (%s), GIL %s; %zu inputs, %zu raised serially\n",
                c->ref.impl, c->ref.version, c->ref.python, c->ref.gil ? "on" : "off", c->ref.n,
                raised);
        fk_py_name_reference(c);
    }
    return FK_EXIT_OK;
}

/* serial once at one worker; every other model at each worker count. */
static int build_plan(fk_py_cmd_t *c)
{
    if (c->models.n == 0)
        for (size_t i = 0; fk_py_models[i]; i++)
            c->models.v[c->models.n++] = fk_py_models[i];
    for (size_t m = 0; m < c->models.n; m++) {
        const fk_model_ops_t *model = c->models.v[m];
        int serial = model->role == FK_ROLE_ONE;
        for (size_t w = 0; w < (serial ? 1 : c->opts.nworkers); w++) {
            fk_engine_entry_t e = {.label = model->name, .model = model};
            e.cfg.workers = serial ? 1 : c->opts.workers[w];
            e.cfg.procs = model->role == FK_ROLE_PROCESSES ? e.cfg.workers : 1;
            e.cfg.threads = model->role == FK_ROLE_THREADS ? e.cfg.workers : 1;
            e.cfg.chunk = c->opts.chunk > 0 ? (size_t)c->opts.chunk
                                            : fk_default_chunk(c->inputs.n, e.cfg.workers);
            if (fk_engine_add(&c->eng, &e) != 0)
                return -1;
        }
    }
    return 0;
}

static void py_describe(void *user, const fk_engine_entry_t *e, char *buf, size_t len)
{
    fk_kernel_run_describe(&((const fk_py_cmd_t *)user)->k, e, 0, buf, len);
}

static int py_run(void *user, fk_engine_t *eng, fk_engine_entry_t *e, int rep, const char *what,
                  fk_engine_outcome_t *out)
{
    fk_py_cmd_t *c = user;
    fk_py_reply_t r;
    (void)what;
    const fk_py_job_t *job = e->data ? e->data : &c->job; /* py_ft.c's entries: its job */
    int rc =
        fk_py_exec(job, e->model->name, e->cfg.workers, (long)e->cfg.chunk, c->opts.timeout_s, &r);
    if (rc == 0)
        fk_py_land(c, eng, e, rep, &r, out);
    fk_py_reply_free(&r);
    return rc;
}

static void py_table(void *user, const fk_engine_t *eng)
{
    fk_kernel_run_table(&((const fk_py_cmd_t *)user)->k, eng);
}

static const fk_engine_ops_t py_ops = {py_describe, py_run, py_table, NULL};

/* Everything that can be a usage error, then the reference run and the plan. */
static int py_setup(fk_py_cmd_t *c, int argc, char **argv, char *err, size_t errlen)
{
    const char *pos[1];
    fk_cli_rest_t rest = {0, pos, 1, 0};
    fk_opt_group_t group = {py_options, c};
    fk_run_defaults(&c->opts);
    if (fk_cli_parse("python", argc - 1, argv + 1, &group, 1, &rest, err, errlen) != 0 ||
        fk_context_set_label(c->opts.label, err, errlen) != 0)
        return FK_EXIT_USAGE;
    if (rest.help)
        return print_help(), -2;
    if (rest.n != 1)
        return fk_err(err, errlen, "give the function: forkomp python FILE.py:FUNC"), FK_EXIT_USAGE;
    if (take_target(c, pos[0], err, errlen) != 0 || find_python(c, err, errlen) != 0 ||
        (c->name && fk_context_check_label(c->name, err, errlen) != 0) ||
        fk_inputs_read(c->inputs_list, c->inputs_file, &c->inputs, err, errlen) != 0)
        return FK_EXIT_USAGE;
    if (fk_data_file(RUNNER, c->runner, sizeof c->runner) != 0)
        return fk_err(err, errlen, "cannot find %s (FORKOMP_HOME?)", c->runner), FK_EXIT_FAIL;
    if (c->opts.csv && fk_csv_check_writable(c->opts.csv, err, errlen) != 0)
        return FK_EXIT_FAIL;
    if (c->name)
        snprintf(c->class_name, sizeof c->class_name, "%s", c->name);
    else
        fk_inputs_label(&c->inputs, c->class_name, sizeof c->class_name);
    c->job =
        (fk_py_job_t){c->python ? c->python : "python3", c->runner, c->file, c->func, &c->inputs};
    c->k = (fk_kernel_run_t){&py_kernel, c, c->inputs.n, 0, 0};
    int rc = reference(c, err, errlen);
    if (rc != FK_EXIT_OK)
        return rc;
    fk_engine_runs_from(&c->eng, &c->opts);
    if (build_plan(c) != 0 || (rc = fk_py_add_free_threaded(c)) == -2 ||
        !(c->named = calloc((size_t)c->eng.n, sizeof *c->named)))
        return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    if (rc == -1)
        return -1; /* interrupted while probing the free-threaded build */
    if (c->opts.csv && fk_engine_open_csv(&c->eng, c->opts.csv, err, errlen) != 0)
        return FK_EXIT_FAIL;
    return FK_EXIT_OK;
}

int fk_cmd_python(int argc, char **argv)
{
    fk_py_cmd_t *c = calloc(1, sizeof *c);
    char err[1024] = "";
    if (!c)
        return fprintf(stderr, "forkomp python: out of memory\n"), FK_EXIT_FAIL;
    fk_engine_init(&c->eng, &py_ops, c, "forkomp python");
    fk_install_interrupt_handlers();
    signal(SIGPIPE, SIG_IGN); /* an interpreter that left early: its status says so */
    int rc = py_setup(c, argc, argv, err, sizeof err);
    if (rc == FK_EXIT_OK)
        rc = fk_engine_run(&c->eng);
    if (rc == -1) {
        int sig = fk_interrupted();
        fprintf(stderr, "forkomp python: interrupted by SIG%s; stopped the run\n", fk_signame(sig));
        rc = 128 + sig;
    } else if (rc == -2) {
        rc = FK_EXIT_OK; /* --help */
    } else if (rc == FK_EXIT_USAGE) {
        fk_cli_usage_error("python", err);
    } else if (rc != FK_EXIT_OK && err[0]) {
        fprintf(stderr, "forkomp python: %s\n", err);
    }
    fk_engine_free(&c->eng);
    fk_py_reply_free(&c->ref);
    fk_inputs_free(&c->inputs);
    free(c->named);
    free(c);
    return rc;
}
