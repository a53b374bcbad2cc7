/* SPDX-License-Identifier: MIT */
/* test_engine.c: the run engine (harness/engine/engine.c, rounds.c) with fake commands:
 * warm-ups then rounds, each a fresh random order replayable by its seed, failures counted
 * and in the exit code, --reps auto stopping at its minimum or at --max-reps, per comparison
 * set (both arms of a comparison run in exactly the same rounds), the A/A control arm,
 * --budget, a run that lands several samples (spawn's), and the MPI rule: a rank that
 * replays rank 0's decisions (agree) runs exactly what rank 0 ran. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness/engine/engine.h"
#include "harness/engine/noise.h"
#include "harness/engine/reps.h"
#include "harness/base/role.h"
#include "kernels/common/opt.h"
#include "kernels/common/util.h"
#include "tests/unit/unit_test.h"

#define MAX_LOG 512

/* One fake command: what it lands, and the log of what the engine asked of it. */
typedef struct fake {
    const char *status;  /* of every timed sample */
    const char *warm;    /* of every warm-up */
    int noisy;           /* samples 1, 100, 1, ...: --reps auto never gets there */
    int noisy_entry;     /* only entry noisy_entry - 1 is noisy (noisy 0); 0: none */
    int lands;           /* 0: lands nothing (an MPI rank other than 0) */
    int log[MAX_LOG][2]; /* entry, rep of each run */
    int nlog;
    int agreed[MAX_LOG]; /* the values agree saw (rank 0) or hands back (replay) */
    int nagreed, replay, next;
    int totals[MAX_LOG]; /* the progress line's total at each run */
} fake_t;

static void describe(void *user, const fk_engine_entry_t *e, char *buf, size_t len)
{
    (void)user;
    snprintf(buf, len, "fake %s", e->label);
}

static int run(void *user, fk_engine_t *eng, fk_engine_entry_t *e, int rep, const char *what,
               fk_engine_outcome_t *out)
{
    fake_t *f = user;
    (void)what;
    int i = (int)(e - eng->entries);
    assert_true(f->nlog < MAX_LOG); /* an engine that never stops fails here, not hangs */
    f->totals[f->nlog] = eng->prog.total;
    f->log[f->nlog][0] = i, f->log[f->nlog][1] = rep, f->nlog++;
    const char *status = rep < 0 ? f->warm : f->status;
    snprintf(out->status, sizeof out->status, "%s", status);
    for (int k = 0; rep >= 0 && f->lands && k < (e->per_run > 0 ? e->per_run : 1); k++)
        fk_engine_land(eng, e,
                       (f->noisy || f->noisy_entry == i + 1) && (e->nwalls % 2) ? 100.0 : 1.0,
                       status, NULL);
    return 0;
}

static int agree(void *user, int value)
{
    fake_t *f = user;
    if (f->replay)
        return f->next < f->nagreed ? f->agreed[f->next++] : -99;
    if (f->nagreed < MAX_LOG)
        f->agreed[f->nagreed++] = value;
    return value;
}

static const fk_engine_ops_t ops = {describe, run, NULL, NULL};
static const fk_engine_ops_t mpi_ops = {describe, run, NULL, agree};

/* An engine of n entries ("a", "b", ...) for f: quiet, no CSV. */
static void setup(fk_engine_t *eng, const fk_engine_ops_t *o, fake_t *f, int n, int warmup,
                  int reps)
{
    static const char *const labels[] = {"a", "b", "c"};
    fk_engine_init(eng, o, f, "test");
    eng->quiet = 1, eng->warmup = warmup, eng->reps = reps, eng->max_reps = 8;
    for (int i = 0; i < n; i++) {
        fk_engine_entry_t e = {.label = labels[i]};
        e.cfg.workers = 1;
        assert_int_equal(fk_engine_add(eng, &e), 0);
    }
}

