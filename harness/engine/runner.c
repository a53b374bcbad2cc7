/* runner.c: the kernel commands (`forkomp primes`, `forkomp shapefiles`): crosses models x
 * worker counts x repetitions, interleaving models within each repetition so that drift in
 * the machine hits every model alike, measures each run (measure.c), writes its CSV row and
 * prints the table of medians, speedups and efficiencies. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/cli/cli.h"
#include "harness/cli/numparse.h"
#include "harness/cli/commands.h"
#include "harness/engine/context.h"
#include "harness/engine/csv.h"
#include "harness/engine/kernel_cmd.h"
#include "harness/engine/measure.h"
#include "harness/engine/plan.h"
#include "harness/engine/progress.h"
#include "harness/engine/reps.h"
#include "harness/cli/registry.h"
#include "harness/engine/runner.h"
#include "harness/engine/sys.h"
#include "harness/engine/workdir.h"
#include "harness/engine/topo.h"
#include "harness/report/stats.h"
#include "kernels/common/util.h"

typedef fk_plan_entry_t plan_entry_t;

typedef struct runner {
    const fk_kernel_ops_t *kernel;
    fk_kernel_cmd_t cmd; /* the command line: kernel, dataset and run options */
    void *ctx;
    size_t ntasks;
    plan_entry_t plan[FK_MAX_LIST * FK_MAX_LIST];
    int nplan;
    fk_fault_t fault;
    int csv_fd;
    int printed_results, any_failed;
    int csv_failed; /* a row could not be written: the run stops */
    double started; /* fk_now() when the command began, for --budget */
    int budget_hit; /* --budget stopped the runs early */
} runner_t;

/* Shapes one (model, W) entry. Returns 1 when it was added, 0 when --procs P does not fit W
 * (skipped: P applies to several worker counts at once), -1 on a usage error. */
static int add_entry(runner_t *r, const fk_model_ops_t *model, int workers, char *err,
                     size_t errlen)
{
    plan_entry_t *e = &r->plan[r->nplan];
    memset(e, 0, sizeof *e);
    e->model = model;
    e->cfg.workers = workers;
    e->cfg.procs = model->uses_procs ? r->cmd.opts.procs : 0; /* --procs is for P x T models */
    e->cfg.schedule = r->cmd.opts.schedule;
    e->cfg.timeout_s = r->cmd.opts.timeout_s;
    e->cfg.pin = r->cmd.opts.pin;
    if (model->shape(&e->cfg, err, errlen) != 0)
        return model->uses_procs && r->cmd.opts.procs ? 0 : -1;
    e->cfg.chunk = r->cmd.opts.chunk > 0 ? (size_t)r->cmd.opts.chunk
                                         : fk_default_chunk(r->ntasks, e->cfg.workers);
    r->nplan++;
    return 1;
}

/* The most timed runs a plan entry can have. */
static int max_runs(const fk_opts_t *o)
{
    return o->reps_auto_pct > 0 ? o->max_reps : o->reps;
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
    for (int i = 0; i < r->nplan; i++)
        if (!(r->plan[i].walls = calloc((size_t)max_runs(&r->cmd.opts), sizeof(double))))
            return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    return FK_EXIT_OK;
}

static void write_row(runner_t *r, const plan_entry_t *e, int rep, const fk_measurement_t *m,
                      const fk_result_t *res)
{
    if (r->csv_fd < 0)
        return; /* no --csv: the context a row needs (hwloc's topology: ms) is not gathered */
    fk_csv_row_t row = {
        .rep = rep,
        .wall_s = m->wall_s,
        .user_s = m->user_s,
        .sys_s = m->sys_s,
        .maxrss_kib = m->maxrss_kib,
        .rss_sum_kib = m->rss_sum_kib,
        .result = m->result,
        .verified = m->verified,
        .status = m->status,
        .hosts = m->hosts[0] ? m->hosts : NULL,
        .counters = &m->counters,
        .precision_target_pct = r->cmd.opts.reps_auto_pct,
    };
    char err[256];
    fk_csv_describe_run(&row, r->kernel, r->ctx, r->ntasks, e->model->name, &e->cfg);
    fk_busy_range(res, r->ntasks, e->cfg.workers, &row.busy_max_s, &row.busy_min_s);
    if (r->csv_fd >= 0 && fk_csv_append_now(r->csv_fd, &row, err, sizeof err) != 0) {
        /* results that cannot be kept are not worth the machine's time: stop */
        fprintf(stderr,
                "forkomp: cannot append to CSV %s: %s; stopping (the rows written so far are "
                "whole)\n",
                r->cmd.opts.csv, err);
        close(r->csv_fd);
        r->csv_fd = -1;
        r->csv_failed = 1;
    }
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
        l->r->kernel->print_result(l->r->ctx, i, res, stdout);
        fflush(stdout);
    }
    fk_progress_tasks(l->prog, l->what, l->landed, l->r->ntasks);
}

