/* SPDX-License-Identifier: MIT */
/* report_compare.c: the comparisons of the answer and comparisons.csv (report_compare.h).
 * A verdict needs a ratio interval wholly beyond the 1.02x margin to call one model faster
 * (one that only excludes 1 errs 5% of the time on identical models), and one wholly inside
 * it to call them the same; anything else is undecided, so that a difference of 20% between
 * two noisy samples is never called "no difference" (as the overlap of two [min, max]
 * ranges once did). */
#include "harness/report/report_compare.h"
#include "harness/base/role.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/engine/csv.h"
#include "harness/base/paired.h"
#include "harness/report/report_pairs.h"
#include "kernels/common/util.h"

/* "95% CI", or the coverage actually reached (tiny samples: "90% CI"). */
static void ci_name(double level, char *buf, size_t len)
{
    if (level >= FK_CONTROL_CONF - 1e-9) { /* the A/A control's */
        snprintf(buf, len, "%g%% CI", 100 * FK_CONTROL_CONF);
        return;
    }
    int pct = level >= 0.99 ? 99 : level >= 0.95 - 1e-9 ? 95 : (int)floor(100.0 * level + 1e-6);
    snprintf(buf, len, "%d%% CI", pct);
}

int fk_report_verdict(double ratio, double lo, double hi, double level, const char *a_name,
                      const char *b_name, char *text, size_t len)
{
    char ci[16], what[160];
    const double m = 1 + FK_VERDICT_MARGIN_PCT / 100;
    ci_name(level, ci, sizeof ci);
    snprintf(what, sizeof what, "%s %s %.3fx the time of %s (%s %.3fx to %.3fx)", a_name,
             a_name[strlen(a_name) - 1] == 's' ? "take" : "takes", ratio, b_name, ci, lo, hi);
    if (!(level >= 0.9 - 1e-9)) { /* 2 against 2 runs: a 67% interval decides nothing */
        snprintf(text, len,
                 "undecided: too few runs for a 95%% CI (this one, %.3fx to %.3fx, covers "
                 "only %.0f%%); run more repetitions",
                 lo, hi, floor(100.0 * level + 1e-6));
        return FK_VERDICT_UNDECIDED;
    }
    if (lo >= 1 / m && hi <= m) {
        snprintf(text, len, "no difference: %s, within %.2fx either way", what, m);
        return FK_VERDICT_SAME;
    }
    if (hi < 1 / m) { /* a's times are lower by more than the margin: a faster */
        snprintf(text, len, "%s faster: %s", a_name, what);
        return FK_VERDICT_A_FASTER;
    }
    if (lo > m) {
        snprintf(text, len, "%s faster: %s", b_name, what);
        return FK_VERDICT_B_FASTER;
    }
    snprintf(text, len, "undecided: %s, neither beyond nor within %.2fx; run more repetitions",
             what, m);
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

/* Two samples, no rounds (older files): the Hodges-Lehmann shift over b's median. */
static int compare_unpaired(fk_report_comparison_t *c)
{
    const fk_report_group_t *a = c->a, *b = c->b;
    double *x = ok_walls(a), *y = ok_walls(b);
    int hl = x && y ? fk_shift_hodges_lehmann(x, a->runs, y, b->runs, &c->shift) : 0;
    free(x);
    free(y);
    if (!x || !y)
        return -1;
    c->a_runs = a->runs, c->b_runs = b->runs;
    if (hl == -2)
        return snprintf(c->text, sizeof c->text,
                        "undecided: %zu x %zu runs are more pairs than the estimate keeps "
                        "(%zu); compare fewer runs",
                        a->runs, b->runs, (size_t)FK_SHIFT_MAX_PAIRS),
               1;
    if (hl != 0)
        return 1;
    double base = b->wall.median;
    c->ratio = 1 + c->shift.estimate / base;
    c->ratio_lo = 1 + c->shift.lo / base;
    c->ratio_hi = 1 + c->shift.hi / base;
    c->level = c->shift.level;
    return 0;
}

/* The rounds both ran, analysed in pairs (paired.h). Returns 0, 1 when there is no
 * interval, 2 when the two share no round (older files: compare_unpaired), -1 when memory
 * is short. */
static int compare_paired(fk_report_comparison_t *c)
{
    double *x, *y;
    size_t n;
    if (fk_report_pairs(c->a, c->b, &x, &y, &n) != 0)
        return -1;
    fk_paired_t p;
    double conf = c->kind == FK_KIND_CONTROL ? FK_CONTROL_CONF : 0.95;
    int rc =
        n == 0 ? 2 : fk_paired_ratio_at(x, y, n, conf, &p, &c->ratio, &c->ratio_lo, &c->ratio_hi);
    free(x);
    free(y);
    if (rc == 2)
        return 2;
    c->paired = 1;
    c->pairs = c->a_runs = c->b_runs = n;
    c->level = p.level;
    c->shift.estimate = c->b->wall.median * (c->ratio - 1); /* shift_s: the ratio in seconds */
    return rc == 0 ? 0 : 1;
}

static int compare_one(fk_report_comparison_t *c, const fk_report_group_t *a,
                       const fk_report_group_t *b, int kind, const char *a_name, const char *b_name)
{
    memset(c, 0, sizeof *c);
    c->a = a, c->b = b, c->kind = kind;
    c->ratio = c->ratio_lo = c->ratio_hi = c->level = NAN;
    c->shift.estimate = NAN;
    int rc = compare_paired(c);
    if (rc == 2) /* no rounds in common */
        rc = compare_unpaired(c);
    if (rc < 0)
        return -1;
    c->shift_pct = 100 * (c->ratio - 1);
    c->ci_lo_pct = 100 * (c->ratio_lo - 1);
    c->ci_hi_pct = 100 * (c->ratio_hi - 1);
    c->verdict = FK_VERDICT_UNDECIDED;
    if (rc == 0)
        c->verdict = fk_report_verdict(c->ratio, c->ratio_lo, c->ratio_hi, c->level, a_name, b_name,
                                       c->text, sizeof c->text);
    else if (!c->text[0])
        snprintf(c->text, sizeof c->text,
                 "undecided: too few runs for an interval; run more repetitions");
    return 0;
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

/* Each A/A control against the model it copies: a verdict of "faster" there says this run
 * tells apart what is not there, so none of its verdicts holds (r->unreliable). */
static int compare_controls(fk_report_t *r)
{
    for (size_t i = 0; i < r->ncontrols; i++) {
        const fk_report_group_t *c = &r->controls[i];
        const fk_report_group_t *orig = fk_report_find(r, c, c->model, c->workers);
        if (!orig || !orig->runs || !c->runs)
            continue;
        fk_report_comparison_t *k = &r->comparisons[r->ncomparisons];
        if (compare_one(k, c, orig, FK_KIND_CONTROL, c->label, orig->label) != 0)
            return -1;
        r->ncomparisons++;
        int faster = k->verdict == FK_VERDICT_A_FASTER || k->verdict == FK_VERDICT_B_FASTER;
        if (faster && !(k->level >= FK_CONTROL_CONF - 1e-9)) {
            /* too few rounds for 99.9%: at the 95% few rounds allow, two identical arms clear
             * the margin in 1 run of 20 on a noisy machine, which would unsay every verdict */
            k->verdict = FK_VERDICT_UNDECIDED;
            snprintf(k->text, sizeof k->text,
                     "undecided: too few rounds for the control's %g%% CI (this one, %.3fx to "
                     "%.3fx, covers %.1f%%); run more repetitions",
                     100 * FK_CONTROL_CONF, k->ratio_lo, k->ratio_hi, 100 * k->level);
            faster = 0;
        }
        r->unreliable |= faster;
    }
    return 0;
}

int fk_report_compare(fk_report_t *r, char *err, size_t errlen)
{
    r->ncomparisons = 0;
    r->comparisons =
        calloc(r->ngroups + r->ncontrols ? r->ngroups + r->ncontrols : 1, sizeof *r->comparisons);
    if (!r->comparisons)
        return fk_err(err, errlen, "out of memory");
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i], *b = NULL;
        int pure = fk_model_role(g->model) == FK_ROLE_PROCESSES;
        if (fk_report_is_spawn(g) || g->runs == 0)
            continue;
        const char *peer = pure ? fk_model_peer(g->model) : NULL;
        if (peer)
            b = fk_report_find(r, g, peer, g->workers);
        else if (fk_model_role(g->model) == FK_ROLE_BOTH)
            b = best_pure(r, g);
        if (!b || b->runs == 0)
            continue;
        if (compare_one(&r->comparisons[r->ncomparisons], g, b, FK_KIND_MODELS,
                        pure ? "processes" : g->label, pure ? "threads" : b->label) != 0)
            return fk_err(err, errlen, "out of memory");
        r->ncomparisons++;
    }
    if (compare_controls(r) != 0)
        return fk_err(err, errlen, "out of memory");
    return 0;
}

