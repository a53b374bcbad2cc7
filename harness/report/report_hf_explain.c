/* report_hf_explain.c: what the hyperfine cross-check says under its table (report_hf.h):
 * the difference between a whole process and the harness's kernel region is real work
 * outside the clock, so each bullet says what it is made of, with the numbers. */
#include "harness/report/report_hf.h"

#include <math.h>
#include <string.h>

#include "harness/models/role.h"

/* The row whose difference is the largest share of its whole-process time. */
static const fk_hf_row_t *largest_share(const fk_hf_row_t *rows, size_t n)
{
    const fk_hf_row_t *worst = NULL;
    for (size_t i = 0; i < n; i++) {
        const fk_hf_row_t *h = &rows[i];
        if (!h->g || h->mean <= 0)
            continue;
        double share = (h->mean - h->g->wall.median) / h->mean;
        if (!worst || share > (worst->mean - worst->g->wall.median) / worst->mean)
            worst = h;
    }
    return worst;
}

static int kernel_timed(const fk_hf_row_t *rows, size_t n, const char *kernel)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].g && strcmp(rows[i].kernel, kernel) == 0)
            return 1;
    return 0;
}

static void explain_startup(FILE *md, const fk_hf_row_t *up)
{
    char a[32], b[32];
    if (!up) {
        fprintf(md, "- **Process start-up** was not timed on its own here: add `forkomp "
                    "--version` to the hyperfine commands to see it.\n");
        return;
    }
    fprintf(md,
            "- **Process start-up, %s ± %s**: hyperfine's time for `forkomp --version`, which "
            "does nothing else: `execve`, the dynamic loader mapping and relocating forkomp's "
            "few shared libraries (GDAL, Open MPI and libprimesieve are modules, loaded only by "
            "the commands that need them), and libgomp's constructor, which reads the `OMP_*` "
            "variables when it is loaded. Every command pays it once; the harness's clock never "
            "sees it.\n",
            fk_report_fmt_time(up->mean, a, 32), fk_report_fmt_time(up->stddev, b, 32));
}

/* The range of the differences minus start-up, and what they are made of per kernel. */
static void explain_rest(FILE *md, const fk_hf_row_t *rows, size_t n, const fk_hf_row_t *up)
{
    char a[32], b[32];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].g || rows[i].mean < rows[i].g->wall.median)
            continue; /* see below */
        double rest = rows[i].mean - rows[i].g->wall.median - (up ? up->mean : 0);
        lo = fmin(lo, rest);
        hi = fmax(hi, rest);
    }
    if (isinf(lo))
        return;
    fprintf(md,
            "- **Work outside the clock, on purpose, %s to %s%s**:", fk_report_fmt_time(lo, a, 32),
            fk_report_fmt_time(hi, b, 32), up ? " beyond the start-up" : " including the start-up");
    if (kernel_timed(rows, n, "primes"))
        fprintf(md, " primes builds its inputs and finds the reference sums of an "
                    "independent sieve (libprimesieve, loaded for inputs its reference cache "
                    "does not hold yet), against which every task is verified;");
    if (kernel_timed(rows, n, "shapefiles"))
        fprintf(md, " shapefiles registers GDAL's drivers (`GDALAllRegister`), scans the "
                    "folder and fingerprints every input file (to prove the input is never "
                    "changed), copies the dataset to a scratch folder before the run and "
                    "removes it after;");
    fprintf(md, " and the harness forks a fresh child for each run before its clock starts "
                "and reaps it with `wait4` after the clock stops, so a crash is recorded "
                "instead of ending the bench and the harness itself never starts OpenMP (GCC "
                "PR 60035). Verifying the answers and exiting come last.\n");
    fprintf(md, "- **Not in the difference: starting the workers.** The fork model forks its "
                "pool and the omp model creates its thread team (at the first parallel region) "
                "inside the kernel region, as the lab's script times `Pool()`, so the "
                "harness's medians already include them.\n");
}

/* A whole process cannot take less time than the region it contains: when it does, the two
 * measurements ran under different conditions, and the reader must be told. */
