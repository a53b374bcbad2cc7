/* SPDX-License-Identifier: MIT */
/* report_bench.h: the facts of the hyperfine cross-check `make bench` adds to report.md
 * (hyperfine*.csv exports beside summary.csv), worded by harness/words/words_bench.py.
 * (bench-notes.md and compare-why.md are copied in by harness/words/words_sections.py.) */
#ifndef FK_REPORT_BENCH_H
#define FK_REPORT_BENCH_H

#include "harness/report/report.h"

struct cJSON;

/* Each command of OUT/hyperfine*.csv against the harness's median of the same kernel,
 * variant, class, model and workers, the difference split into process start-up (the
 * `forkomp --version` command, when timed) and the rest, with what explains it; null when
 * there is no export. */
struct cJSON *fk_facts_hyperfine(const fk_report_t *r);

#endif
