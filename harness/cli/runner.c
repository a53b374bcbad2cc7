/* SPDX-License-Identifier: MIT */
/* runner.c: the kernel commands (`forkomp primes`, `forkomp shapefiles`): plans models x
 * worker counts for the run engine (engine.h, which interleaves the repetitions), measures
 * each run in a fresh child (measure.c) and hands its row and the table to kernel_run.c. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/base/cli.h"
#include "harness/base/commands.h"
#include "harness/engine/csv_append.h"
#include "harness/cli/kernel_cmd.h"
#include "harness/engine/measure.h"
#include "harness/engine/engine.h"
#include "harness/engine/kernel_run.h"
#include "harness/cli/registry.h"
#include "harness/engine/runner.h"
#include "harness/base/sys.h"
#include "harness/base/workdir.h"
#include "harness/engine/topo.h"
#include "kernels/common/util.h"

typedef struct runner {
    fk_kernel_cmd_t cmd; /* the command line: kernel, dataset and run options */
    fk_fault_t fault;
    fk_kernel_run_t k; /* the kernel, its context and tasks, once prepared */
    fk_engine_t eng;
    fk_shared_area_t *area; /* the results of every run, in memory its processes share */
} runner_t;

/* Shapes one (model, W) entry. Returns 1 when it was added, 0 when --procs P does not fit W
 * (skipped: P applies to several worker counts at once), -1 on a usage error, -2 when out
 * of memory. */
static int add_entry(runner_t *r, const fk_model_ops_t *model, int workers, char *err,
                     size_t errlen)
{
    fk_engine_entry_t e = {.label = model->name, .model = model};
    e.cfg.workers = workers;
    e.cfg.procs = model->uses_procs ? r->cmd.opts.procs : 0; /* --procs is for P x T models */
    e.cfg.schedule = r->cmd.opts.schedule;
    e.cfg.timeout_s = r->cmd.opts.timeout_s;
    e.cfg.pin = r->cmd.opts.pin;
    if (model->shape(&e.cfg, err, errlen) != 0)
        return model->uses_procs && r->cmd.opts.procs ? 0 : -1;
    e.cfg.chunk = r->cmd.opts.chunk > 0 ? (size_t)r->cmd.opts.chunk
                                        : fk_default_chunk(r->k.ntasks, e.cfg.workers);
    return fk_engine_add(&r->eng, &e) == 0 ? 1 : -2;
}

/* serial runs once, at one worker; every other model at each worker count. Returns
 * FK_EXIT_OK, FK_EXIT_USAGE or FK_EXIT_FAIL (out of memory), with a message in err. */
static int build_plan(runner_t *r, char *err, size_t errlen)
{
    for (size_t m = 0; m < r->cmd.opts.nmodels; m++) {
        const fk_model_ops_t *model = fk_find_model(r->cmd.opts.models[m]); /* checked */
        int is_serial = model->role == FK_ROLE_ONE, added = 0;
        for (size_t w = 0; w < (is_serial ? 1 : r->cmd.opts.nworkers); w++) {
            int rc = add_entry(r, model, is_serial ? 1 : r->cmd.opts.workers[w], err, errlen);
            if (rc == -2)
                return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
            if (rc < 0)
                return FK_EXIT_USAGE;
            if (rc == 0 && !r->cmd.opts.quiet)
                fprintf(stderr, "forkomp: note: %s skips %d workers: %s\n", model->name,
                        r->cmd.opts.workers[w], err);
            added += rc;
        }
        if (!added)
            return FK_EXIT_USAGE; /* err holds the last shape's reason */
    }
    return FK_EXIT_OK;
}

/* What the run's process tells as each task lands (runner_landed): the task's own line
 * (--in-place, so a long tool run shows each file as it is done) and, on a terminal, the
 * count of landed tasks on the progress line. */
typedef struct landed_ctx {
    const runner_t *r;
    fk_progress_t *prog;
    const char *what;
    size_t landed;
    int lines;
} landed_ctx_t;

