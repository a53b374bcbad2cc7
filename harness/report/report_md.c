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
#include "harness/report/report_compare.h"
#include "harness/report/report_answer.h"
#include "harness/report/report_details.h"
#include "harness/report/report_plot.h"
#include "harness/report/report_bench.h"
#include "harness/report/report_class.h"
#include "harness/report/report_spawn.h"
#include "kernels/common/util.h"

size_t fk_report_case_end(const fk_report_t *r, size_t i)
{
    size_t j = i + 1;
    while (j < r->ngroups && fk_report_same_case(&r->groups[i], &r->groups[j]))
        j++;
    return j;
}

void fk_report_case_title(FILE *md, const fk_report_group_t *g, int hosts)
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
    fk_report_col_t c;
    fk_report_col_find(r, col, &c);
    for (size_t i = 0; i < r->nruns; i++) {
        const char *v = fk_report_col_value(r, &c, &r->runs[i]);
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

static void write_context(FILE *md, const fk_report_t *r)
{
    static const char *const cols[] = {"cpu_model", "cpus",       "packages", "cores",
                                       "pus",       "numa_nodes", "l2_kib",   "l3_kib",
                                       "governor",  "cc",         "cflags",   "omp_runtime",
                                       "omp_env",   "gdal",       "rev",      "counters"};
    fprintf(md, "## Run context\n\n");
    for (size_t i = 0; i < r->ngroups; i = fk_report_case_end(r, i)) {
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
        fk_report_load_t l;
        fk_report_load_range(r, host, &l);
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

/* Warnings about the context, as Google Benchmark prints them: once per host and kind, from
 * the host's first run. */
static size_t warn_context(FILE *md, const fk_report_t *r, const fk_report_run_t *run)
{
    size_t n = 0;
    const char *h = run->host, *gov = fk_report_context(run, "governor");
    const char *cflags = fk_report_context(run, "cflags");
    fk_report_load_t l;
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
    fk_report_load_range(r, h, &l);
    if (l.n && l.first >= FK_REPORT_LOAD_WARN)
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
        fk_report_case_title(md, g, hosts);
        fprintf(md,
                ": %zu of %zu runs failed or did not verify (first: `%s`); they are counted, "
                "not timed.\n",
                g->failed, g->failed + g->runs, g->failure);
        n++;
    }
    if (g->runs >= 2 && g->wall.cv > 0.10 && !fk_report_is_spawn(g)) {
        fprintf(md, "- %s at %d worker%s, ", g->label, g->workers, g->workers == 1 ? "" : "s");
        fk_report_case_title(md, g, hosts);
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
    for (size_t i = 0; i < r->nruns; i++) /* the runs are sorted by host (report_group.c) */
        if (i == 0 || strcmp(r->runs[i - 1].host, r->runs[i].host))
            n += warn_context(md, r, &r->runs[i]);
    n += warn_oversubscribed(md, r);
    n += fk_report_noise_warnings(r, md);
    for (size_t i = 0; i < r->ngroups; i++) {
        n += warn_group(md, &r->groups[i], hosts);
        small +=
            r->groups[i].runs > 0 && r->groups[i].runs < 6 && !fk_report_is_spawn(&r->groups[i]);
    }
    if (small) {
        fprintf(md,
                "- %zu groups have fewer than 6 runs: no distribution-free 95%% interval of "
                "the median exists there, so [min, max] is shown (coverage 93.8%% at 5 "
                "runs, 87.5%% at 4). Use `--reps 6` or more, or `--reps auto`, for a full 95%%.\n",
                small);
        n++;
    }
    if (n == 0)
        fprintf(md, "None.\n");
    fprintf(md, "\n");
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
    fk_report_tasksize_section,
    fk_report_spawn_section,
};

static void write_extra_sections(FILE *md, const fk_report_t *r)
{
    for (size_t i = 0; i < sizeof extra_sections / sizeof *extra_sections; i++)
        if (extra_sections[i])
            extra_sections[i](r, md);
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
    fk_report_control_note(r, md);
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
    fk_report_verdict_tables(r, md);
    write_context(md, r);
    write_warnings(md, r);
    fk_report_results_section(r, md);
    write_extra_sections(md, r);
    fk_report_answer_details(r, md);
    if (ferror(md) | fclose(md))
        return fk_err(err, errlen, "%s: write error", path);
    return 0;
}