/* Each of the rounds from log[from] on, n runs each, runs every entry once with rep r. */
static void check_rounds(const fake_t *f, int from, int n, int rounds)
{
    assert_int_equal(f->nlog, from + n * rounds);
    for (int r = 0; r < rounds; r++) {
        int seen[8] = {0};
        for (int k = 0; k < n; k++) {
            const int *run = f->log[from + r * n + k];
            assert_int_equal(run[1], r);
            seen[run[0]]++;
        }
        for (int i = 0; i < n; i++)
            assert_int_equal(seen[i], 1);
    }
}

static void test_warmups_then_rounds(void **state)
{
    (void)state;
    fake_t f = {.status = "ok", .warm = "ok", .lands = 1};
    fk_engine_t eng;
    setup(&eng, &ops, &f, 2, 1, 3);
    assert_int_equal(fk_engine_run(&eng), FK_EXIT_OK);
    /* the warm-ups in the plan's order, then 3 rounds */
    assert_int_equal(f.log[0][0], 0), assert_int_equal(f.log[0][1], -1);
    assert_int_equal(f.log[1][0], 1), assert_int_equal(f.log[1][1], -1);
    check_rounds(&f, 2, 2, 3);
    for (int i = 0; i < 8; i++)
        assert_int_equal(f.totals[i], 8); /* [3/8] stays of 8: never [5/6] after a round */
    assert_int_equal(eng.entries[0].nwalls, 3);
    assert_int_equal(eng.entries[1].failures, 0);
    assert_int_equal(eng.prog.done, 8);
    assert_int_equal(eng.round, 3);
    fk_engine_free(&eng);
}

/* 3 entries, 12 rounds with seed: the log of what ran. */
static void run_seeded(fake_t *f, long seed)
{
    fk_engine_t eng;
    *f = (fake_t){.status = "ok", .warm = "ok", .lands = 1};
    setup(&eng, &ops, f, 3, 0, 12);
    eng.seed_given = 1, eng.seed = (unsigned long)seed;
    assert_int_equal(fk_engine_run(&eng), FK_EXIT_OK);
    assert_int_equal(eng.seed, (unsigned long)seed);
    fk_engine_free(&eng);
}

/* Every round runs every entry once, in an order that changes from round to round; the same
 * seed replays the same orders, another seed gives others. */
static void test_rounds_random_replayable(void **state)
{
    (void)state;
    static fake_t a, b, c;
    run_seeded(&a, 7);
    run_seeded(&b, 7);
    run_seeded(&c, 8);
    check_rounds(&a, 0, 3, 12);
    int orders_seen = 0, same = 1, other = 0;
    for (int r = 0; r < 12; r++) {
        int first = a.log[3 * r][0];
        orders_seen |= 1 << first;
        for (int k = 0; k < 3; k++) {
            same &= a.log[3 * r + k][0] == b.log[3 * r + k][0];
            other |= a.log[3 * r + k][0] != c.log[3 * r + k][0];
        }
    }
    assert_int_equal(orders_seen, 7); /* each entry led some round (p of not: < 3 x (2/3)^12) */
    assert_true(same);
    assert_true(other);
}

static const fk_model_ops_t model_a = {.name = "fork", .role = FK_ROLE_PROCESSES};
static const fk_model_ops_t model_b = {.name = "omp", .role = FK_ROLE_THREADS};

/* --reps auto over a compared pair (a noisy, b steady, both at 2 workers) and a lone
 * steady entry at 1 worker: the pair runs in exactly the same rounds until --max-reps,
 * though b alone would have stopped at the minimum; the lone entry stops at the minimum.
 * With control, a copy of one arm joins the pair's rounds. */
