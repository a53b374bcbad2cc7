/* report_bench.h: the sections `make bench` and `make compare` add to report.md through the
 * extra_sections[] hook of report_md.c: how the bench was run (harness/bench/bench.sh writes
 * bench-notes.md beside summary.csv), why the lab used sub-processes (compare-why.md, from
 * `make compare` in the same folder) and the hyperfine cross-check (hyperfine*.csv exports
 * beside summary.csv). */
#ifndef FK_REPORT_BENCH_H
#define FK_REPORT_BENCH_H

#include <stdio.h>

#include "harness/report/report.h"

/* "## How this bench was run": the contents of OUT/bench-notes.md; nothing when absent. */
void fk_report_bench_notes_section(const fk_report_t *r, FILE *md);
/* "## Why the lab used sub-processes": OUT/compare-why.md, which `make compare` computes
 * from its measurements (harness/compare/compare_why.py); nothing when absent. */
void fk_report_compare_section(const fk_report_t *r, FILE *md);
/* "## Cross-check with hyperfine": each command of OUT/hyperfine*.csv against the harness's
 * median of the same kernel, variant, class, model and workers, the difference split into
 * process start-up (the `forkomp --version` command, when timed) and the rest, explained.
 * Nothing when there is no export. */
void fk_report_hyperfine_section(const fk_report_t *r, FILE *md);

#endif
