/* report_bench.h: the hyperfine cross-check `make bench` adds to report.md (hyperfine*.csv
 * exports beside summary.csv), a section of report_md.c's list. (bench-notes.md and
 * compare-why.md are copied in by harness/words/words_sections.py.) */
#ifndef FK_REPORT_BENCH_H
#define FK_REPORT_BENCH_H

#include <stdio.h>

#include "harness/report/report.h"

/* "## Cross-check with hyperfine": each command of OUT/hyperfine*.csv against the harness's
 * median of the same kernel, variant, class, model and workers, the difference split into
 * process start-up (the `forkomp --version` command, when timed) and the rest, explained.
 * Nothing when there is no export. */
void fk_report_hyperfine_section(const fk_report_t *r, FILE *md);

#endif
