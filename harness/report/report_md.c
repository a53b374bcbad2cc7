/* report_md.c: writes report.md for `forkomp report`: the run context, warnings, a table per
 * kernel/variant/class with its plots, later sections (see extra_sections below), and, last,
 * the answer to the lab's question computed from the data: processes or threads? */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/report/report.h"
#include "harness/report/report_answer.h"
#include "harness/report/report_bench.h"
#include "harness/report/report_class.h"
#include "harness/report/report_spawn.h"
#include "kernels/common/util.h"

/* Counts of the processes-versus-threads comparisons, for the closing summary. */
typedef struct {
    size_t threads, procs, same, spawn;
    double mem_ratio_sum;
    size_t mem_ratios;
} tally_t;

/* The index one past the last group of the case (host, kernel, variant, class) at i. */
static size_t case_end(const fk_report_t *r, size_t i)
{
    size_t j = i + 1;
    while (j < r->ngroups && fk_report_same_case(&r->groups[i], &r->groups[j]))
        j++;
    return j;
}

/* "primes (trial), class lab" plus ", host X" when the data spans machines. */
static void case_title(FILE *md, const fk_report_group_t *g, int hosts)
{
    fprintf(md, "%s (%s), class %s", g->kernel, g->variant, g->class_name);
    if (hosts)
        fprintf(md, ", host %s", g->host);
}

/* ------------------------------------------------------------------ run context */

/* A value as inline code that cannot break a Markdown table: newlines become "; ", pipes
 * are escaped and backticks dropped. */
static void md_code(FILE *md, const char *v)
{
    fputc('`', md);
    for (; *v; v++) {
        if (*v == '\n')
            fputs("; ", md);
        else if (*v == '|')
            fputs("\\|", md);
        else if (*v != '`' && *v != '\r')
            fputc(*v, md);
    }
    fputc('`', md);
}

/* Distinct values of a context column over the runs of one host (at most 4 shown). Returns
 * 0, without writing, when no run recorded the column. */
static int context_values(FILE *md, const fk_report_t *r, const char *host, const char *col)
{
    const char *seen[4];
    size_t nseen = 0, more = 0;
    for (size_t i = 0; i < r->nruns; i++) {
        const char *v = fk_report_context(&r->runs[i], col);
        size_t k = 0;
        if (strcmp(r->runs[i].host, host) || !*v)
            continue;
        while (k < nseen && strcmp(seen[k], v))
            k++;
        if (k < nseen)
            continue;
        if (nseen < 4)
            seen[nseen++] = v;
        else
            more++;
    }
    if (nseen == 0)
        return 0;
    fprintf(md, "| %s | ", col);
    for (size_t k = 0; k < nseen; k++) {
        if (k)
            fputs("; ", md);
        md_code(md, seen[k]);
    }
    if (more)
        fprintf(md, "; and %zu more", more);
    fprintf(md, " |\n");
    return 1;
}

/* The 1-minute load averages recorded on host: lowest, highest, and the one at the first
 * run (earliest timestamp), before the benchmark's own runs added to it. Returns the number
 * of runs that recorded one. */
typedef struct {
    double lo, hi, first;
    size_t n;
} load_t;

static void load_range(const fk_report_t *r, const char *host, load_t *l)
{
    const char *first_ts = NULL;
    memset(l, 0, sizeof *l);
    for (size_t i = 0; i < r->nruns; i++) {
        if (strcmp(r->runs[i].host, host))
            continue;
        const char *s = fk_report_context(&r->runs[i], "loadavg");
        const char *ts = fk_report_context(&r->runs[i], "timestamp");
        char *end;
        double v = strtod(s, &end);
        if (end == s)
            continue;
        if (l->n == 0 || v < l->lo)
            l->lo = v;
        if (l->n == 0 || v > l->hi)
            l->hi = v;
        if (l->n++ == 0 || strcmp(ts, first_ts) < 0) { /* ISO 8601 sorts as text */
            first_ts = ts;
            l->first = v;
        }
    }
}

