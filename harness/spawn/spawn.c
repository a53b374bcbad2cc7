/* SPDX-License-Identifier: MIT */
/* spawn.c: the `forkomp spawn` command (see spawn.h): plans the measurements from the
 * options for the run engine (engine.h), runs each in a fresh child, lands one CSV row per
 * outer repetition and prints a table of per-operation costs.
 *
 * How the CSV contract's columns are used by kernel `spawn` (documented in docs/costs.md too):
 * variant = the mechanism; class = the parent's touched resident size ("base": none added);
 * model = "process" or "thread"; workers = W (procs x threads as the mechanism uses them);
 * tasks = the operations timed in the repetition; wall_s = the time of that timed loop;
 * user_s/sys_s = CPU time of the measuring process and the children it reaped meanwhile;
 * per_op_s = the EPCC overhead (loop minus the empty reference loop) per operation;
 * result = the operations that succeeded; verified = 1 when all of them did; status ok. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness/base/cli.h"
#include "harness/base/commands.h"
#include "harness/engine/context.h"
#include "harness/engine/csv.h"
#include "harness/engine/engine.h"
#include "harness/base/sys.h"
#include "harness/spawn/spawn.h"
#include "harness/base/stats.h"
#include "kernels/common/util.h"

const fk_spawn_mech_t *const fk_spawn_mechs[] = {
    &fk_spawn_fork,
    &fk_spawn_posix_spawn,
    &fk_spawn_fork_exec,
    &fk_spawn_pthread,
    &fk_spawn_omp,
    &fk_spawn_pool_task,
    &fk_spawn_pool_async,
    &fk_spawn_pool_recycle,
    &fk_spawn_pipe_task,
    &fk_spawn_pool_start,
    NULL,
};

const fk_spawn_mech_t *fk_spawn_find_mech(const char *name)
{
    for (size_t i = 0; fk_spawn_mechs[i]; i++)
        if (strcmp(fk_spawn_mechs[i]->name, name) == 0)
            return fk_spawn_mechs[i];
    return NULL;
}

/* S is the smoke test (a few seconds, for `make test`); A the real measurement. */
typedef struct spawn_class {
    const char *name;
    double target_s;
    int reps;
    size_t sizes_mib[3];
    int nsizes;
} spawn_class_t;

static const spawn_class_t classes[] = {
    {"S", 0.01, 3, {10, 0, 0}, 1},
    {"A", 0.1, 5, {10, 100, 1024}, 3},
};

#define DEFAULT_TIMEOUT_S 300.0

typedef struct spawn_run {
    fk_opts_t opts;                 /* the run options spawn shares (workers, reps, ...) */
    const char *class_name, *mechs; /* --class, --variant */
    const spawn_class_t *cls;
    int wanted[16]; /* per mechanism of fk_spawn_mechs: 1 when --variant names it */
    fk_spawn_probe_t *probes;
    int nprobes, room;
    fk_engine_t eng; /* one entry per probe, each run once: its outer repetitions inside */
} spawn_run_t;

#define SPAWN(name, kind, field, min, max, arg, help)                                              \
    {                                                                                              \
        name, kind, offsetof(spawn_run_t, field), min, max, arg, help, NULL, NULL                  \
    }

static const fk_opt_t spawn_options[] = {
    SPAWN("class", FK_OPT_STR, class_name, 0, 0, "S|A",
          "S: a few seconds (tests); A: the real run (default)"),
    SPAWN("variant", FK_OPT_STR, mechs, 0, 0, "LIST",
          "mechanisms to measure (default: all), from the list below"),
    {"workers", FK_OPT_CUSTOM, offsetof(spawn_run_t, opts), 0, 0, "LIST",
     "W for omp-region, the pool-* and pipe-task (1,2,4)", NULL, fk_opt_parse_workers},
    SPAWN("reps", FK_OPT_INT, opts.reps, 1, 100000, "N",
          "outer repetitions (default 3 for S, 5 for A)"),
    SPAWN("timeout", FK_OPT_DOUBLE, opts.timeout_s, 0.001, 1e6, "SECONDS",
          "bound each measurement (default 300)"),
    SPAWN("csv", FK_OPT_STR, opts.csv, 0, 0, "FILE",
          "append one row per outer repetition to FILE (kernel spawn)"),
    SPAWN("label", FK_OPT_STR, opts.label, 0, 0, "NAME",
          "the host column of the rows (default: the host name)"),
    SPAWN("quiet", FK_OPT_FLAG, opts.quiet, 0, 0, NULL, "print nothing but errors"),
    FK_OPT_END,
};

