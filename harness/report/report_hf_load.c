/* SPDX-License-Identifier: MIT */
/* report_hf_load.c: hyperfine's exports and bench.sh's manifest, joined (report_hf.h). A
 * command is matched by the exact name hyperfine timed it under, never by re-parsing its
 * words: the manifest says its kernel, class, variant, model, workers, schedule and pin. */
#include "harness/report/report_hf.h"

#include <cJSON.h>
#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/base/placement.h"
#include "harness/base/role.h"

/* The columns of manifest.csv the report reads, in the order of the enum. */
enum {
    M_TIMED_BY,
    M_KERNEL,
    M_CLASS,
    M_VARIANT,
    M_MODELS,
    M_WORKERS,
    M_SCHEDULE,
    M_PIN,
    M_EXTRA,
    M_COMMAND,
    M_N
};
static const char *const manifest_cols[M_N] = {"timed_by", "kernel",  "class",    "variant",
                                               "models",   "workers", "schedule", "pin",
                                               "extra",    "command"};

typedef struct {
    fk_csv_table_t t;
    int c[M_N];
} manifest_t;

/* ------------------------------------------------------------------ matching */

static int group_matches(const fk_report_group_t *g, const fk_hf_row_t *h)
{
    int dynamic = g->schedule && strcmp(g->schedule, "dynamic") == 0;
    return g->runs > 0 && strcmp(g->kernel, h->kernel) == 0 &&
           (!h->variant[0] || strcmp(g->variant, h->variant) == 0) &&
           (!h->cls[0] || strcmp(g->class_name, h->cls) == 0) && strcmp(g->model, h->model) == 0 &&
           g->workers == h->workers && g->pin == h->pin && dynamic == h->dynamic;
}

/* The harness's group of the same case; this host's when the data spans several. */
static const fk_report_group_t *find_group(const fk_report_t *r, const fk_hf_row_t *h)
{
    char host[256] = "";
    const fk_report_group_t *best = NULL;
    if (!h->listed || !h->kernel[0] || !h->model[0] || h->workers <= 0)
        return NULL;
    gethostname(host, sizeof host - 1);
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (!group_matches(g, h))
            continue;
        if (!best || (strcmp(best->host, host) && !strcmp(g->host, host)))
            best = g;
    }
    return best;
}

/* A manifest field; "" for "-" (not given: forkomp's default). */
static const char *mfield(const manifest_t *m, size_t row, int col)
{
    const char *v = fk_csv_table_field(&m->t, row, m->c[col]);
    return strcmp(v, "-") == 0 ? "" : v;
}

/* The manifest line of a command hyperfine timed; -1 when it has none. */
static long manifest_line(const manifest_t *m, const char *command)
{
    for (size_t i = 0; i < m->t.nrows; i++)
        if (strcmp(mfield(m, i, M_TIMED_BY), "hyperfine") == 0 &&
            strcmp(fk_csv_table_field(&m->t, i, m->c[M_COMMAND]), command) == 0)
            return (long)i;
    return -1;
}

/* Fills h from its manifest line: one model at one worker count is a case of the harness's
 * (lists are shown, never matched). */
static void from_manifest(fk_hf_row_t *h, const manifest_t *m, size_t i)
{
    const char *v = mfield(m, i, M_VARIANT), *models = mfield(m, i, M_MODELS);
    const char *workers = mfield(m, i, M_WORKERS), *pin = mfield(m, i, M_PIN);
    const char *extra = mfield(m, i, M_EXTRA), *kernel = mfield(m, i, M_KERNEL);
    const char *cls = mfield(m, i, M_CLASS);
    h->listed = 1;
    snprintf(h->kernel, sizeof h->kernel, "%s", kernel);
    if (!h->kernel[0]) { /* forkomp --version */
        h->startup = 1;
        snprintf(h->shown, sizeof h->shown, "forkomp --version");
        return;
    }
    snprintf(h->cls, sizeof h->cls, "%s", cls);
    snprintf(h->variant, sizeof h->variant, "%s", v);
    snprintf(h->model, sizeof h->model, "%s", strchr(models, ',') ? "" : models);
    h->workers = strchr(workers, ',') ? 0 : atoi(workers);
    if (fk_model_role(h->model) == FK_ROLE_ONE)
        h->workers = 1; /* serial runs one worker whatever --workers said */
    h->dynamic = strcmp(mfield(m, i, M_SCHEDULE), "dynamic") == 0;
    h->pin = *pin && fk_pin_parse(pin) > 0 ? fk_pin_parse(pin) : FK_PIN_NONE;
    snprintf(h->shown, sizeof h->shown, "forkomp %s --class %s%s%s --models %s --workers %s%s%s",
             kernel, cls, *v ? " --variant " : "", v, models, workers, *extra ? " " : "", extra);
}