static void runner_landed(void *arg, size_t i, const fk_result_t *res)
{
    landed_ctx_t *l = arg;
    l->landed++;
    if (l->lines) {
        fk_progress_clear(l->prog);
        l->r->k.kernel->print_result(l->r->k.ctx, i, res, stdout);
        fflush(stdout);
    }
    fk_progress_tasks(l->prog, l->what, l->landed, l->r->k.ntasks);
}

static void runner_describe(void *user, const fk_engine_entry_t *e, char *buf, size_t len)
{
    fk_kernel_run_describe(&((const runner_t *)user)->k, e, 0, buf, len);
}

/* Runs entry e once in a fresh child (fk_measure); the engine's ops->run. */
static int runner_run(void *user, fk_engine_t *eng, fk_engine_entry_t *e, int rep, const char *what,
                      fk_engine_outcome_t *out)
{
    runner_t *r = user;
    fk_progress_t *prog = &eng->prog;
    landed_ctx_t landed = {r, prog, what, 0, 0};
    landed.lines = fk_workdir_in_place(r->k.kernel, r->k.ctx) && !r->cmd.opts.quiet &&
                   !r->k.printed && r->k.kernel->print_result && r->k.kernel->print_summary;
    fk_run_spec_t spec = {r->k.kernel, r->k.ctx, r->k.ntasks, e->model, e->cfg, r->fault, 0, 0};
    spec.no_counters = !fk_engine_wants_rows(eng); /* only a CSV row records them */
    if (landed.lines || (prog->tty && !prog->quiet)) {
        spec.cfg.landed = runner_landed; /* called in the run's process, a copy of this one */
        spec.cfg.landed_arg = &landed;
    }
    if (r->cmd.opts.timeout_s > 0)
        spec.run_timeout_s =
            e->model->bounds_tasks ? 2 * r->cmd.opts.timeout_s + 1 : r->cmd.opts.timeout_s;
    fk_measurement_t m;
    if (fk_measure(&spec, r->area, &m) != 0)
        return -1;
    const fk_result_t *res = fk_shared_area_results(r->area);
    fk_kernel_run_print(&r->k, prog, res, &m, landed.lines, r->cmd.opts.quiet);
    if (rep >= 0)
        fk_kernel_run_land(&r->k, eng, e, rep, &m, res);
    out->seconds = m.wall_s;
    snprintf(out->status, sizeof out->status, "%s", m.status);
    return 0;
}

static void runner_table(void *user, const fk_engine_t *eng)
{
    fk_kernel_run_table(&((const runner_t *)user)->k, eng);
}

static const fk_engine_ops_t runner_ops = {runner_describe, runner_run, runner_table, NULL};

/* SIGINT, SIGTERM, SIGHUP or SIGQUIT: the run in flight was killed and its scratch copy
 * removed (fk_measure); the exit status says which signal, as a shell's would. Only a kernel
 * with a per-repetition setup has a scratch copy to speak of (primes has none, and
 * --in-place works on the folder itself). */
static int interrupted_exit(const runner_t *r)
{
    int sig = fk_interrupted();
    int scratch = r->k.kernel && r->k.ctx && r->k.kernel->workset &&
                  !fk_workdir_in_place(r->k.kernel, r->k.ctx);
    if (sig == SIGPIPE) {
        fprintf(stderr, "forkomp: standard output was closed (its reader exited, as `| head` "
                        "does): stopped after the run in flight\n");
        return 128 + sig;
    }
    fprintf(stderr, "forkomp: interrupted by SIG%s; stopped the run%s\n", fk_signame(sig),
            scratch ? " and removed its scratch copy" : "");
    return 128 + sig;
}

static int run_all(runner_t *r)
{
    if (!(r->area = fk_shared_area_new(r->k.ntasks))) {
        fprintf(stderr, "forkomp: cannot map shared memory for %zu results\n", r->k.ntasks);
        return FK_EXIT_FAIL;
    }
    int rc = fk_engine_run(&r->eng);
    fk_shared_area_free(r->area);
    r->area = NULL;
    /* a closed stdout is seen at forkomp's own next write, perhaps after the last run */
    return rc < 0 || fk_interrupted() == SIGPIPE ? interrupted_exit(r) : rc;
}

