/* md_html.h: renders the Markdown subset of report.md as HTML (md_html.c), for report.html. */
#ifndef FK_MD_HTML_H
#define FK_MD_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Writes the HTML body of lines[0..n) to out. An image alone on a line, ![alt](NAME.png),
 * becomes <figure class="plot"> holding svg_dir/NAME.svg inline (without its XML prolog), or
 * a note that the plot was not drawn when svg_dir is NULL or has no such file. */
void fk_md_html(FILE *out, const char *const *lines, size_t n, const char *svg_dir);

#endif