static const char usage[] =
    "usage: forkomp spawn [options]\n"
    "what a process or a thread costs: EPCC-style overhead of starting a worker or handing\n"
    "it a task (time of a loop with the operation minus an empty reference loop, inner\n"
    "repetitions doubled up to a minimum test time, outer repetitions for statistics)\n\n";

static const char usage_tail[] =
    "\nClass A also measures fork and posix_spawn from parents of 10 MiB, 100 MiB and 1 GiB\n"
    "touched (1 GiB only when memory allows); class S from 10 MiB.\n\nmechanisms:\n";

static void print_help(void)
{
    printf("%s", usage);
    fk_cli_print_options(stdout, spawn_options);
    printf("%s", usage_tail);
    for (size_t i = 0; fk_spawn_mechs[i]; i++)
        printf("  %-12s %-8s %s\n", fk_spawn_mechs[i]->name, fk_spawn_mechs[i]->side,
               fk_spawn_mechs[i]->summary);
    printf("\nexit status: 0 every operation succeeded, 1 some failed, 2 usage error\n");
}

/* --variant LIST: marks the mechanisms named (all when the option is absent). */
static int parse_variants(spawn_run_t *r, char *err, size_t errlen)
{
    char list[512];
    size_t n = 0;
    for (size_t i = 0; fk_spawn_mechs[i]; i++)
        r->wanted[i] = r->mechs == NULL;
    if (!r->mechs)
        return 0;
    snprintf(list, sizeof list, "%s", r->mechs);
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save), n++) {
        size_t i = 0;
        while (fk_spawn_mechs[i] && strcmp(fk_spawn_mechs[i]->name, tok) != 0)
            i++;
        if (!fk_spawn_mechs[i])
            return fk_err(err, errlen, "--variant: unknown mechanism '%s' (see --help)", tok);
        r->wanted[i] = 1;
    }
    return n ? 0 : fk_err(err, errlen, "--variant: empty list");
}

static int add_probe(spawn_run_t *r, const fk_spawn_mech_t *m, int w, size_t mib)
{
    if (r->nprobes == r->room) {
        int room = r->room ? 2 * r->room : 16;
        fk_spawn_probe_t *grown = realloc(r->probes, (size_t)room * sizeof *grown);
        if (!grown)
            return -1;
        r->probes = grown, r->room = room;
    }
    fk_spawn_probe_t *p = &r->probes[r->nprobes++];
    memset(p, 0, sizeof *p);
    p->mech = m;
    p->workers = w;
    p->resident = mib << 20;
    if (mib == 0)
        snprintf(p->size_label, sizeof p->size_label, "base");
    else if (mib % 1024 == 0)
        snprintf(p->size_label, sizeof p->size_label, "%zuGiB", mib / 1024);
    else
        snprintf(p->size_label, sizeof p->size_label, "%zuMiB", mib);
    p->target_s = r->cls->target_s;
    p->reps = r->opts.reps;
    return 0;
}

/* MemAvailable in MiB, or 0 when unknown. */
static size_t mem_available_mib(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    size_t kib = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %zu kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib / 1024;
}

/* A resident size is measured only when twice it (plus slack) is available: the touched
 * pages, and room for whatever else the machine is running. */
static int size_fits(const spawn_run_t *r, size_t mib)
{
    size_t avail = mem_available_mib();
    if (avail == 0 || avail >= 2 * mib + 512)
        return 1;
    if (!r->opts.quiet)
        fprintf(stderr, "forkomp spawn: skipping the %zu MiB parent: %zu MiB available\n", mib,
                avail);
    return 0;
}

/* The probes, then one engine entry each (the probes no longer move). Returns 0, or
 * FK_EXIT_USAGE (nothing to measure) or FK_EXIT_FAIL (out of memory) with err. */
