/* SPDX-License-Identifier: MIT */
/* report.c: `forkomp report CSV... [--out DIR]`: its options and the order of the work:
 * load the CSV files of the contract (report_load.c, from any number of runs and machines),
 * group them and compute the statistics (report_group.c), write DIR/summary.csv and print
 * the table (report_summary.c), the class view, comparisons, plots, facts.json
 * (report_facts.c), then the words written from the data (report_words.c: report.md,
 * report.html, answers.md, answer.txt), all into a staging folder published at once. */
#include "harness/report/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/cli.h"
#include "harness/base/commands.h"
#include "harness/engine/context.h"
#include "harness/report/report_class.h"
#include "harness/report/report_compare.h"
#include "harness/report/report_facts.h"
#include "harness/report/report_stage.h"
#include "harness/report/report_words.h"
#include "kernels/common/util.h"

static const char report_usage[] =
    "usage: forkomp report CSV[=LABEL]... [--out DIR]\n"
    "\n"
    "Summarises CSV files written by `forkomp primes|shapefiles --csv FILE` (several runs or\n"
    "machines at once): per host, kernel, variant, class, model and worker count the runs,\n"
    "median, mean, stddev, min, max, cv, a confidence interval of the median (95%, or less\n"
    "with fewer than 6 runs: the ci_level column says how much), outliers,\n"
    "CPU time, memory, speedup and efficiency over serial, and the Karp-Flatt serial fraction.\n"
    "Writes the numbers (DIR/summary.csv, comparisons.csv, facts.json), PNG plots (with\n"
    "gnuplot), then the words from them with Python 3 (report.md, report.html, answers.md,\n"
    "answer.txt: harness/words/forkomp_words.py), and prints the table.\n"
    "\n"
    "With several hosts a class section comes first: one row per host, a speedup plot per\n"
    "host and the hosts whose figures stand apart; per-host plots go to DIR/hosts/HOST/.\n"
    "CSV=LABEL reads that file's rows as host LABEL (two laptops both called 'ubuntu').\n"
    "\n";

static void report_free(fk_report_t *r)
{
    for (size_t i = 0; i < r->ntables; i++)
        fk_csv_table_free(&r->tables[i]);
    free(r->tables);
    free(r->runs);
    free(r->groups);
    free(r->comparisons);
}

/* Without --out: a folder of its own beside the first CSV file, NAME-report for NAME.csv, so
 * that a report never strews summary.csv, report.md and plots over the folder the CSV is
 * in (the repository's root, when an exercise wrote its CSV there). */
static const char *default_out(const char *file, char *buf, size_t len)
{
    size_t n = strlen(file);
    if (n > 4 && strcmp(file + n - 4, ".csv") == 0)
        n -= 4;
    snprintf(buf, len, "%.*s-report", (int)n, file);
    return buf;
}

