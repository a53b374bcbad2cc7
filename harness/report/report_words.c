/* SPDX-License-Identifier: MIT */
/* report_words.c: runs the program that writes the report's words (report_words.h),
 * harness/words/forkomp_words.py, found like results/forkomp.gp (kernels/common/home.c). */
#include "harness/report/report_words.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "kernels/common/home.h"
#include "kernels/common/util.h"

#define FK_WORDS_PROGRAM "harness/words/forkomp_words.py"

/* $PYTHON, else Debian's /usr/bin/python3 (where python3-markdown is installed: a pyenv or
 * venv python3 first on PATH does not see it), else python3 on PATH. */
static const char *interpreter(void)
{
    const char *env = getenv("PYTHON");
    if (env && *env)
        return env;
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* Runs the program on r->out_dir, with the SVG plots of svg_dir (NULL: none). */
static int run_words(const fk_report_t *r, const char *svg_dir, char *err, size_t errlen)
{
    char program[4096];
    const char *py = interpreter();
    if (fk_data_file(FK_WORDS_PROGRAM, program, sizeof program) < 0)
        return fk_err(err, errlen,
                      "%s not found (reinstall forkomp, or set FORKOMP_HOME to its "
                      "source tree)",
                      FK_WORDS_PROGRAM);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return fk_err(err, errlen, "fork: %s", strerror(errno));
    if (pid == 0) {
        const char *in_dir = r->in_dir ? r->in_dir : r->out_dir;
        if (svg_dir)
            execlp(py, py, program, r->out_dir, "--in", in_dir, "--svg", svg_dir, (char *)NULL);
        else
            execlp(py, py, program, r->out_dir, "--in", in_dir, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return fk_err(err, errlen, "waitpid: %s", strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return fk_err(err, errlen,
                      "%s not found: the report's words need Python 3 and python3-markdown "
                      "(make deps installs them)",
                      py);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fk_err(err, errlen, "%s failed (status %d)", program,
                      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}

/* report.html shows the plots inline as SVG (gnuplot's svg terminal), drawn into a folder
 * inside r->out_dir (the report's staging folder: no TMPDIR needed, and a signal or kill -9
 * leaves nothing outside it) for the words program and removed after. */
int fk_report_words(const fk_report_t *r, char *err, size_t errlen)
{
    char svg_dir[4096];
    snprintf(svg_dir, sizeof svg_dir, "%s/.forkomp-svg-XXXXXX", r->out_dir);
    int have_svg = r->plotted && mkdtemp(svg_dir) != NULL;
    if (have_svg && fk_report_plot_svg(r, svg_dir) != 0)
        fprintf(stderr, "forkomp report: warning: gnuplot could not draw the SVG plots: "
                        "report.html shows where they would be\n");
    int rc = run_words(r, have_svg ? svg_dir : NULL, err, errlen);
    if (have_svg)
        fk_remove_tree(svg_dir);
    return rc;
}