static void test_comparison_stops_together(void **state)
{
    (void)state;
    for (int control = 0; control <= 1; control++) {
        static fake_t f;
        f = (fake_t){.status = "ok", .warm = "ok", .lands = 1, .noisy_entry = 1};
        fk_engine_t eng;
        setup(&eng, &ops, &f, 3, 0, FK_REPS_AUTO_MIN);
        eng.auto_pct = 2, eng.control = control;
        eng.entries[0].model = &model_a, eng.entries[1].model = &model_b;
        eng.entries[2].model = &model_b;
        eng.entries[0].cfg.workers = eng.entries[1].cfg.workers = 2;
        assert_int_equal(fk_engine_run(&eng), FK_EXIT_OK);
        assert_int_equal(eng.n, 3 + control);
        assert_int_equal(eng.entries[0].runs, 8);
        assert_int_equal(eng.entries[1].runs, 8);
        assert_int_equal(eng.entries[2].runs, FK_REPS_AUTO_MIN);
        assert_int_equal(eng.entries[0].set, eng.entries[1].set);
        assert_int_equal(eng.entries[2].set, -1);
        if (control) {
            assert_string_equal(eng.entries[3].arm, "control");
            assert_int_equal(eng.entries[3].runs, 8);
            assert_int_equal(eng.entries[3].set, eng.entries[0].set);
        }
        /* round by round: a and b (and the control) ran in the same rounds */
        for (int r = 0; r < 8; r++) {
            int n[4] = {0};
            for (int k = 0; k < f.nlog; k++)
                n[f.log[k][0]] += f.log[k][1] == r;
            assert_int_equal(n[0], 1);
            assert_int_equal(n[1], 1);
            assert_int_equal(n[2], r < FK_REPS_AUTO_MIN);
            assert_int_equal(n[3], control);
        }
        fk_engine_free(&eng);
    }
}

/* Runs n entries of f with auto_pct (0: --reps N), checks the exit code and returns what entry
 * 0 counted (its walls already freed). */
static fk_engine_entry_t ran(fake_t *f, int n, int warmup, int reps, double auto_pct, int want_rc)
{
    fk_engine_t eng;
    setup(&eng, &ops, f, n, warmup, reps);
    eng.auto_pct = auto_pct;
    assert_int_equal(fk_engine_run(&eng), want_rc);
    assert_int_equal(eng.budget_hit, 0);
    fk_engine_entry_t first = eng.entries[0];
    fk_engine_free(&eng);
    first.walls = NULL;
    return first;
}

static void test_failures(void **state)
{
    (void)state;
    fake_t f = {
        .status = "failed:task 3 crashed (SIGSEGV)",
        .warm = "ok",
        .lands = 1,
    };
    fk_engine_entry_t e = ran(&f, 1, 0, 2, 0, FK_EXIT_FAIL);
    assert_int_equal(e.nwalls, 0);
    assert_int_equal(e.failures, 2);
    /* a failed warm-up fails the command, though every timed run was ok */
    fake_t g = {.status = "ok", .warm = "timeout", .lands = 1};
    assert_int_equal(ran(&g, 1, 1, 2, 0, FK_EXIT_FAIL).nwalls, 2);
}

static void test_reps_auto(void **state)
{
    (void)state;
    fake_t f = {.status = "ok", .warm = "ok", .lands = 1};
    /* steady: the minimum; never precise: --max-reps (8) */
    assert_int_equal(ran(&f, 2, 0, FK_REPS_AUTO_MIN, 2, FK_EXIT_OK).nwalls, FK_REPS_AUTO_MIN);
    fake_t g = {.status = "ok", .warm = "ok", .lands = 1, .noisy = 1};
    assert_int_equal(ran(&g, 1, 0, FK_REPS_AUTO_MIN, 2, FK_EXIT_OK).nwalls, 8);
    /* the progress total never falls back: the minimum first, then one run at a time */
    for (int i = 0; i < g.nlog; i++) {
        assert_true(g.totals[i] >= (i < FK_REPS_AUTO_MIN ? FK_REPS_AUTO_MIN : i + 1));
        assert_true(i == 0 || g.totals[i] >= g.totals[i - 1]);
    }
}

