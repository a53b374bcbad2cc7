/* SPDX-License-Identifier: MIT */
/* step_root.h: where a nonincreasing step function of a shift crosses 0, found at its steps
 * rather than by bisection to a tolerance: the rank statistics behind R's wilcox.test
 * intervals (shift.c, two samples; paired.c, one) change only at known points (pairwise
 * differences, Walsh averages), so R's uniroot answers lie within its 1e-4 of these. */
#ifndef FK_STEP_ROOT_H
#define FK_STEP_ROOT_H

#include <stddef.h>

/* The step function: f(ctx, d, zq, correct), nonincreasing in d. */
typedef double (*fk_step_fn)(const void *ctx, double d, double zq, int correct);

/* As R's root(): u[0] when f is already <= 0 there, u[nu - 1] when still >= 0 there; else
 * the step u[k] where f changes sign, or the middle of an interval where it is exactly 0.
 * u: the nu distinct points where f may step, sorted. */
double fk_step_root(fk_step_fn f, const void *ctx, const double *u, size_t nu, double zq,
                    int correct);

/* qsort's comparison of doubles. */
int fk_cmp_double(const void *a, const void *b);

#endif