static void explain_inconsistent(FILE *md, const fk_hf_row_t *rows, size_t n)
{
    char a[32], b[32];
    const fk_hf_row_t *worst = NULL;
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const fk_hf_row_t *h = &rows[i];
        if (!h->g || h->mean >= h->g->wall.median)
            continue;
        bad++;
        if (!worst || h->mean / h->g->wall.median < worst->mean / worst->g->wall.median)
            worst = h;
    }
    if (!bad)
        return;
    fprintf(md,
            "- **Inconsistent: %zu command%s took less as a whole process than the harness's "
            "median of the kernel region alone** (worst: `%s`, %s against %s). Under equal "
            "conditions that is impossible, so the machine was busier during one of the two "
            "measurements: other work competed for the cores (see the load averages in the "
            "run context and the noisy groups in the warnings). Rerun on a quiet machine before "
            "trusting these numbers.\n",
            bad, bad == 1 ? "" : "s", worst->shown, fk_report_fmt_time(worst->mean, a, 32),
            fk_report_fmt_time(worst->g->wall.median, b, 32));
}

static void explain_share(FILE *md, const fk_hf_row_t *rows, size_t n)
{
    char a[32], b[32];
    const fk_hf_row_t *w = largest_share(rows, n);
    if (!w)
        return;
    fprintf(md,
            "- **Where it weighs most:** `%s`, where %.0f%% of what the user waits for (%s) "
            "is outside the kernel region (%s). The shorter the work, the more a process's "
            "own start-up counts: the lab class's lesson about spawning workers, at the "
            "scale of a whole program.\n",
            w->shown, 100.0 * (w->mean - w->g->wall.median) / w->mean,
            fk_report_fmt_time(w->mean, a, 32), fk_report_fmt_time(w->g->wall.median, b, 32));
    fprintf(md, "- **CPU:** hyperfine's user + sys counts the whole process and its children "
                "(start-up and preparation too); the harness's counts the measuring child and "
                "its workers only.\n");
}

/* Processes against threads, as each tool sees it, for each case timed with both. */
static void explain_agreement(FILE *md, const fk_hf_row_t *rows, size_t n)
{
    char a[32], b[32], c[32], d[32];
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        const fk_hf_row_t *p = &rows[i], *t = NULL;
        if (!p->g || fk_model_role(p->model) != FK_ROLE_PROCESSES)
            continue;
        for (size_t k = 0; k < n && !t; k++)
            if (rows[k].g && fk_model_role(rows[k].model) == FK_ROLE_THREADS &&
                !strcmp(rows[k].kernel, p->kernel) && rows[k].g->workers == p->g->workers &&
                fk_report_same_case(rows[k].g, p->g))
                t = &rows[k];
        if (!t)
            continue;
        double dh = p->g->wall.median - t->g->wall.median, dw = p->mean - t->mean;
        if (!any)
            fprintf(md, "\nProcesses minus threads (fork - omp), as each tool sees it:\n\n");
        any = 1;
        fprintf(md,
                "- %s (%s), class %s, %d workers: harness %s, hyperfine %s (sd %s and %s): %s.\n",
                p->kernel, p->g->variant, p->g->class_name, p->g->workers,
                fk_report_fmt_time(dh, a, 32), fk_report_fmt_time(dw, b, 32),
                fk_report_fmt_time(p->stddev, c, 32), fk_report_fmt_time(t->stddev, d, 32),
                (dh < 0) == (dw < 0) ? "they agree on which is faster"
                                     : "they disagree: timing whole processes adds the "
                                       "start-up's noise to a difference smaller than it");
    }
}

void fk_hf_explain(FILE *md, const fk_hf_t *hf)
{
    const fk_hf_row_t *up = fk_hf_startup(hf);
    explain_inconsistent(md, hf->rows, hf->n);
    explain_startup(md, up);
    explain_rest(md, hf->rows, hf->n, up);
    explain_share(md, hf->rows, hf->n);
    explain_agreement(md, hf->rows, hf->n);
}
