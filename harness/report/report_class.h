/* SPDX-License-Identifier: MIT */
/* report_class.h: the class view of `forkomp report` over several hosts (report_class.c):
 * class.csv, the report's first section, and the check of host names. */
#ifndef FK_REPORT_CLASS_H
#define FK_REPORT_CLASS_H

#include <stdio.h>

#include "harness/report/report.h"

/* What one more worker costs in memory: (RSS sum of g - of the same model at 1 worker) /
 * (workers - 1), in KiB; NaN when g has 1 worker or no run at 1. */
double fk_report_extra_worker_kib(const fk_report_t *r, const fk_report_group_t *g);

/* DIR/class.csv, one row per host, job and model at 2 workers, when the data spans several
 * hosts (removed otherwise, so an old one is not plotted). Returns 0 or -1 with err. */
int fk_report_write_class_csv(const fk_report_t *r, char *err, size_t errlen);

/* facts.json's "class": per job several hosts ran, one row per host with its figures and
 * whether each stands apart; null unless the data spans several hosts. */
struct cJSON *fk_facts_class(const fk_report_t *r);

/* The machines (CPU model, cores) seen under one host name, with a file of each: the first
 * 4, and how many more (report_hosts.c). */
typedef struct {
    const char *cpu[4], *file[4];
    int cpus[4];
    size_t n, more;
} fk_report_machines_t;
void fk_report_machines(const fk_report_t *r, const char *host, fk_report_machines_t *m);
/* One warning line on stderr per host name that carries machines with different CPU models
 * or core counts (two laptops both called "ubuntu" are pooled otherwise; facts.json's
 * warnings have them too). Returns the number of lines. */
size_t fk_report_warn_hosts(const fk_report_t *r);

#endif
