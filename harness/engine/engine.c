/* SPDX-License-Identifier: MIT */
/* engine.c: the run engine of engine.h: the plan, warm-ups, interleaved rounds, the one
 * path a CSV row is written by, and the decisions rank 0 makes for every rank. */
#include "harness/engine/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/engine/context.h"
#include "harness/engine/noise.h"
#include "harness/engine/reps.h"
#include "harness/engine/rounds.h"
#include "harness/engine/unit_cost.h"
#include "harness/base/stats.h"
#include "kernels/common/opt.h"
#include "kernels/common/util.h"

void fk_engine_init(fk_engine_t *eng, const fk_engine_ops_t *ops, void *user, const char *who)
{
    memset(eng, 0, sizeof *eng);
    eng->ops = ops;
    eng->user = user;
    eng->who = who;
    eng->reps = 1;
    eng->csv_fd = -1;
    eng->lock_fd = -1;
    eng->started = fk_now();
}

void fk_engine_runs_from(fk_engine_t *eng, const fk_opts_t *o)
{
    eng->warmup = o->warmup, eng->reps = o->reps, eng->max_reps = o->max_reps;
    eng->auto_pct = o->reps_auto_pct, eng->budget_s = o->budget_s, eng->quiet = o->quiet;
    eng->seed_given = o->seed >= 0;
    eng->seed = o->seed >= 0 ? (unsigned long)o->seed : 0;
    eng->control = !o->no_control && (o->control || o->reps_auto_pct > 0);
}

int fk_engine_add(fk_engine_t *eng, const fk_engine_entry_t *e)
{
    if (eng->n == eng->room) {
        int room = eng->room ? 2 * eng->room : 8;
        fk_engine_entry_t *grown = realloc(eng->entries, (size_t)room * sizeof *grown);
        if (!grown)
            return -1;
        eng->entries = grown;
        eng->room = room;
    }
    eng->entries[eng->n] = *e;
    fk_engine_entry_t *added = &eng->entries[eng->n];
    added->walls = added->by_round = NULL;
    added->nwalls = added->failures = added->cap = added->runs = added->disturbed = 0;
    added->set = -1;
    eng->n++;
    return 0;
}

int fk_engine_open_csv(fk_engine_t *eng, const char *path, char *err, size_t errlen)
{
    eng->csv_path = path;
    fk_unit_cow_fault_s(); /* measured now, before any run, not between two */
    eng->csv_fd = fk_csv_open(path, err, errlen);
    return eng->csv_fd < 0 ? -1 : 0;
}

int fk_engine_wants_rows(const fk_engine_t *eng)
{
    return eng->csv_fd >= 0;
}

int fk_engine_max_runs(const fk_engine_t *eng)
{
    return eng->auto_pct > 0 ? eng->max_reps : eng->reps;
}

static void write_row(fk_engine_t *eng, fk_csv_row_t *row)
{
    char err[256];
    if (eng->csv_fd < 0)
        return;
    row->precision_target_pct = eng->auto_pct;
    if (fk_csv_append_now(eng->csv_fd, row, err, sizeof err) == 0)
        return;
    fprintf(stderr,
            "%s: cannot append to CSV %s: %s; stopping (the rows written so far are whole)\n",
            eng->who, eng->csv_path, err);
    close(eng->csv_fd);
    eng->csv_fd = -1;
    eng->csv_failed = 1;
}

/* The engine's part of a row: where the run stood in the rounds, and the noise around it. */
static void stamp_row(fk_engine_t *eng, const fk_engine_entry_t *e, fk_csv_row_t *row)
{
    row->round = eng->round;
    row->order = eng->order;
    row->seed = eng->seed;
    row->seeded = eng->round > 0;
    row->arm = e->arm;
    fk_noise_finish(eng, row);
}

