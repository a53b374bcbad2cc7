/* SPDX-License-Identifier: MIT */
/* shapefiles.c: the shapefile job as a kernel (the lab's second example): for every
 * shapefile of a folder, drop TYPE/NAME, add TYPE (the shape type as ArcGIS names it) and
 * NAME (the file's base name) and fill them in every record. The input folder is never
 * modified: the harness copies the files this kernel names (workset) into a fresh scratch
 * folder for each repetition, outside the timed region, unless --in-place asks for the real
 * tool. A bad shapefile fails its own task with a message naming it and is left untouched;
 * the others go on. */
#include "kernels/shapefiles/shapefiles.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/common/class_label.h"
#include "kernels/common/module.h"
#include "kernels/common/proc.h"
#include "kernels/common/util.h"
#include "kernels/shapefiles/shp_hash.h"
#include "kernels/shapefiles/dbf_rewrite.h"
#include "kernels/shapefiles/shp_ctx.h"
#include "kernels/shapefiles/shp_inplace.h"
#include "kernels/shapefiles/shp_ogr_inplace.h"
#include "kernels/shapefiles/shp_set.h"
#include "kernels/shapefiles/shp_tmp.h"
#include "kernels/shapefiles/shp_verify.h"

static const char *const variant_names[] = {"raw", "ogr", NULL};

typedef struct shp_params {
    const char *dir; /* --dir */
    int variant;     /* --variant: an index into variant_names */
    int in_place;    /* --in-place */
} shp_params_t;

static const shp_params_t defaults = {NULL, VARIANT_RAW, 0};

static const fk_opt_t options[] = {
    {"dir", FK_OPT_STR, offsetof(shp_params_t, dir), 0, 0, "DIR",
     "the shapefiles of DIR (one task per .shp, any case)", NULL, NULL},
    {"variant", FK_OPT_CHOICE, offsetof(shp_params_t, variant), 0, 0, NULL,
     "raw (default): a lossless streaming rewrite of each .dbf;\n"
     "ogr: the lab's sequence through GDAL/OGR (slower, lossy on files\n"
     "GDAL did not write)",
     variant_names, NULL},
    {"in-place", FK_OPT_FLAG, offsetof(shp_params_t, in_place), 0, 0, NULL,
     "update DIR itself (one run; each .dbf replaced by rename, synced)\n"
     "instead of a scratch copy per repetition",
     NULL, NULL},
    FK_OPT_END,
};

/* The input folder: --dir as given, or the dataset class the harness prepared. */
static int pick_folder(const shp_params_t *p, const fk_kernel_input_t *in, shp_ctx_t *c, char *err,
                       size_t errlen)
{
    if (in->dir && p->dir)
        return fk_err(err, errlen, "give --class or --dir, not both"), FK_EXIT_USAGE;
    if (!in->dir && !p->dir)
        return fk_err(err, errlen, "shapefiles needs --class CLASS or --dir DIR"), FK_EXIT_USAGE;
    if (in->dir && p->in_place)
        return fk_err(err, errlen, "--in-place works on --dir DIR only"), FK_EXIT_USAGE;
    const char *dir = in->dir ? in->dir : p->dir;
    struct stat st;
    if (stat(dir, &st) != 0) /* ENOENT, but also ELOOP, EACCES...: say which */
        return fk_err(err, errlen, "--dir %s: %s", dir, strerror(errno)), FK_EXIT_USAGE;
    if (!S_ISDIR(st.st_mode))
        return fk_err(err, errlen, "--dir %s: not a folder", dir), FK_EXIT_USAGE;
    if (snprintf(c->src, sizeof c->src, "%s", dir) >= (int)sizeof c->src)
        return fk_err(err, errlen, "folder path too long: %s", dir), FK_EXIT_USAGE;
    /* the CSV's class: the dataset's, or one per folder, so two folders are never pooled */
    if (in->dir)
        snprintf(c->class_label, sizeof c->class_label, "%s", in->class_name);
    else
        fk_class_label_dir(c->class_label, sizeof c->class_label, dir);
    return FK_EXIT_OK;
}

