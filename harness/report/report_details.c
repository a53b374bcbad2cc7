/* report_details.c: the closing answer of report.md (see report_details.h). Every "faster" or
 * "no difference" is the verdict of comparisons.csv; the counters beside it say where the
 * time went: the page faults a forked worker takes on copy-on-write pages, the involuntary
 * context switches of workers that outnumber the cores, migrations between cores. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report/report_details.h"
#include "harness/models/role.h"
#include "harness/report/report_compare.h"
#include "harness/report/report_cause.h"

/* Counts of the verdicts, for the closing summary. */
typedef struct {
    size_t a_faster, b_faster, same, undecided, spawn;
} tally_t;

int fk_report_too_few(const fk_report_group_t *g)
{
    return g->runs < 6;
}

double fk_report_memory_ratio(const fk_report_t *r, int by_pss)
{
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->ncomparisons; i++) {
        const fk_report_comparison_t *c = &r->comparisons[i];
        double a = by_pss ? c->a->counter[FK_RC_PSS] : c->a->rss_sum_kib;
        double b = by_pss ? c->b->counter[FK_RC_PSS] : c->b->rss_sum_kib;
        if (fk_model_role(c->a->model) != FK_ROLE_PROCESSES || c->kind != FK_KIND_MODELS ||
            !(a > 0) || !(b > 0))
            continue;
        sum += a / b;
        n++;
    }
    return n ? sum / (double)n : NAN;
}

/* "omp 17.01 ms [16.90 ms, 17.20 ms], 8 runs", and the interval's true coverage when too few
 * runs give it less than 95%: "..., 5 runs (a 93.8% CI: too few runs for 95%)" */
static void median_ci(FILE *md, const fk_report_group_t *g)
{
    char a[32], b[32], c[32];
    fprintf(md, "%s %s [%s, %s], %zu run%s", g->label, fk_report_fmt_time(g->wall.median, a, 32),
            fk_report_fmt_time(g->wall.ci_lo, b, 32), fk_report_fmt_time(g->wall.ci_hi, c, 32),
            g->runs, g->runs == 1 ? "" : "s");
    if (fk_report_too_few(g))
        fprintf(md, " (a %.1f%% CI: too few runs for 95%%)", 100.0 * g->ci_level);
}

static void count(tally_t *t, int verdict)
{
    t->a_faster += verdict == FK_VERDICT_A_FASTER;
    t->b_faster += verdict == FK_VERDICT_B_FASTER;
    t->same += verdict == FK_VERDICT_SAME;
    t->undecided += verdict == FK_VERDICT_UNDECIDED;
}

/* "225" or "not measured" */
static const char *fmt_count(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "not measured");
    else
        snprintf(buf, len, "%.0f", v);
    return buf;
}

/* The counters of a against b (medians per run), and the cause they point to when the
 * verdict names a winner. */
static void explain(FILE *md, const fk_report_comparison_t *c)
{
    const fk_report_group_t *a = c->a, *b = c->b;
    char fa[32], fb[32], ia[32], ib[32], ma[32], mb[32];
    double flt_a = a->counter[FK_RC_MINFLT] + a->counter[FK_RC_MAJFLT];
    double flt_b = b->counter[FK_RC_MINFLT] + b->counter[FK_RC_MAJFLT];
    fprintf(md,
            "  Counters (medians per run, %s vs %s): page faults %s vs %s; involuntary context "
            "switches %s vs %s; CPU migrations %s vs %s.",
            a->label, b->label, fmt_count(flt_a, fa, 32), fmt_count(flt_b, fb, 32),
            fmt_count(a->counter[FK_RC_NIVCSW], ia, 32),
            fmt_count(b->counter[FK_RC_NIVCSW], ib, 32),
            fmt_count(a->counter[FK_RC_MIGRATIONS], ma, 32),
            fmt_count(b->counter[FK_RC_MIGRATIONS], mb, 32));
    /* A cause only where the counter can carry it: the extra faults times what one costs
     * here (cow_fault_s, measured by the harness) account for half the difference or more,
     * and the verdict decided it. */
    double unit = strtod(fk_report_context(a->first, "cow_fault_s"), NULL);
    double diff_s = b->wall.median * (c->ratio - 1), extra = flt_a - flt_b;
    if (c->verdict == FK_VERDICT_B_FASTER && a->procs > 1 && unit > 0 && extra > 0 &&
        extra * unit >= 0.5 * diff_s)
        fprintf(md,
                " %s took %.0f more page faults per run (%.0f per process); at %.1f us each "
                "(a copy-on-write fault, measured here) they account for %.0f%% of the "
                "difference: each forked worker faults in its own copies of the pages it "
                "writes, which threads in one process do not.",
                a->label, extra, extra / a->procs, 1e6 * unit, 100 * extra * unit / diff_s);
    /* oversubscription hits both models: said only where it sets them apart, on a decided
     * verdict, as what the counters show */
    const fk_report_group_t *slow = c->verdict == FK_VERDICT_B_FASTER ? a : b;
    const fk_report_group_t *fast = slow == a ? b : a;
    if ((c->verdict == FK_VERDICT_A_FASTER || c->verdict == FK_VERDICT_B_FASTER) &&
        fk_report_oversubscribed(a) &&
        slow->counter[FK_RC_NIVCSW] > 1.2 * fast->counter[FK_RC_NIVCSW])
        fprintf(md,
                " %d workers on %d cores: the slower, %s, was preempted more (involuntary "
                "switches %s vs %s).",
                a->workers, a->cpus, slow->label, slow == a ? ia : ib, slow == a ? ib : ia);
    fprintf(md, "\n");
}

