/* SPDX-License-Identifier: MIT */
/* report.h: the inside of `forkomp report`, shared by report.c (the command),
 * report_load.c, report_group.c and report_summary.c (loading, grouping and statistics,
 * summary.csv), report_facts*.c (facts.json, the figures the words quote) and report_plot.c
 * (gnuplot). The words are harness/words/'s (report_words.c runs it). */
#ifndef FK_REPORT_H
#define FK_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "harness/report/csv_read.h"
#include "harness/report/report_counters.h"
#include "harness/report/shift.h"
#include "harness/base/stats.h"

#define FK_REPORT_MAX_FILES 256 /* CSV files one report reads */

/* One CSV row, parsed. Strings point into the tables, which live as long as the report. */
typedef struct fk_report_run {
    const char *host, *kernel, *variant, *class_name, *model, *schedule, *status;
    int workers, procs, threads, pin, cpus;
    int ok;    /* status ok and verified: only these enter the timing statistics */
    int tasks; /* the tasks column (spawn: operations timed); 0 when absent */
    int rank;  /* the model's place in the registry (fk_model_rank), found once for sorting */
    double wall_s, cpu_s, maxrss_kib, rss_sum_kib;
    double per_op_s; /* spawn's EPCC overhead per operation; NaN when absent */
    /* the counters (report_counters.h) are read from the table when the groups' medians are
     * taken, not kept here: 104 bytes a run were a third of a million-row report's memory */
    const fk_csv_table_t *table; /* for the context columns */
    size_t row;
    /* the engine's rounds (older files: round 0, seed ""): runs of one file with the same
     * seed and round ran in the same round, which pairs them (report_compare.c) */
    int round;
    const char *seed;
    int control;          /* arm "control": the A/A control's copy of a model */
    int disturbed;        /* 1: other processes disturbed the run (column disturbed) */
    int others_measuring; /* other forkomps measuring at the run (column others_measuring) */
} fk_report_run_t;

/* The runs of one (host, kernel, variant, class, model, schedule, pin, workers). */
typedef struct fk_report_group {
    const char *host, *kernel, *variant, *class_name, *model, *schedule;
    int workers, procs, threads, pin, cpus;
    char label[48];      /* model, "-dyn" for a dynamic schedule, then "-pin" (linear),
                          * "-compact" or "-scatter" when pinned */
    size_t runs, failed; /* ok and verified runs; the others */
    const char *failure; /* the status of the first failed run, or "unverified" */
    fk_summary_t wall;
    double ci_level;                        /* coverage of [wall.ci_lo, wall.ci_hi] */
    double cpu_s, maxrss_kib, rss_sum_kib;  /* medians over the ok runs */
    int tasks;                              /* of the first run */
    double per_op_s, per_op_min;            /* median and min over the ok runs; NaN if none */
    const struct fk_report_group *baseline; /* the serial group, or NULL */
    double speedup, speedup_lo, speedup_hi, efficiency, karp_flatt;
    const fk_report_run_t *first;   /* a run of the group, for its context */
    const fk_report_run_t *members; /* every run of the group (nmembers, ok or not) */
    size_t nmembers;
    double counter[FK_RC_N]; /* medians over the ok runs; NaN where none measured it */
    double precision_pct;    /* the CI of the median as +-% of the median: the larger side */
    int precision_reached;   /* -1: no target (fixed --reps); else 0 or 1 */
    int slower_than_serial;  /* 1: the speedup's whole CI lies below 1; 0: not shown */
    int control;             /* the A/A control's copy (kept apart: r->controls) */
    size_t disturbed;        /* runs other processes disturbed */
} fk_report_group_t;

/* One comparison the answer makes: a against b at equal workers (fork against omp; hybrid
 * against the faster of the two; the A/A control against the model it copies), as the
 * ratio of a's times to b's with its 95% interval: paired over the rounds both ran (the
 * Hodges-Lehmann estimate of the per-round log ratios, paired.h), or, for files without
 * rounds, from the Hodges-Lehmann shift of the two samples (shift.h) over b's median. */
