/* report_compare.c: the comparisons of the answer and comparisons.csv (report_compare.h).
 * A verdict needs an interval that excludes 0 to call one model faster, and one that lies
 * inside the margin to call them the same; anything else is undecided, so that a
 * difference of 20% between two noisy samples is never called "no difference" (as the
 * overlap of two [min, max] ranges once did). */
#include "harness/report/report_compare.h"
#include "harness/base/role.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/engine/csv.h"
#include "kernels/common/util.h"

/* "95% CI", or the coverage actually reached (tiny samples: "90% CI"). */
static void ci_name(double level, char *buf, size_t len)
{
    int pct = level >= 0.95 - 1e-9 ? 95 : (int)floor(100.0 * level + 1e-6);
    snprintf(buf, len, "%d%% CI", pct);
}

int fk_report_verdict(double shift_pct, double lo, double hi, double level, const char *a_name,
                      const char *b_name, char *text, size_t len)
{
    char ci[16];
    const double m = FK_VERDICT_MARGIN_PCT;
    ci_name(level, ci, sizeof ci);
    if (!(level >= 0.9 - 1e-9)) { /* 2 against 2 runs: a 67% interval decides nothing */
        snprintf(text, len,
                 "undecided: too few runs for a 95%% CI (this one, %.1f%% to %.1f%%, covers "
                 "only %.0f%%); run more repetitions",
                 lo, hi, floor(100.0 * level + 1e-6));
        return FK_VERDICT_UNDECIDED;
    }
    if (lo >= -m && hi <= m) {
        snprintf(text, len, "no difference: the %s (%.1f%% to %.1f%%) lies within ±%g%%", ci, lo,
                 hi, m);
        return FK_VERDICT_SAME;
    }
    if (hi < 0) { /* a's times are lower: a faster */
        snprintf(text, len, "%s faster by %.1f%% (%s %.1f%% to %.1f%%)", a_name, -shift_pct, ci,
                 -hi, -lo);
        return FK_VERDICT_A_FASTER;
    }
    if (lo > 0) {
        snprintf(text, len, "%s faster by %.1f%% (%s %.1f%% to %.1f%%)", b_name, shift_pct, ci, lo,
                 hi);
        return FK_VERDICT_B_FASTER;
    }
    snprintf(text, len,
             "undecided: the CI (%.1f%% to %.1f%%) is wider than ±%g%% and includes 0; run "
             "more repetitions",
             lo, hi, m);
    return FK_VERDICT_UNDECIDED;
}

/* The wall times of g's verified runs, in a new array (NULL when memory is short). */
static double *ok_walls(const fk_report_group_t *g)
{
    double *w = malloc((g->nmembers ? g->nmembers : 1) * sizeof *w);
    size_t k = 0;
    for (size_t i = 0; w && i < g->nmembers; i++)
        if (g->members[i].ok)
            w[k++] = g->members[i].wall_s;
    return w;
}

static int compare_one(fk_report_comparison_t *c, const fk_report_group_t *a,
                       const fk_report_group_t *b, int pure)
{
    double *x = ok_walls(a), *y = ok_walls(b);
    int rc = -1;
    memset(c, 0, sizeof *c);
    c->a = a;
    c->b = b;
    int hl = x && y ? fk_shift_hodges_lehmann(x, a->runs, y, b->runs, &c->shift) : 0;
    if (x && y && hl != 0) {
        c->shift_pct = c->ci_lo_pct = c->ci_hi_pct = NAN;
        c->verdict = FK_VERDICT_UNDECIDED;
        if (hl == -2)
            snprintf(c->text, sizeof c->text,
                     "undecided: %zu x %zu runs are more pairs than the estimate keeps "
                     "(%zu); compare fewer runs",
                     a->runs, b->runs, (size_t)FK_SHIFT_MAX_PAIRS);
        else
            snprintf(c->text, sizeof c->text,
                     "undecided: too few runs for an interval; run more "
                     "repetitions");
        rc = 0;
    } else if (x && y) {
        double base = b->wall.median / 100.0;
        c->shift_pct = c->shift.estimate / base;
        c->ci_lo_pct = c->shift.lo / base;
        c->ci_hi_pct = c->shift.hi / base;
        c->verdict = fk_report_verdict(c->shift_pct, c->ci_lo_pct, c->ci_hi_pct, c->shift.level,
                                       pure ? "processes" : a->label, pure ? "threads" : b->label,
                                       c->text, sizeof c->text);
        rc = 0;
    }
    free(x);
    free(y);
    return rc;
}

