/* SPDX-License-Identifier: MIT */
/* report_facts.h: DIR/facts.json, every number the report's words need, computed here in C
 * and written as data with cJSON: the cases with their groups and comparisons, the answer's
 * cases, the start-up costs, Python's timings from compare.csv, the context and warnings.
 * harness/words/forkomp_words.py writes the prose (report.md, report.html, answer.txt,
 * answers.md, the printed table) from it and computes nothing. docs/report-words.md
 * describes the schema. */
#ifndef FK_REPORT_FACTS_H
#define FK_REPORT_FACTS_H

#include <stddef.h>

#include "harness/report/report.h"

#define FK_FACTS_SCHEMA 1
/* The worker count the answer prefers: the lab's two cores (else the fewest compared). */
#define FK_FACTS_ANSWER_W 2

struct cJSON;

/* The JSON of one group (number fields null where not measured). */
struct cJSON *fk_facts_group(const fk_report_t *r, const fk_report_group_t *g);
/* The "answer" object: per kernel its answer case, start-up, Python (report_facts_answer.c);
 * NULL when out of memory. */
struct cJSON *fk_facts_answer(const fk_report_t *r);
/* facts.json's "hosts" and "warnings" (report_facts_hosts.c, report_facts_warn.c). */
struct cJSON *fk_facts_hosts(const fk_report_t *r);
struct cJSON *fk_facts_warnings(const fk_report_t *r);
/* Adds "cause": why g took longer than the ideal (report_cause.h), or null. */
void fk_facts_cause(struct cJSON *o, const fk_report_t *r, const fk_report_group_t *g);
/* Adds v as a number, or null for NaN or infinity. */
/* report_facts_paired.c: a comparison's ratio and CI; the copy-on-write cause where the
 * counters carry half the difference; a group's start-up with its CI; the A/A controls. */
void fk_facts_ratio(struct cJSON *o, const fk_report_comparison_t *c);
void fk_facts_copy_on_write(struct cJSON *o, const fk_report_comparison_t *c);
void fk_facts_startup(struct cJSON *o, const fk_report_t *r, const fk_report_group_t *g);
struct cJSON *fk_facts_controls(const fk_report_t *r);
/* g's index in its case, its USS per extra worker, and the groups it is decidedly faster than
 * at its worker count (faster_than: indices in the case). */
void fk_facts_group_claims(struct cJSON *o, const fk_report_t *r, const fk_report_group_t *g);
void fk_facts_num(struct cJSON *o, const char *name, double v);
/* The role of a model as a word of the schema: "one", "processes", "threads", "both",
 * "ranks", "ranks_threads", or null (a model this binary does not know). */
void fk_facts_role(struct cJSON *o, const char *name, const char *model);

/* Writes DIR/facts.json (through a temporary file and a rename). Returns 0 or -1 with err. */
int fk_facts_write(const fk_report_t *r, const char *const *files, size_t nfiles, char *err,
                   size_t errlen);

#endif
