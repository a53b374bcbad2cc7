/* md_html.c: the Markdown that report.md is written in, as HTML (see md_html.h). Line based:
 * a blank line ends a paragraph, list, table or code block; each other line opens or
 * continues one. Text is escaped, so nothing in the data can inject markup. */
#include "harness/report/md_html.h"

#include <ctype.h>
#include <string.h>

enum block { NONE, PARA, LIST, TABLE, CODE, FENCE };

typedef struct {
    FILE *out;
    const char *svg_dir;
    enum block open;
    size_t plots; /* numbers the figures, for ids */
} md_t;

/* What escape writes instead of a character that HTML would take for markup. */
static const char *const entities[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;"};

static void escape(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        const char *e = entities[(unsigned char)s[i]];
        if (e)
            fputs(e, out);
        else
            fputc(s[i], out);
    }
}

/* [text](url) at s: writes a link and returns the characters used, or 0. */
static size_t link(FILE *out, const char *s)
{
    const char *close = strchr(s, ']');
    if (!close || close[1] != '(' || !strchr(close, ')'))
        return 0;
    const char *url = close + 2, *end = strchr(url, ')');
    fputs("<a href=\"", out);
    escape(out, url, (size_t)(end - url));
    fputs("\">", out);
    escape(out, s + 1, (size_t)(close - s - 1));
    fputs("</a>", out);
    return (size_t)(end - s + 1);
}

/* Inline markup of n characters of s: `code`, **bold**, \-escapes, links. */
static void inline_md(FILE *out, const char *s, size_t n)
{
    int bold = 0;
    for (size_t i = 0; i < n && s[i];) {
        const char *tick = s[i] == '`' ? memchr(s + i + 1, '`', n - i - 1) : NULL;
        size_t used;
        if (tick) {
            fputs("<code>", out);
            escape(out, s + i + 1, (size_t)(tick - s - i - 1));
            fputs("</code>", out);
            i = (size_t)(tick - s) + 1;
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            fputs(bold ? "</strong>" : "<strong>", out);
            bold = !bold, i += 2;
        } else if (s[i] == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1])) {
            escape(out, s + i + 1, 1);
            i += 2;
        } else if (s[i] == '[' && (used = link(out, s + i)) > 0) {
            i += used;
        } else {
            escape(out, s + i, 1);
            i++;
        }
    }
    if (bold)
        fputs("</strong>", out);
}

static void close_block(md_t *m)
{
    static const char *const end[] = {"",         "</p>\n",  "</li>\n</ul>\n", "</table></div>\n",
                                      "</pre>\n", "</pre>\n"};
    fputs(end[m->open], m->out);
    m->open = NONE;
}

static void open_block(md_t *m, enum block b)
{
    static const char *const start[] = {
        "", "<p>", "<ul>\n<li>", "<div class=\"table\"><table>\n", "<pre>", "<pre>"};
    if (m->open == b)
        return;
    close_block(m);
    fputs(start[b], m->out);
    m->open = b;
}

/* A table row: cells between unescaped pipes outside inline code; th in the header. */
static void table_row(md_t *m, const char *line, int header)
{
    const char *p = line + 1; /* after the leading pipe */
    int code = 0;
    fputs("<tr>", m->out);
    for (const char *cell = p; *p; p++) {
        if (*p == '`')
            code = !code;
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (*p != '|' || code)
            continue;
        while (cell < p && *cell == ' ')
            cell++;
        size_t len = (size_t)(p - cell);
        while (len && cell[len - 1] == ' ')
            len--;
        fputs(header ? "<th>" : "<td>", m->out);
        inline_md(m->out, cell, len);
        fputs(header ? "</th>" : "</td>", m->out);
        cell = p + 1;
    }
    fputs("</tr>\n", m->out);
}

static int is_separator(const char *line)
{
    return line && line[0] == '|' && strspn(line, "|-: ") == strlen(line) && strchr(line, '-');
}