static void write_context(FILE *md, const fk_report_t *r)
{
    static const char *const cols[] = {"cpu_model",   "cpus",    "governor", "cc", "cflags",
                                       "omp_runtime", "omp_env", "gdal",     "rev"};
    fprintf(md, "## Run context\n\n");
    for (size_t i = 0; i < r->ngroups; i = case_end(r, i)) {
        const char *host = r->groups[i].host;
        size_t k = 0;
        while (k < i && strcmp(r->groups[k].host, host))
            k++;
        if (k < i)
            continue; /* host already described */
        fprintf(md, "Host `%s`:\n\n| | |\n|---|---|\n", host);
        size_t shown = 0;
        for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
            shown += (size_t)context_values(md, r, host, cols[c]);
        if (!shown)
            fprintf(md, "| context | not recorded (an older CSV format) |\n");
        load_t l;
        load_range(r, host, &l);
        if (l.n)
            fprintf(md,
                    "| loadavg | %.2f at the first run; %.2f to %.2f over the runs (1 "
                    "minute) |\n",
                    l.first, l.lo, l.hi);
        fprintf(md, "\n");
    }
}

/* ------------------------------------------------------------------ warnings */

static int cflags_optimised(const char *cflags)
{
    return !*cflags || ((strstr(cflags, "-O2") || strstr(cflags, "-O3") ||
                         strstr(cflags, "-Ofast") || strstr(cflags, "-Os")) &&
                        !strstr(cflags, "-O0"));
}

/* One warning line about a host; returns 1 (for counting). */
static size_t warn_host(FILE *md, const char *host, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static size_t warn_host(FILE *md, const char *host, const char *fmt, ...)
{
    va_list ap;
    fprintf(md, "- Host `%s`: ", host);
    va_start(ap, fmt);
    vfprintf(md, fmt, ap);
    va_end(ap);
    fputc('\n', md);
    return 1;
}

/* Warnings about the context, as Google Benchmark prints them: once per host and kind. */
static size_t warn_context(FILE *md, const fk_report_t *r, const fk_report_run_t *run)
{
    size_t n = 0;
    const char *h = run->host, *gov = fk_report_context(run, "governor");
    const char *cflags = fk_report_context(run, "cflags");
    load_t l;
    for (const fk_report_run_t *p = r->runs; p < run; p++)
        if (strcmp(p->host, h) == 0)
            return 0; /* host already checked */
    if (strcmp(gov, "unknown") == 0)
        n += warn_host(md, h,
                       "the CPU frequency governor could not be read (usual in a VM): "
                       "the clock may change between runs.");
    else if (*gov && strcmp(gov, "performance"))
        n += warn_host(md, h,
                       "the CPU frequency governor is `%s`, not `performance`: the "
                       "clock may change between runs.",
                       gov);
    if (!cflags_optimised(cflags))
        n += warn_host(md, h, "the build is not optimised (`%s`).", cflags);
    if (strstr(cflags, "-fsanitize"))
        n += warn_host(md, h, "the build is sanitized: its timings are not representative.");
    load_range(r, h, &l);
    if (l.n && l.first >= 0.5)
        n += warn_host(md, h,
                       "the load average was %.2f at the first run, before the "
                       "benchmark's own work: something else was running.",
                       l.first);
    return n;
}

static size_t warn_group(FILE *md, const fk_report_group_t *g, int hosts)
{
    size_t n = 0;
    if (g->failed) {
        fprintf(md, "- %s at %d worker%s, ", g->label, g->workers, g->workers == 1 ? "" : "s");
        case_title(md, g, hosts);
        fprintf(md,
                ": %zu of %zu runs failed or did not verify (first: `%s`); they are counted, "
                "not timed.\n",
                g->failed, g->failed + g->runs, g->failure);
        n++;
    }
    if (g->runs >= 2 && g->wall.cv > 0.10 && !fk_report_is_spawn(g)) {
        fprintf(md, "- %s at %d worker%s, ", g->label, g->workers, g->workers == 1 ? "" : "s");
        case_title(md, g, hosts);
        fprintf(md, ": noisy, coefficient of variation %.0f%%.\n", 100.0 * g->wall.cv);
        n++;
    }
    return n;
}

/* The distinct oversubscribed worker counts, listed once. */
static size_t warn_oversubscribed(FILE *md, const fk_report_t *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++)
            dup = fk_report_oversubscribed(&r->groups[k]) && r->groups[k].workers == g->workers &&
                  strcmp(r->groups[k].host, g->host) == 0;
        if (!fk_report_oversubscribed(g) || dup)
            continue;
        fprintf(md,
                "- Host `%s`: %d workers on %d cores are oversubscribed: workers share "
                "cores, so speedup cannot exceed %d there (part of the lesson, not an "
                "error).\n",
                g->host, g->workers, g->cpus, g->cpus);
        n++;
    }
    return n;
}