static void release(void *ctx)
{
    shp_ctx_t *c = ctx;
    if (!c)
        return;
    if (c->lock_fd >= 0)
        close(c->lock_fd);
    for (size_t i = 0; c->snaps && i < c->dir.nsets; i++)
        fk_shpsnap_free(&c->snaps[i]);
    fk_shpdir_free(&c->dir);
    free(c->snaps);
    free(c->unverified);
    free(c);
}

/* A benchmark copies the folder: never the temporary files a killed in-place run left (they
 * would fail every repetition's check), and a warning names them. */
static void skip_temps(fk_shpdir_t *d, const char *dir, int quiet)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nfiles; i++) {
        if (!fk_shp_is_tmp(d->files[i])) {
            d->files[n++] = d->files[i];
            continue;
        }
        if (!quiet)
            fprintf(stderr,
                    "forkomp: warning: ignoring %s/%s, a temporary file left by an "
                    "interrupted --in-place run (not copied)\n",
                    dir, d->files[i]);
        free(d->files[i]);
    }
    d->nfiles = n;
}

static int prepare(const void *params, const fk_kernel_input_t *in, void **ctx, size_t *ntasks,
                   char *err, size_t errlen)
{
    const shp_params_t *p = params;
    shp_ctx_t *c = calloc(1, sizeof *c);
    if (!c)
        return snprintf(err, errlen, "out of memory"), FK_EXIT_FAIL;
    c->in_place = p->in_place;
    c->variant = p->variant;
    c->owner = getpid(); /* the harness: every worker of a run is forked from it */
    c->owner_start = fk_proc_start(0);
    c->lock_fd = -1;
    c->lock_wait_s = in->timeout_s;
    c->stop = in->interrupted;
    int rc = FK_EXIT_OK;
    if (!(c->gdal = fk_gdal(err, errlen)))
        rc = fk_module_exit(err); /* every variant is verified through GDAL */
    if (rc == FK_EXIT_OK)
        rc = pick_folder(p, in, c, err, errlen);
    if (rc == FK_EXIT_OK && fk_shpdir_scan(c->src, &c->dir, err, errlen) != 0)
        rc = FK_EXIT_USAGE;
    if (rc == FK_EXIT_OK && c->dir.nsets == 0)
        rc = (fk_shpdir_none(c->src, err, errlen), FK_EXIT_USAGE);
    if (rc == FK_EXIT_OK && (!(c->snaps = calloc(c->dir.nsets, sizeof *c->snaps)) ||
                             !(c->unverified = calloc(c->dir.nsets, sizeof *c->unverified))))
        rc = (snprintf(err, errlen, "out of memory"), FK_EXIT_FAIL);
    if (rc != FK_EXIT_OK) {
        release(c);
        return rc;
    }
    if (!c->in_place)
        skip_temps(&c->dir, c->src, in->quiet);
    c->gdal->init(); /* GDAL, once, in the single-threaded parent */
    for (size_t i = 0; i < c->dir.nsets; i++)
        fk_shpsnap_take(c->src, &c->dir.sets[i], &c->snaps[i]);
    snprintf(c->work, sizeof c->work, "%s", c->src);
    *ctx = c;
    *ntasks = c->dir.nsets;
    return FK_EXIT_OK;
}

const char *fk_shp_variant(const void *ctx)
{
    return variant_names[((const shp_ctx_t *)ctx)->variant];
}

static const char *class_name(const void *ctx)
{
    return ((const shp_ctx_t *)ctx)->class_label;
}

/* The files a repetition changes are copied by the harness: every file of the folder (a
 * shapefile is several), unless the user asked for the real tool. */
static void workset(const void *ctx, fk_workset_t *ws)
{
    const shp_ctx_t *c = ctx;
    ws->src = c->src;
    ws->files = c->dir.files;
    ws->nfiles = c->dir.nfiles;
    ws->in_place = c->in_place;
}

/* Where the next run works: a copy the harness made, perhaps from another machine (it must
 * be visible here), or the input itself. */