enum fk_verdict { FK_VERDICT_A_FASTER, FK_VERDICT_B_FASTER, FK_VERDICT_SAME, FK_VERDICT_UNDECIDED };
enum fk_comparison_kind { FK_KIND_MODELS, FK_KIND_CONTROL };

typedef struct fk_report_comparison {
    const fk_report_group_t *a, *b;
    int kind;                               /* enum fk_comparison_kind */
    int paired;                             /* 1: paired by rounds; 0: two samples */
    size_t a_runs, b_runs;                  /* the runs analysed (paired: both = pairs) */
    size_t pairs;                           /* rounds both ran (0: unpaired) */
    double ratio, ratio_lo, ratio_hi;       /* a's time over b's, and its CI */
    double level;                           /* the CI's coverage */
    fk_shift_t shift;                       /* unpaired: of a - b, seconds */
    double shift_pct, ci_lo_pct, ci_hi_pct; /* 100 x (ratio - 1) */
    int verdict;                            /* enum fk_verdict */
    char text[240];                         /* the verdict as comparisons.csv words it */
} fk_report_comparison_t;

typedef struct fk_report {
    fk_csv_table_t *tables;
    size_t ntables;
    const char *const *labels; /* per table: the host label of CSV=LABEL, or NULL */
    fk_report_run_t *runs;
    size_t nruns, nok;
    fk_report_group_t *groups;
    size_t ngroups;
    const char *out_dir;
    int plotted; /* the PNGs were written */
    fk_report_comparison_t *comparisons;
    size_t ncomparisons;
    const char *in_dir; /* the output folder, where bench.sh's files are read: out_dir is the
                         * staging folder while the outputs are written (report_stage.h) */
    fk_report_group_t *controls; /* the A/A control groups, after groups[0..ngroups) */
    size_t ncontrols;
    int unreliable; /* an A/A control was called faster: no verdict of the data holds */
} fk_report_t;

/* 1 for the rows of `forkomp spawn` (kernel spawn): per-operation costs, not a kernel's
 * timings, so they have their own section and plot, not the generic ones. */
int fk_report_is_spawn(const fk_report_group_t *g);
/* 1 when the group runs more workers than the host has cores (cpus known). */
int fk_report_oversubscribed(const fk_report_group_t *g);
/* 1 when the groups span more than one host. */
int fk_report_several_hosts(const fk_report_t *r);
/* 1 when a and b are the same host, kernel, variant and class. */
int fk_report_same_case(const fk_report_group_t *a, const fk_report_group_t *b);
/* The group of model at workers in a's case, schedule and pin; NULL when there is none. */
/* 1 when g runs its model as the model defines it: the default schedule, not pinned (its
 * label is its name; a Python model's schedule is its API's). */
int fk_report_plain(const fk_report_group_t *g);
const fk_report_group_t *fk_report_find(const fk_report_t *r, const fk_report_group_t *a,
                                        const char *model, int workers);
/* The value of a context column (cpu_model, cc, ...) of a run; "" when the file has none. */
const char *fk_report_context(const fk_report_run_t *run, const char *column);
/* The same for a loop over many runs: the column found once in each file (a lookup by name
 * per run was 60% of a million-row report). */
typedef struct fk_report_col {
    int idx[FK_REPORT_MAX_FILES]; /* per table: the column's index, -1 when absent */
} fk_report_col_t;
void fk_report_col_find(const fk_report_t *r, const char *column, fk_report_col_t *c);
const char *fk_report_col_value(const fk_report_t *r, const fk_report_col_t *c,
                                const fk_report_run_t *run);
