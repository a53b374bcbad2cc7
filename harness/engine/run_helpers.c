/* SPDX-License-Identifier: MIT */
/* run_helpers.c: the helpers of the kernel commands that the other run paths reuse (see
 * runner.h): what a CSV row says ran, --fault, the failed tasks named on stderr and the
 * workers' busy times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/base/numparse.h"
#include "harness/engine/context.h"
#include "harness/engine/runner.h"
#include "harness/base/role.h"
#include "kernels/common/util.h"

int fk_parse_fault(const char *spec, fk_fault_t *f, char *err, size_t errlen)
{
    static const char *const kinds[] = {"", "crash", "hang", "exit"};
    memset(f, 0, sizeof *f);
    if (!spec)
        return 0;
    const char *colon = strchr(spec, ':');
    uint64_t task;
    for (int k = 1; k <= 3 && colon; k++)
        if (strncmp(spec, kinds[k], (size_t)(colon - spec)) == 0 &&
            strlen(kinds[k]) == (size_t)(colon - spec) &&
            fk_parse_u64(colon + 1, (uint64_t)1 << 40, &task) == 0) {
            f->kind = k;
            f->task = (size_t)task;
            return 0;
        }
    return fk_err(err, errlen, "--fault %s: use crash:I, hang:I or exit:I (I a task index)", spec);
}

void fk_csv_describe_run(fk_csv_row_t *row, const fk_kernel_ops_t *kernel, const void *ctx,
                         size_t ntasks, const char *model, const fk_model_cfg_t *cfg)
{
    row->host = fk_context()->host;
    row->kernel = kernel->name;
    row->variant = kernel->variant(ctx);
    row->class_name = kernel->class_name(ctx);
    row->model = model;
    row->workers = cfg->workers;
    row->procs = cfg->procs;
    row->threads = cfg->threads;
    /* serial hands out nothing: "none", as the report's summary.csv says too */
    row->schedule = fk_model_role(model) == FK_ROLE_ONE ? "none"
                    : cfg->schedule == FK_SCHED_DYNAMIC ? "dynamic"
                                                        : "static";
    row->chunk = (long)cfg->chunk;
    row->tasks = (long)ntasks;
    row->pin = cfg->pin;
}

void fk_print_failed_tasks(FILE *out, const fk_result_t *results, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const fk_result_t *r = &results[i];
        if (r->status == FK_TASK_OK)
            continue;
        if (r->msg[0])
            fprintf(out, "forkomp: failed: %s\n", r->msg);
        else
            fprintf(out, "forkomp: failed: task %zu did not complete\n", i);
    }
}

/* A worker is a (slot or thread number, OpenMP thread) pair: the pool numbers its processes,
 * and each of a hybrid process's threads is a worker of its own. */
static int64_t worker_key(const fk_result_t *r)
{
    return (int64_t)r->worker << 32 | (uint32_t)r->thread;
}

size_t fk_busy_times(const fk_result_t *results, size_t n, double *busy)
{
    int64_t *keys = n ? malloc(n * sizeof *keys) : NULL;
    size_t k = 0;
    if (!keys)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const fk_result_t *r = &results[i];
        /* a task killed mid-run (crash, timeout) has no end: it is not counted */
        if (r->worker < 0 || r->ended_ns < r->started_ns || r->started_ns == 0)
            continue;
        size_t w = 0;
        while (w < k && keys[w] < worker_key(r))
            w++;
        if (w == k || keys[w] != worker_key(r)) { /* a new worker: keep keys sorted */
            memmove(keys + w + 1, keys + w, (k - w) * sizeof *keys);
            memmove(busy + w + 1, busy + w, (k - w) * sizeof *busy);
            keys[w] = worker_key(r), busy[w] = 0, k++;
        }
        busy[w] += (double)(r->ended_ns - r->started_ns) * 1e-9;
    }
    free(keys);
    return k;
}

void fk_busy_range(const fk_result_t *results, size_t n, int workers, double *max_s, double *min_s)
{
    *max_s = *min_s = 0;
    double *busy = n ? malloc(n * sizeof *busy) : NULL;
    size_t k = busy ? fk_busy_times(results, n, busy) : 0;
    for (size_t w = 0; w < k; w++) {
        *max_s = w == 0 || busy[w] > *max_s ? busy[w] : *max_s;
        *min_s = w == 0 || busy[w] < *min_s ? busy[w] : *min_s;
    }
    if (k > 0 && k < (size_t)workers) /* a worker that ran nothing was idle throughout */
        *min_s = 0;
    free(busy);
}

/* The first task that is not OK, as the CSV's "failed:<why>" (plain "timeout", as the
 * contract spells it, when it was killed for --timeout: the task's own message is printed
 * with the kernel's lines), and how many others failed with it (e.g. the sibling threads of
 * a crashed hybrid process). */
static int describe_failed_task(const fk_result_t *r, size_t n, char *status, size_t len)
{
    size_t first = n, others = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].status != FK_TASK_OK && first == n)
            first = i;
        else if (r[i].status != FK_TASK_OK)
            others++;
    if (first == n)
        return 0;
    const fk_result_t *f = &r[first];
    if (f->status == FK_TASK_TIMEOUT)
        return snprintf(status, len, "timeout"), 1;
    int at = f->msg[0] ? snprintf(status, len, "failed:%s", f->msg)
                       : snprintf(status, len, "failed:task %zu did not complete", first);
    if (others && at > 0 && (size_t)at < len)
        snprintf(status + at, len - (size_t)at, "; %zu more task%s failed", others,
                 others == 1 ? "" : "s");
    return 1;
}

void fk_task_status(const fk_result_t *r, size_t n, const fk_verdict_t *v, char *status, size_t len)
{
    if (describe_failed_task(r, n, status, len))
        return;
    if (!v->verified)
        snprintf(status, len, "failed:wrong result: %s", v->why);
    else
        snprintf(status, len, "ok");
}
