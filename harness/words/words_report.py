# SPDX-License-Identifier: MIT
"""words_report.py: report.md, assembled from facts.json in its order: the head, the
warnings in one line, the class view of several hosts, the short answer's table and a plot
per question it answers (the first screen of report.html), the verdict tables, the run context,
warnings, results, the files make bench and make compare leave beside summary.csv, the
hyperfine cross-check, the speedup against task size, forkomp spawn's costs and the details
of the answer. Nothing is computed here."""

import words_answer as wa
import words_fmt as fmt
import words_bench
import words_class
import words_details
import words_sections
import words_screen
import words_spawn

# report.md's sections in order: a function of this module, or a key of facts["markdown"].
ORDER = ["head", "control", "warnings_line", "class", "answer_table", "answer_plots", "verdict_tables", "context", "warnings", "results",
         "bench_notes", "compare", "python", "hyperfine", "tasksize", "spawn", "details"]


def head(facts):
    return "# forkomp report\n\nGenerated %s by `forkomp report` from %s: %d runs, %d verified " \
           "and timed, %d failed or unverified; %d groups. The numbers are in `summary.csv`." \
           "\n\n" % (facts["generated"], ", ".join("`%s`" % f for f in facts["inputs"]),
                     facts["runs"], facts["verified"], facts["failed"], facts["groups"])


def control(facts):
    """The A/A control's result, first: it speaks for every verdict below."""
    said = wa.control(facts)
    if not said:
        return ""
    if said.startswith("Unreliable run: "):
        return "**Unreliable run.** %s.\n\n" % fmt.capital(said[len("Unreliable run: "):])
    return "%s.\n\n" % fmt.capital(said)


def answer_table(facts):
    """"## The answer first": the lines of answer.txt as a table."""
    out = ["## The answer first\n\n"]
    cases = facts["answer"]["cases"]
    if facts["several_hosts"] and cases:
        out.append("On host `%s` (the class view above has every host).\n\n" % cases[0]["host"])
    out.append("| question | answer from this data |\n|---|---|\n")
    for q, a in wa.answer_lines(facts):
        out.append("| %s | %s |\n" % (q.rstrip(":"), a.replace("|", "\\|")))
    out.append("\nThe plots below show each answer; the details, and the worksheet's answers "
               "(answers.md), follow from the same numbers.\n\n")
    return "".join(out)


def python(facts):
    """Every group of compare.csv: Python's processes against its threads, decided in C."""
    groups = facts["answer"]["python_groups"]
    if not groups:
        return ""
    return "## Python: processes or threads (compare.csv)\n\nThe runs of each job timed by " \
        "hyperfine in compare.csv: one side is called faster only when every one of its runs " \
        "beat every run of the other (compare.csv keeps no single runs, so no interval); the " \
        "run counts say how strong that is. Speedup over Python serial, medians.\n\n" + "".join(
            "- **%s**: %s.%s\n" % (py["group"], wa.python_verdict(py), (
                " Against serial: threads %sx, processes %sx." % (
                    fmt.num(py["threads_speedup"], 2), fmt.num(py["processes_speedup"], 2))
                if py["serial_median_s"] is not None else "")) for py in groups) + "\n"


WRITERS = {"head": head, "control": control, "python": python, "class": words_class.class_section,
           "answer_table": answer_table, "warnings_line": words_screen.warnings_line,
           "answer_plots": words_screen.answer_plots,
           "verdict_tables": words_details.verdict_tables, "context": words_sections.context,
           "warnings": words_sections.warnings, "results": words_sections.results,
           "tasksize": words_sections.tasksize, "spawn": words_spawn.spawn,
           "hyperfine": words_bench.hyperfine,
           "details": words_details.details}
INCLUDED = {"bench_notes": ("bench-notes.md", "How this bench was run"),
            "compare": ("compare-why.md", None)}


def report_md(facts, out_dir):
    return "".join(WRITERS[k](facts) if k in WRITERS else
                   words_sections.included(out_dir, *INCLUDED[k]) for k in ORDER)
