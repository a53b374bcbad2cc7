/* report_bench.c: the report.md sections of `make bench` and `make compare` (see
 * report_bench.h). The bench notes and the compare section are files written beside
 * summary.csv, copied in.
 *
 * The hyperfine cross-check reads hyperfine's CSV exports (command,mean,stddev,median,user,
 * system,min,max), finds the forkomp options in each command (kernel, --class, --variant,
 * --models, --workers, --schedule, --pin) and puts hyperfine's mean of the whole process
 * beside the harness's median of the kernel region for the same case. The difference is real
 * work outside the clock, so the section says what it is made of, with the numbers. */
#include "harness/report/report_bench.h"
#include "harness/models/role.h"

#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/models/placement.h"

#define HF_MAX_ROWS 64
#define HF_MAX_WORDS 64

/* One command timed by hyperfine, and what it is in forkomp's terms. */
typedef struct {
    char shown[320]; /* the command as shown: forkomp's options, without the run-count noise */
    char kernel[32], variant[32], cls[32], model[32];
    int forkomp, version, workers, pin, dynamic;
    double mean, stddev, cpu;   /* seconds; cpu = user + system, NaN when not exported */
    const fk_report_group_t *g; /* the harness's group of the same case, or NULL */
} hf_row_t;

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

/* ------------------------------------------------------------------ parsing commands */

/* Splits s in place into at most max words at blanks; quotes ('...' or "...") group. */
static size_t split_words(char *s, char **words, size_t max)
{
    size_t n = 0;
    while (n < max) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        char *out = s, quote = 0;
        words[n++] = s;
        for (; *s && (quote || (*s != ' ' && *s != '\t')); s++) {
            if (!quote && (*s == '\'' || *s == '"'))
                quote = *s;
            else if (quote && *s == quote)
                quote = 0;
            else
                *out++ = *s;
        }
        if (*s)
            s++;
        *out = '\0';
    }
    return n;
}

static int is_forkomp(const char *word)
{
    const char *slash = strrchr(word, '/');
    return strcmp(slash ? slash + 1 : word, "forkomp") == 0;
}

static void append_word(char *shown, size_t len, const char *word)
{
    size_t used = strlen(shown);
    snprintf(shown + used, len - used, "%s%s", used ? " " : "", word);
}

/* One option (value is its argument, or NULL); returns 1 when it took the value. */
static int take_option(hf_row_t *h, const char *opt, const char *value)
{
    static const char *const noise[] = {"--reps", "--warmup", "--csv"};
    static const char *const flags[] = {"--version", "--in-place", "--help"};
    const char *v = value ? value : "";
    if (strcmp(opt, "--version") == 0)
        h->version = 1;
    if (strcmp(opt, "--pin") == 0) { /* --pin alone is linear; --pin[=| ]POLICY */
        int policy = value ? fk_pin_parse(value) : -1;
        h->pin = policy >= 0 ? policy : FK_PIN_LINEAR;
        append_word(h->shown, sizeof h->shown, opt);
        if (policy >= 0)
            append_word(h->shown, sizeof h->shown, v);
        return policy >= 0;
    }
    if (strcmp(opt, "--quiet") == 0)
        return 0;
    for (size_t i = 0; i < sizeof noise / sizeof *noise; i++)
        if (strcmp(opt, noise[i]) == 0)
            return value != NULL;
    append_word(h->shown, sizeof h->shown, opt);
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (strcmp(opt, flags[i]) == 0)
            return 0;
    if (!value || strncmp(opt, "--", 2) != 0)
        return 0;
    append_word(h->shown, sizeof h->shown, v);
    if (strcmp(opt, "--class") == 0)
        snprintf(h->cls, sizeof h->cls, "%s", v);
    if (strcmp(opt, "--variant") == 0)
        snprintf(h->variant, sizeof h->variant, "%s", v);
    if (strcmp(opt, "--models") == 0 && !strchr(v, ','))
        snprintf(h->model, sizeof h->model, "%s", v);
    if (strcmp(opt, "--workers") == 0 && !strchr(v, ','))
        h->workers = atoi(v);
    if (strcmp(opt, "--schedule") == 0)
        h->dynamic = strcmp(v, "dynamic") == 0;
    return 1;
}

