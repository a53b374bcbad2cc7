/* test_md_html.c: the Markdown of report.md as report.html renders it (harness/report/
 * md_html.c): headings, paragraphs, escaping (nothing in the data becomes markup), inline
 * code and bold, tables with escaped pipes and pipes inside code, lists with continuation
 * lines, indented code, and plots inlined from an SVG file without its XML prolog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/report/md_html.h"
#include "tests/unit/unit_test.h"

/* The HTML of the given lines, as a string the caller frees. */
static char *render(const char *const *lines, size_t n, const char *svg_dir)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    fk_md_html(f, lines, n, svg_dir);
    fclose(f);
    return buf;
}

static void test_blocks(void **state)
{
    (void)state;
    const char *md[] = {"# forkomp report", "",   "Two <lines> & `a<b` here,",
                        "**bold** too.",    "",   "    code <x>",
                        "    more",         "",   "```",
                        "**not bold**",     "```"};
    char *h = render(md, sizeof md / sizeof *md, NULL);
    assert_non_null(strstr(h, "<h1>forkomp report</h1>\n"));
    assert_non_null(strstr(h, "<p>Two &lt;lines&gt; &amp; <code>a&lt;b</code> here,\n"
                              "<strong>bold</strong> too.</p>\n"));
    assert_non_null(strstr(h, "<pre>code &lt;x&gt;\nmore</pre>\n"));
    assert_non_null(strstr(h, "<pre>**not bold**\n</pre>\n"));
    free(h);
}

static void test_table_and_list(void **state)
{
    (void)state;
    const char *md[] = {
        "| model | note |", "|---|---|",   "| fork | a \\| b |",          "| `x|y` | **2** |", "",
        "- first item",     "  continued", "- [link](summary.csv) second"};
    char *h = render(md, sizeof md / sizeof *md, NULL);
    assert_non_null(strstr(h, "<tr><th>model</th><th>note</th></tr>\n"));
    assert_non_null(strstr(h, "<tr><td>fork</td><td>a | b</td></tr>\n"));
    assert_non_null(strstr(h, "<tr><td><code>x|y</code></td><td><strong>2</strong></td></tr>\n"));
    assert_null(strstr(h, "---"));
    assert_non_null(strstr(h, "<ul>\n<li>first item<br>continued</li>\n"
                              "<li><a href=\"summary.csv\">link</a> second</li>\n</ul>\n"));
    free(h);
}

static void test_plots(void **state)
{
    (void)state;
    char dir[4096], path[4200];
    tmp_dir(dir, sizeof dir, "forkomp-md-test");
    snprintf(path, sizeof path, "%s/a-time.svg", dir);
    write_text(path, "<?xml version=\"1.0\"?>\n<svg width=\"10\"><path d=\"M0\"/></svg>\n");
    const char *md[] = {"![time](a-time.png)", "![memory](a-memory.png)"};
    char *h = render(md, 2, dir);
    assert_non_null(strstr(h, "<figure class=\"plot\" id=\"plot-1\" data-plot=\"a-time.png\">\n"
                              "<svg width=\"10\"><path d=\"M0\"/></svg>\n\n</figure>\n"));
    assert_null(strstr(h, "<?xml"));
    assert_non_null(strstr(h, "id=\"plot-2\""));
    assert_non_null(strstr(h, "(plot a-memory.png: not drawn"));
    free(h);
    unlink(path);
    rmdir(dir);
}

FK_TEST_MAIN(cmocka_unit_test(test_blocks), cmocka_unit_test(test_table_and_list),
             cmocka_unit_test(test_plots))