int fk_report_startup(const fk_report_group_t *one, const fk_report_group_t *serial, double *est,
                      double *lo, double *hi)
{
    double *x, *y;
    size_t n;
    *est = *lo = *hi = NAN;
    if (!one || !serial || !one->runs || !serial->runs || fk_report_pairs(one, serial, &x, &y, &n))
        return -1;
    int rc;
    if (n > 0) { /* the same rounds: the paired differences */
        for (size_t i = 0; i < n; i++)
            x[i] -= y[i];
        fk_paired_t p;
        rc = fk_paired_analyse(x, n, &p);
        *est = p.estimate, *lo = p.lo, *hi = p.hi;
    } else {
        free(x), free(y);
        x = ok_walls(one), y = ok_walls(serial);
        fk_shift_t s;
        rc = x && y ? fk_shift_hodges_lehmann(x, one->runs, y, serial->runs, &s) : -1;
        *est = s.estimate, *lo = s.lo, *hi = s.hi;
    }
    free(x);
    free(y);
    return rc == 0 ? 0 : -1;
}

const char *fk_report_startup_text(double est, double lo, double hi, char *buf, size_t len)
{
    char e[32], l[32], h[32];
    if (isnan(est))
        snprintf(buf, len, "-");
    else if (!(lo > 0)) /* the CI reaches 0 (or below): no cost this data can show */
        snprintf(buf, len, "too small to measure here");
    else
        snprintf(buf, len, "%s (95%% CI %s to %s)", fk_report_fmt_time(est, e, sizeof e),
                 fk_report_fmt_time(lo, l, sizeof l), fk_report_fmt_time(hi, h, sizeof h));
    return buf;
}