static void describe_entry(const runner_t *r, const plan_entry_t *e, int rep, char *what,
                           size_t len)
{
    snprintf(what, len, "%s %s/%s %s w=%d %s", r->kernel->name, r->kernel->class_name(r->ctx),
             r->kernel->variant(r->ctx), e->model->name, e->cfg.workers, rep < 0 ? "warm-up" : "");
    if (rep >= 0) {
        int of = r->cmd.opts.reps_auto_pct > 0 ? r->cmd.opts.max_reps : r->cmd.opts.reps;
        snprintf(what + strlen(what), len - strlen(what), "rep %d/%s%d", rep + 1,
                 r->cmd.opts.reps_auto_pct > 0 ? "<=" : "", of);
    }
}

/* Runs plan entry e once (rep < 0: a warm-up, not recorded). Returns 0, -1 when
 * interrupted, 1 when a CSV row could not be written. */
static int run_entry(runner_t *r, fk_shared_area_t *area, plan_entry_t *e, int rep,
                     fk_progress_t *prog)
{
    char what[160];
    describe_entry(r, e, rep, what, sizeof what);
    landed_ctx_t landed = {r, prog, what, 0, 0};
    landed.lines = fk_workdir_in_place(r->kernel, r->ctx) && !r->cmd.opts.quiet &&
                   !r->printed_results && r->kernel->print_result && r->kernel->print_summary;
    fk_run_spec_t spec = {r->kernel, r->ctx, r->ntasks, e->model, e->cfg, r->fault, 0, 0};
    spec.no_counters = r->csv_fd < 0; /* only a CSV row records them */
    if (landed.lines || (prog->tty && !prog->quiet)) {
        spec.cfg.landed = runner_landed; /* called in the run's process, a copy of this one */
        spec.cfg.landed_arg = &landed;
    }
    if (r->cmd.opts.timeout_s > 0)
        spec.run_timeout_s =
            e->model->bounds_tasks ? 2 * r->cmd.opts.timeout_s + 1 : r->cmd.opts.timeout_s;
    fk_measurement_t m;
    if (fk_measure(&spec, area, &m) != 0)
        return -1;
    if (!m.ok && !r->any_failed && !r->cmd.opts.quiet) /* every failed task, named, once */
        fk_print_failed_tasks(stderr, fk_shared_area_results(area), r->ntasks);
    if (!m.ok)
        r->any_failed = 1;
    /* The kernel's own lines once: from the first good run, or from the first failed
     * one (naming every task that failed), whichever comes first. */
    if (!r->printed_results && !r->cmd.opts.quiet && r->kernel->print_results) {
        const fk_result_t *res = fk_shared_area_results(area);
        fk_progress_clear(prog);
        if (landed.lines) /* the run printed each task's line as it landed */
            r->kernel->print_summary(r->ctx, res, r->ntasks, stdout);
        else
            r->kernel->print_results(r->ctx, res, r->ntasks, stdout);
        fflush(stdout);
        r->printed_results = 1;
    }
    if (rep >= 0) {
        write_row(r, e, rep + 1, &m, fk_shared_area_results(area));
        if (r->csv_failed)
            return 1;
        if (m.ok)
            e->walls[e->nwalls++] = m.wall_s;
        else
            e->failures++;
    }
    fk_progress_step(prog, what, m.wall_s, m.status);
    return 0;
}

/* 1 when --budget leaves no room for another run of e (its median so far as the guess). */
static int out_of_budget(runner_t *r, const plan_entry_t *e)
{
    double next = e->nwalls ? fk_stats_median(e->walls, (size_t)e->nwalls) : 0;
    if (!fk_reps_over_budget(r->cmd.opts.budget_s, r->started, next))
        return 0;
    r->budget_hit = 1;
    return 1;
}

/* The timed repetitions, interleaved: each round runs every entry that still wants a run
 * (all of them, --reps N times; with --reps auto, those whose interval is still too wide),
 * so that drift in the machine hits every model alike. Returns as run_entry does. */
static int run_rounds(runner_t *r, fk_shared_area_t *area, fk_progress_t *prog)
{
    const fk_opts_t *o = &r->cmd.opts;
    for (int more = 1; more;) {
        more = 0;
        for (int i = 0; i < r->nplan; i++) {
            plan_entry_t *e = &r->plan[i];
            if (!fk_reps_wants_more(o->reps, o->reps_auto_pct, o->max_reps, e->walls, e->nwalls,
                                    e->failures))
                continue;
            if (out_of_budget(r, e))
                return 0;
            int rc = run_entry(r, area, e, e->nwalls + e->failures, prog);
            if (rc != 0)
                return rc;
            more = 1;
        }
        /* what is left: one more run of each entry that still wants one, at least */
        prog->total = prog->done;
        for (int i = 0; i < r->nplan; i++)
            prog->total +=
                fk_reps_wants_more(o->reps, o->reps_auto_pct, o->max_reps, r->plan[i].walls,
                                   r->plan[i].nwalls, r->plan[i].failures);
    }
    return 0;
}