static void runner_free(runner_t *r)
{
    fk_engine_free(&r->eng);
    if (r->k.ctx)
        r->k.kernel->release(r->k.ctx);
    fk_kernel_cmd_free(&r->cmd);
}

/* The real tool, not a benchmark (a kernel working on its input itself): one run, of the
 * first model and worker count. */
static void one_run(runner_t *r)
{
    fk_opts_t *o = &r->cmd.opts;
    if ((o->nmodels > 1 || o->nworkers > 1) && !o->quiet)
        fprintf(stderr, "forkomp: %s works in place and runs once: model %s, %d worker(s)\n",
                r->k.kernel->name, o->models[0], o->workers[0]);
    o->nmodels = o->nworkers = 1;
    o->reps = 1;
    o->reps_auto_pct = 0;
    o->warmup = 0;
}

/* Parses, validates everything that can be a usage error, then prepares the kernel. */
static int runner_setup(runner_t *r, int argc, char **argv, char *err, size_t errlen)
{
    int rc = fk_kernel_cmd_parse(&r->cmd, argc, argv, err, errlen);
    r->k.kernel = r->cmd.kernel;
    if (rc != FK_EXIT_OK)
        return rc;
    if (r->cmd.help) {
        fk_kernel_cmd_help(&r->cmd);
        return -1;
    }
    if (fk_parse_fault(r->cmd.opts.fault, &r->fault, err, errlen) != 0)
        return FK_EXIT_USAGE;
    fk_topo_pin_setup(r->cmd.opts.pin); /* here, before any fork: the workers inherit the order */
    if (r->cmd.opts.csv && fk_csv_check_writable(r->cmd.opts.csv, err, errlen) != 0)
        return FK_EXIT_FAIL; /* before preparing, which may take long (generating a class) */
    if (r->cmd.opts.csv && fk_csv_append_check(r->cmd.opts.csv, err, errlen) != 0)
        return FK_EXIT_USAGE; /* another header, or no final newline: a bad input */
    fk_workdir_remove_stale(r->cmd.opts.quiet ? NULL : stderr); /* what a kill -9 left */
    if ((rc = fk_kernel_cmd_prepare(&r->cmd, &r->k.ctx, &r->k.ntasks, err, errlen)) != FK_EXIT_OK)
        return rc;
    if (fk_workdir_in_place(r->k.kernel, r->k.ctx))
        one_run(r);
    fk_engine_runs_from(&r->eng, &r->cmd.opts);
    if (r->fault.kind && r->fault.task >= r->k.ntasks)
        return fk_err(err, errlen, "--fault: task %zu does not exist (%zu tasks)", r->fault.task,
                      r->k.ntasks),
               FK_EXIT_USAGE;
    if ((rc = build_plan(r, err, errlen)) != FK_EXIT_OK)
        return rc;
    if (r->cmd.opts.csv && fk_engine_open_csv(&r->eng, r->cmd.opts.csv, err, errlen) != 0)
        return FK_EXIT_FAIL;
    return FK_EXIT_OK;
}

int fk_cmd_kernel(int argc, char **argv)
{
    runner_t run, *r = &run;
    char err[512] = "";
    memset(r, 0, sizeof *r);
    fk_engine_init(&r->eng, &runner_ops, r, "forkomp"); /* now: --budget counts preparing */
    fk_install_interrupt_handlers();
    int rc = runner_setup(r, argc, argv, err, sizeof err);
    if (fk_interrupted()) /* e.g. while generating the class: nothing to report but that */
        rc = interrupted_exit(r);
    else if (rc == FK_EXIT_OK)
        rc = run_all(r);
    else if (rc == -1)
        rc = FK_EXIT_OK; /* --help */
    else if (rc == FK_EXIT_USAGE)
        fk_cli_usage_error(argv[0], err);
    else
        fprintf(stderr, "forkomp %s: %s\n", argv[0], err);
    runner_free(r);
    return rc;
}
