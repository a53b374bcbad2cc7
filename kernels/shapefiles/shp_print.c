/* SPDX-License-Identifier: MIT */
/* shp_print.c: what the shapefile kernel tells the user: a line per file (every file of a
 * small folder; of a large one the failures and warnings) and the closing summary. */
#include <stdio.h>
#include <string.h>

#include "kernels/shapefiles/shp_ctx.h"

/* File i's line: every file of a small folder; of a large one the failures and warnings. */
void fk_shp_print_result(const void *ctx, size_t i, const fk_result_t *r, FILE *out)
{
    const shp_ctx_t *c = ctx;
    if (i >= c->dir.nsets)
        return;
    if (r->status != FK_TASK_OK) {
        fprintf(out, "  FAILED %s\n", r->msg[0] ? r->msg : c->dir.sets[i].shp);
    } else if (c->dir.nsets <= 40 || r->msg[0]) {
        /* a warning reads "name: why", unless the name was too long to be repeated */
        const char *why = strstr(r->msg, ": ");
        why = why ? why + 2 : r->msg;
        fprintf(out, "  %s: %s, %llu records%s%s\n", c->dir.sets[i].shp, c->snaps[i].type_name,
                (unsigned long long)r->aux, r->msg[0] ? "; " : "", why);
    }
}

/* The closing lines: each file whose task succeeded but whose output did not verify (a
 * file's own line is printed as its task lands, before the run is verified), then the
 * counts, which count those files as failed. */
void fk_shp_print_summary(const void *ctx, const fk_result_t *results, size_t n, FILE *out)
{
    const shp_ctx_t *c = ctx;
    size_t failed = 0, unverified = 0, warned = 0;
    uint64_t records = 0;
    for (size_t i = 0; i < n && i < c->dir.nsets; i++) {
        int bad = c->unverified[i][0] != '\0';
        int ok = results[i].status == FK_TASK_OK && !bad;
        if (bad)
            fprintf(out, "  FAILED verification after the update: %s\n", c->unverified[i]);
        failed += !ok;
        unverified += bad;
        warned += ok && results[i].msg[0];
        records += ok ? results[i].aux : 0;
    }
    char why[64] = "";
    if (unverified)
        snprintf(why, sizeof why, " (%zu in verification)", unverified);
    fprintf(out,
            "shapefiles (%s): %zu of %zu files updated, %llu records, %zu failed%s, "
            "%zu with warnings\n",
            fk_shp_variant(ctx), n - failed, n, (unsigned long long)records, failed, why, warned);
}

void fk_shp_print_results(const void *ctx, const fk_result_t *results, size_t n, FILE *out)
{
    for (size_t i = 0; i < n; i++)
        fk_shp_print_result(ctx, i, &results[i], out);
    fk_shp_print_summary(ctx, results, n, out);
}