/* One worker count: the verdict of processes (p) against threads (t), their medians, memory
 * and counters. */
static void answer_speed(FILE *md, const fk_report_comparison_t *c, tally_t *tally)
{
    const fk_report_group_t *p = c->a, *t = c->b;
    char a[32], b[32], d[32], e[32];
    fprintf(md, "- **%d worker%s**%s: %s: ", p->workers, p->workers == 1 ? "" : "s",
            fk_report_oversubscribed(p) ? " (oversubscribed)" : "", c->text);
    median_ci(md, p);
    fprintf(md, " vs ");
    median_ci(md, t);
    fprintf(md, ".\n");
    count(tally, c->verdict);
    fprintf(md,
            "  Memory (PSS summed over the run's processes): %s %s, %s %s; by RSS sums %s, %s.\n",
            p->label, fk_report_fmt_mib(p->counter[FK_RC_PSS], a, 32), t->label,
            fk_report_fmt_mib(t->counter[FK_RC_PSS], b, 32),
            fk_report_fmt_mib(p->rss_sum_kib, d, 32), fk_report_fmt_mib(t->rss_sum_kib, e, 32));
    explain(md, c);
}

/* Hybrid at one worker count against the faster pure model. */
static void answer_hybrid(FILE *md, const fk_report_comparison_t *c)
{
    const fk_report_group_t *h = c->a;
    fprintf(md,
            "- Hybrid, %d process%s x %d thread%s%s, against the faster pure model: %s: ", h->procs,
            h->procs == 1 ? "" : "es", h->threads, h->threads == 1 ? "" : "s",
            fk_report_oversubscribed(h) ? " (oversubscribed)" : "", c->text);
    median_ci(md, h);
    fprintf(md, " vs ");
    median_ci(md, c->b);
    fprintf(md, ".\n");
}

/* Workers that can run at once: the cores when oversubscribed. */
static int usable_workers(const fk_report_group_t *g)
{
    return g->cpus > 0 && g->workers > g->cpus ? g->cpus : g->workers;
}

/* Where the parallel run fell short: a speedup whose whole CI lies below 1, or below half
 * of what the usable cores allow; the cause is named from the data (report_cause.h), not
 * assumed. A speedup whose CI reaches past the line says nothing either way. */
static int answer_spawn_one(FILE *md, const fk_report_t *r, const fk_report_group_t *g)
{
    int usable = usable_workers(g);
    char why[512];
    if (!g->baseline || g->runs == 0 || g->workers < 2 || isnan(g->speedup))
        return 0;
    if (!g->slower_than_serial && !(g->speedup_hi < 0.5 * usable))
        return 0;
    fk_report_cause_t c;
    fk_report_cause(r, g, &c);
    fprintf(md, "- %s at %d workers: speedup %.2f where %d was possible (%s): %s.\n", g->label,
            g->workers, g->speedup, usable,
            g->slower_than_serial ? "slower than serial" : "below half of it",
            fk_report_cause_text(&c, why, sizeof why));
    return 1;
}

/* The time beyond the ideal, median - serial median / workers, of each parallel group that
 * is not oversubscribed, with the cause the data supports. */
