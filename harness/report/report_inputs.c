/* SPDX-License-Identifier: MIT */
/* report_inputs.c: what `forkomp report` checks about its inputs before it computes anything
 * (see report.h): a file given twice is read once, an input that is one of the outputs is
 * refused rather than overwritten, and names that become plot and folder names are made
 * safe for gnuplot and for paths. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/report/report.h"
#include "harness/report/report_plot.h"
#include "kernels/common/util.h"

void fk_report_drop_repeated(const char **files, const char **labels, size_t *nfiles)
{
    struct stat st[FK_REPORT_MAX_FILES];
    size_t n = 0;
    for (size_t i = 0; i < *nfiles && n < FK_REPORT_MAX_FILES; i++) {
        int seen = -1;
        if (stat(files[i], &st[n]) == 0)
            for (size_t j = 0; j < n && seen < 0; j++)
                if (st[j].st_dev == st[n].st_dev && st[j].st_ino == st[n].st_ino)
                    seen = (int)j;
        if (seen >= 0) {
            fprintf(stderr, "forkomp report: warning: %s is %s again: read once\n", files[i],
                    files[seen]);
            continue;
        }
        labels[n] = labels[i];
        files[n++] = files[i]; /* a missing file stays, to be reported by the reader */
    }
    *nfiles = n;
}

/* 1 when in is the file out_dir/name, under any name (a link, ./x, another path). */
static int is_output(const struct stat *in, const char *out_dir, const char *name)
{
    char out[4096];
    struct stat st;
    if (snprintf(out, sizeof out, "%s/%s", out_dir, name) >= (int)sizeof out)
        return 0;
    return stat(out, &st) == 0 && st.st_dev == in->st_dev && st.st_ino == in->st_ino;
}

/* The files report writes into its folder; the PNGs are checked by their extension. */
static const char *const outputs[] = {"summary.csv", "report.md",  "report.html",
                                      "class.csv",   "answers.md", "comparisons.csv",
                                      "answer.txt",  "facts.json", FK_REPORT_PLOT_RUNS};

static int is_any_output(const char *file, const struct stat *in, const struct stat *dir,
                         const char *out_dir)
{
    for (size_t k = 0; k < sizeof outputs / sizeof *outputs; k++)
        if (is_output(in, out_dir, outputs[k]))
            return 1;
    char buf[4096];
    struct stat parent;
    snprintf(buf, sizeof buf, "%s", file);
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    size_t len = strlen(base);
    return len > 4 && strcmp(base + len - 4, ".png") == 0 && stat(dirname(buf), &parent) == 0 &&
           parent.st_dev == dir->st_dev && parent.st_ino == dir->st_ino;
}

int fk_report_check_inputs(const char *const *files, size_t nfiles, const char *out_dir, char *err,
                           size_t errlen)
{
    struct stat dir, in;
    if (stat(out_dir, &dir) != 0)
        return 0; /* a new folder holds no input */
    for (size_t i = 0; i < nfiles; i++)
        if (stat(files[i], &in) == 0 && is_any_output(files[i], &in, &dir, out_dir))
            return fk_err(err, errlen,
                          "%s: is an output of this report (in %s); it would be overwritten: "
                          "give another --out DIR",
                          files[i], out_dir);
    return 0;
}

/* Replaces what a name must not hold in place; returns 1 when it changed anything. */
static int clean(char *s)
{
    int changed = 0;
    for (unsigned char *p = (unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/') {
            *p = '_';
            changed = 1;
        }
    if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) { /* hosts/../ would leave the folder */
        memset(s, '_', strlen(s));
        changed = 1;
    }
    return changed;
}

size_t fk_report_clean_names(fk_csv_table_t *t)
{
    static const char *const names[] = {"host", "kernel", "variant", "class", "model"};
    size_t changed = 0, first_line = 0;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        int col = fk_csv_table_column(t, names[k]);
        for (size_t r = 0; col >= 0 && r < t->nrows; r++) {
            char *name = fk_csv_table_field_rw(t, r, col);
            if (!name || !clean(name))
                continue;
            if (changed++ == 0 || t->rows[r].line < first_line)
                first_line = t->rows[r].line;
        }
    }
    if (changed)
        fprintf(stderr,
                "forkomp report: warning: %s:%zu: control characters or '/' in %zu host, "
                "kernel, variant, class or model names, read as '_'\n",
                t->path, first_line, changed);
    return changed;
}
