/* SPDX-License-Identifier: MIT */
/* rounds.h: the rounds of the run engine (engine.h). Each round runs every entry that still
 * wants a run once, in a fresh random order drawn from the run's seed (--order-seed N replays it;
 * the seed is in every row). Entries of one shape (the same workers, schedule and pin) form
 * a comparison set: they run in exactly the same rounds and stop together, when no member
 * and no pair of members wants more (--reps auto: each median's 95% CI within +-PCT%, and
 * each pair's paired ratio CI within +-PCT%; fixed --reps: N rounds). A run disturbed by
 * other processes (noise.c) does not count towards --reps auto's minimum of 6: its round is
 * retaken, up to --max-reps (its row stays, flagged: the analysis keeps every round, as a
 * load both arms of a round share cancels in their ratio). */
#ifndef FK_ROUNDS_H
#define FK_ROUNDS_H

#include "harness/engine/engine.h"

/* A seed from the clock and the process id, in 0..2^31-2. */
unsigned long fk_rounds_draw_seed(void);
/* Starts the random order of eng's rounds at seed. */
void fk_rounds_seed(fk_engine_t *eng, unsigned long seed);
/* perm[0..n) becomes the next round's random order of 0..n-1. */
void fk_rounds_shuffle(fk_engine_t *eng, int *perm, int n);
/* Sets each entry's set (-1: compared with nothing); returns the number of sets. */
int fk_rounds_assign_sets(fk_engine_t *eng);
/* The A/A control: when two models or more are compared, the entry to copy: in a set, not
 * serial, at the most workers within cpus; -1 when nothing is compared. Call after
 * fk_rounds_assign_sets. */
int fk_rounds_control_source(const fk_engine_t *eng, int cpus);
/* Adds the copy of entry src (arm "control", in src's set). Returns 1 when added, 0 when
 * src < 0, -1 when out of memory. */
int fk_rounds_add_control(fk_engine_t *eng, int src);
/* Whether e (its set, when it has one) wants another round, as rank 0 sees it. */
int fk_rounds_wants_more(const fk_engine_t *eng, const fk_engine_entry_t *e);

#endif
