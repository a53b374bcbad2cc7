/* SPDX-License-Identifier: MIT */
/* report_spawn.h: the facts of `forkomp spawn` rows (kernel spawn) for report.md's section
 * "What a process costs" (harness/words/words_spawn.py). */
#ifndef FK_REPORT_SPAWN_H
#define FK_REPORT_SPAWN_H

#include "harness/report/report.h"

/* A per-task spawn cost above this share of the task's work is called out in the report. */
#define FK_REPORT_SPAWN_MUCH 0.10

struct cJSON;

/* Per host with spawn rows: the median and min per-operation cost of each mechanism, parent
 * size and W, and, for each kernel/variant/class with serial runs on the same host, that
 * cost as a share of its work per task (serial median / tasks): where spawning per task
 * would cost FK_REPORT_SPAWN_MUCH of the work or more. An empty array without spawn rows. */
struct cJSON *fk_facts_spawn(const fk_report_t *r);

#endif