static int work_in(void *ctx, const char *dir, char *err, size_t errlen)
{
    shp_ctx_t *c = ctx;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fk_err(err, errlen,
                      "the folder %s is not visible here (put TMPDIR on a filesystem every "
                      "rank shares)",
                      dir);
    snprintf(c->work, sizeof c->work, "%s", dir);
    if (c->in_place && strcmp(dir, c->src) == 0) {
        /* One in-place run per folder at a time; then the temporary files of runs that
         * are gone are stale, and removed. */
        c->lock_fd = fk_shp_lock_dir(c->src, c->lock_wait_s, c->stop, err, errlen);
        if (c->lock_fd == -1)
            return -1;
        fk_shp_remove_stale(c->src, stderr);
    }
    return 0;
}

static void rep_teardown(void *ctx)
{
    shp_ctx_t *c = ctx;
    /* A run killed mid-rewrite (--timeout, an interrupt) leaves its temporary file in the
     * user's folder; the .dbf itself is untouched, as the rename never happened. */
    if (c->in_place && fk_shp_remove_temps(c->work, c->owner) > 0)
        fprintf(stderr,
                "forkomp: removed the temporary files of an unfinished rewrite in %s; "
                "the files they were for are untouched\n",
                c->work);
    if (c->lock_fd >= 0)
        close(c->lock_fd);
    c->lock_fd = -1;
    snprintf(c->work, sizeof c->work, "%s", c->src);
}

/* The task's message: the file's name first, then what happened. */
static void task_msg(fk_result_t *out, const fk_shpset_t *s, const char *what)
{
    int n = snprintf(out->msg, sizeof out->msg, "%s: ", s->shp);
    if (n < 0 || (size_t)n >= sizeof out->msg)
        return; /* the name alone fills it */
    size_t len = strlen(what), room = sizeof out->msg - (size_t)n - 1;
    len = len < room ? len : room; /* cut silently: the name and the start say enough */
    memcpy(out->msg + n, what, len);
    out->msg[(size_t)n + len] = '\0';
}

static int run_raw(const shp_ctx_t *c, const fk_shpset_t *s, const fk_shpcheck_t *chk,
                   fk_result_t *out, char *why, size_t whylen)
{
    char path[4096];
    if (!fk_shp_path(path, sizeof path, c->work, s->dbf))
        return fk_err(why, whylen, "path too long");
    fk_shp_newcheck_t check = {c->work, s, &c->snaps[s - c->dir.sets]};
    fk_dbf_rewrite_req_t req = {.dbf_path = path,
                                .type_value = chk->type_name,
                                .name_value = chk->name.bytes,
                                .name_len = chk->name.len,
                                .durable = c->in_place,
                                .tmp_owner = c->owner,
                                .tmp_owner_start = c->owner_start};
    if (c->in_place) { /* the user's file is replaced only by a new one that verified */
        req.check = fk_shp_check_new;
        req.check_arg = &check;
    }
    fk_dbf_rewrite_out_t res;
    if (fk_dbf_rewrite(&req, &res, why, whylen) != 0)
        return -1;
    out->value = res.checksum;
    out->aux = res.records;
    return 0;
}

static int run_ogr(const shp_ctx_t *c, const fk_shpset_t *s, const fk_shpcheck_t *chk,
                   fk_result_t *out, char *why, size_t whylen)
{
    char path[4096], warn[FK_RESULT_MSG];
    uint64_t features;
    int rc = c->in_place /* never through OGR on the user's files: on a verified copy */
                 ? fk_shp_ogr_in_place(c, s, chk, &features, warn, sizeof warn, why, whylen)
                 : c->gdal->ogr_update(c->work, s, chk, &features, warn, sizeof warn, why, whylen);
    if (rc != 0)
        return -1;
    if (!fk_shp_path(path, sizeof path, c->work, s->dbf) || fk_hash_file(path, 1, &out->value))
        return fk_err(why, whylen, "cannot read the new .dbf back: %s", strerror(errno));
    out->aux = features;
    if (warn[0])
        task_msg(out, s, warn);
    return 0;
}

/* In place, the .dbf must be ours to replace: no link a rename would break, and no advisory
 * lock of another program (waited for up to half of --timeout, so the task reports it
 * before the timeout kills it). Taken before anything reads the file; returns a descriptor
 * to close after the rename, or -1 (also when the set has no .dbf: the check says why). */