static void write_warnings(FILE *md, const fk_report_t *r)
{
    size_t n = 0, small = 0;
    int hosts = fk_report_several_hosts(r);
    fprintf(md, "## Warnings\n\n");
    n += fk_report_warn_hosts(r, md, 0);
    for (size_t i = 0; i < r->nruns; i++)
        n += warn_context(md, r, &r->runs[i]);
    n += warn_oversubscribed(md, r);
    for (size_t i = 0; i < r->ngroups; i++) {
        n += warn_group(md, &r->groups[i], hosts);
        small +=
            r->groups[i].runs > 0 && r->groups[i].runs < 6 && !fk_report_is_spawn(&r->groups[i]);
    }
    if (small) {
        fprintf(md,
                "- %zu groups have fewer than 6 runs: no distribution-free 95%% interval of "
                "the median exists there, so [min, max] is shown (coverage 93.8%% at 5 "
                "runs, 87.5%% at 4). Use `--reps 6` or more for a full 95%%.\n",
                small);
        n++;
    }
    if (n == 0)
        fprintf(md, "None.\n");
    fprintf(md, "\n");
}

/* ------------------------------------------------------------------ results tables */

static void write_group_row(FILE *md, const fk_report_group_t *g)
{
    char a[32], b[32], c[32], d[32], e[32], f[32], h[32], k[32], s[32], ef[32], kf[32];
    fprintf(md, "| %s | %d%s | %dx%d | %zu%s | %s | %s – %s (%.1f%%) | %s – %s | %.1f%% | %zu |",
            g->label, g->workers, fk_report_oversubscribed(g) ? "*" : "", g->procs, g->threads,
            g->runs, g->failed ? " (+failed)" : "", fk_report_fmt_time(g->wall.median, a, 32),
            fk_report_fmt_time(g->wall.ci_lo, b, 32), fk_report_fmt_time(g->wall.ci_hi, c, 32),
            100.0 * g->ci_level, fk_report_fmt_time(g->wall.min, d, 32),
            fk_report_fmt_time(g->wall.max, e, 32), 100.0 * g->wall.cv, g->wall.outliers);
    fprintf(md, " %s | %s | %s | %s | %s | %s |\n", fk_report_fmt_time(g->cpu_s, f, 32),
            fk_report_fmt_mib(g->maxrss_kib, h, 32), fk_report_fmt_mib(g->rss_sum_kib, k, 32),
            fk_report_fmt_num(g->speedup, 2, s, 32), fk_report_fmt_num(g->efficiency, 2, ef, 32),
            fk_report_fmt_num(g->karp_flatt, 3, kf, 32));
}

