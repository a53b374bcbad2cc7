/* report_spawn.c: the report.md section of `forkomp spawn` (see report_spawn.h). Its rows are
 * costs per operation, not kernel timings, so report_md.c and forkomp.gp leave them out of the
 * generic sections and plots; here they are set against the work per task of the kernels in
 * the same data, the granularity question of the lab (a 9 ms task cannot afford a 2 ms
 * fork + exec per task; a 200 ms one can). */
#include "harness/report/report_spawn.h"
#include "harness/report/report_plot.h"
#include "harness/models/role.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#define SPAWN_MAX_CASES 8 /* share columns in the table; more cases are listed below it */

/* The work of one task of a kernel's case: its serial median / tasks; NaN when unknown. */
static double task_time(const fk_report_group_t *g)
{
    if (!g || g->runs == 0 || g->tasks <= 0)
        return NAN;
    return g->wall.median / g->tasks;
}

/* The serial groups of the kernels (not spawn) on host, one per case (the first: unpinned
 * sorts first), with a known time per task. Returns how many (at most max). */
static size_t work_cases(const fk_report_t *r, const char *host, const fk_report_group_t **out,
                         size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->ngroups && n < max; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (fk_report_is_spawn(g) || strcmp(g->host, host) ||
            fk_model_role(g->model) != FK_ROLE_ONE || isnan(task_time(g)) ||
            (n && fk_report_same_case(out[n - 1], g)))
            continue;
        out[n++] = g;
    }
    return n;
}

/* A cost as a share of a task: "0.083%", "19%", "3.2x" (above 2x a percentage reads badly);
 * bold when it is FK_REPORT_SPAWN_MUCH or more. */
static const char *fmt_share(double ratio, char *buf, size_t len)
{
    const char *b = ratio >= FK_REPORT_SPAWN_MUCH ? "**" : "";
    if (isnan(ratio))
        snprintf(buf, len, "-");
    else if (ratio > 2.0)
        snprintf(buf, len, "%s%.1fx%s", b, ratio, b);
    else if (ratio >= 0.1)
        snprintf(buf, len, "%s%.0f%%%s", b, 100.0 * ratio, b);
    else if (ratio >= 0.01)
        snprintf(buf, len, "%.1f%%", 100.0 * ratio);
    else if (ratio >= 1e-5)
        snprintf(buf, len, "%.2g%%", 100.0 * ratio);
    else
        snprintf(buf, len, "<0.001%%");
    return buf;
}

/* "fork (W=1, parent base)" */
static void mechanism(FILE *md, const fk_report_group_t *s)
{
    fprintf(md, "%s (W=%d, parent %s)", s->variant, s->workers, s->class_name);
}

static void cost_table(FILE *md, const fk_report_t *r, const char *host,
                       const fk_report_group_t *const *cases, size_t ncases)
{
    char a[32], b[32], c[32];
    fprintf(md, "| mechanism | side | parent | W | runs | median per op | min per op |");
    for (size_t k = 0; k < ncases; k++)
        fprintf(md, " vs %s %s %s task (%s) |", cases[k]->kernel, cases[k]->variant,
                cases[k]->class_name, fk_report_fmt_time(task_time(cases[k]), a, 32));
    fprintf(md, "\n|---|---|---|---:|---:|---:|---:|");
    for (size_t k = 0; k < ncases; k++)
        fprintf(md, "---:|");
    fprintf(md, "\n");
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        if (!fk_report_is_spawn(s) || strcmp(s->host, host))
            continue;
        fprintf(md, "| %s | %s | %s | %d | %zu%s | %s | %s |", s->variant, s->model, s->class_name,
                s->workers, s->runs, s->failed ? " (+failed)" : "",
                fk_report_fmt_time(s->per_op_s, a, 32), fk_report_fmt_time(s->per_op_min, b, 32));
        for (size_t k = 0; k < ncases; k++)
            fprintf(md, " %s |", fmt_share(s->per_op_s / task_time(cases[k]), c, 32));
        fprintf(md, "\n");
    }
    fprintf(md, "\n");
}

