/* report_html.c: DIR/report.html, report.md as one self-contained page that opens with a
 * double click: the same document (report.md is read back and rendered, so the two never
 * differ), readable tables, and every plot inline as SVG (gnuplot's svg terminal, drawn into a
 * scratch folder by fk_report_plot_svg and removed after). Nothing is loaded from another
 * file or the network. The Markdown is the subset report.md uses: headings, paragraphs,
 * lists with indented continuation lines, tables, indented or fenced code, images alone on a
 * line, and inline code, bold and links. */
#include "harness/report/report_html.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/report/md_html.h"
#include "harness/engine/sys.h"
#include "kernels/common/util.h"

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>forkomp report</title>\n<style>\n"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;"
    "margin:0;background:#fafafa}\n"
    "main{max-width:1180px;margin:0 auto;padding:12px 20px 40px;background:#fff}\n"
    "h1{font-size:1.6em;margin:.3em 0}h2{font-size:1.3em;margin:1.2em 0 .4em;"
    "border-bottom:1px solid #ddd}h3{font-size:1.1em;margin:1em 0 .3em}\n"
    "p,li{max-width:72em}code{background:#f1f1f1;padding:0 3px;border-radius:3px;"
    "font-size:.92em}\npre{background:#f6f6f6;padding:8px;overflow-x:auto}\n"
    ".table{overflow-x:auto;margin:.5em 0}table{border-collapse:collapse;font-size:.9em}\n"
    "th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}\n"
    "th{background:#eef2f7;position:sticky;top:0}tr:nth-child(even) td{background:#f8f9fb}\n"
    "figure.plot{margin:.6em 0}figure.plot svg{width:100%;max-width:1100px;height:auto;"
    "display:block;border:1px solid #eee}\n.missing{color:#a00}\n"
    "</style>\n</head>\n<body>\n<main>\n";

/* The lines of a file, without their newlines; NULL-terminated. */
static char **read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char **lines = NULL, *line = NULL;
    size_t cap = 0, len = 0;
    ssize_t got;
    *n = 0;
    if (!f)
        return NULL;
    while ((got = getline(&line, &len, f)) >= 0) {
        if (*n + 2 > cap) {
            char **more = realloc(lines, (cap = cap ? 2 * cap : 256) * sizeof *lines);
            if (!more)
                break;
            lines = more;
        }
        line[strcspn(line, "\r\n")] = '\0';
        lines[(*n)++] = line;
        line = NULL, len = 0;
    }
    free(line);
    fclose(f);
    if (lines)
        lines[*n] = NULL;
    return lines;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* Renders report.md (md) into report.html (path) with the SVGs of svg_dir (NULL: none). */
static int render(const char *md, const char *path, const char *svg_dir, char *err, size_t errlen)
{
    size_t n;
    char **lines = read_lines(md, &n);
    if (!lines)
        return fk_err(err, errlen, "%s: cannot read it back: %s", md, strerror(errno));
    FILE *out = fopen(path, "w");
    if (!out) {
        free_lines(lines, n);
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    }
    fputs(page_head, out);
    fk_md_html(out, (const char *const *)lines, n, svg_dir);
    fputs("</main>\n</body>\n</html>\n", out);
    free_lines(lines, n);
    if (ferror(out) | fclose(out))
        return fk_err(err, errlen, "%s: write error", path);
    return 0;
}

/* The scratch folder of the SVG plots: in TMPDIR, or (TMPDIR missing or not writable: said,
 * with its cause, issue 27 N10) a hidden one in the output folder, just written to. */
static int svg_scratch(const fk_report_t *r, char *dir, size_t len)
{
    const char *tmpdir = getenv("TMPDIR");
    snprintf(dir, len, "%s/forkomp-svg-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (mkdtemp(dir))
        return 0;
    fprintf(stderr,
            "forkomp report: warning: TMPDIR %s: %s: the SVG plots of report.html are drawn in "
            "%s instead\n",
            tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno), r->out_dir);
    snprintf(dir, len, "%s/.forkomp-svg-XXXXXX", r->out_dir);
    return mkdtemp(dir) ? 0 : -1;
}

int fk_report_write_html(const fk_report_t *r, char *err, size_t errlen)
{
    char md[4096 + 16], path[4096 + 16], tmp_path[4096 + 32], svg_dir[4096 + 32];
    snprintf(md, sizeof md, "%s/report.md", r->out_dir);
    snprintf(path, sizeof path, "%s/report.html", r->out_dir);
    snprintf(tmp_path, sizeof tmp_path, "%s/.report.html.tmp", r->out_dir);
    /* INT, TERM, HUP and QUIT wait until the scratch folder is gone (issue 27 L2): a
     * handler could not remove a tree safely; gnuplot, their only long wait, gets them. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT), sigaddset(&stop, SIGTERM), sigaddset(&stop, SIGHUP);
    sigaddset(&stop, SIGQUIT);
    sigprocmask(SIG_BLOCK, &stop, &old);
    int have_svg = r->plotted && svg_scratch(r, svg_dir, sizeof svg_dir) == 0;
    if (have_svg && fk_report_plot_svg(r, svg_dir) != 0)
        fprintf(stderr, "forkomp report: warning: gnuplot could not draw the SVG plots: "
                        "report.html shows where they would be\n");
    int rc = render(md, tmp_path, have_svg ? svg_dir : NULL, err, errlen);
    if (have_svg)
        fk_remove_tree(svg_dir);
    if (rc == 0 && rename(tmp_path, path) != 0)
        rc = fk_err(err, errlen, "%s: %s", path, strerror(errno));
    if (rc != 0)
        unlink(tmp_path);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}
