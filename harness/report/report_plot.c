/* SPDX-License-Identifier: MIT */
/* report_plot.c: draws the plots of `forkomp report` by running gnuplot on the committed
 * script results/forkomp.gp with DIR/summary.csv, so the PNGs and a user's re-plot come from
 * one script. gnuplot is optional: without it the report is written and a warning says why
 * there are no plots. The strip plot of every run reads DIR/plot-runs.csv, written here
 * first; report.md's section on speedup against task size links the plot of that name. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/engine/csv.h"
#include "harness/report/report.h"
#include "harness/report/report_plot.h"
#include "kernels/common/home.h"

#define FK_PLOT_SCRIPT "results/forkomp.gp"
#define FK_PLOT_RUNS_MAX 2000 /* points a group draws: more are a blot, and slow to draw */

/* In the child before gnuplot starts: it dies with forkomp (a killed report leaves no
 * gnuplot writing into its folder, issue 27 N7), and reads and prints numbers with a '.'
 * whatever the user's locale (de_DE: "Trailing characters after numeric expression", no
 * plot at all, N6). LC_ALL would override LC_NUMERIC, so its value moves to LANG. */
static void gnuplot_child_env(pid_t parent)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL); /* the SVG stage blocks some in forkomp */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127); /* forkomp was gone before the line above */
    const char *all = getenv("LC_ALL");
    if (all && *all)
        setenv("LANG", all, 1);
    unsetenv("LC_ALL");
    setenv("LC_NUMERIC", "C", 1);
}

/* Runs `gnuplot -c SCRIPT SUMMARY OUTDIR FORMAT` (arguments, not a shell line, so no
 * quoting) and returns its exit status, 127 when gnuplot is not installed, -1 when fork
 * failed. */
static int run_gnuplot(const char *script, const char *summary, const char *out_dir,
                       const char *format)
{
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid(), pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        gnuplot_child_env(parent);
        execlp("gnuplot", "gnuplot", "-c", script, summary, out_dir, format, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The lane of group k in its case [i, j): the index of its label among the case's (the
 * groups of a label are adjacent); the slot: the rank of its worker count among the case's. */
static int lane_of(const fk_report_t *r, size_t i, size_t k)
{
    int lane = 0;
    for (size_t m = i + 1; m <= k; m++)
        lane += strcmp(r->groups[m].label, r->groups[m - 1].label) != 0;
    return lane;
}

static int slot_of(const fk_report_t *r, size_t i, size_t j, int workers)
{
    int slot = 0;
    for (size_t m = i; m < j; m++) { /* the distinct worker counts below workers */
        int w = r->groups[m].workers, first = 1;
        for (size_t p = i; p < m && first; p++)
            first = r->groups[p].workers != w;
        slot += first && w < workers;
    }
    return slot;
}

/* One row per verified run of g (every k-th beyond FK_PLOT_RUNS_MAX), then its median as run
 * 0. jitter in [-0.5, 0.5): a golden-ratio sequence, spread evenly and the same every time. */
static void write_group_runs(FILE *f, const fk_report_group_t *g, int slot, int lane, int lanes)
{
    char names[1024];
    size_t len = 0, step = (g->runs + FK_PLOT_RUNS_MAX - 1) / FK_PLOT_RUNS_MAX, k = 0;
    const char *strs[] = {g->host, g->kernel, g->variant, g->class_name, g->label};
    names[0] = '\0';
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        fk_csv_quote(names, sizeof names - 2, &len, strs[i]); /* too long: left empty */
        names[len++] = ',';
        names[len] = '\0';
    }
    for (size_t m = 0; m < g->nmembers; m++) {
        if (!g->members[m].ok || k++ % step)
            continue;
        double jitter = fmod(0.6180339887 * (double)k, 1.0) - 0.5;
        fprintf(f, "%s%d,%d,%d,%d,%zu,%.4f,%.12f,%zu\n", names, g->workers, slot + 1, lane + 1,
                lanes, k, jitter, g->members[m].wall_s, step);
    }
    fprintf(f, "%s%d,%d,%d,%d,0,0,%.12f,%zu\n", names, g->workers, slot + 1, lane + 1, lanes,
            g->wall.median, step);
}

/* DIR/plot-runs.csv: the verified runs of every kernel group (not spawn's), placed for the
 * strip plot: slot (1.. the case's worker counts), lane (1..lanes, the case's labels). */
static int write_plot_runs(const fk_report_t *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" FK_REPORT_PLOT_RUNS, r->out_dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("host,kernel,variant,class,label,workers,slot,lane,lanes,run,jitter,wall_s,every\n", f);
    for (size_t i = 0, j; i < r->ngroups; i = j) {
        j = fk_report_case_end(r, i);
        int lanes = lane_of(r, i, j - 1) + 1;
        for (size_t k = i; k < j && !fk_report_is_spawn(&r->groups[i]); k++)
            if (r->groups[k].runs > 0)
                write_group_runs(f, &r->groups[k], slot_of(r, i, j, r->groups[k].workers),
                                 lane_of(r, i, k), lanes);
    }
    if ((ferror(f) | fclose(f)) == 0)
        return 0;
    int e = errno;
    unlink(path); /* no torn file for gnuplot to read, nor to be published */
    errno = e;
    return -1;
}

int fk_report_plot(const fk_report_t *r)
{
    char script[4096], summary[4096];
    if (write_plot_runs(r) < 0)
        fprintf(stderr,
                "forkomp report: warning: %s/" FK_REPORT_PLOT_RUNS
                ": %s: no plot of the single runs\n",
                r->out_dir, strerror(errno));
    if (fk_data_file(FK_PLOT_SCRIPT, script, sizeof script) < 0) {
        fprintf(stderr,
                "forkomp report: warning: %s not found (reinstall forkomp, or set FORKOMP_HOME "
                "to the source tree): no plots\n",
                script);
        return -1;
    }
    snprintf(summary, sizeof summary, "%s/summary.csv", r->out_dir);
    int rc = run_gnuplot(script, summary, r->out_dir, "png");
    if (rc == 127)
        fprintf(stderr, "forkomp report: warning: gnuplot is not installed (Debian: "
                        "gnuplot-nox): no plots\n");
    else if (rc != 0)
        fprintf(stderr,
                "forkomp report: warning: gnuplot failed (status %d): plots may be "
                "missing\n",
                rc);
    return rc == 0 ? 0 : -1;
}

int fk_report_plot_svg(const fk_report_t *r, const char *dir)
{
    char script[4096], summary[4096];
    if (!r->plotted || fk_data_file(FK_PLOT_SCRIPT, script, sizeof script) < 0)
        return -1; /* fk_report_plot said why */
    snprintf(summary, sizeof summary, "%s/summary.csv", r->out_dir);
    return run_gnuplot(script, summary, dir, "svg") == 0 ? 0 : -1;
}

void fk_report_host_plot_name(const fk_report_t *r, const char *host, const char *what, char *buf,
                              size_t len)
{
    int hosts = fk_report_several_hosts(r);
    snprintf(buf, len, "%s%s%s%s-%s.png", hosts ? "hosts/" : "", hosts ? host : "",
             hosts ? "/" : "", what, host);
}
