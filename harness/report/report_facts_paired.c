/* SPDX-License-Identifier: MIT */
/* report_facts_paired.c: the facts of issue 22's claims (report_facts.h): each comparison's
 * paired ratio and its CI, the A/A controls and whether the run is reliable, the start-up
 * cost with its CI, and the copy-on-write cause only where the counters account for half of
 * the difference or more. Decided here, once; harness/words/ words them. */
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "harness/base/role.h"
#include "harness/report/report_class.h"
#include "harness/report/report_compare.h"
#include "harness/report/report_facts.h"

void fk_facts_ratio(cJSON *o, const fk_report_comparison_t *c)
{
    cJSON_AddBoolToObject(o, "paired", c->paired);
    cJSON_AddNumberToObject(o, "pairs", (double)c->pairs);
    fk_facts_num(o, "ratio", c->ratio);
    fk_facts_num(o, "ratio_lo", c->ratio_lo);
    fk_facts_num(o, "ratio_hi", c->ratio_hi);
    fk_facts_num(o, "ci_level_pct", 100.0 * c->level);
    fk_facts_num(o, "margin", 1 + FK_VERDICT_MARGIN_PCT / 100);
}

/* When threads won (decided) and the forked workers' extra page faults, at what one
 * copy-on-write fault costs here (cow_fault_s), carry half the difference or more: the
 * extra faults per run and per process and their share; else null. */
void fk_facts_copy_on_write(cJSON *o, const fk_report_comparison_t *c)
{
    const fk_report_group_t *a = c->a, *b = c->b;
    double flt_a = a->counter[FK_RC_MINFLT] + a->counter[FK_RC_MAJFLT];
    double flt_b = b->counter[FK_RC_MINFLT] + b->counter[FK_RC_MAJFLT];
    double unit = a->first ? strtod(fk_report_context(a->first, "cow_fault_s"), NULL) : 0;
    double diff_s = b->wall.median * (c->ratio - 1), extra = flt_a - flt_b;
    if (c->verdict != FK_VERDICT_B_FASTER || a->procs <= 1 || !(unit > 0) || !(extra > 0) ||
        !(extra * unit >= 0.5 * diff_s)) {
        cJSON_AddNullToObject(o, "copy_on_write");
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, "copy_on_write");
    fk_facts_num(x, "more_faults", extra);
    fk_facts_num(x, "more_faults_per_process", extra / a->procs);
    fk_facts_num(x, "fault_s", unit);
    fk_facts_num(x, "share_pct", 100 * extra * unit / diff_s);
}

void fk_facts_startup(cJSON *o, const fk_report_t *r, const fk_report_group_t *g)
{
    double est, lo, hi;
    fk_report_startup(fk_report_find(r, g, g->model, 1), g->baseline, &est, &lo, &hi);
    fk_facts_num(o, "startup_s", est);
    fk_facts_num(o, "startup_lo_s", lo);
    fk_facts_num(o, "startup_hi_s", hi);
    /* a cost only where its CI excludes 0: never a negative one */
    cJSON_AddBoolToObject(o, "startup_measurable", !isnan(est) && lo > 0);
}

/* The A/A controls: each against the model it copies, at FK_CONTROL_CONF; "unreliable" when
 * one was called faster (no verdict of the run holds), and the smallest ratio this run can
 * tell apart (the farther end of the control's CI). */
cJSON *fk_facts_controls(const fk_report_t *r)
{
    cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "controls");
    cJSON_AddBoolToObject(o, "unreliable", r->unreliable);
    for (size_t i = 0; i < r->ncomparisons; i++) {
        const fk_report_comparison_t *c = &r->comparisons[i];
        if (c->kind != FK_KIND_CONTROL)
            continue;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "label", c->b->label);
        cJSON_AddNumberToObject(x, "workers", c->b->workers);
        cJSON_AddStringToObject(x, "kernel", c->b->kernel);
        cJSON_AddStringToObject(x, "variant", c->b->variant);
        cJSON_AddStringToObject(x, "class", c->b->class_name);
        cJSON_AddStringToObject(x, "verdict",
                                c->verdict == FK_VERDICT_SAME        ? "same"
                                : c->verdict == FK_VERDICT_UNDECIDED ? "undecided"
                                                                     : "different");
        cJSON_AddStringToObject(x, "text", c->text);
        fk_facts_ratio(x, c);
        /* what the control's CI spans around 1, where it reached its 99.9% */
        int spans = c->level >= FK_CONTROL_CONF - 1e-9 && c->ratio_lo <= 1 && c->ratio_hi >= 1;
        fk_facts_num(x, "resolves", spans ? fmax(c->ratio_hi, 1 / c->ratio_lo) : NAN);
        cJSON_AddItemToArray(list, x);
    }
    return o;
}

/* USS per extra worker: (USS sum at W - at 1) / (W - 1); NaN where not recorded. */
static double extra_worker_uss_kib(const fk_report_t *r, const fk_report_group_t *g)
{
    const fk_report_group_t *one = g->workers > 1 ? fk_report_find(r, g, g->model, 1) : NULL;
    if (!one || !one->runs || !g->runs)
        return NAN;
    return (g->counter[FK_RC_USS] - one->counter[FK_RC_USS]) / (double)(g->workers - 1);
}

/* The first group of the case of group at. */
static size_t case_start(const fk_report_t *r, size_t at)
{
    size_t i = at;
    while (i > 0 && fk_report_case_end(r, i - 1) > at)
        i--;
    return i;
}

void fk_facts_group_claims(cJSON *o, const fk_report_t *r, const fk_report_group_t *g)
{
    size_t at = (size_t)(g - r->groups);
    if (g < r->groups || at >= r->ngroups) /* an A/A control: in no case */
        return;
    size_t i = case_start(r, at), j = fk_report_case_end(r, i);
    cJSON_AddNumberToObject(o, "index", (double)(g - &r->groups[i]));
    fk_facts_num(o, "extra_worker_uss_kib", extra_worker_uss_kib(r, g));
    /* the groups of the case at g's workers that g is faster than, decided by the CI of the
     * two's paired ratio beyond the margin: the only orderings the words may state */
    cJSON *faster = cJSON_AddArrayToObject(o, "faster_than");
    for (size_t k = i; g->runs && k < j; k++) {
        const fk_report_group_t *h = &r->groups[k];
        if (h != g && h->runs && h->workers == g->workers && !fk_report_is_spawn(g) &&
            fk_report_decide(g, h) == FK_VERDICT_A_FASTER)
            cJSON_AddItemToArray(faster, cJSON_CreateNumber((double)(k - i)));
    }
}
