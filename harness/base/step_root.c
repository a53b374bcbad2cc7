/* SPDX-License-Identifier: MIT */
/* step_root.c: the root of a step function at its steps (step_root.h). */
#include "harness/base/step_root.h"

int fk_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double fk_step_root(fk_step_fn f, const void *ctx, const double *u, size_t nu, double zq,
                    int correct)
{
    if (!(f(ctx, u[0], zq, correct) > 0))
        return u[0];
    if (!(f(ctx, u[nu - 1], zq, correct) < 0))
        return u[nu - 1];
    size_t lo = 0, hi = nu - 1; /* interval k lies between u[k] and u[k + 1] */
    while (lo < hi) {           /* the first interval where f <= 0 */
        size_t k = lo + (hi - lo) / 2;
        if (f(ctx, (u[k] + u[k + 1]) / 2, zq, correct) <= 0)
            hi = k;
        else
            lo = k + 1;
    }
    if (lo < nu - 1 && f(ctx, (u[lo] + u[lo + 1]) / 2, zq, correct) == 0)
        return (u[lo] + u[lo + 1]) / 2;
    return u[lo];
}
