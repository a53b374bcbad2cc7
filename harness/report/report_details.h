/* report_details.h: the verdicts of comparisons.csv (report_compare.h) in report.md:
 * report_first.c writes them as a table per job right after the short answer that opens
 * report.md (harness/words/words_answer.py), report_details.c the details per case that close it, with
 * the counters that explain each difference. */
#ifndef FK_REPORT_DETAILS_H
#define FK_REPORT_DETAILS_H

#include <stdio.h>

#include "harness/report/report.h"

/* Below the short answer: per job, every comparison of processes against threads in time
 * (the verdict and its CI), memory per extra worker by PSS and the start-up cost; why RSS
 * sums overstate, with the measured ratio; what a CI and the shift are, in plain words. */
void fk_report_verdict_tables(const fk_report_t *r, FILE *md);
/* "## The answer: sub-processes or threads?": per case and worker count the verdict, the
 * medians, memory and counters, the hybrid, where spawning cost more than the work; then
 * the overall count. */
void fk_report_answer_details(const fk_report_t *r, FILE *md);

/* 1 when the group's runs are too few for a 95% interval of the median (under 6). */
int fk_report_too_few(const fk_report_group_t *g);
/* The mean ratio of processes' to threads' memory over the fork/omp comparisons, by RSS sums
 * (by_pss 0) or by PSS sums (1); NaN when there is none. */
double fk_report_memory_ratio(const fk_report_t *r, int by_pss);

#endif
