/* SPDX-License-Identifier: MIT */
/* report_hosts.c: the check that one host name does not carry two machines (report_class.h):
 * two laptops both called "ubuntu" would be pooled into one host's groups, so a name seen
 * with different CPU models or core counts is warned about, with a file of each. */
#include "harness/report/report_class.h"

#include <string.h>

void fk_report_machines(const fk_report_t *r, const char *host, fk_report_machines_t *m)
{
    fk_report_col_t col;
    memset(m, 0, sizeof *m);
    fk_report_col_find(r, "cpu_model", &col);
    for (size_t i = 0; i < r->nruns; i++) {
        const fk_report_run_t *run = &r->runs[i];
        const char *cpu = fk_report_col_value(r, &col, run);
        size_t k = 0;
        if (strcmp(run->host, host) || (!*cpu && run->cpus == 0))
            continue; /* another host, or an old file that did not record it */
        while (k < m->n && (strcmp(m->cpu[k], cpu) || m->cpus[k] != run->cpus))
            k++;
        if (k < m->n)
            continue;
        if (m->n == 4) {
            m->more++;
            continue;
        }
        m->cpu[m->n] = cpu, m->cpus[m->n] = run->cpus, m->file[m->n++] = run->table->path;
    }
}

static void print_machines(FILE *f, const char *host, const fk_report_machines_t *m)
{
    fprintf(f, "host `%s` carries %zu different machines: ", host, m->n + m->more);
    for (size_t k = 0; k < m->n; k++)
        fprintf(f, "%s`%s`, %d cores (%s)", k ? "; " : "", m->cpu[k], m->cpus[k], m->file[k]);
    fprintf(f,
            "%s. Their runs are pooled as one host. Give each its own name: `forkomp report "
            "FILE=LABEL ...`, or run with `--label NAME`.\n",
            m->more ? "; and more" : "");
}

size_t fk_report_warn_hosts(const fk_report_t *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->ngroups; i++) {
        const char *host = r->groups[i].host;
        fk_report_machines_t m;
        if (i > 0 && strcmp(r->groups[i - 1].host, host) == 0)
            continue; /* groups are sorted by host: checked already */
        fk_report_machines(r, host, &m);
        if (m.n < 2)
            continue;
        fputs("forkomp report: warning: ", stderr);
        print_machines(stderr, host, &m);
        n++;
    }
    return n;
}