static int build_plan(spawn_run_t *r, char *err, size_t errlen)
{
    int bad = 0;
    for (size_t i = 0; fk_spawn_mechs[i]; i++) {
        const fk_spawn_mech_t *m = fk_spawn_mechs[i];
        for (size_t w = 0; r->wanted[i] && w < (m->per_worker ? r->opts.nworkers : 1); w++)
            bad |= add_probe(r, m, m->per_worker ? r->opts.workers[w] : 1, 0);
    }
    for (int s = 0; s < r->cls->nsizes; s++) {
        if (!size_fits(r, r->cls->sizes_mib[s]))
            continue;
        for (size_t i = 0; fk_spawn_mechs[i]; i++)
            if (r->wanted[i] && fk_spawn_mechs[i]->sized)
                bad |= add_probe(r, fk_spawn_mechs[i], 1, r->cls->sizes_mib[s]);
    }
    for (int i = 0; i < r->nprobes && !bad; i++) {
        fk_spawn_probe_t *p = &r->probes[i];
        fk_engine_entry_t e = {.label = p->mech->name, .data = p, .per_run = p->reps};
        e.cfg.workers = p->workers; /* for the context's warnings */
        bad |= fk_engine_add(&r->eng, &e);
    }
    if (bad)
        return fk_err(err, errlen, "out of memory"), FK_EXIT_FAIL;
    return r->nprobes ? 0 : (fk_err(err, errlen, "nothing to measure"), FK_EXIT_USAGE);
}

/* Lands outer repetition rep of probe p (entry e): its per-op cost, with its row. */
static void land_rep(fk_engine_t *eng, fk_engine_entry_t *e, const fk_spawn_probe_t *p, int rep,
                     const char *status, long maxrss_kib)
{
    const fk_spawn_rep_t *x = &p->reps_out[rep];
    if (!fk_engine_wants_rows(eng)) {
        fk_engine_land(eng, e, fk_spawn_per_op(x), status, NULL);
        return;
    }
    int thread = strcmp(p->mech->side, "thread") == 0;
    fk_csv_row_t row = {
        .host = fk_context()->host,
        .kernel = "spawn",
        .variant = p->mech->name,
        .class_name = p->size_label,
        .model = p->mech->side,
        .workers = p->workers,
        .procs = thread ? 1 : p->workers,
        .threads = thread ? p->workers : 1,
        .schedule = "-",
        .tasks = x->inner,
        .rep = rep + 1,
        .wall_s = x->test_s,
        .user_s = x->user_s,
        .sys_s = x->sys_s,
        .maxrss_kib = maxrss_kib,
        .rss_sum_kib = maxrss_kib,
        .result = (uint64_t)(x->ok > 0 ? x->ok : 0),
        .verified = strcmp(status, "ok") == 0,
        .status = status,
        .per_op_s = fk_spawn_per_op(x),
    };
    fk_engine_land(eng, e, row.per_op_s, status, &row);
}

/* Measures probe e->data in a child, all its outer repetitions: the engine's ops->run.
 * Returns 0, -1 when interrupted, FK_EXIT_FAIL when out of memory. */
static int spawn_run(void *user, fk_engine_t *eng, fk_engine_entry_t *e, int rep, const char *what,
                     fk_engine_outcome_t *out)
{
    const spawn_run_t *r = user;
    fk_spawn_probe_t *p = e->data;
    (void)rep, (void)what;
    size_t len = (size_t)p->reps * sizeof *p->reps_out;
    char(*status)[FK_SPAWN_STATUS] = calloc((size_t)p->reps, FK_SPAWN_STATUS);
    p->reps_out = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!status || p->reps_out == MAP_FAILED) {
        fprintf(stderr, "forkomp spawn: out of memory\n");
        free(status);
        return FK_EXIT_FAIL;
    }
    long maxrss = 0;
    double timeout = r->opts.timeout_s > 0 ? r->opts.timeout_s : DEFAULT_TIMEOUT_S;
    double t0 = fk_now();
    int rc = fk_spawn_measure(p, timeout, status, &maxrss);
    for (int k = 0; rc == 0 && k < p->reps; k++)
        land_rep(eng, e, p, k, status[k], maxrss);
    p->inner = p->reps_out[0].inner;
    out->seconds = fk_now() - t0;
    snprintf(out->status, sizeof out->status, "%s", status[0]);
    munmap(p->reps_out, len);
    p->reps_out = NULL;
    free(status);
    return rc;
}

static void spawn_describe(void *user, const fk_engine_entry_t *e, char *buf, size_t len)
{
    const fk_spawn_probe_t *p = e->data;
    (void)user;
    snprintf(buf, len, "spawn %s %s w=%d", p->mech->name, p->size_label, p->workers);
}

