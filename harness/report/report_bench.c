/* SPDX-License-Identifier: MIT */
/* report_bench.c: facts.json's "hyperfine" (see report_bench.h): the hyperfine cross-check
 * reads hyperfine's CSV exports (command,mean,stddev,median,user,system,min,max), learns from
 * bench.sh's manifest.csv what each command ran (report_hf.h) and puts hyperfine's mean of
 * the whole process beside the harness's median of the kernel region for the same case;
 * report_hf_explain.c adds what the difference is made of. */
#include "harness/report/report_bench.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "harness/report/report_facts.h"
#include "harness/report/report_hf.h"

static cJSON *row_json(const fk_hf_row_t *h, const fk_hf_row_t *up)
{
    double med = h->g ? h->g->wall.median : NAN, diff = h->mean - med;
    /* a cost only where the noise cannot account for it: the mean less one sd still above the
     * harness's CI of the median (never a negative cost) */
    int measurable = h->g && h->mean - h->stddev - h->g->wall.ci_hi > 0;
    double rest = up && h != up ? diff - up->mean : NAN;
    if (!measurable || !(rest - (up ? up->stddev : 0) > 0))
        rest = NAN; /* not measurable either */
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "command", h->shown);
    cJSON_AddBoolToObject(o, "startup", h == up);
    cJSON_AddBoolToObject(o, "matched", h->g != NULL);
    cJSON_AddBoolToObject(o, "measurable", measurable);
    fk_facts_num(o, "mean_s", h->mean);
    fk_facts_num(o, "stddev_s", h->stddev);
    fk_facts_num(o, "harness_median_s", med);
    fk_facts_num(o, "diff_s", diff);
    fk_facts_num(o, "diff_pct", 100.0 * diff / h->mean);
    fk_facts_num(o, "rest_s", rest);
    fk_facts_num(o, "cpu_s", h->cpu);
    fk_facts_num(o, "harness_cpu_s", h->g ? h->g->cpu_s : NAN);
    return o;
}

cJSON *fk_facts_hyperfine(const fk_report_t *r)
{
    fk_hf_t *hf = calloc(1, sizeof *hf);
    cJSON *o = cJSON_CreateObject(), *problems = cJSON_AddArrayToObject(o, "problems");
    if (!hf) {
        cJSON_Delete(o);
        return cJSON_CreateNull();
    }
    fk_hf_load(r, hf, problems);
    if (hf->nfiles == 0) {
        free(hf);
        cJSON_Delete(o);
        return cJSON_CreateNull();
    }
    const fk_hf_row_t *up = fk_hf_startup(hf);
    cJSON_AddNumberToObject(o, "manifest", hf->manifest);
    cJSON *rows = cJSON_AddArrayToObject(o, "rows");
    for (size_t i = 0; i < hf->n; i++)
        cJSON_AddItemToArray(rows, row_json(&hf->rows[i], up));
    if (up) {
        cJSON *x = cJSON_AddObjectToObject(o, "startup");
        fk_facts_num(x, "mean_s", up->mean);
        fk_facts_num(x, "stddev_s", up->stddev);
    } else
        cJSON_AddNullToObject(o, "startup");
    if (hf->manifest > 0)
        fk_hf_explain(o, hf);
    free(hf);
    return o;
}
