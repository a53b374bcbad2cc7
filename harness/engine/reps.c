/* SPDX-License-Identifier: MIT */
/* reps.c: the repetition policy of the kernel commands (see reps.h). */
#include "harness/engine/reps.h"

#include <math.h>
#include <string.h>

#include "harness/base/stats.h"
#include "harness/base/numparse.h"
#include "kernels/common/util.h"

int fk_reps_parse(const char *value, int *reps, double *auto_pct, char *err, size_t errlen)
{
    long n;
    *auto_pct = 0;
    if (strncmp(value, "auto", 4) == 0) {
        *reps = FK_REPS_AUTO_MIN;
        *auto_pct = FK_REPS_AUTO_PCT;
        if (value[4] == '\0')
            return 0;
        if (value[4] == ':' && fk_parse_double(value + 5, 0.1, 50, auto_pct) == 0)
            return 0;
        return fk_err(err, errlen, "--reps %s: use auto or auto:PCT, PCT a percentage in 0.1..50",
                      value);
    }
    if (fk_parse_long(value, 1, 100000, &n) != 0)
        return fk_err(err, errlen, "--reps %s: not a whole number in 1..100000, auto or auto:PCT",
                      value);
    *reps = (int)n;
    return 0;
}

double fk_reps_precision_pct(const double *walls, size_t n)
{
    fk_summary_t s;
    if (n == 0 || fk_stats_median_ci_level(n) < 0.95)
        return NAN;
    fk_stats_summarize(walls, n, &s);
    return 100.0 * fmax(s.median - s.ci_lo, s.ci_hi - s.median) / s.median;
}

int fk_reps_left(int reps, double auto_pct, int max_reps, int runs, int nwalls)
{
    int left;
    if (auto_pct <= 0)
        return reps - runs > 0 ? reps - runs : 0;
    left = FK_REPS_AUTO_MIN - nwalls > 1 ? FK_REPS_AUTO_MIN - nwalls : 1;
    return left < max_reps - runs ? left : max_reps - runs > 0 ? max_reps - runs : 0;
}

int fk_reps_over_budget(double budget_s, double started, double next_s)
{
    return budget_s > 0 && fk_now() - started + next_s > budget_s;
}
