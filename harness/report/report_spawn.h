/* report_spawn.h: the report.md section of `forkomp spawn` rows (kernel spawn), added through
 * the extra_sections[] hook of report_md.c. */
#ifndef FK_REPORT_SPAWN_H
#define FK_REPORT_SPAWN_H

#include <stdio.h>

#include "harness/report/report.h"

/* A per-task spawn cost above this share of the task's work is called out in the report. */
#define FK_REPORT_SPAWN_MUCH 0.10

/* "## What a process costs (forkomp spawn)": the median and min per-operation cost of each
 * mechanism, parent size and W, and, for each other kernel/variant/class with serial runs on
 * the same host, that cost as a share of its work per task (serial median / tasks): where
 * spawning per task would cost more than FK_REPORT_SPAWN_MUCH of the work. Links the
 * granularity plot. Nothing when the data has no spawn rows. */
void fk_report_spawn_section(const fk_report_t *r, FILE *md);

#endif