void fk_engine_land(fk_engine_t *eng, fk_engine_entry_t *e, double sample, const char *status,
                    fk_csv_row_t *row)
{
    int ok = strcmp(status, "ok") == 0, disturbed = 0;
    if (ok && e->nwalls < e->cap)
        e->walls[e->nwalls++] = sample;
    else if (!ok)
        e->failures++;
    eng->any_failed |= !ok;
    if (row) {
        stamp_row(eng, e, row);
        disturbed = row->disturbed;
        write_row(eng, row);
    }
    if (ok && eng->round > 0 && eng->round <= fk_engine_max_runs(eng)) {
        e->by_round[eng->round - 1] = sample;
        e->disturbed += disturbed; /* the stopping rule wants enough undisturbed ones */
    }
}

static int agree(const fk_engine_t *eng, int value)
{
    return eng->ops->agree ? eng->ops->agree(eng->user, value) : value;
}

static int wants_more(const fk_engine_t *eng, const fk_engine_entry_t *e)
{
    return fk_rounds_wants_more(eng, e);
}

/* Runs e once, then says how it went on the progress line. Returns as ops->run does, or
 * FK_EXIT_FAIL when a row could not be written; the same on every rank. */
static int run_once(fk_engine_t *eng, fk_engine_entry_t *e, int rep)
{
    char what[256];
    eng->ops->describe(eng->user, e, what, sizeof what);
    size_t at = strlen(what);
    if (rep < 0)
        snprintf(what + at, sizeof what - at, " warm-up");
    else if (!eng->holds_reps)
        snprintf(what + at, sizeof what - at, " rep %d/%s%d", rep + 1,
                 eng->auto_pct > 0 ? "<=" : "", fk_engine_max_runs(eng));
    fk_engine_outcome_t out = {0, "ok"};
    if (rep >= 0)
        fk_noise_start(eng);
    int rc = eng->ops->run(eng->user, eng, e, rep, what, &out);
    e->runs += rep >= 0;
    if (rc == 0 && !eng->csv_failed) {
        eng->any_failed |= strcmp(out.status, "ok") != 0; /* a warm-up's failure counts too */
        fk_progress_step(&eng->prog, what, out.seconds, out.status);
    }
    return agree(eng, rc ? rc : eng->csv_failed ? FK_EXIT_FAIL : 0);
}

enum { SKIP, RUN, OVER_BUDGET };

/* Whether e runs next, as rank 0 sees it: it still wants a run, and --budget leaves room for
 * one (its median so far as the guess). */
static int decide(const fk_engine_t *eng, const fk_engine_entry_t *e)
{
    if (!wants_more(eng, e))
        return SKIP;
    double next = e->nwalls ? fk_stats_median(e->walls, (size_t)e->nwalls) : 0;
    return fk_reps_over_budget(eng->budget_s, eng->started, next) ? OVER_BUDGET : RUN;
}

/* The timed runs, in rounds (rounds.h): each round runs every entry that still wants a run
 * (every member of a set while the set wants more) once, in a fresh random order, so that
 * drift in the machine and the place in the round hit every entry alike. Returns as
 * run_once does. */