int fk_report_decide(const fk_report_group_t *a, const fk_report_group_t *b)
{
    fk_report_comparison_t c;
    if (compare_one(&c, a, b, FK_KIND_MODELS, a->label, b->label) != 0)
        return FK_VERDICT_UNDECIDED;
    return c.verdict;
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
          "shift_s,shift_pct,ci_lo_pct,ci_hi_pct,verdict,kind,pairs,method,ratio,ratio_lo,"
          "ratio_hi,ci_level,decided,unreliable\n",
          f);
    for (size_t i = 0; i < r->ncomparisons; i++) {
        const fk_report_comparison_t *c = &r->comparisons[i];
        put_field(f, c->a->kernel, 0);
        put_field(f, c->a->variant, 0);
        put_field(f, c->a->class_name, 0);
        fprintf(f, "%d,", c->a->workers);
        put_field(f, c->a->label, 0);
        put_field(f, c->b->label, 0);
        fprintf(f, "%zu,%zu,%.9g,%.9g,%.9g,%.4f,%.4f,%.4f,", c->a_runs, c->b_runs,
                c->a->wall.median, c->b->wall.median, c->shift.estimate, c->shift_pct, c->ci_lo_pct,
                c->ci_hi_pct);
        put_field(f, c->text, 0);
        fprintf(f, "%s,%zu,%s,%.6f,%.6f,%.6f,%.4f,%d,%d\n",
                c->kind == FK_KIND_CONTROL ? "control" : "models", c->pairs,
                c->paired ? "paired" : "unpaired", c->ratio, c->ratio_lo, c->ratio_hi, c->level,
                c->verdict != FK_VERDICT_UNDECIDED, r->unreliable);
    }
}

int fk_report_write_comparisons(const fk_report_t *r, char *err, size_t errlen)
{
    return fk_report_write_file(r, "comparisons.csv", write_comparisons, err, errlen);
}