/* Fills h from a command line; a command that does not run forkomp is shown as it is. */
static void parse_command(const char *command, hf_row_t *h)
{
    char buf[1024], *w[HF_MAX_WORDS], eq[256];
    snprintf(buf, sizeof buf, "%s", command);
    size_t n = split_words(buf, w, HF_MAX_WORDS), b = 0;
    while (b < n && !is_forkomp(w[b]))
        b++;
    snprintf(h->shown, sizeof h->shown, "%s", b < n ? "forkomp" : command);
    if (b == n)
        return;
    h->forkomp = 1;
    for (size_t i = b + 1; i < n; i++) {
        char *value = strchr(w[i], '=');
        if (i == b + 1 && w[i][0] != '-') {
            snprintf(h->kernel, sizeof h->kernel, "%s", w[i]);
            append_word(h->shown, sizeof h->shown, w[i]);
        } else if (value && strncmp(w[i], "--", 2) == 0) { /* --opt=value */
            snprintf(eq, sizeof eq, "%.*s", (int)(value - w[i]), w[i]);
            take_option(h, eq, value + 1);
        } else {
            i += (size_t)take_option(h, w[i], i + 1 < n ? w[i + 1] : NULL);
        }
    }
    if (fk_model_role(h->model) == FK_ROLE_ONE)
        h->workers = 1;
}

/* ------------------------------------------------------------------ matching */

static int group_matches(const fk_report_group_t *g, const hf_row_t *h)
{
    int dynamic = g->schedule && strcmp(g->schedule, "dynamic") == 0;
    return g->runs > 0 && strcmp(g->kernel, h->kernel) == 0 &&
           (!h->variant[0] || strcmp(g->variant, h->variant) == 0) &&
           (!h->cls[0] || strcmp(g->class_name, h->cls) == 0) && strcmp(g->model, h->model) == 0 &&
           g->workers == h->workers && g->pin == h->pin && dynamic == h->dynamic;
}

/* The harness's group of the same case; this host's when the data spans several. */
static const fk_report_group_t *find_group(const fk_report_t *r, const hf_row_t *h)
{
    char host[256] = "";
    const fk_report_group_t *best = NULL;
    if (!h->forkomp || !h->kernel[0] || !h->model[0] || h->workers <= 0)
        return NULL;
    gethostname(host, sizeof host - 1);
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (!group_matches(g, h))
            continue;
        if (!best || (strcmp(best->host, host) && !strcmp(g->host, host)))
            best = g;
    }
    return best;
}

/* ------------------------------------------------------------------ loading */

/* Appends the rows of one export to rows[]; a file that cannot be read is said in md. */
static size_t load_export(const char *path, hf_row_t *rows, size_t n, FILE *md)
{
    static const char *const need[] = {"command", "mean", "stddev"};
    fk_csv_table_t t = {0};
    char err[512];
    int c[3];
    if (fk_csv_table_read(path, &t, err, sizeof err) != 0 ||
        fk_csv_table_require(&t, need, 3, c, err, sizeof err) != 0) {
        fprintf(md, "Could not read a hyperfine export: %s.\n\n", err);
        fk_csv_table_free(&t);
        return n;
    }
    int user = fk_csv_table_column(&t, "user"), sys = fk_csv_table_column(&t, "system");
    for (size_t i = 0; i < t.nrows && n < HF_MAX_ROWS; i++) {
        hf_row_t *h = &rows[n];
        double u = NAN, s = NAN;
        memset(h, 0, sizeof *h);
        if (fk_csv_table_number(&t, i, c[1], 0, &h->mean, err, sizeof err) != 0 ||
            fk_csv_table_number(&t, i, c[2], 1, &h->stddev, err, sizeof err) < 0) {
            fprintf(md, "Skipped a row of a hyperfine export: %s.\n\n", err);
            continue;
        }
        fk_csv_table_number(&t, i, user, 1, &u, err, sizeof err);
        fk_csv_table_number(&t, i, sys, 1, &s, err, sizeof err);
        h->cpu = user >= 0 && sys >= 0 ? u + s : NAN;
        parse_command(fk_csv_table_field(&t, i, c[0]), h);
        n++;
    }
    fk_csv_table_free(&t);
    return n;
}

/* Every OUT/hyperfine*.csv, in name order. */
static size_t load_exports(const fk_report_t *r, hf_row_t *rows, FILE *md, size_t *nfiles)
{
    char pattern[4096 + 32];
    glob_t gl;
    size_t n = 0;
    *nfiles = 0;
    snprintf(pattern, sizeof pattern, "%s/hyperfine*.csv", r->out_dir);
    if (glob(pattern, 0, NULL, &gl) != 0)
        return 0;
    fprintf(md, "## Cross-check with hyperfine\n\n");
    for (size_t i = 0; i < gl.gl_pathc; i++)
        n = load_export(gl.gl_pathv[i], rows, n, md);
    *nfiles = gl.gl_pathc;
    globfree(&gl);
    for (size_t i = 0; i < n; i++)
        rows[i].g = find_group(r, &rows[i]);
    return n;
}

/* ------------------------------------------------------------------ writing */

static const hf_row_t *startup_row(const hf_row_t *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].forkomp && rows[i].version && !rows[i].kernel[0])
            return &rows[i];
    return NULL;
}