static void write_plots(FILE *md, const fk_report_t *r, const fk_report_group_t *g)
{
    static const char *const what[] = {"time", "speedup", "efficiency", "memory"};
    char name[512], path[4096 + 512];
    for (size_t i = 0; r->plotted && i < sizeof what / sizeof *what; i++) {
        fk_report_plot_name(r, g, what[i], name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
        if (access(path, R_OK) == 0)
            fprintf(md, "![%s](%s)\n", what[i], name);
    }
    fprintf(md, "\n");
}

static void write_results(FILE *md, const fk_report_t *r)
{
    int hosts = fk_report_several_hosts(r);
    fprintf(md, "## Results\n\nWall time of the kernel region; median over the verified runs "
                "with a distribution-free confidence interval of the median (its exact coverage in "
                "brackets: 95%% or more from 6 runs on, less below), min – max, "
                "coefficient of variation and outliers (|x - median| > 3 x 1.4826 x MAD, "
                "counted, never dropped). CPU: median user+sys of all processes and threads. "
                "Memory: median peak RSS of the largest process and of the sum over the run's "
                "processes. Speedup over the serial median; efficiency = speedup / workers; "
                "KF: Karp-Flatt serial fraction. * oversubscribed.\n\n");
    for (size_t i = 0, j; i < r->ngroups; i = j) {
        j = case_end(r, i);
        if (fk_report_is_spawn(&r->groups[i]))
            continue; /* its own section */
        fprintf(md, "### ");
        case_title(md, &r->groups[i], hosts);
        fprintf(md, "\n\n| model | workers | procs x threads | runs | median | CI of the median | "
                    "min – max | cv | outliers | CPU | peak RSS | RSS sum | speedup | "
                    "efficiency | KF |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
                    "---|\n");
        for (size_t k = i; k < j; k++)
            write_group_row(md, &r->groups[k]);
        fprintf(md, "\n");
        write_plots(md, r, &r->groups[i]);
    }
}

/* ------------------------------------------------------------------ LATER SECTIONS
 * Sections other parts of forkomp add to report.md (the hyperfine cross-check, spawn
 * granularity, ...) are functions of this type listed in extra_sections[]: each writes its
 * own "## Title" and text, between the results and the answer, and may read files beside
 * summary.csv in r->out_dir (e.g. hyperfine's exports). Add a section with one line here. */
typedef void (*fk_report_section_fn)(const fk_report_t *r, FILE *md);

static const fk_report_section_fn extra_sections[] = {
    fk_report_bench_notes_section,
    fk_report_compare_section,
    fk_report_hyperfine_section,
    fk_report_spawn_section,
};

static void write_extra_sections(FILE *md, const fk_report_t *r)
{
    for (size_t i = 0; i < sizeof extra_sections / sizeof *extra_sections; i++)
        if (extra_sections[i])
            extra_sections[i](r, md);
}

/* ------------------------------------------------------------------ the answer */

static int intervals_overlap(const fk_report_group_t *a, const fk_report_group_t *b)
{
    return a->wall.ci_lo <= b->wall.ci_hi && b->wall.ci_lo <= a->wall.ci_hi;
}

/* "omp 17.01 ms [16.90 ms, 17.20 ms]" */
static void median_ci(FILE *md, const fk_report_group_t *g)
{
    char a[32], b[32], c[32];
    fprintf(md, "%s %s [%s, %s]", g->label, fk_report_fmt_time(g->wall.median, a, 32),
            fk_report_fmt_time(g->wall.ci_lo, b, 32), fk_report_fmt_time(g->wall.ci_hi, c, 32));
}

/* How much larger ratio (>= 1) is, as people read it: "9.1%" up to 2x, then "56.8x" (a
 * "5677.5%" reads badly). Returns 1 when written as a factor. */
static int fmt_ratio(double ratio, char *buf, size_t len)
{
    if (ratio > 2.0) {
        snprintf(buf, len, "%.1fx", ratio);
        return 1;
    }
    snprintf(buf, len, "%.1f%%", 100.0 * (ratio - 1.0));
    return 0;
}

/* One worker count: which of processes (p) and threads (t) was faster, and by how much. */
static void answer_speed(FILE *md, const fk_report_group_t *p, const fk_report_group_t *t,
                         tally_t *tally)
{
    char d[32], rel[32];
    fprintf(md, "- **%d worker%s**%s: ", p->workers, p->workers == 1 ? "" : "s",
            fk_report_oversubscribed(p) ? " (oversubscribed)" : "");
    if (p->runs == 0 || t->runs == 0) {
        fprintf(md, "cannot compare: %s has no verified runs.\n", p->runs ? t->label : p->label);
        return;
    }
    const fk_report_group_t *fast = p->wall.median <= t->wall.median ? p : t;
    const fk_report_group_t *slow = fast == p ? t : p;
    int factor = fmt_ratio(slow->wall.median / fast->wall.median, rel, sizeof rel);
    if (intervals_overlap(p, t)) {
        fprintf(md, "no measurable difference (the intervals overlap; medians %s apart): ", rel);
        tally->same++;
    } else {
        fprintf(md, factor ? "%s %s faster (%s less): " : "%s faster, by %s (%s less): ",
                fast == p ? "processes" : "threads", rel,
                fk_report_fmt_time(slow->wall.median - fast->wall.median, d, 32));
        if (fast == p)
            tally->procs++;
        else
            tally->threads++;
    }
    median_ci(md, p);
    fprintf(md, " vs ");
    median_ci(md, t);
    fprintf(md, ".\n");
}

/* The memory each model cost at one worker count. */
static void answer_memory(FILE *md, const fk_report_group_t *p, const fk_report_group_t *t,
                          tally_t *tally)
{
    char a[32], b[32], c[32];
    if (p->runs == 0 || t->runs == 0)
        return;
    fprintf(md, "  Memory: %s %s summed over its processes (largest %s), %s %s", p->label,
            fk_report_fmt_mib(p->rss_sum_kib, a, 32), fk_report_fmt_mib(p->maxrss_kib, b, 32),
            t->label, fk_report_fmt_mib(t->rss_sum_kib, c, 32));
    if (t->rss_sum_kib > 0) {
        double ratio = p->rss_sum_kib / t->rss_sum_kib;
        fprintf(md, ": processes used %.2fx the memory of threads", ratio);
        tally->mem_ratio_sum += ratio;
        tally->mem_ratios++;
    }
    fprintf(md, ".\n");
}

/* Hybrid at each worker count against the faster of processes and threads. */
static void answer_hybrid(FILE *md, const fk_report_t *r, const fk_report_group_t *h)
{
    const fk_report_group_t *p = fk_report_find(r, h, "fork", h->workers);
    const fk_report_group_t *t = fk_report_find(r, h, "omp", h->workers);
    const fk_report_group_t *best = p && p->runs ? p : NULL;
    if (t && t->runs && (!best || t->wall.median < best->wall.median))
        best = t;
    if (h->runs == 0 || !best)
        return;
    fprintf(md, "- Hybrid, %d process%s x %d thread%s%s: ", h->procs, h->procs == 1 ? "" : "es",
            h->threads, h->threads == 1 ? "" : "s",
            fk_report_oversubscribed(h) ? " (oversubscribed)" : "");
    median_ci(md, h);
    int slower = h->wall.median > best->wall.median;
    char rel[32];
    fmt_ratio(slower ? h->wall.median / best->wall.median : best->wall.median / h->wall.median, rel,
              sizeof rel);
    if (intervals_overlap(h, best))
        fprintf(md, ", no measurable difference from the faster pure model (");
    else
        fprintf(md, ", %s %s than the faster pure model (", rel, slower ? "slower" : "faster");
    median_ci(md, best);
    fprintf(md, ").\n");
}

/* Workers that can run at once: the cores when oversubscribed. */
static int usable_workers(const fk_report_group_t *g)
{
    return g->cpus > 0 && g->workers > g->cpus ? g->cpus : g->workers;
}

/* Where starting workers cost more than the parallel work saved: speedup below 1, or
 * below half of what the usable cores allow. */
static int answer_spawn_one(FILE *md, const fk_report_group_t *g)
{
    int usable = usable_workers(g);
    if (!g->baseline || g->runs == 0 || g->workers < 2 || isnan(g->speedup))
        return 0;
    if (g->speedup >= 1.0 && g->speedup >= 0.5 * usable)
        return 0;
    fprintf(md, "- %s at %d workers: speedup %.2f where %d was possible: %s.\n", g->label,
            g->workers, g->speedup, usable,
            g->speedup < 1.0 ? "the spawn cost outweighed the work (not faster than serial)"
                             : "far below ideal, starting and coordinating workers dominate");
    return 1;
}

/* The time beyond the ideal, median - serial median / workers, of each parallel group that
 * is not oversubscribed: an estimate of what starting and coordinating the workers cost. */
static void answer_overhead(FILE *md, const fk_report_t *r, size_t i, size_t j)
{
    char t[32];
    int any = 0;
    for (size_t k = i; k < j; k++) {
        const fk_report_group_t *g = &r->groups[k];
        if (!g->baseline || g->runs == 0 || g->workers < 2 || fk_report_oversubscribed(g))
            continue;
        double extra = g->wall.median - g->baseline->wall.median / g->workers;
        fprintf(md, "%s%s at %d: %s",
                any ? "; "
                    : "- Time beyond the ideal (median - serial "
                      "median / workers), the cost of starting and "
                      "coordinating workers: ",
                g->label, g->workers, fk_report_fmt_time(extra, t, 32));
        any = 1;
    }
    if (any)
        fprintf(md, ".\n");
}

static void answer_spawn(FILE *md, const fk_report_t *r, size_t i, size_t j, tally_t *tally)
{
    size_t n = 0;
    const fk_report_group_t *worst = NULL;
    for (size_t k = i; k < j; k++) {
        const fk_report_group_t *g = &r->groups[k];
        n += (size_t)answer_spawn_one(md, g);
        if (g->workers > 1 && !isnan(g->speedup) &&
            (!worst || g->speedup / usable_workers(g) < worst->speedup / usable_workers(worst)))
            worst = g;
    }
    tally->spawn += n;
    if (!r->groups[i].baseline && !worst)
        fprintf(md, "- No verified serial runs here, so no speedups: run `--models serial,...` "
                    "too.\n");
    if (n == 0 && worst)
        fprintf(md,
                "- The spawn cost never outweighed the work: the lowest speedup was %.0f%% "
                "of what the usable cores allow (%s at %d workers).\n",
                100.0 * worst->speedup / usable_workers(worst), worst->label, worst->workers);
    answer_overhead(md, r, i, j);
}

static void answer_case(FILE *md, const fk_report_t *r, size_t i, size_t j, tally_t *tally)
{
    int compared = 0;
    for (size_t k = i; k < j; k++) {
        const fk_report_group_t *p = &r->groups[k];
        const fk_report_group_t *t =
            strcmp(p->model, "fork") ? NULL : fk_report_find(r, p, "omp", p->workers);
        if (!t)
            continue;
        answer_speed(md, p, t, tally);
        answer_memory(md, p, t, tally);
        compared = 1;
    }
    if (!compared)
        fprintf(md, "- No worker count has both processes (fork) and threads (omp) here.\n");
    for (size_t k = i; k < j; k++)
        if (strcmp(r->groups[k].model, "hybrid") == 0)
            answer_hybrid(md, r, &r->groups[k]);
    answer_spawn(md, r, i, j, tally);
}

static void answer_overall(FILE *md, const tally_t *t)
{
    size_t n = t->threads + t->procs + t->same;
    fprintf(md, "### Overall\n\n");
    if (n == 0) {
        fprintf(md, "No comparison of processes and threads is possible with this data: run "
                    "both `fork` and `omp` at the same worker counts.\n\n");
        return;
    }
    fprintf(md,
            "Of %zu comparisons at equal worker counts, threads were faster in %zu, "
            "processes in %zu, and %zu showed no measurable difference.",
            n, t->threads, t->procs, t->same);
    if (t->mem_ratios)
        fprintf(md,
                " Processes used on average %.2fx the memory of threads (peak RSS summed "
                "over processes).",
                t->mem_ratio_sum / (double)t->mem_ratios);
    fprintf(md,
            " The spawn cost outweighed the work, or kept speedup below half of what the "
            "cores allow, in %zu configuration%s (listed above).\n\n",
            t->spawn, t->spawn == 1 ? "" : "s");
}

static void write_answer(FILE *md, const fk_report_t *r)
{
    tally_t tally = {0};
    int hosts = fk_report_several_hosts(r);
    fprintf(md, "## The answer: sub-processes or threads?\n\nComputed from this data. "
                "\"Faster\" compares medians; it is claimed only when the two confidence "
                "intervals of the medians (95%%; with fewer than 6 runs the min – max range) "
                "do not overlap, a conservative test; otherwise \"no measurable "
                "difference\".\n\n");
    for (size_t i = 0, j; i < r->ngroups; i = j) {
        j = case_end(r, i);
        if (fk_report_is_spawn(&r->groups[i]))
            continue; /* not a kernel: no answer */
        fprintf(md, "### ");
        case_title(md, &r->groups[i], hosts);
        fprintf(md, "\n\n");
        answer_case(md, r, i, j, &tally);
        fprintf(md, "\n");
    }
    answer_overall(md, &tally);
}

/* ------------------------------------------------------------------ the file */

static void write_head(FILE *md, const fk_report_t *r, const char *const *files, size_t nfiles)
{
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&now, &tm));
    fprintf(md, "# forkomp report\n\nGenerated %s by `forkomp report` from ", when);
    for (size_t i = 0; i < nfiles; i++)
        fprintf(md, "%s`%s`", i ? ", " : "", files[i]);
    fprintf(md,
            ": %zu runs, %zu verified and timed, %zu failed or unverified; %zu groups. "
            "The numbers are in `summary.csv`.\n\n",
            r->nruns, r->nok, r->nruns - r->nok, r->ngroups);
}

int fk_report_write_md(const fk_report_t *r, const char *const *files, size_t nfiles, char *err,
                       size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/report.md", r->out_dir);
    FILE *md = fopen(path, "w");
    if (!md)
        return fk_err(err, errlen, "%s: cannot write", path);
    write_head(md, r, files, nfiles);
    fk_report_class_section(r, md); /* a class's summary first (nothing for one host) */
    fk_answer_table(r, md);
    write_context(md, r);
    write_warnings(md, r);
    write_results(md, r);
    write_extra_sections(md, r);
    write_answer(md, r);
    if (ferror(md) | fclose(md))
        return fk_err(err, errlen, "%s: write error", path);
    return 0;
}