/* One case: which mechanisms would cost FK_REPORT_SPAWN_MUCH or more of a task, and what the
 * cheapest process-side hand-over (a pool's round trip) costs. */
static void granularity_line(FILE *md, const fk_report_t *r, const fk_report_group_t *w)
{
    char a[32], b[32];
    double task = task_time(w);
    const fk_report_group_t *cheap = NULL;
    size_t n = 0;
    fprintf(md, "- **%s (%s), class %s**: %s of work per task (serial median %s / %d tasks). ",
            w->kernel, w->variant, w->class_name, fk_report_fmt_time(task, a, 32),
            fk_report_fmt_time(w->wall.median, b, 32), w->tasks);
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        if (!fk_report_is_spawn(s) || strcmp(s->host, w->host) || isnan(s->per_op_s))
            continue;
        if (strcmp(s->model, "process") == 0 && (!cheap || s->per_op_s < cheap->per_op_s))
            cheap = s;
        if (s->per_op_s / task < FK_REPORT_SPAWN_MUCH)
            continue;
        fprintf(md, "%s",
                n++ ? "; " : "Spawning per task would cost 10% of the work or more with ");
        mechanism(md, s);
        fprintf(md, " %s", fmt_share(s->per_op_s / task, a, 32));
    }
    if (n == 0)
        fprintf(md, "No mechanism costs 10%% of a task: the work dwarfs the spawn cost");
    if (cheap) {
        fprintf(md, ". The cheapest process-side operation, ");
        mechanism(md, cheap);
        fprintf(md, " at %s, is %s of a task", fk_report_fmt_time(cheap->per_op_s, a, 32),
                fmt_share(cheap->per_op_s / task, b, 32));
    }
    fprintf(md, ".\n");
}

static void host_part(FILE *md, const fk_report_t *r, const char *host)
{
    const fk_report_group_t *cases[64];
    size_t n = work_cases(r, host, cases, sizeof cases / sizeof *cases);
    char name[512], path[4096 + 512];
    cost_table(md, r, host, cases, n < SPAWN_MAX_CASES ? n : SPAWN_MAX_CASES);
    if (n == 0)
        fprintf(md, "No kernel with serial runs on this host in the data, so no task to compare "
                    "with: add a bench CSV (e.g. `--models serial`) to the report.\n\n");
    for (size_t k = 0; k < n; k++)
        granularity_line(md, r, cases[k]);
    fk_report_host_plot_name(r, host, "spawn-granularity", name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
    if (r->plotted && access(path, R_OK) == 0)
        fprintf(md, "\n![granularity](%s)\n", name);
    fprintf(md, "\n");
}

void fk_report_spawn_section(const fk_report_t *r, FILE *md)
{
    const char *done[16];
    size_t ndone = 0;
    int hosts = fk_report_several_hosts(r);
    for (size_t i = 0; i < r->ngroups; i++) {
        const fk_report_group_t *s = &r->groups[i];
        size_t k = 0;
        if (!fk_report_is_spawn(s))
            continue;
        while (k < ndone && strcmp(done[k], s->host))
            k++;
        if (k < ndone || ndone == sizeof done / sizeof *done)
            continue;
        if (ndone == 0)
            fprintf(md, "## What a process costs (forkomp spawn)\n\nThe overhead of one operation "
                        "of each mechanism, measured by `forkomp spawn` (EPCC's method: the timed "
                        "loop minus a reference loop, divided by the operations; see the README, "
                        "\"What a process costs\"), median and minimum over the repetitions. The "
                        "`vs` columns set it against the work of one task of each kernel and "
                        "class in this data (serial median / tasks): what starting a worker per "
                        "task would add to it. **Bold**: 10%% or more, where spawning per task "
                        "eats into the work and a pre-forked pool (paying the start once) or "
                        "bigger tasks pay off.\n\n");
        done[ndone++] = s->host;
        if (hosts)
            fprintf(md, "### Host `%s`\n\n", s->host);
        host_part(md, r, s->host);
    }
}