static void test_budget(void **state)
{
    (void)state;
    fake_t f = {.status = "ok", .warm = "ok", .lands = 1};
    fk_engine_t eng;
    setup(&eng, &ops, &f, 2, 1, 5);
    eng.budget_s = 1, eng.started = fk_now() - 10; /* spent before the first timed run */
    assert_int_equal(fk_engine_run(&eng), FK_EXIT_OK);
    assert_int_equal(f.nlog, 2); /* the warm-ups only */
    assert_int_equal(eng.entries[0].nwalls, 0);
    assert_int_equal(eng.budget_hit, 1);
    fk_engine_free(&eng);
}

static void test_one_run_lands_many(void **state)
{
    (void)state;
    fake_t f = {.status = "ok", .warm = "ok", .lands = 1};
    fk_engine_t eng;
    fk_engine_init(&eng, &ops, &f, "test");
    eng.quiet = 1, eng.holds_reps = 1;
    fk_engine_entry_t e = {.label = "fork", .per_run = 5};
    assert_int_equal(fk_engine_add(&eng, &e), 0);
    assert_int_equal(fk_engine_run(&eng), FK_EXIT_OK);
    assert_int_equal(f.nlog, 1);
    assert_int_equal(eng.entries[0].nwalls, 5);
    fk_engine_free(&eng);
}

/* Rank 0 measures noisy data with --reps auto; rank 1 lands nothing (its walls stay empty,
 * so alone it would want runs for ever) and replays rank 0's decisions: it must run the
 * same entries in the same order and exit alike. */
static void test_ranks_agree(void **state)
{
    (void)state;
    static fake_t r0, r1;
    fk_engine_t e0, e1;
    r0 = (fake_t){.status = "ok", .warm = "ok", .lands = 1, .noisy = 1};
    setup(&e0, &mpi_ops, &r0, 2, 1, FK_REPS_AUTO_MIN);
    e0.auto_pct = 2;
    int rc0 = fk_engine_run(&e0);
    r1 = (fake_t){.status = "ok", .warm = "ok", .lands = 0, .replay = 1};
    memcpy(r1.agreed, r0.agreed, sizeof r1.agreed);
    r1.nagreed = r0.nagreed;
    setup(&e1, &mpi_ops, &r1, 2, 1, FK_REPS_AUTO_MIN);
    e1.auto_pct = 2;
    assert_int_equal(fk_engine_run(&e1), rc0);
    assert_int_equal(r1.next, r0.nagreed); /* every decision taken from rank 0 */
    assert_int_equal(r1.nlog, r0.nlog);
    for (int i = 0; i < r0.nlog; i++)
        assert_int_equal(r1.log[i][0], r0.log[i][0]);
    assert_int_equal(e0.entries[0].nwalls, 8);
    fk_engine_free(&e0);
    fk_engine_free(&e1);
}

/* The disturbed threshold: over half a CPU on average, and above the ticks' resolution. */
static void test_disturbed_threshold(void **state)
{
    (void)state;
    assert_false(fk_noise_disturbed(0.0, 1.0));
    assert_false(fk_noise_disturbed(0.4, 1.0));
    assert_true(fk_noise_disturbed(0.6, 1.0));
    assert_false(fk_noise_disturbed(0.01, 0.001)); /* one tick on a short run: resolution */
    assert_true(fk_noise_disturbed(0.03, 0.01));
}

FK_TEST_MAIN(cmocka_unit_test(test_disturbed_threshold), cmocka_unit_test(test_warmups_then_rounds),
             cmocka_unit_test(test_rounds_random_replayable),
             cmocka_unit_test(test_comparison_stops_together), cmocka_unit_test(test_failures),
             cmocka_unit_test(test_reps_auto), cmocka_unit_test(test_budget),
             cmocka_unit_test(test_one_run_lands_many), cmocka_unit_test(test_ranks_agree))