/* Human units: "1.234 s", "56.7 ms", "890 us"; "-" for NaN. */
const char *fk_report_fmt_time(double s, char *buf, size_t len);
/* A number with prec decimals; "-" for NaN. */
const char *fk_report_fmt_num(double v, int prec, char *buf, size_t len);
/* "850 KiB" below 1 MiB, else "1.2 MiB"; "-" for NaN; negative values (noise) as measured. */
const char *fk_report_fmt_kib(double kib, char *buf, size_t len);
/* "12.3 MiB" from KiB; "-" for NaN. */
const char *fk_report_fmt_mib(double kib, char *buf, size_t len);
/* The name of a plot relative to the output folder, as the gnuplot script names it:
 * "KERNEL-VARIANT-CLASS-HOST-WHAT.png", below "hosts/HOST/" when the data spans hosts. */
void fk_report_plot_name(const fk_report_t *r, const fk_report_group_t *g, const char *what,
                         char *buf, size_t len);

/* The load warning: the 1-minute load average at host's first run was FK_REPORT_LOAD_WARN
 * or more, before the benchmark's own work: something else competed for the cores. */
#define FK_REPORT_LOAD_WARN 0.5
int fk_report_host_loaded(const fk_report_t *r, const char *host);
/* The 1-minute load averages recorded on host (report_cause.c): lowest, highest, and the one
 * at the first run (earliest timestamp), before the benchmark's own runs added to it; n: the
 * runs that recorded one. */
typedef struct fk_report_load {
    double lo, hi, first;
    size_t n;
} fk_report_load_t;
void fk_report_load_range(const fk_report_t *r, const char *host, fk_report_load_t *l);

/* The index one past the last group of the case (host, kernel, variant, class) at i. */
size_t fk_report_case_end(const fk_report_t *r, size_t i);

/* The inputs (report_inputs.c). Drops a file given twice (the same inode under any name;
 * labels[] follows files[]), with a warning: read twice it would double every count. */
void fk_report_drop_repeated(const char **files, const char **labels, size_t *nfiles);
/* report never writes over one of its inputs: returns -1 with a message in err when an
 * input is one of the outputs in out_dir (summary.csv, report.md, a plot...). */
int fk_report_check_inputs(const char *const *files, size_t nfiles, const char *out_dir, char *err,
                           size_t errlen);
/* Host, kernel, variant, class and model name plots, files and folders (hosts/HOST/): a
 * control character (a newline breaks gnuplot's reading of summary.csv) or a '/' in them
 * becomes '_', with one warning per file. Returns how many fields changed. */
size_t fk_report_clean_names(fk_csv_table_t *t);

/* The steps of `forkomp report`, in order: reads the files into r->tables and r->runs
 * (report_load.c); sorts the runs into r->groups with their statistics (report_group.c);
 * the baseline, speedups and Karp-Flatt fractions of every group; DIR/summary.csv and the
 * printed table (report_summary.c). The int ones return 0 or -1 with a message in err. */
int fk_report_load(fk_report_t *r, const char *const *files, size_t nfiles, char *err,
                   size_t errlen);
int fk_report_group_runs(fk_report_t *r, char *err, size_t errlen);
void fk_report_compute_speedups(fk_report_t *r);
int fk_report_write_summary(const fk_report_t *r, char *err, size_t errlen);
/* Writes OUT/name (a CSV file: summary.csv, class.csv, comparisons.csv) with write; 0, or -1
 * with "PATH: why" in err when it cannot be opened or closed (report_out.c). */
int fk_report_write_file(const fk_report_t *r, const char *name,
                         void (*write)(FILE *f, const fk_report_t *r), char *err, size_t errlen);
/* summary.csv's column spec (report_table.h), also the figures of facts.json's groups. */
struct fk_col;
const struct fk_col *fk_report_summary_cols(size_t *n);

/* Runs gnuplot on DIR/summary.csv; warns (and returns -1) when it cannot. */
int fk_report_plot(const fk_report_t *r);
/* The same plots as SVG into dir (same names, .svg), for report.html; -1 when the PNGs were
 * not drawn either or gnuplot failed. */
int fk_report_plot_svg(const fk_report_t *r, const char *dir);

#endif