/* The faster (lower median) of fork and omp at h's workers, with runs; NULL when neither. */
static const fk_report_group_t *best_pure(const fk_report_t *r, const fk_report_group_t *h)
{
    const fk_report_group_t *p =
        fk_report_find(r, h, fk_model_with_role(FK_ROLE_PROCESSES), h->workers);
    const fk_report_group_t *t =
        fk_report_find(r, h, fk_model_with_role(FK_ROLE_THREADS), h->workers);
    const fk_report_group_t *best = p && p->runs ? p : NULL;
    if (t && t->runs && (!best || t->wall.median < best->wall.median))
        best = t;
    return best;
}

int fk_report_compare(fk_report_t *r, char *err, size_t errlen)
{
    r->ncomparisons = 0;
    r->comparisons = calloc(r->ngroups ? r->ngroups : 1, sizeof *r->comparisons);
    if (!r->comparisons)
        return fk_err(err, errlen, "out of memory");
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i], *b = NULL;
        int pure = fk_model_role(g->model) == FK_ROLE_PROCESSES;
        if (fk_report_is_spawn(g) || g->runs == 0)
            continue;
        if (pure)
            b = fk_report_find(r, g, fk_model_with_role(FK_ROLE_THREADS), g->workers);
        else if (fk_model_role(g->model) == FK_ROLE_BOTH)
            b = best_pure(r, g);
        if (!b || b->runs == 0)
            continue;
        if (compare_one(&r->comparisons[r->ncomparisons], g, b, pure) != 0)
            return fk_err(err, errlen, "out of memory");
        r->ncomparisons++;
    }
    return 0;
}

const fk_report_comparison_t *fk_report_find_comparison(const fk_report_t *r,
                                                        const fk_report_group_t *a,
                                                        const fk_report_group_t *b)
{
    for (size_t i = 0; i < r->ncomparisons; i++)
        if (r->comparisons[i].a == a && (!b || r->comparisons[i].b == b))
            return &r->comparisons[i];
    return NULL;
}

static void put_field(FILE *f, const char *s, int last)
{
    char buf[512];
    size_t len = 0;
    if (fk_csv_quote(buf, sizeof buf, &len, s) < 0)
        buf[0] = '\0';
    fprintf(f, "%s%c", buf, last ? '\n' : ',');
}

static void write_comparisons(FILE *f, const fk_report_t *r)
{
    fputs("kernel,variant,class,workers,a_model,b_model,a_runs,b_runs,a_median_s,b_median_s,"
          "shift_s,shift_pct,ci_lo_pct,ci_hi_pct,verdict\n",
          f);
    for (size_t i = 0; i < r->ncomparisons; i++) {
        const fk_report_comparison_t *c = &r->comparisons[i];
        put_field(f, c->a->kernel, 0);
        put_field(f, c->a->variant, 0);
        put_field(f, c->a->class_name, 0);
        fprintf(f, "%d,", c->a->workers);
        put_field(f, c->a->label, 0);
        put_field(f, c->b->label, 0);
        fprintf(f, "%zu,%zu,%.9g,%.9g,%.9g,%.4f,%.4f,%.4f,", c->a->runs, c->b->runs,
                c->a->wall.median, c->b->wall.median, c->shift.estimate, c->shift_pct, c->ci_lo_pct,
                c->ci_hi_pct);
        put_field(f, c->text, 1);
    }
}

int fk_report_write_comparisons(const fk_report_t *r, char *err, size_t errlen)
{
    return fk_report_write_file(r, "comparisons.csv", write_comparisons, err, errlen);
}