static void write_row(FILE *md, const hf_row_t *h, const hf_row_t *up)
{
    char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
    double med = h->g ? h->g->wall.median : NAN, diff = h->mean - med;
    double rest = up && h != up ? diff - up->mean : NAN;
    fprintf(md, "| `%s` | %s ± %s | %s | ", h->shown, fk_report_fmt_time(h->mean, a, 32),
            fk_report_fmt_time(h->stddev, b, 32), fk_report_fmt_time(med, c, 32));
    if (isnan(diff))
        fprintf(md, "%s | ", h == up ? "all of it is start-up" : "no harness runs of this case");
    else
        fprintf(md, "%s (%.0f%%) | ", fk_report_fmt_time(diff, d, 32), 100.0 * diff / h->mean);
    fprintf(md, "%s | %s | %s |\n", fk_report_fmt_time(rest, e, 32),
            fk_report_fmt_time(h->cpu, f, 32), fk_report_fmt_time(h->g ? h->g->cpu_s : NAN, g, 32));
}

static void write_table(FILE *md, const hf_row_t *rows, size_t n, const hf_row_t *up)
{
    fprintf(md, "| command (each `--reps 1 --warmup 0 --quiet`) | hyperfine mean ± sd | harness "
                "median | difference (share of the mean) | difference minus start-up | CPU, "
                "hyperfine | CPU, harness |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++)
        write_row(md, &rows[i], up);
    fprintf(md, "\n");
}

/* The row whose difference is the largest share of its whole-process time. */
static const hf_row_t *largest_share(const hf_row_t *rows, size_t n)
{
    const hf_row_t *worst = NULL;
    for (size_t i = 0; i < n; i++) {
        const hf_row_t *h = &rows[i];
        if (!h->g || h->mean <= 0)
            continue;
        double share = (h->mean - h->g->wall.median) / h->mean;
        if (!worst || share > (worst->mean - worst->g->wall.median) / worst->mean)
            worst = h;
    }
    return worst;
}

static int kernel_timed(const hf_row_t *rows, size_t n, const char *kernel)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].g && strcmp(rows[i].kernel, kernel) == 0)
            return 1;
    return 0;
}

static void explain_startup(FILE *md, const hf_row_t *up)
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
            "few shared libraries (GDAL and Open MPI are modules, loaded only by the commands "
            "that need them), and the constructors: libgomp's, which reads the `OMP_*` "
            "variables when it is loaded, and libprimesieve's, which reads the CPU's cache "
            "sizes. Every command pays it once; the harness's clock never sees it.\n",
            fk_report_fmt_time(up->mean, a, 32), fk_report_fmt_time(up->stddev, b, 32));
}

/* The range of the differences minus start-up, and what they are made of per kernel. */
static void explain_rest(FILE *md, const hf_row_t *rows, size_t n, const hf_row_t *up)
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
        fprintf(md, " primes builds its inputs and computes the reference sums with an "
                    "independent sieve (libprimesieve), against which every task is verified;");
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
static void explain_inconsistent(FILE *md, const hf_row_t *rows, size_t n)
{
    char a[32], b[32];
    const hf_row_t *worst = NULL;
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const hf_row_t *h = &rows[i];
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

static void explain_share(FILE *md, const hf_row_t *rows, size_t n)
{
    char a[32], b[32];
    const hf_row_t *w = largest_share(rows, n);
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
static void explain_agreement(FILE *md, const hf_row_t *rows, size_t n)
{
    char a[32], b[32], c[32], d[32];
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        const hf_row_t *p = &rows[i], *t = NULL;
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

void fk_report_hyperfine_section(const fk_report_t *r, FILE *md)
{
    hf_row_t *rows = calloc(HF_MAX_ROWS, sizeof *rows);
    size_t nfiles, n;
    if (!rows)
        return;
    n = load_exports(r, rows, md, &nfiles);
    if (nfiles == 0) {
        free(rows);
        return;
    }
    const hf_row_t *up = startup_row(rows, n);
    fprintf(md, "hyperfine timed whole `forkomp` processes (`hyperfine -N`: no shell; a warm-up "
                "first), each doing one run; its exports (`hyperfine*.csv`, and `hyperfine*.json` "
                "with every time) are in this folder. Its mean is what a user waits for. The "
                "harness's median, from the runs above, times only the kernel region "
                "(`CLOCK_MONOTONIC` from starting the workers to collecting the last result), "
                "the number the models are compared by. The difference is real work outside that "
                "region, not noise to hide.\n\n");
    write_table(md, rows, n, up);
    explain_inconsistent(md, rows, n);
    explain_startup(md, up);
    explain_rest(md, rows, n, up);
    explain_share(md, rows, n);
    explain_agreement(md, rows, n);
    fprintf(md, "\n");
    free(rows);
}
