/* report_bench.c: the report.md sections of `make bench` and `make compare` (see
 * report_bench.h). The bench notes and the compare section are files written beside
 * summary.csv, copied in.
 *
 * The hyperfine cross-check reads hyperfine's CSV exports (command,mean,stddev,median,user,
 * system,min,max), learns from bench.sh's manifest.csv what each command ran (report_hf.h)
 * and puts hyperfine's mean of the whole process beside the harness's median of the kernel
 * region for the same case; report_hf_explain.c says what the difference is made of. */
#include "harness/report/report_bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report/report_hf.h"

/* ------------------------------------------------------------------ included files */

/* Copies OUT/name into md under title (NULL: the file has its own); nothing when absent. */
static void include_file(const fk_report_t *r, FILE *md, const char *name, const char *title)
{
    char path[4096 + 32], buf[4096];
    size_t n;
    snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
    FILE *in = fopen(path, "r");
    if (!in)
        return;
    if (title)
        fprintf(md, "## %s\n\n", title);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, md);
    fclose(in);
    fprintf(md, "\n");
}

void fk_report_bench_notes_section(const fk_report_t *r, FILE *md)
{
    include_file(r, md, "bench-notes.md", "How this bench was run");
}

void fk_report_compare_section(const fk_report_t *r, FILE *md)
{
    include_file(r, md, "compare-why.md", NULL);
}

/* ------------------------------------------------------------------ the cross-check */

static void write_row(FILE *md, const fk_hf_row_t *h, const fk_hf_row_t *up)
{
    char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
    double med = h->g ? h->g->wall.median : NAN, diff = h->mean - med;
    double rest = up && h != up ? diff - up->mean : NAN;
    fprintf(md, "| `%s` | %s ± %s | %s | ", h->shown, fk_report_fmt_time(h->mean, a, 32),
            fk_report_fmt_time(h->stddev, b, 32), fk_report_fmt_time(med, c, 32));
    /* a cost only where the noise cannot account for it: the mean less one sd still above the
     * harness's CI of the median (never a negative cost) */
    int measurable = h->g && h->mean - h->stddev - h->g->wall.ci_hi > 0;
    if (isnan(diff))
        fprintf(md, "%s | ", h == up ? "all of it is start-up" : "no harness runs of this case");
    else if (!measurable)
        fprintf(md, "too small to measure here | ");
    else
        fprintf(md, "%s (%.0f%%) | ", fk_report_fmt_time(diff, d, 32), 100.0 * diff / h->mean);
    if (!measurable || !(rest - (up ? up->stddev : 0) > 0))
        rest = NAN; /* "-": not measurable either */
    fprintf(md, "%s | %s | %s |\n", fk_report_fmt_time(rest, e, 32),
            fk_report_fmt_time(h->cpu, f, 32), fk_report_fmt_time(h->g ? h->g->cpu_s : NAN, g, 32));
}

static void write_table(FILE *md, const fk_hf_row_t *rows, size_t n, const fk_hf_row_t *up)
{
    fprintf(md, "| command (each `--reps 1 --warmup 0 --quiet`) | hyperfine mean ± sd | harness "
                "median | difference (share of the mean) | difference minus start-up | CPU, "
                "hyperfine | CPU, harness |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++)
        write_row(md, &rows[i], up);
    fprintf(md, "\n");
}

void fk_report_hyperfine_section(const fk_report_t *r, FILE *md)
{
    fk_hf_t *hf = calloc(1, sizeof *hf);
    if (!hf)
        return;
    fk_hf_load(r, hf, md);
    if (hf->nfiles == 0) {
        free(hf);
        return;
    }
    fprintf(md, "hyperfine timed whole `forkomp` processes (`hyperfine -N`: no shell; a warm-up "
                "first), each doing one run; its exports (`hyperfine*.csv`, and `hyperfine*.json` "
                "with every time) are in this folder. Its mean is what a user waits for. The "
                "harness's median, from the runs above, times only the kernel region "
                "(`CLOCK_MONOTONIC` from starting the workers to collecting the last result), "
                "the number the models are compared by. The difference is real work outside that "
                "region, not noise to hide.\n\n");
    if (hf->manifest == 0)
        fprintf(md, "**This folder has no `manifest.csv`** (what `make bench` ran, which "
                    "harness/bench/bench.sh writes beside bench.csv; older results folders lack "
                    "it), so hyperfine's commands are shown as they ran and not matched with the "
                    "harness's runs. Run `make bench` again for the comparison.\n\n");
    write_table(md, hf->rows, hf->n, fk_hf_startup(hf));
    if (hf->manifest > 0)
        fk_hf_explain(md, hf);
    fprintf(md, "\n");
    free(hf);
}
