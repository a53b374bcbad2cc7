# SPDX-License-Identifier: MIT
"""words_html.py: report.html, report.md as one self-contained page that opens with a
double click: the same document rendered by Python-Markdown (Debian's python3-markdown),
readable tables, and every plot inline as SVG (gnuplot's svg terminal: `forkomp report`
draws them into a scratch folder, --svg). Nothing is loaded from another file or the
network."""

import html
import os
import re

try:
    import markdown
except ImportError:  # said by main(): the program needs python3-markdown for the page
    markdown = None

PAGE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>forkomp report</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;margin:0;background:#fafafa}
main{max-width:1180px;margin:0 auto;padding:12px 20px 40px;background:#fff}
h1{font-size:1.6em;margin:.3em 0}h2{font-size:1.3em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}h3{font-size:1.1em;margin:1em 0 .3em}
p,li{max-width:72em}code{background:#f1f1f1;padding:0 3px;border-radius:3px;font-size:.92em}
pre{background:#f6f6f6;padding:8px;overflow-x:auto}
.table{overflow-x:auto;margin:.5em 0}table{border-collapse:collapse;font-size:.9em}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef2f7;position:sticky;top:0}tr:nth-child(even) td{background:#f8f9fb}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:10px;margin:.6em 0}
figure.plot{margin:0}figure.plot svg{width:100%;max-width:1100px;height:auto;display:block;border:1px solid #eee}
figure.wide{grid-column:1/-1}figcaption{font-size:.88em;color:#444;margin:.1em 0 .2em}
.missing{color:#a00}
</style>
</head>
<body>
<main>
"""
PAGE_TAIL = "</main>\n</body>\n</html>\n"
IMAGE = re.compile(r'^!\[([^\]]*)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)\s*$')
SVG_WIDTH = re.compile(r'<svg[^>]*?\swidth="(\d+)')
WIDE_PX = 900  # a plot drawn wider than this (granularity, task size) takes a whole row


def figure(n, alt, src, svg_dir, caption=None):
    """The plot src (NAME.png) as its inline NAME.svg, or a line saying it is missing; with
    its caption (the image's Markdown title) above it."""
    svg = None
    if svg_dir:
        try:
            with open(os.path.join(svg_dir, src[:-4] + ".svg" if src.endswith(".png") else src),
                      encoding="utf-8") as f:
                svg = f.read()
            svg = svg[svg.find("<svg"):] if "<svg" in svg else None
        except OSError:
            svg = None
    body = svg or '<p class="missing">(plot %s not drawn)</p>' % html.escape(src)
    width = SVG_WIDTH.search(svg) if svg else None
    wide = " wide" if width and int(width.group(1)) > WIDE_PX else ""
    cap = "<figcaption>%s</figcaption>\n" % html.escape(caption) if caption else ""
    return '<figure class="plot%s" id="plot-%d" data-plot="%s" title="%s">\n%s%s\n</figure>' % (
        wide, n, html.escape(src), html.escape(alt), cap, body)


def report_html(md_text, svg_dir):
    """The page: each run of image lines (each image alone on its line) becomes a placeholder
    paragraph, replaced by a grid of their figures after Python-Markdown rendered the rest
    (headings get ids, so the warnings line links to its section)."""
    groups, lines, last = [], [], False
    for line in md_text.split("\n"):
        m = IMAGE.match(line)
        if m and not last:
            groups.append([])
            lines += ["", "FKPLOT%dFKPLOT" % (len(groups) - 1), ""]
        if m:
            n = sum(len(g) for g in groups) + 1
            groups[-1].append(figure(n, m.group(1), m.group(2), svg_dir, m.group(3)))
        else:
            lines.append(line)
        last = bool(m)
    body = markdown.markdown("\n".join(lines), extensions=["tables", "toc"],
                             output_format="html")
    body = re.sub(r"<p>FKPLOT(\d+)FKPLOT</p>", lambda m: '<div class="plots">\n%s\n</div>' %
                  "\n".join(groups[int(m.group(1))]), body)
    body = body.replace("<table>", '<div class="table"><table>').replace(
        "</table>", "</table></div>")
    return PAGE_HEAD + body + "\n" + PAGE_TAIL