/* Adds {"kind": kind, "error": err} to problems. */
static void problem(cJSON *problems, const char *kind, const char *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", kind);
    cJSON_AddStringToObject(o, "error", err);
    cJSON_AddItemToArray(problems, o);
}

/* Appends the rows of one export to hf; a file or row that cannot be read is a problem. */
static void load_export(const char *path, fk_hf_t *hf, const manifest_t *m, cJSON *problems)
{
    static const char *const need[] = {"command", "mean", "stddev"};
    fk_csv_table_t t = {0};
    char err[512];
    int c[3];
    if (fk_csv_table_read(path, &t, err, sizeof err) != 0 ||
        fk_csv_table_require(&t, need, 3, c, err, sizeof err) != 0) {
        problem(problems, "export", err);
        fk_csv_table_free(&t);
        return;
    }
    int user = fk_csv_table_column(&t, "user"), sys = fk_csv_table_column(&t, "system");
    for (size_t i = 0; i < t.nrows && hf->n < FK_HF_MAX_ROWS; i++) {
        fk_hf_row_t *h = &hf->rows[hf->n];
        double u = NAN, s = NAN;
        memset(h, 0, sizeof *h);
        if (fk_csv_table_number(&t, i, c[1], 0, &h->mean, err, sizeof err) != 0 ||
            fk_csv_table_number(&t, i, c[2], 1, &h->stddev, err, sizeof err) < 0) {
            problem(problems, "row", err);
            continue;
        }
        fk_csv_table_number(&t, i, user, 1, &u, err, sizeof err);
        fk_csv_table_number(&t, i, sys, 1, &s, err, sizeof err);
        h->cpu = user >= 0 && sys >= 0 ? u + s : NAN;
        const char *command = fk_csv_table_field(&t, i, c[0]);
        long line = m ? manifest_line(m, command) : -1;
        if (line >= 0)
            from_manifest(h, m, (size_t)line);
        else
            snprintf(h->shown, sizeof h->shown, "%s", command);
        hf->n++;
    }
    fk_csv_table_free(&t);
}

/* OUT/manifest.csv into m; hf->manifest says how it went (a problem when unreadable). */
static void load_manifest(const fk_report_t *r, fk_hf_t *hf, manifest_t *m, cJSON *problems)
{
    char path[4096 + 32], err[512];
    snprintf(path, sizeof path, "%s/manifest.csv", r->in_dir);
    memset(m, 0, sizeof *m);
    if (access(path, F_OK) != 0) {
        hf->manifest = 0;
        return;
    }
    hf->manifest =
        fk_csv_table_read(path, &m->t, err, sizeof err) == 0 &&
                fk_csv_table_require(&m->t, manifest_cols, M_N, m->c, err, sizeof err) == 0
            ? 1
            : -1;
    if (hf->manifest < 0)
        problem(problems, "manifest", err);
}

void fk_hf_load(const fk_report_t *r, fk_hf_t *hf, cJSON *problems)
{
    char pattern[4096 + 32];
    glob_t gl;
    manifest_t m;
    hf->n = hf->nfiles = 0;
    hf->manifest = 0;
    snprintf(pattern, sizeof pattern, "%s/hyperfine*.csv", r->in_dir);
    if (glob(pattern, 0, NULL, &gl) != 0)
        return;
    load_manifest(r, hf, &m, problems);
    for (size_t i = 0; i < gl.gl_pathc; i++)
        load_export(gl.gl_pathv[i], hf, hf->manifest > 0 ? &m : NULL, problems);
    hf->nfiles = gl.gl_pathc;
    globfree(&gl);
    fk_csv_table_free(&m.t);
    for (size_t i = 0; i < hf->n; i++)
        hf->rows[i].g = find_group(r, &hf->rows[i]);
}

const fk_hf_row_t *fk_hf_startup(const fk_hf_t *hf)
{
    for (size_t i = 0; i < hf->n; i++)
        if (hf->rows[i].startup)
            return &hf->rows[i];
    return NULL;
}
