/* SPDX-License-Identifier: MIT */
/* rounds.c: the rounds of the run engine (rounds.h): which entries are compared and so run
 * in exactly the same rounds (a comparison set), the seeded random order of each round, the
 * A/A control arm, and when a set or a lone entry has run enough.
 *
 * Why: runs of one round share the machine's load, and the load drifts. Two arms compared
 * only over the rounds both ran, each round in a fresh random order, see the same drift and
 * no fixed position; an arm that stopped early while the other ran on under a rising load
 * would give an interval from mixed time windows (issue 22). So stopping is decided per set:
 * every member runs while any member or any pair of members still wants a run. */
#include "harness/engine/rounds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/engine/reps.h"
#include "harness/base/role.h"
#include "harness/base/paired.h"
#include "harness/base/stats.h"

/* splitmix64: small, fast and good enough to shuffle a round; the same seed gives the same
 * orders on every machine, so a run can be replayed. */
static unsigned long long next_random(unsigned long long *state)
{
    unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

unsigned long fk_rounds_draw_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long s = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)getpid() << 20) ^
                           (unsigned long long)ts.tv_sec;
    return (unsigned long)(next_random(&s) % 2147483647ULL);
}

void fk_rounds_seed(fk_engine_t *eng, unsigned long seed)
{
    eng->seed = seed;
    eng->rng = seed;
}

void fk_rounds_shuffle(fk_engine_t *eng, int *perm, int n)
{
    for (int i = 0; i < n; i++)
        perm[i] = i;
    for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)(next_random(&eng->rng) % (unsigned long long)(i + 1));
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

/* Entries compared with each other: models (not spawn's mechanisms) of one shape. */
static int same_shape(const fk_engine_entry_t *a, const fk_engine_entry_t *b)
{
    return a->model && b->model && a->cfg.workers == b->cfg.workers &&
           a->cfg.schedule == b->cfg.schedule && a->cfg.pin == b->cfg.pin;
}

int fk_rounds_assign_sets(fk_engine_t *eng)
{
    int nsets = 0;
    for (int i = 0; i < eng->n; i++)
        eng->entries[i].set = -1;
    for (int i = 0; i < eng->n; i++) {
        fk_engine_entry_t *e = &eng->entries[i];
        for (int j = i + 1; j < eng->n && e->set < 0; j++)
            if (same_shape(e, &eng->entries[j]))
                e->set = eng->entries[j].set >= 0 ? eng->entries[j].set : nsets++;
        for (int j = i + 1; j < eng->n && e->set >= 0; j++)
            if (same_shape(e, &eng->entries[j]))
                eng->entries[j].set = e->set;
    }
    return nsets;
}

/* The entry the control copies: in a set, not serial, at the most workers that do not
 * outnumber the CPUs (oversubscription adds noise of its own); the first such in the plan. */
static int control_source(const fk_engine_t *eng, int cpus)
{
    int best = -1;
    for (int i = 0; i < eng->n; i++) {
        const fk_engine_entry_t *e = &eng->entries[i];
        if (e->set < 0 || e->model->role == FK_ROLE_ONE || e->arm)
            continue;
        int fits = e->cfg.workers <= cpus,
            best_fits = best >= 0 && eng->entries[best].cfg.workers <= cpus;
        if (best < 0 || (fits && !best_fits) ||
            (fits == best_fits && e->cfg.workers > eng->entries[best].cfg.workers))
            best = i;
    }
    return best;
}

int fk_rounds_control_source(const fk_engine_t *eng, int cpus)
{
    int distinct = 0;
    for (int i = 0; i < eng->n && !distinct; i++)
        for (int j = i + 1; j < eng->n; j++)
            if (eng->entries[i].model && eng->entries[j].model &&
                eng->entries[i].model != eng->entries[j].model)
                distinct = 1;
    return distinct ? control_source(eng, cpus) : -1;
}

int fk_rounds_add_control(fk_engine_t *eng, int src)
{
    if (src < 0 || src >= eng->n)
        return 0;
    fk_engine_entry_t copy = eng->entries[src];
    copy.arm = "control";
    if (fk_engine_add(eng, &copy) != 0)
        return -1;
    eng->entries[eng->n - 1].set = eng->entries[src].set;
    return 1;
}

/* The ok samples of e's rounds, into out; their number. */
static size_t ok_samples(const fk_engine_t *eng, const fk_engine_entry_t *e, double *out)
{
    size_t k = 0;
    for (int r = 0; r < eng->round; r++)
        if (!isnan(e->by_round[r]))
            out[k++] = e->by_round[r];
    return k;
}

/* Whether a lone entry wants another run: fixed, fewer than --reps; auto, below --max-reps
 * and fewer than FK_REPS_AUTO_MIN undisturbed ok runs (a disturbed run is retaken) or a
 * median's CI wider than +-PCT% (over every ok run, as the report computes it). */
static int entry_wants_more(const fk_engine_t *eng, const fk_engine_entry_t *e, double *scratch)
{
    if (eng->auto_pct <= 0)
        return e->runs < eng->reps;
    if (e->runs >= eng->max_reps)
        return 0;
    size_t n = ok_samples(eng, e, scratch);
    if (n < FK_REPS_AUTO_MIN + (size_t)e->disturbed)
        return 1;
    return !(fk_reps_precision_pct(scratch, n) <= eng->auto_pct);
}

/* Whether the paired ratio of a and b over the rounds both ran ok is still wider than
 * +-PCT% (or has fewer than FK_REPS_AUTO_MIN pairs). */
static int pair_wants_more(const fk_engine_t *eng, const fk_engine_entry_t *a,
                           const fk_engine_entry_t *b, double *x, double *y)
{
    size_t n = 0;
    for (int r = 0; r < eng->round; r++)
        if (!isnan(a->by_round[r]) && !isnan(b->by_round[r]))
            x[n] = a->by_round[r], y[n++] = b->by_round[r];
    if (n < FK_REPS_AUTO_MIN)
        return 1;
    fk_paired_t p;
    if (fk_paired_ratio(x, y, n, &p, NULL, NULL, NULL) != 0)
        return 1;
    return !(fmax(p.estimate - p.lo, p.hi - p.estimate) <= log1p(eng->auto_pct / 100));
}

/* Whether set s wants another round: fixed --reps as a lone entry; auto, below --max-reps
 * while any member or any pair of members wants more. */
static int set_wants_more(const fk_engine_t *eng, int s, double *scratch)
{
    double *y = scratch + fk_engine_max_runs(eng) + 1;
    for (int i = 0; i < eng->n; i++) {
        const fk_engine_entry_t *a = &eng->entries[i];
        if (a->set != s)
            continue;
        if (eng->auto_pct <= 0 || a->runs >= eng->max_reps)
            return entry_wants_more(eng, a, scratch);
        if (entry_wants_more(eng, a, scratch))
            return 1;
        for (int j = i + 1; j < eng->n; j++)
            if (eng->entries[j].set == s && pair_wants_more(eng, a, &eng->entries[j], scratch, y))
                return 1;
    }
    return 0;
}

int fk_rounds_wants_more(const fk_engine_t *eng, const fk_engine_entry_t *e)
{
    double *scratch = malloc(2 * (size_t)(fk_engine_max_runs(eng) + 1) * sizeof *scratch);
    if (!scratch)
        return 0;
    int more =
        e->set >= 0 ? set_wants_more(eng, e->set, scratch) : entry_wants_more(eng, e, scratch);
    free(scratch);
    return more;
}