/* SIGINT, SIGTERM, SIGHUP or SIGQUIT: the run in flight was killed and its scratch copy
 * removed (fk_measure); the exit status says which signal, as a shell's would. Only a kernel
 * with a per-repetition setup has a scratch copy to speak of (primes has none, and
 * --in-place works on the folder itself). */
static int interrupted_exit(const runner_t *r)
{
    int sig = fk_interrupted();
    int scratch =
        r->kernel && r->ctx && r->kernel->workset && !fk_workdir_in_place(r->kernel, r->ctx);
    fprintf(stderr, "forkomp: interrupted by SIG%s; stopped the run%s\n", fk_signame(sig),
            scratch ? " and removed its scratch copy" : "");
    return 128 + sig;
}

static int run_all(runner_t *r)
{
    fk_shared_area_t *area = fk_shared_area_new(r->ntasks);
    if (!area) {
        fprintf(stderr, "forkomp: cannot map shared memory for %zu results\n", r->ntasks);
        return FK_EXIT_FAIL;
    }
    int max_workers = 1;
    for (int i = 0; i < r->nplan; i++)
        max_workers = r->plan[i].cfg.workers > max_workers ? r->plan[i].cfg.workers : max_workers;
    if (!r->cmd.opts.quiet)
        fk_context_warn(max_workers);
    fk_progress_t prog;
    fk_progress_start(&prog, (r->cmd.opts.warmup + r->cmd.opts.reps) * r->nplan, r->cmd.opts.quiet);
    int rc = 0;
    for (int rep = -r->cmd.opts.warmup; rep < 0 && rc == 0; rep++)
        for (int i = 0; i < r->nplan && rc == 0; i++)
            rc = run_entry(r, area, &r->plan[i], rep, &prog);
    if (rc == 0)
        rc = run_rounds(r, area, &prog);
    fk_progress_end(&prog);
    fk_shared_area_free(area);
    if (rc < 0)
        return interrupted_exit(r);
    if (rc > 0)
        return FK_EXIT_FAIL; /* the CSV could not be written */
    if (!r->cmd.opts.quiet)
        fk_plan_print_table(r->kernel, r->ctx, r->ntasks, &r->cmd.opts, r->plan, r->nplan,
                            r->budget_hit);
    return r->any_failed ? FK_EXIT_FAIL : FK_EXIT_OK;
}

static void runner_free(runner_t *r)
{
    for (int i = 0; i < r->nplan; i++)
        free(r->plan[i].walls);
    if (r->ctx)
        r->kernel->release(r->ctx);
    fk_kernel_cmd_free(&r->cmd);
    if (r->csv_fd >= 0)
        close(r->csv_fd);
}

/* The real tool, not a benchmark (a kernel working on its input itself): one run, of the
 * first model and worker count. */
static void one_run(runner_t *r)
{
    fk_opts_t *o = &r->cmd.opts;
    if ((o->nmodels > 1 || o->nworkers > 1) && !o->quiet)
        fprintf(stderr, "forkomp: %s works in place and runs once: model %s, %d worker(s)\n",
                r->kernel->name, o->models[0], o->workers[0]);
    o->nmodels = o->nworkers = 1;
    o->reps = 1;
    o->reps_auto_pct = 0;
    o->warmup = 0;
}

/* Parses, validates everything that can be a usage error, then prepares the kernel. */
static int runner_setup(runner_t *r, int argc, char **argv, char *err, size_t errlen)
{
    int rc = fk_kernel_cmd_parse(&r->cmd, argc, argv, err, errlen);
    r->kernel = r->cmd.kernel;
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
    if ((rc = fk_kernel_cmd_prepare(&r->cmd, &r->ctx, &r->ntasks, err, errlen)) != FK_EXIT_OK)
        return rc;
    if (fk_workdir_in_place(r->kernel, r->ctx))
        one_run(r);
    if (r->fault.kind && r->fault.task >= r->ntasks)
        return fk_err(err, errlen, "--fault: task %zu does not exist (%zu tasks)", r->fault.task,
                      r->ntasks),
               FK_EXIT_USAGE;
    if ((rc = build_plan(r, err, errlen)) != FK_EXIT_OK)
        return rc;
    if (r->cmd.opts.csv && (r->csv_fd = fk_csv_open(r->cmd.opts.csv, err, errlen)) < 0)
        return FK_EXIT_FAIL;
    return FK_EXIT_OK;
}

int fk_cmd_kernel(int argc, char **argv)
{
    /* The plan is large (every model x worker count) and mostly unused: calloc maps it
     * zeroed and untouched, where zeroing a static copy faulted in megabytes at every start. */
    runner_t *r = calloc(1, sizeof *r);
    char err[512] = "";
    if (!r) {
        fprintf(stderr, "forkomp %s: out of memory\n", argv[0]);
        return FK_EXIT_FAIL;
    }
    r->csv_fd = -1;
    r->started = fk_now();
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
    free(r);
    return rc;
}