/* mkdir -p: the output folder and any missing parents. */
static int make_out_dir(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0777); /* failures show in the final check */
        *p = '/';
    }
    if (mkdir(path, 0777) == 0 || (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return 0;
    return fk_err(err, errlen, "%s: cannot create the output folder: %s", dir,
                  errno == EEXIST ? "not a folder" : strerror(errno));
}

/* Writes summary.csv, the class view, comparisons, the plots, facts.json and (by the words
 * program) report.md, report.html, answers.md and answer.txt into r->out_dir (the staging
 * folder); an error when a signal came between two steps. */
static int write_outputs(fk_report_t *r, fk_report_stage_t *stage, const char *const *files,
                         size_t nfiles, char *err, size_t errlen)
{
    if (fk_report_write_summary(r, err, errlen) < 0 ||
        fk_report_write_class_csv(r, err, errlen) < 0 || fk_report_compare(r, err, errlen) < 0 ||
        fk_report_write_comparisons(r, err, errlen) < 0)
        return -1;
    fk_report_warn_hosts(r);
    if (fk_report_stage_stopped(stage))
        return fk_err(err, errlen, "interrupted");
    r->plotted = fk_report_plot(r) == 0;
    if (fk_report_stage_stopped(stage))
        return fk_err(err, errlen, "interrupted");
    if (fk_facts_write(r, files, nfiles, err, errlen) < 0 || fk_report_words(r, err, errlen) < 0)
        return -1;
    return 0;
}

/* Loads, groups and computes; then writes every output into a staging folder inside the
 * output folder and moves them into it together (report_stage.h). */
static int report_run(fk_report_t *r, const char *const *files, size_t nfiles)
{
    char err[512] = "";
    const char *out_dir = r->out_dir;
    fk_report_stage_t stage;
    if (fk_report_check_inputs(files, nfiles, r->out_dir, err, sizeof err) < 0 ||
        fk_report_load(r, files, nfiles, err, sizeof err) < 0 ||
        fk_report_group_runs(r, err, sizeof err) < 0) {
        fprintf(stderr, "forkomp report: %s\n", err);
        /* a bad input is 2; running out of memory on a good one is a failure, 1 */
        return strstr(err, "out of memory") ? FK_EXIT_FAIL : FK_EXIT_USAGE;
    }
    fk_report_compute_speedups(r);
    int opened = make_out_dir(r->out_dir, err, sizeof err) == 0;
    if (!opened || fk_report_stage_open(&stage, out_dir, err, sizeof err) < 0) {
        if (opened)
            fk_report_stage_close(&stage); /* the signal mask as it was */
        fprintf(stderr, "forkomp report: %s\n", err);
        return FK_EXIT_FAIL;
    }
    r->in_dir = out_dir;
    r->out_dir = stage.dir;
    int rc = write_outputs(r, &stage, files, nfiles, err, sizeof err);
    r->out_dir = out_dir;
    if (rc == 0)
        rc = fk_report_stage_publish(&stage, err, sizeof err);
    fk_report_stage_close(&stage);
    if (rc != 0) {
        fprintf(stderr, "forkomp report: %s (the outputs in %s are those of before)\n", err,
                out_dir);
        return FK_EXIT_FAIL;
    }
    printf("wrote %s/summary.csv, facts.json, %s/report.md, report.html, answers.md%s\n", out_dir, out_dir,
           r->plotted ? " and the plots" : "");
    return FK_EXIT_OK;
}

/* CSV=LABEL: a file that does not exist under the whole name is split at its last '='. The
 * words are argv's own, so the '=' is cut in place. */
static int split_labels(const char **files, const char **labels, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        char *eq = strrchr(files[i], '=');
        labels[i] = NULL;
        if (!eq || access(files[i], F_OK) == 0)
            continue;
        if (fk_context_check_label(eq + 1, err, errlen) != 0)
            return -1;
        *eq = '\0';
        labels[i] = eq + 1;
    }
    return 0;
}

typedef struct report_opts {
    const char *out; /* --out DIR */
} report_opts_t;

static const fk_opt_t report_options[] = {
    {"out", FK_OPT_STR, offsetof(report_opts_t, out), 0, 0, "DIR",
     "where to write (default: NAME-report/ beside the first CSV, NAME.csv)", NULL, NULL},
    {"label", FK_OPT_REFUSED, 0, 0, 0, NULL, "is for the run commands; here write CSV=LABEL", NULL,
     NULL},
    FK_OPT_END,
};

int fk_cmd_report(int argc, char **argv)
{
    report_opts_t opts = {NULL};
    const char *files[FK_REPORT_MAX_FILES];
    fk_cli_rest_t rest = {0, files, FK_REPORT_MAX_FILES, 0};
    fk_opt_group_t group = {report_options, &opts};
    char err[512] = "", outbuf[4096];
    if (fk_cli_parse("report", argc - 1, argv + 1, &group, 1, &rest, err, sizeof err) != FK_EXIT_OK)
        return fk_cli_usage_error("report", err);
    if (rest.help) {
        fputs(report_usage, stdout);
        fk_cli_print_options(stdout, report_options);
        return FK_EXIT_OK;
    }
    size_t nfiles = rest.n;
    if (nfiles == 0)
        return fk_cli_usage_error("report", "no CSV files given");
    const char *labels[FK_REPORT_MAX_FILES];
    if (split_labels(files, labels, nfiles, err, sizeof err) != 0)
        return fk_cli_usage_error("report", err);
    fk_report_drop_repeated(files, labels, &nfiles);
    fk_report_t r = {0};
    r.labels = labels;
    struct stat st;
    if (!opts.out && stat(files[0], &st) == 0 &&
        (!S_ISREG(st.st_mode) || !strncmp(files[0], "/dev/", 5) || !strncmp(files[0], "/proc/", 6)))
        /* /dev/stdin-report/ would be made beside /dev/stdin (issue 27 N18) */
        return fk_cli_usage_error("report", "the first CSV is not a regular file of a folder of "
                                            "yours (a pipe or a device): say where to write with "
                                            "--out DIR");
    r.out_dir = opts.out ? opts.out : default_out(files[0], outbuf, sizeof outbuf);
    int rc = report_run(&r, files, nfiles);
    report_free(&r);
    return rc;
}
