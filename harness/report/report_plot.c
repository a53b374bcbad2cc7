/* report_plot.c: draws the plots of `forkomp report` by running gnuplot on the committed
 * script results/forkomp.gp with DIR/summary.csv, so the PNGs and a user's re-plot come from
 * one script. gnuplot is optional: without it the report is written and a warning says why
 * there are no plots. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/report/report.h"
#include "kernels/common/home.h"

#define FK_PLOT_SCRIPT "results/forkomp.gp"

/* Runs `gnuplot -c SCRIPT SUMMARY OUTDIR FORMAT` (arguments, not a shell line, so no
 * quoting) and returns its exit status, 127 when gnuplot is not installed, -1 when fork
 * failed. */
static int run_gnuplot(const char *script, const char *summary, const char *out_dir,
                       const char *format)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp("gnuplot", "gnuplot", "-c", script, summary, out_dir, format, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int fk_report_plot(const fk_report_t *r)
{
    char script[4096], summary[4096];
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
