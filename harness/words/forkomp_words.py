#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""forkomp_words.py DIR [--svg SVGDIR] [--quiet]: the words of `forkomp report`, written from
the data it wrote in DIR (facts.json: summary.csv's figures per group, comparisons.csv's
verdicts and every other figure the words quote; bench-notes.md and compare-why.md are
copied in): the table it prints (not with --quiet), report.md, report.html (with the SVG
plots of SVGDIR inline), answer.txt and answers.md. Every
number printed comes from those files; this program computes no statistic (`forkomp report`
runs it after writing the data; docs/report-words.md describes the files). Each output is
written to a temporary file and renamed, so a reader never sees half of one.

The standard library and Debian's python3-markdown (report.html), beside the modules of
this folder (installed together in PREFIX/share/forkomp) and worksheet.json, the
worksheet's questions."""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import words_answer  # noqa: E402
import words_html  # noqa: E402
import words_report  # noqa: E402
import words_table  # noqa: E402
import words_worksheet  # noqa: E402

SCHEMA = 1  # the facts.json this program reads (FK_FACTS_SCHEMA in report_facts.h)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_atomic(path, text):
    tmp = path + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv):
    svg, in_dir, quiet = None, None, "--quiet" in argv
    argv = [a for a in argv if a != "--quiet"]
    if len(argv) >= 4 and argv[2] == "--in":
        in_dir, argv = argv[3], argv[:2] + argv[4:]
    if len(argv) == 4 and argv[2] == "--svg":
        svg, argv = argv[3], argv[:2]
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: forkomp_words.py DIR [--in INDIR] [--svg SVGDIR] [--quiet] (DIR: the output "
              "folder of `forkomp report`; INDIR: where bench.sh's notes are, default DIR)", file=sys.stderr)
        return 2
    if words_html.markdown is None:
        print("forkomp_words.py: Python-Markdown is missing (Debian: python3-markdown; make "
              "deps installs it) for %s: report.html needs it" % sys.executable, file=sys.stderr)
        return 1
    out = argv[1]
    try:
        facts = load_json(os.path.join(out, "facts.json"))
        worksheet = load_json(os.path.join(HERE, "worksheet.json"))
    except (OSError, ValueError) as e:
        print("forkomp_words.py: %s" % e, file=sys.stderr)
        return 2
    if facts.get("schema") != SCHEMA:
        print("forkomp_words.py: %s/facts.json: schema %r, this program reads %d (rerun "
              "forkomp report)" % (out, facts.get("schema"), SCHEMA), file=sys.stderr)
        return 2
    if not quiet:
        sys.stdout.write(words_table.table(facts))
        sys.stdout.flush()
    try:
        md = words_report.report_md(facts, in_dir or out)
        write_atomic(os.path.join(out, "report.md"), md)
        write_atomic(os.path.join(out, "report.html"), words_html.report_html(md, svg))
        write_atomic(os.path.join(out, "answer.txt"), words_answer.answer_txt(facts))
        write_atomic(os.path.join(out, "answers.md"),
                     words_worksheet.answers_md(facts, worksheet))
    except OSError as e:
        print("forkomp_words.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
