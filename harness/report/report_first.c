/* report_first.c: the tables under the short answer that opens report.md (see
 * report_details.h): for each job, one row per worker count where processes (fork) and
 * threads (omp) both ran, saying which was faster with its interval (comparisons.csv's
 * verdict), what one more worker costs in memory and what starting costs, so that a reader
 * who stops here has the answer. */
#include <math.h>
#include <string.h>

#include "harness/report/report_details.h"
#include "harness/models/role.h"
#include "harness/report/report_class.h"
#include "harness/report/report_compare.h"

/* The start-up cost of a model in a case, with its CI (fk_report_startup), in words. */
static const char *startup(const fk_report_t *r, const fk_report_group_t *g, const char *model,
                           char *buf, size_t len)
{
    double est, lo, hi;
    fk_report_startup(fk_report_find(r, g, model, 1), g->baseline, &est, &lo, &hi);
    return fk_report_startup_text(est, lo, hi, buf, len);
}

/* USS per extra worker: (USS sum at W - at 1) / (W - 1); NaN where not recorded. */
static double extra_worker_uss_kib(const fk_report_t *r, const fk_report_group_t *g)
{
    const fk_report_group_t *one = g->workers > 1 ? fk_report_find(r, g, g->model, 1) : NULL;
    if (!one || !one->runs || !g->runs)
        return NAN;
    return (g->counter[FK_RC_USS] - one->counter[FK_RC_USS]) / (double)(g->workers - 1);
}

/* "143 KiB / 22 KiB (USS 52 KiB / 10 KiB)": PSS, and USS beside it where recorded. */
static const char *memory_cell(const fk_report_t *r, const fk_report_group_t *p,
                               const fk_report_group_t *t, char *buf, size_t len)
{
    char a[32], b[32], c[32], d[32];
    double up = extra_worker_uss_kib(r, p), ut = extra_worker_uss_kib(r, t);
    int n =
        snprintf(buf, len, "%s / %s", fk_report_fmt_kib(fk_report_extra_worker_kib(r, p), a, 32),
                 fk_report_fmt_kib(fk_report_extra_worker_kib(r, t), b, 32));
    if (!isnan(up) && !isnan(ut) && n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, " (USS %s / %s)", fk_report_fmt_kib(up, c, 32),
                 fk_report_fmt_kib(ut, d, 32));
    return buf;
}

static void first_row(FILE *md, const fk_report_t *r, const fk_report_comparison_t *c, int hosts)
{
    const fk_report_group_t *p = c->a, *t = c->b;
    char m[128], d[96], e[96], few[96] = "";
    if (fk_report_too_few(p) || fk_report_too_few(t)) /* name the coverage there is */
        snprintf(few, sizeof few, " (too few for 95%%: the medians' CIs cover %.1f%% / %.1f%%)",
                 100.0 * p->ci_level, 100.0 * t->ci_level);
    fprintf(md, "| %s %s%s%s | %d%s | %zu / %zu%s | %s | %s | %s / %s |\n", p->variant,
            p->class_name, hosts ? ", " : "", hosts ? p->host : "", p->workers,
            fk_report_oversubscribed(p) ? "*" : "", p->runs, t->runs, few, c->text,
            memory_cell(r, p, t, m, sizeof m),
            startup(r, p, fk_model_with_role(FK_ROLE_PROCESSES), d, sizeof d),
            startup(r, p, fk_model_with_role(FK_ROLE_THREADS), e, sizeof e));
}

/* One job (kernel): its table, or nothing when no case compares fork with omp. */
static void first_job(FILE *md, const fk_report_t *r, const char *kernel, int hosts)
{
    int any = 0;
    for (size_t i = 0; i < r->ncomparisons; i++) {
        const fk_report_comparison_t *c = &r->comparisons[i];
        if (strcmp(c->a->kernel, kernel) || fk_model_role(c->a->model) != FK_ROLE_PROCESSES ||
            c->kind != FK_KIND_MODELS)
            continue;
        if (!any++)
            fprintf(md,
                    "**%s**\n\n| case | workers | runs (processes / threads) | time: processes "
                    "vs threads | memory per extra worker, PSS (processes / threads) | start-up "
                    "at 1 worker over serial (processes / threads) |\n|---|---|---|---|---|---|\n",
                    kernel);
        first_row(md, r, c, hosts);
    }
    if (any)
        fprintf(md, "\n");
}

/* Why the RSS sum overstates processes, with the ratio measured here. */
static void rss_sentence(FILE *md, const fk_report_t *r)
{
    double pss = fk_report_memory_ratio(r, 1), rss = fk_report_memory_ratio(r, 0);
    if (isnan(rss))
        return;
    fprintf(md,
            "Memory is PSS (proportional set size, from `/proc/PID/smaps_rollup`): each page "
            "shared by several processes is split between them, so the sum over a run's "
            "processes is what the run really occupies. The RSS summed over processes counts "
            "every shared page once per process (the binary, libgomp, GDAL's libraries, the "
            "copy-on-write pages a forked worker never wrote), so it overstates processes: "
            "here processes used on average %.2fx the memory of threads by RSS sums",
            rss);
    if (!isnan(pss))
        fprintf(md, " but %.2fx by PSS.", pss);
    else
        fprintf(md, "; these runs recorded no PSS to correct it.");
    fprintf(md, " Memory per extra worker is (PSS sum at W workers - at 1) / (W - 1) (the RSS sums "
                "where a file recorded no PSS); USS beside it is the same for the private pages "
                "alone (Private_Clean + Private_Dirty): the memory a worker adds of its own, "
                "where PSS also moves shares of shared pages between the processes (a fork "
                "worker takes part of the harness's share of the pages both map).\n\n");
}

void fk_report_verdict_tables(const fk_report_t *r, FILE *md)
{
    int hosts = fk_report_several_hosts(r);
    const char *seen[16];
    size_t nseen = 0;
    fprintf(md, "### Processes against threads at every worker count\n\n");
    if (r->ncomparisons == 0) {
        fprintf(md, "No worker count has both processes (`fork`) and threads (`omp`) with "
                    "verified runs: nothing to compare.\n\n");
        return;
    }
    for (size_t i = 0; i < r->ncomparisons; i++) {
        const char *k = r->comparisons[i].a->kernel;
        size_t s = 0;
        while (s < nseen && strcmp(seen[s], k))
            s++;
        if (s < nseen || nseen == sizeof seen / sizeof *seen)
            continue;
        seen[nseen++] = k;
        first_job(md, r, k, hosts);
    }
    fprintf(md,
            "How to read the time column: it compares the run times of the two models at the "
            "same worker count as a ratio (0.89x: processes take 89%% of the threads' time). "
            "Both ran in the same rounds, in a random order each round, and the ratio is the "
            "typical per-round ratio (the Hodges-Lehmann estimate of the rounds' log ratios; "
            "files without rounds: the shift between the two samples over the threads' "
            "median). The CI (confidence interval) is the range of ratios that the data "
            "cannot rule out: computed this way, a 95%% CI contains the true ratio in 95 of "
            "100 benchmarks; too few runs allow only less, and the verdict then names it. "
            "\"Faster\" needs the whole CI beyond %.2fx either way; \"no difference\" needs "
            "it inside; otherwise the data cannot tell, and more repetitions would. Start-up "
            "is the time at 1 worker less serial's, round by round, with its CI: what "
            "creating and joining one process or one thread costs on top of the work; \"too "
            "small to measure here\" when the CI reaches 0. * more workers than cores.\n\n",
            1 + FK_VERDICT_MARGIN_PCT / 100);
    rss_sentence(md, r);
}
