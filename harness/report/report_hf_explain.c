/* SPDX-License-Identifier: MIT */
/* report_hf_explain.c: the figures under the hyperfine cross-check (report_hf.h): the
 * difference between a whole process and the harness's kernel region is real work outside
 * the clock, so facts.json gets what it is made of: start-up, the rest and which kernels it
 * belongs to, where it weighs most, the rows that are inconsistent, and processes against
 * threads as each tool sees it. */
#include "harness/report/report_hf.h"

#include <cJSON.h>
#include <math.h>
#include <string.h>

#include "harness/base/role.h"
#include "harness/report/report_facts.h"

/* The row whose difference is the largest share of its whole-process time. */
static const fk_hf_row_t *largest_share(const fk_hf_row_t *rows, size_t n)
{
    const fk_hf_row_t *worst = NULL;
    for (size_t i = 0; i < n; i++) {
        const fk_hf_row_t *h = &rows[i];
        if (!h->g || h->mean <= 0)
            continue;
        double share = (h->mean - h->g->wall.median) / h->mean;
        if (!worst || share > (worst->mean - worst->g->wall.median) / worst->mean)
            worst = h;
    }
    return worst;
}

/* The range of the differences minus start-up, and the kernels they belong to. */
static void explain_rest(cJSON *o, const fk_hf_row_t *rows, size_t n, const fk_hf_row_t *up)
{
    double lo = INFINITY, hi = -INFINITY;
    cJSON *kernels = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].g)
            continue;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = rows[k].g && strcmp(rows[k].kernel, rows[i].kernel) == 0;
        if (!seen)
            cJSON_AddItemToArray(kernels, cJSON_CreateString(rows[i].kernel));
        if (rows[i].mean < rows[i].g->wall.median)
            continue; /* inconsistent: said apart */
        double rest = rows[i].mean - rows[i].g->wall.median - (up ? up->mean : 0);
        lo = fmin(lo, rest);
        hi = fmax(hi, rest);
    }
    if (isinf(lo)) {
        cJSON_Delete(kernels);
        cJSON_AddNullToObject(o, "rest");
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, "rest");
    fk_facts_num(x, "lo_s", lo);
    fk_facts_num(x, "hi_s", hi);
    cJSON_AddItemToObject(x, "kernels", kernels);
}

/* A whole process cannot take less time than the region it contains: when it does, the two
 * measurements ran under different conditions, and the reader must be told. */
static void explain_inconsistent(cJSON *o, const fk_hf_row_t *rows, size_t n)
{
    const fk_hf_row_t *worst = NULL;
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const fk_hf_row_t *h = &rows[i];
        if (!h->g || h->mean >= h->g->wall.median)
            continue;
        bad++;
        if (!worst || h->mean / h->g->wall.median < worst->mean / worst->g->wall.median)
            worst = h;
    }
    if (!bad) {
        cJSON_AddNullToObject(o, "inconsistent");
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, "inconsistent");
    cJSON_AddNumberToObject(x, "count", (double)bad);
    cJSON_AddStringToObject(x, "worst", worst->shown);
    fk_facts_num(x, "mean_s", worst->mean);
    fk_facts_num(x, "median_s", worst->g->wall.median);
}

static void explain_share(cJSON *o, const fk_hf_row_t *rows, size_t n)
{
    const fk_hf_row_t *w = largest_share(rows, n);
    if (!w) {
        cJSON_AddNullToObject(o, "share");
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, "share");
    cJSON_AddStringToObject(x, "command", w->shown);
    fk_facts_num(x, "pct", 100.0 * (w->mean - w->g->wall.median) / w->mean);
    fk_facts_num(x, "mean_s", w->mean);
    fk_facts_num(x, "median_s", w->g->wall.median);
}

/* The threads' row of p's case and workers, or NULL. */
static const fk_hf_row_t *threads_of(const fk_hf_row_t *rows, size_t n, const fk_hf_row_t *p)
{
    for (size_t k = 0; k < n; k++)
        if (rows[k].g && fk_model_role(rows[k].model) == FK_ROLE_THREADS &&
            !strcmp(rows[k].kernel, p->kernel) && rows[k].g->workers == p->g->workers &&
            fk_report_same_case(rows[k].g, p->g))
            return &rows[k];
    return NULL;
}

/* Processes against threads, as each tool sees it, for each case timed with both. */
static void explain_agreement(cJSON *o, const fk_hf_row_t *rows, size_t n)
{
    cJSON *list = cJSON_AddArrayToObject(o, "agreement");
    for (size_t i = 0; i < n; i++) {
        const fk_hf_row_t *p = &rows[i], *t;
        if (!p->g || fk_model_role(p->model) != FK_ROLE_PROCESSES || !(t = threads_of(rows, n, p)))
            continue;
        double dh = p->g->wall.median - t->g->wall.median, dw = p->mean - t->mean;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "kernel", p->kernel);
        cJSON_AddStringToObject(x, "variant", p->g->variant);
        cJSON_AddStringToObject(x, "class", p->g->class_name);
        cJSON_AddNumberToObject(x, "workers", p->g->workers);
        fk_facts_num(x, "harness_s", dh);
        fk_facts_num(x, "hyperfine_s", dw);
        fk_facts_num(x, "processes_sd_s", p->stddev);
        fk_facts_num(x, "threads_sd_s", t->stddev);
        cJSON_AddBoolToObject(x, "agree", (dh < 0) == (dw < 0));
        cJSON_AddItemToArray(list, x);
    }
}

void fk_hf_explain(cJSON *o, const fk_hf_t *hf)
{
    explain_inconsistent(o, hf->rows, hf->n);
    explain_rest(o, hf->rows, hf->n, fk_hf_startup(hf));
    explain_share(o, hf->rows, hf->n);
    explain_agreement(o, hf->rows, hf->n);
}
