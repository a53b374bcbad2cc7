/* SPDX-License-Identifier: MIT */
/* reps.h: how many repetitions a kernel command runs. `--reps N` runs N; `--reps auto` (or
 * `auto:PCT`) lets the data decide: each group keeps running, in rounds with the others,
 * until the distribution-free 95% confidence interval of its median lies within +-PCT% of
 * the median (2% by default), and the groups it is compared with stop together with it
 * (rounds.h), with at least FK_REPS_AUTO_MIN runs and at most --max-reps (30);
 * `--budget SECONDS` caps the whole command either way. */
#ifndef FK_REPS_H
#define FK_REPS_H

#include <stddef.h>

/* The fewest runs whose [x(1), x(n)] covers the median with 95%: 1 - 2^(1-6) = 96.9%. */
#define FK_REPS_AUTO_MIN 6
#define FK_REPS_AUTO_PCT 2.0
#define FK_REPS_MAX_DEFAULT 30

/* Parses the value of --reps: "N" (1..100000: *auto_pct = 0), "auto" or "auto:PCT" (PCT in
 * 0.1..50: *reps = FK_REPS_AUTO_MIN). Returns 0, or -1 with "--reps ...: why" in err. */
int fk_reps_parse(const char *value, int *reps, double *auto_pct, char *err, size_t errlen);

/* How far the 95% CI of the median of walls[0..n) reaches from the median, as a percentage
 * of it (the larger side); NaN when n is too small for a 95% interval. */
double fk_reps_precision_pct(const double *walls, size_t n);

/* How many more runs an entry that still wants one (rounds.h) needs at least: the rest of
 * reps, or with auto the runs still below FK_REPS_AUTO_MIN good ones (1 when only a CI is
 * too wide), within max_reps: the progress line's total. */
int fk_reps_left(int reps, double auto_pct, int max_reps, int runs, int nwalls);

/* 1 when a run expected to take next_s seconds would end past budget_s seconds after
 * started (fk_now() time); never with budget_s 0. */
int fk_reps_over_budget(double budget_s, double started, double next_s);

#endif