static int run_round(fk_engine_t *eng, const int *go, int *perm)
{
    fk_rounds_shuffle(eng, perm, eng->n);
    eng->round++;
    eng->order = 0;
    for (int k = 0; k < eng->n; k++) {
        fk_engine_entry_t *e = &eng->entries[perm[k]];
        if (go[perm[k]] != RUN)
            continue;
        eng->order++;
        int rc = run_once(eng, e, e->runs);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int run_rounds(fk_engine_t *eng)
{
    int *go = calloc((size_t)eng->n * 2, sizeof *go), rc = 0;
    if (!go)
        return agree(eng, FK_EXIT_FAIL);
    for (int more = 1; more && rc == 0;) {
        more = 0;
        for (int i = 0; i < eng->n; i++) {
            go[i] = agree(eng, decide(eng, &eng->entries[i]));
            more |= go[i] == RUN;
            if (go[i] == OVER_BUDGET)
                eng->budget_hit = 1, more = 0;
        }
        if (!more || eng->budget_hit)
            break;
        rc = run_round(eng, go, go + eng->n);
        /* what is left at least: the rest of --reps N, or auto's minimum (then one more run
         * of each entry that still wants one), so the total never jumps back */
        eng->prog.total = eng->prog.done;
        for (int i = 0; rc == 0 && i < eng->n; i++) {
            const fk_engine_entry_t *e = &eng->entries[i];
            if (wants_more(eng, e))
                eng->prog.total +=
                    fk_reps_left(eng->reps, eng->auto_pct, eng->max_reps, e->runs, e->nwalls);
        }
    }
    free(go);
    return rc;
}

/* Room for every sample an entry can land; the context warnings for the most workers. */
static int prepare(fk_engine_t *eng)
{
    int max_workers = 1;
    for (int i = 0; i < eng->n; i++) {
        fk_engine_entry_t *e = &eng->entries[i];
        e->cap = fk_engine_max_runs(eng) * (e->per_run > 0 ? e->per_run : 1);
        e->walls = calloc((size_t)e->cap, sizeof *e->walls);
        e->by_round = malloc((size_t)fk_engine_max_runs(eng) * sizeof *e->by_round);
        if (!e->walls || !e->by_round) {
            fprintf(stderr, "%s: out of memory\n", eng->who);
            return FK_EXIT_FAIL;
        }
        for (int r = 0; r < fk_engine_max_runs(eng); r++)
            e->by_round[r] = NAN;
        max_workers = e->cfg.workers > max_workers ? e->cfg.workers : max_workers;
    }
    if (!eng->quiet)
        fk_context_warn(max_workers);
    return 0;
}

/* The sets, the control arm and the seed, alike on every rank; the measuring lock. */
static int plan_rounds(fk_engine_t *eng)
{
    fk_rounds_assign_sets(eng);
    /* rank 0's choice on every rank: the plans must stay alike (hosts may differ in CPUs) */
    int src = agree(eng, eng->control ? fk_rounds_control_source(eng, fk_context()->cpus) : -1);
    if (fk_rounds_add_control(eng, src) < 0) {
        fprintf(stderr, "%s: out of memory\n", eng->who);
        return FK_EXIT_FAIL;
    }
    unsigned long seed = eng->seed_given ? eng->seed : fk_rounds_draw_seed();
    fk_rounds_seed(eng, (unsigned long)agree(eng, (int)seed));
    fk_noise_lock(eng);
    if (!eng->quiet)
        fk_noise_warn_others(eng);
    return 0;
}

int fk_engine_run(fk_engine_t *eng)
{
    int rc = agree(eng, plan_rounds(eng));
    if (rc == 0)
        rc = agree(eng, prepare(eng));
    if (rc != 0)
        return rc;
    fk_progress_start(&eng->prog, (eng->warmup + eng->reps) * eng->n, eng->quiet);
    for (int rep = -eng->warmup; rep < 0 && rc == 0; rep++)
        for (int i = 0; i < eng->n && rc == 0; i++)
            rc = run_once(eng, &eng->entries[i], rep);
    if (rc == 0)
        rc = run_rounds(eng);
    fk_progress_end(&eng->prog);
    if (rc != 0)
        return rc;
    if (!eng->quiet && eng->ops->table)
        eng->ops->table(eng->user, eng);
    return agree(eng, eng->any_failed) ? FK_EXIT_FAIL : FK_EXIT_OK;
}

void fk_engine_free(fk_engine_t *eng)
{
    for (int i = 0; i < eng->n; i++) {
        free(eng->entries[i].walls);
        free(eng->entries[i].by_round);
    }
    free(eng->entries);
    fk_noise_unlock(eng);
    eng->entries = NULL;
    eng->n = eng->room = 0;
    if (eng->csv_fd >= 0)
        close(eng->csv_fd);
    eng->csv_fd = -1;
}