/* ![alt](NAME.png) alone on a line: the plot NAME.svg of svg_dir, inline. */
static int image_line(md_t *m, const char *line)
{
    const char *src = strstr(line, "](");
    size_t len = strlen(line);
    if (strncmp(line, "![", 2) || !src || line[len - 1] != ')')
        return 0;
    src += 2;
    size_t slen = (size_t)(line + len - 1 - src);
    char path[4096 + 512];
    int n = snprintf(path, sizeof path, "%s/%.*s", m->svg_dir ? m->svg_dir : "", (int)slen, src);
    if (n > 4 && strcmp(path + n - 4, ".png") == 0)
        memcpy(path + n - 4, ".svg", 4);
    close_block(m);
    fprintf(m->out, "<figure class=\"plot\" id=\"plot-%zu\" data-plot=\"", ++m->plots);
    escape(m->out, src, slen);
    fputs("\">\n", m->out);
    FILE *svg = m->svg_dir ? fopen(path, "r") : NULL;
    char buf[8192];
    size_t got, total = 0;
    while (svg && (got = fread(buf, 1, sizeof buf - 1, svg)) > 0) {
        buf[got] = '\0';
        char *start = total ? buf : strstr(buf, "<svg"); /* drop the XML prolog */
        if (start)
            fwrite(start, 1, got - (size_t)(start - buf), m->out);
        total += got;
    }
    if (!total) {
        fputs("<p class=\"missing\">(plot ", m->out);
        escape(m->out, src, slen);
        fputs(": not drawn; is gnuplot installed?)</p>", m->out);
    }
    if (svg)
        fclose(svg);
    fputs("\n</figure>\n", m->out);
    return 1;
}

/* One line that is not inside a fence. */
static void line_md(md_t *m, const char *line, const char *next)
{
    size_t hashes = strspn(line, "#");
    if (!*line) {
        close_block(m);
    } else if (hashes >= 1 && hashes <= 6 && line[hashes] == ' ') {
        close_block(m);
        fprintf(m->out, "<h%zu>", hashes);
        inline_md(m->out, line + hashes + 1, strlen(line));
        fprintf(m->out, "</h%zu>\n", hashes);
    } else if (line[0] == '|') {
        int header = m->open != TABLE && is_separator(next);
        open_block(m, TABLE);
        if (!is_separator(line))
            table_row(m, line, header);
    } else if ((line[0] == '-' || line[0] == '*') && line[1] == ' ') {
        if (m->open == LIST)
            fputs("</li>\n<li>", m->out);
        open_block(m, LIST);
        inline_md(m->out, line + 2, strlen(line));
    } else if (m->open == LIST && line[0] == ' ') {
        fputs("<br>", m->out); /* a continuation line of the item */
        inline_md(m->out, line + strspn(line, " "), strlen(line));
    } else if (strncmp(line, "    ", 4) == 0 && m->open != PARA) {
        if (m->open == CODE)
            fputc('\n', m->out);
        open_block(m, CODE);
        escape(m->out, line + 4, strlen(line));
    } else if (!image_line(m, line)) {
        if (m->open == PARA)
            fputc('\n', m->out);
        open_block(m, PARA);
        inline_md(m->out, line, strlen(line));
    }
}

void fk_md_html(FILE *out, const char *const *lines, size_t n, const char *svg_dir)
{
    md_t m = {out, svg_dir, NONE, 0};
    for (size_t i = 0; i < n; i++) {
        const char *line = lines[i];
        if (strncmp(line, "```", 3) == 0) {
            if (m.open == FENCE)
                close_block(&m);
            else
                open_block(&m, FENCE);
        } else if (m.open == FENCE) {
            escape(out, line, strlen(line));
            fputc('\n', out);
        } else {
            line_md(&m, line, i + 1 < n ? lines[i + 1] : NULL);
        }
    }
    close_block(&m);
}