static void answer_overhead(FILE *md, const fk_report_t *r, size_t i, size_t j)
{
    char why[512];
    int any = 0;
    for (size_t k = i; k < j; k++) {
        const fk_report_group_t *g = &r->groups[k];
        if (!g->baseline || g->runs == 0 || g->workers < 2 || fk_report_oversubscribed(g))
            continue;
        fk_report_cause_t c;
        fk_report_cause(r, g, &c);
        if (!any)
            fprintf(md, "- Time beyond the ideal (median - serial median / workers) and its "
                        "cause: start-up when starting the workers (forkomp spawn's costs) "
                        "accounts for half of it or more, imbalance when the busiest worker "
                        "does, load when the load warning fired (held back), else "
                        "unexplained:\n");
        fprintf(md, "  - %s at %d: %s.\n", g->label, g->workers,
                fk_report_cause_text(&c, why, sizeof why));
        any = 1;
    }
}

static void answer_spawn(FILE *md, const fk_report_t *r, size_t i, size_t j, tally_t *tally)
{
    size_t n = 0;
    const fk_report_group_t *worst = NULL;
    for (size_t k = i; k < j; k++) {
        const fk_report_group_t *g = &r->groups[k];
        n += (size_t)answer_spawn_one(md, r, g);
        if (g->workers > 1 && !isnan(g->speedup) &&
            (!worst || g->speedup / usable_workers(g) < worst->speedup / usable_workers(worst)))
            worst = g;
    }
    tally->spawn += n;
    if (!r->groups[i].baseline && !worst)
        fprintf(md, "- No verified serial runs here, so no speedups: run `--models serial,...` "
                    "too.\n");
    if (n == 0 && worst)
        fprintf(
            md,
            "- Every speedup reached half of what the cores allow or more: the lowest was %.0f%% "
            "of what the usable cores allow (%s at %d workers).\n",
            100.0 * worst->speedup / usable_workers(worst), worst->label, worst->workers);
    answer_overhead(md, r, i, j);
}

/* What a model is, in the answer's words, from its role (harness/models/role.h). */
static const char *role_words(const char *model)
{
    static const char *const words[] = {"one worker",          "processes", "threads",
                                        "processes x threads", "MPI ranks", "MPI ranks x threads"};
    int role = fk_model_role(model);
    return role >= 0 && (size_t)role < sizeof words / sizeof *words ? words[role]
                                                                    : "a model unknown here";
}

static int by_median(const void *a, const void *b)
{
    double x = (*(const fk_report_group_t *const *)a)->wall.median;
    double y = (*(const fk_report_group_t *const *)b)->wall.median;
    return (x > y) - (x < y);
}

/* One worker count of every model by median: "omp 500 ms (threads, 2.00x) < fork 600 ms
 * (...)", "<" only where the CI of the two's ratio says the first is faster, "," where the
 * data cannot order them. */
static void models_at(FILE *md, const fk_report_t *r, size_t i, size_t j, int w)
{
    const fk_report_group_t *at[64];
    size_t n = 0;
    char t[32];
    for (size_t k = i; k < j && n < sizeof at / sizeof *at; k++)
        if (r->groups[k].runs > 0 && r->groups[k].workers == w)
            at[n++] = &r->groups[k];
    qsort(at, n, sizeof *at, by_median);
    fprintf(md, "%d worker%s: ", w, w == 1 ? "" : "s");
    for (size_t k = 0; k < n; k++) {
        const fk_report_group_t *g = at[k];
        fprintf(md, "%s%s %s (%s, ",
                !k                                                      ? ""
                : fk_report_decide(at[k - 1], g) == FK_VERDICT_A_FASTER ? " < "
                                                                        : ", ",
                g->label, fk_report_fmt_time(g->wall.median, t, sizeof t), role_words(g->model));
        if (g->baseline == g)
            fprintf(md, "the baseline)");
        else
            fprintf(md, isnan(g->speedup) ? "no speedup)" : "%.2fx)", g->speedup);
    }
}

/* Every model of the case from the data, whatever it is called: each worker count, its
 * models fastest first, with what each is (its role) and its speedup over serial. */
