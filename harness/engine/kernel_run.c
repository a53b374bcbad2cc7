/* SPDX-License-Identifier: MIT */
/* kernel_run.c: see kernel_run.h. */
#include "harness/engine/kernel_run.h"

#include <string.h>

#include "harness/engine/runner.h"
#include "harness/base/sys.h"

void fk_kernel_run_describe(const fk_kernel_run_t *k, const fk_engine_entry_t *e, int pxt,
                            char *buf, size_t len)
{
    int at = snprintf(buf, len, "%s %s/%s %s ", k->kernel->name, k->kernel->class_name(k->ctx),
                      k->kernel->variant(k->ctx), e->label);
    if (at < 0 || (size_t)at >= len)
        return;
    if (pxt)
        snprintf(buf + at, len - (size_t)at, "%dx%d", e->cfg.procs, e->cfg.threads);
    else
        snprintf(buf + at, len - (size_t)at, "w=%d", e->cfg.workers);
}

/* A run that failed before any task started (its folder could not be made, the model could
 * not start): its status is the one reason, and its tasks' lines would only bury it under
 * "task N did not complete". */
static int failed_before_tasks(const fk_measurement_t *m)
{
    return strncmp(m->status, "failed:setup:", 13) == 0 ||
           strncmp(m->status, "failed:fork:", 12) == 0 || strstr(m->status, " model could not run");
}

void fk_kernel_run_print(fk_kernel_run_t *k, fk_progress_t *prog, const fk_result_t *res,
                         const fk_measurement_t *m, int summary_only, int quiet)
{
    int ok = m->ok;
    if (fk_interrupted()) /* a signal, or stdout closed: the exit line says which */
        return;
    if (!ok && !k->named && (quiet || failed_before_tasks(m))) { /* why, once, even quiet */
        fk_progress_clear(prog);
        fprintf(stderr, "forkomp: failed: %s\n",
                strncmp(m->status, "failed:", 7) == 0 ? m->status + 7 : m->status);
        k->named = 1;
    }
    if (quiet || failed_before_tasks(m))
        return;
    if (!ok && !k->named) { /* every failed task, named, once */
        fk_progress_clear(prog);
        fk_print_failed_tasks(stderr, res, k->ntasks);
    }
    k->named |= !ok;
    /* The kernel's own lines once: from the first good run, or from the first failed one
     * (naming every task that failed), whichever comes first. */
    if (k->printed || !k->kernel->print_results)
        return;
    fk_progress_clear(prog);
    if (summary_only)
        k->kernel->print_summary(k->ctx, res, k->ntasks, stdout);
    else
        k->kernel->print_results(k->ctx, res, k->ntasks, stdout);
    fflush(stdout);
    k->printed = 1;
}

void fk_kernel_run_land(const fk_kernel_run_t *k, fk_engine_t *eng, fk_engine_entry_t *e, int rep,
                        const fk_measurement_t *m, const fk_result_t *busy)
{
    if (!fk_engine_wants_rows(eng)) { /* the context a row needs (hwloc's topology: ms) is
                                       * gathered only for a row */
        fk_engine_land(eng, e, m->wall_s, m->status, NULL);
        return;
    }
    fk_csv_row_t row = {
        .rep = rep + 1,
        .wall_s = m->wall_s,
        .user_s = m->user_s,
        .sys_s = m->sys_s,
        .maxrss_kib = m->maxrss_kib,
        .rss_sum_kib = m->rss_sum_kib,
        .result = m->result,
        .verified = m->verified,
        .status = m->status,
        .hosts = m->hosts[0] ? m->hosts : NULL,
        .counters = &m->counters,
    };
    fk_csv_describe_run(&row, k->kernel, k->ctx, k->ntasks, e->label, &e->cfg);
    if (busy)
        fk_busy_range(busy, k->ntasks, e->cfg.workers, &row.busy_max_s, &row.busy_min_s);
    fk_engine_land(eng, e, m->wall_s, m->status, &row);
}
