/* SPDX-License-Identifier: MIT */
/* py_judge.c: a run of `forkomp python` judged against the serial reference: every input's
 * result hash must equal the reference's (order kept), an input whose call raised fails the
 * run with its exception and input, and the run lands as a CSV row of the usual columns. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "harness/engine/context.h"
#include "harness/python/py_cmd.h"

#define NAMED_MAX 10 /* inputs named on stderr per entry; the rest are counted */

typedef struct verdict {
    size_t raised, differ, first_raised, first_differ;
    uint64_t checksum; /* of the hashes, in order: equal across models that agree */
} verdict_t;

static void judge(const fk_py_cmd_t *c, const fk_py_reply_t *r, verdict_t *v)
{
    memset(v, 0, sizeof *v);
    v->checksum = 1469598103934665603ULL;
    for (size_t i = 0; i < r->n; i++) {
        if (r->err[i]) {
            v->first_raised = v->raised++ ? v->first_raised : i;
            continue;
        }
        if (c->ref.err[i] || r->hash[i] != c->ref.hash[i])
            v->first_differ = v->differ++ ? v->first_differ : i;
        v->checksum = (v->checksum ^ r->hash[i]) * 1099511628211ULL;
    }
}

static void status_of(const fk_py_cmd_t *c, const fk_py_reply_t *r, const verdict_t *v,
                      char *status, size_t len)
{
    const char *const *in = (const char *const *)c->inputs.v;
    if (strcmp(r->status, "ok") != 0)
        snprintf(status, len, "%s", r->status);
    else if (v->raised > 1)
        snprintf(status, len, "failed:%s (input '%.80s'); %zu more inputs raised",
                 r->err[v->first_raised], in[v->first_raised], v->raised - 1);
    else if (v->raised)
        snprintf(status, len, "failed:%s (input '%.80s')", r->err[v->first_raised],
                 in[v->first_raised]);
    else if (v->differ)
        snprintf(status, len,
                 "failed:wrong result: input '%.80s': not the serial result (%zu of %zu "
                 "inputs differ)",
                 in[v->first_differ], v->differ, r->n);
    else
        snprintf(status, len, "ok");
}

/* Each input that raised or differs, once per entry, at most NAMED_MAX. */
static void name_failures(const fk_py_cmd_t *c, const fk_engine_entry_t *e, const fk_py_reply_t *r,
                          const verdict_t *v)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->n && shown < NAMED_MAX; i++) {
        int differs = !r->err[i] && (c->ref.err[i] || r->hash[i] != c->ref.hash[i]);
        if (r->err[i])
            fprintf(stderr, "forkomp python: %s w=%d: input '%s' raised %s\n", e->label,
                    e->cfg.workers, c->inputs.v[i], r->err[i]);
        else if (differs)
            fprintf(stderr, "forkomp python: %s w=%d: input '%s': not the serial result\n",
                    e->label, e->cfg.workers, c->inputs.v[i]);
        shown += r->err[i] || differs;
    }
    if (v->raised + v->differ > shown)
        fprintf(stderr, "forkomp python: %s w=%d: and %zu more inputs\n", e->label, e->cfg.workers,
                v->raised + v->differ - shown);
}

void fk_py_name_reference(const fk_py_cmd_t *c)
{
    for (size_t i = 0, shown = 0; i < c->ref.n && shown < NAMED_MAX; i++)
        if (c->ref.err[i]) {
            fprintf(stderr, "forkomp python: serial reference: input '%s' raised %s\n",
                    c->inputs.v[i], c->ref.err[i]);
            shown++;
        }
}

static void land_row(fk_engine_t *eng, fk_engine_entry_t *e, const fk_py_cmd_t *c,
                     const fk_py_reply_t *r, int rep, const char *status, uint64_t checksum)
{
    int w = e->cfg.workers, role = e->model->role;
    fk_csv_row_t row = {
        .host = fk_context()->host,
        .kernel = "python",
        .variant = e->data ? c->ft_variant : c->variant, /* py_ft.c's entries */
        .class_name = c->class_name,
        .model = e->model->name,
        .workers = w,
        .procs = role == FK_ROLE_PROCESSES ? w : 1,
        .threads = role == FK_ROLE_THREADS ? w : 1,
        .schedule = role == FK_ROLE_ONE ? "static" : "dynamic", /* Pool.map hands out chunks */
        .chunk = (long)e->cfg.chunk,
        .tasks = (long)r->n,
        .rep = rep + 1,
        .wall_s = r->wall_s,
        .user_s = r->user_s,
        .sys_s = r->sys_s,
        .maxrss_kib = r->maxrss_kib,
        .rss_sum_kib = r->rss_sum_kib,
        .result = checksum,
        .verified = strcmp(status, "ok") == 0,
        .status = status,
        .counters = &r->counters,
    };
    fk_engine_land(eng, e, r->wall_s, status, &row);
}

void fk_py_land(fk_py_cmd_t *c, fk_engine_t *eng, fk_engine_entry_t *e, int rep,
                const fk_py_reply_t *r, fk_engine_outcome_t *out)
{
    verdict_t v;
    judge(c, r, &v);
    status_of(c, r, &v, out->status, sizeof out->status);
    out->seconds = r->wall_s;
    int *named = &c->named[e - eng->entries];
    if (strcmp(out->status, "ok") != 0 && !*named && !eng->quiet) {
        fk_progress_clear(&eng->prog);
        if (strcmp(r->status, "ok") == 0)
            name_failures(c, e, r, &v);
        else
            fprintf(stderr, "forkomp python: %s w=%d: %s\n", e->label, e->cfg.workers, r->status);
        *named = 1;
    }
    if (rep < 0)
        return;
    if (!fk_engine_wants_rows(eng))
        fk_engine_land(eng, e, r->wall_s, out->status, NULL);
    else
        land_row(eng, e, c, r, rep, out->status, v.checksum);
}