/* "850 ns", "95.3 us", "1.24 ms": per-op costs span six orders of magnitude. */
static void fmt_time(double s, char *buf, size_t len)
{
    if (isnan(s))
        snprintf(buf, len, "-");
    else if (s < 1e-6)
        snprintf(buf, len, "%.0f ns", s * 1e9);
    else if (s < 1e-3)
        snprintf(buf, len, "%.1f us", s * 1e6);
    else
        snprintf(buf, len, "%.2f ms", s * 1e3);
}

/* The table of the engine's ops->table: per probe, the median, minimum and cv of the
 * per-op cost over the repetitions that succeeded. */
static void print_table(void *user, const fk_engine_t *eng)
{
    const spawn_run_t *r = user;
    printf("\nspawn class %s, %d reps: cost of one operation (EPCC: loop minus empty loop)\n",
           r->cls->name, r->opts.reps);
    printf("%-12s %-8s %-7s %3s %9s %11s %11s %6s %5s\n", "mechanism", "side", "parent", "W",
           "ops/rep", "median", "min", "cv", "ok");
    for (int i = 0; i < eng->n; i++) {
        const fk_engine_entry_t *e = &eng->entries[i];
        const fk_spawn_probe_t *p = e->data;
        char med[32], min[32], cv[16] = "-";
        fk_summary_t s;
        fk_stats_summarize(e->walls, (size_t)e->nwalls, &s);
        fmt_time(e->nwalls ? s.median : NAN, med, sizeof med);
        fmt_time(e->nwalls ? s.min : NAN, min, sizeof min);
        if (!isnan(s.cv))
            snprintf(cv, sizeof cv, "%.0f%%", 100 * s.cv);
        printf("%-12s %-8s %-7s %3d %9ld %11s %11s %6s %2d/%-2d\n", p->mech->name, p->mech->side,
               p->size_label, p->workers, p->inner, med, min, cv, e->nwalls, p->reps);
    }
}

static const fk_engine_ops_t spawn_ops = {spawn_describe, spawn_run, print_table, NULL};

static int spawn_setup(spawn_run_t *r, int argc, char **argv, char *err, size_t errlen)
{
    fk_cli_rest_t rest = {0, NULL, 0, 0};
    fk_opt_group_t group = {spawn_options, r};
    fk_run_defaults(&r->opts);
    r->opts.reps = 0; /* 0: the class's default */
    if (fk_cli_parse("spawn", argc - 1, argv + 1, &group, 1, &rest, err, errlen) != 0 ||
        fk_context_set_label(r->opts.label, err, errlen) != 0)
        return FK_EXIT_USAGE;
    if (rest.help) {
        print_help();
        return -1;
    }
    const char *cname = r->class_name ? r->class_name : "A";
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(classes[i].name, cname) == 0)
            r->cls = &classes[i];
    if (!r->cls)
        return fk_err(err, errlen, "--class %s: use S or A", cname), FK_EXIT_USAGE;
    if (r->opts.reps == 0)
        r->opts.reps = r->cls->reps;
    r->eng.quiet = r->opts.quiet;
    int rc = parse_variants(r, err, errlen) != 0 ? FK_EXIT_USAGE : build_plan(r, err, errlen);
    if (rc != 0)
        return rc;
    if (r->opts.csv && fk_engine_open_csv(&r->eng, r->opts.csv, err, errlen) != 0)
        return FK_EXIT_FAIL;
    return FK_EXIT_OK;
}

int fk_cmd_spawn(int argc, char **argv)
{
    spawn_run_t r;
    char err[512] = "";
    memset(&r, 0, sizeof r);
    fk_engine_init(&r.eng, &spawn_ops, &r, "forkomp spawn");
    r.eng.holds_reps = 1; /* warm-up 0, one run of each probe */
    fk_install_interrupt_handlers();
    int rc = spawn_setup(&r, argc, argv, err, sizeof err);
    if (rc == FK_EXIT_OK && (rc = fk_engine_run(&r.eng)) < 0) {
        int sig = fk_interrupted();
        fprintf(stderr, "forkomp spawn: interrupted by SIG%s\n", sigabbrev_np(sig));
        rc = 128 + sig;
    } else if (rc == -1) {
        rc = FK_EXIT_OK; /* --help */
    } else if (rc == FK_EXIT_USAGE) {
        fk_cli_usage_error("spawn", err);
    } else if (rc != FK_EXIT_OK && err[0]) {
        fprintf(stderr, "forkomp spawn: %s\n", err);
    }
    fk_engine_free(&r.eng);
    free(r.probes);
    return rc;
}