static void answer_models(FILE *md, const fk_report_t *r, size_t i, size_t j)
{
    int prev = 0;
    for (;;) {
        int w = INT_MAX;
        for (size_t k = i; k < j; k++)
            if (r->groups[k].runs > 0 && r->groups[k].workers > prev && r->groups[k].workers < w)
                w = r->groups[k].workers;
        if (w == INT_MAX)
            break;
        fprintf(md, prev ? "; "
                         : "- Every model, by median at each worker count (what it is; speedup "
                           "over serial; \"<\": the one before is faster, by a CI beyond "
                           "1.02x; \",\": the data cannot order the two): ");
        models_at(md, r, i, j, w);
        prev = w;
    }
    if (prev)
        fprintf(md, ".\n");
}

static void answer_case(FILE *md, const fk_report_t *r, size_t i, size_t j, tally_t *tally)
{
    answer_models(md, r, i, j);
    int compared = 0;
    for (size_t k = 0; k < r->ncomparisons; k++) {
        const fk_report_comparison_t *c = &r->comparisons[k];
        if (c->a >= &r->groups[i] && c->a < &r->groups[j] &&
            fk_model_role(c->a->model) == FK_ROLE_PROCESSES) {
            answer_speed(md, c, tally);
            compared = 1;
        }
    }
    if (!compared)
        fprintf(md, "- No worker count has both processes (fork) and threads (omp) with "
                    "verified runs here.\n");
    for (size_t k = 0; k < r->ncomparisons; k++) {
        const fk_report_comparison_t *c = &r->comparisons[k];
        if (c->a >= &r->groups[i] && c->a < &r->groups[j] &&
            fk_model_role(c->a->model) == FK_ROLE_BOTH)
            answer_hybrid(md, c);
    }
    answer_spawn(md, r, i, j, tally);
}

static void answer_overall(FILE *md, const fk_report_t *r, const tally_t *t)
{
    size_t n = t->a_faster + t->b_faster + t->same + t->undecided;
    fprintf(md, "### Overall\n\n");
    if (n == 0) {
        fprintf(md, "No comparison of processes and threads is possible with this data: run "
                    "both `fork` and `omp` at the same worker counts.\n\n");
        return;
    }
    fprintf(md,
            "Of %zu comparisons of processes and threads at equal worker counts, threads were "
            "faster in %zu, processes in %zu, %zu showed no difference (their CI within "
            "%.2fx either way) and %zu were undecided (more repetitions needed).",
            n, t->b_faster, t->a_faster, t->same, 1 + FK_VERDICT_MARGIN_PCT / 100, t->undecided);
    double pss = fk_report_memory_ratio(r, 1), rss = fk_report_memory_ratio(r, 0);
    if (!isnan(pss))
        fprintf(md,
                " Processes used on average %.2fx the memory of threads by PSS (%.2fx by "
                "RSS summed over processes, which counts shared pages once per process).",
                pss, rss);
    else if (!isnan(rss))
        fprintf(md,
                " Processes used on average %.2fx the memory of threads by RSS summed over "
                "processes (no PSS recorded: it overstates processes).",
                rss);
    fprintf(md,
            " Speedup stayed below 1, or below half of what the cores allow, in %zu "
            "configuration%s (listed above, each with the cause the data supports).\n\n",
            t->spawn, t->spawn == 1 ? "" : "s");
}

void fk_report_answer_details(const fk_report_t *r, FILE *md)
{
    tally_t tally = {0};
    int hosts = fk_report_several_hosts(r);
    fprintf(md,
            "## The answer: sub-processes or threads?\n\nComputed from this data; each verdict "
            "is a row of `comparisons.csv`. The difference is the ratio of the processes' run "
            "times to the threads', round by round (the Hodges-Lehmann estimate of the rounds' "
            "log ratios; files without rounds: the shift between the two samples over the "
            "threads' median), with its distribution-free confidence interval: 95%%, or the "
            "lower coverage few runs allow, which the verdict then names. A model is called "
            "faster only when that interval lies wholly beyond %.2fx, \"no difference\" only "
            "when it lies within, and anything else is undecided.\n\n",
            1 + FK_VERDICT_MARGIN_PCT / 100);
    for (size_t i = 0, j; i < r->ngroups; i = j) {
        j = fk_report_case_end(r, i);
        if (fk_report_is_spawn(&r->groups[i]))
            continue; /* not a kernel: no answer */
        fprintf(md, "### ");
        fk_report_case_title(md, &r->groups[i], hosts);
        fprintf(md, "\n\n");
        answer_case(md, r, i, j, &tally);
        fprintf(md, "\n");
    }
    answer_overall(md, r, &tally);
}