static int claim_dbf(const shp_ctx_t *c, const fk_shpset_t *s, char *why, size_t whylen)
{
    char path[4096];
    if (!c->in_place || !s->dbf || s->problem[0])
        return -1;
    if (!fk_shp_path(path, sizeof path, c->work, s->dbf))
        return fk_err(why, whylen, "path too long");
    return fk_shp_claim_file(path, c->lock_wait_s / 2, c->stop, why, whylen);
}

/* Runs on any worker: serial, forked process or OpenMP thread. Touches only its own files
 * and its own result record. */
static int run_task(void *ctx, size_t i, fk_result_t *out)
{
    const shp_ctx_t *c = ctx;
    const fk_shpset_t *s = &c->dir.sets[i];
    fk_shpcheck_t chk;
    char why[FK_RESULT_MSG];
    out->value = out->aux = 0;
    out->msg[0] = '\0';
    char claim_why[FK_RESULT_MSG] = "";
    int claim = claim_dbf(c, s, claim_why, sizeof claim_why);
    if (fk_shpset_check(c->work, s, 1, &chk, why, sizeof why) != 0 ||
        (c->in_place && claim < 0 && snprintf(why, sizeof why, "%s", claim_why) >= 0)) {
        if (claim >= 0)
            close(claim);
        task_msg(out, s, why);
        fk_shpcheck_free(&chk); /* safe after a failed check too */
        return 1;
    }
    int rc = c->variant == VARIANT_RAW ? run_raw(c, s, &chk, out, why, sizeof why)
                                       : run_ogr(c, s, &chk, out, why, sizeof why);
    if (claim >= 0)
        close(claim); /* after the rename: the lock held the old file until it was replaced */
    if (rc != 0) {
        task_msg(out, s, why);
    } else {
        fk_shpcheck_warning(&chk, why, sizeof why);
        if (why[0] && !out->msg[0])
            task_msg(out, s, why);
    }
    fk_shpcheck_free(&chk);
    return rc != 0;
}

static void verify(void *ctx, const fk_result_t *results, size_t n, fk_verdict_t *v)
{
    shp_ctx_t *c = ctx;
    char why[FK_RESULT_MSG]; /* room left in v->why for " (and N more files)" */
    size_t wrong = 0;
    v->checksum = 0;
    v->why[0] = '\0';
    for (size_t i = 0; i < n && i < c->dir.nsets; i++) {
        int ok = results[i].status == FK_TASK_OK;
        int right = fk_shpsnap_verify(c->work, &c->dir.sets[i], &c->snaps[i], ok,
                                      c->variant == VARIANT_RAW, results[i].value, why, sizeof why);
        /* a task that succeeded but did not verify: the summary counts it as failed */
        snprintf(c->unverified[i], sizeof c->unverified[i], "%s", !right && ok ? why : "");
        if (!right && wrong++ == 0)
            snprintf(v->why, sizeof v->why, "%s", why);
        v->checksum = fk_hash_combine(v->checksum, ok ? results[i].value : 0);
    }
    if (wrong > 1) {
        size_t len = strlen(v->why);
        snprintf(v->why + len, sizeof v->why - len, " (and %zu more files)", wrong - 1);
    }
    if (wrong == 0 && !fk_shp_no_temp_left(c->work, c->owner, why, sizeof why)) {
        wrong = 1;
        snprintf(v->why, sizeof v->why, "%s", why);
    }
    v->verified = wrong == 0;
}

const fk_kernel_ops_t fk_kernel_shapefiles = {
    .name = "shapefiles",
    .summary = "set TYPE and NAME in every shapefile of a folder (the lab's second job)",
    .options = options,
    .params_size = sizeof(shp_params_t),
    .defaults = &defaults,
    .prepare = prepare,
    .variant = fk_shp_variant,
    .class_name = class_name,
    .workset = workset,
    .work_in = work_in,
    .rep_teardown = rep_teardown,
    .run_task = run_task,
    .verify = verify,
    .print_results = fk_shp_print_results,
    .print_result = fk_shp_print_result,
    .print_summary = fk_shp_print_summary,
    .release = release,
};
