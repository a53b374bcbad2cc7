/* SPDX-License-Identifier: MIT */
/* report_hf.h: the inside of report.md's hyperfine cross-check (report_bench.c): the commands
 * hyperfine timed (its CSV exports beside summary.csv), what each ran in forkomp's terms
 * (from manifest.csv, which harness/bench/bench.sh writes beside bench.csv: one line per
 * forkomp command, with the exact name hyperfine timed it under), the harness's group of the
 * same case (report_hf_load.c), and the figures that explain the differences
 * (report_hf_explain.c), all written to facts.json for harness/words/words_bench.py. */
#ifndef FK_REPORT_HF_H
#define FK_REPORT_HF_H

#include "harness/report/report.h"

struct cJSON;

#define FK_HF_MAX_ROWS 64

/* One command timed by hyperfine, and what it is in forkomp's terms. */
typedef struct fk_hf_row {
    char shown[320]; /* forkomp's options from the manifest, or the command as hyperfine ran it */
    char kernel[32], variant[32], cls[32], model[32];
    int listed;  /* the manifest has it */
    int startup; /* `forkomp --version`: the process start-up alone */
    int workers, pin, dynamic;
    double mean, stddev, cpu;   /* seconds; cpu = user + system, NaN when not exported */
    const fk_report_group_t *g; /* the harness's group of the same case, or NULL */
} fk_hf_row_t;

typedef struct fk_hf {
    fk_hf_row_t rows[FK_HF_MAX_ROWS];
    size_t n, nfiles; /* rows; hyperfine*.csv files read */
    int manifest; /* 1: manifest.csv read; 0: absent (an older results folder); -1: unreadable */
} fk_hf_t;

/* Reads OUT/hyperfine*.csv (in name order) and OUT/manifest.csv into hf and finds each row's
 * group; adds to problems {"kind": "export", "row" or "manifest", "error"} per file or row
 * that cannot be read. */
void fk_hf_load(const fk_report_t *r, fk_hf_t *hf, struct cJSON *problems);
/* The `forkomp --version` row, or NULL. */
const fk_hf_row_t *fk_hf_startup(const fk_hf_t *hf);

/* What explains the table, into o: inconsistent rows, start-up, work outside the clock and
 * which kernels it is, where it weighs most, and processes against threads as each tool sees
 * it. */
void fk_hf_explain(struct cJSON *o, const fk_hf_t *hf);

#endif
