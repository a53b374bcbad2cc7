"""words_report.py: report.md, assembled from facts.json: the head, the short answer (its
table), and the sections `forkomp report` still words in C, which facts.json carries as
Markdown under "markdown" (report_md.c), in their order. Nothing is computed here."""

import words_answer as wa

# report.md's sections in order: a function of this module, or a key of facts["markdown"].
ORDER = ["head", "class", "answer_table", "verdict_tables", "context", "warnings", "results",
         "bench_notes", "compare", "hyperfine", "tasksize", "spawn", "details"]


def head(facts):
    return "# forkomp report\n\nGenerated %s by `forkomp report` from %s: %d runs, %d verified " \
           "and timed, %d failed or unverified; %d groups. The numbers are in `summary.csv`." \
           "\n\n" % (facts["generated"], ", ".join("`%s`" % f for f in facts["inputs"]),
                     facts["runs"], facts["verified"], facts["failed"], facts["groups"])


def answer_table(facts):
    """"## The answer first": the lines of answer.txt as a table."""
    out = ["## The answer first\n\n"]
    cases = facts["answer"]["cases"]
    if facts["several_hosts"] and cases:
        out.append("On host `%s` (the class view above has every host).\n\n" % cases[0]["host"])
    out.append("| question | answer from this data |\n|---|---|\n")
    for q, a in wa.answer_lines(facts):
        out.append("| %s | %s |\n" % (q.rstrip(":"), a.replace("|", "\\|")))
    out.append("\nThe details, and the worksheet's answers (answers.md), follow from the same "
               "numbers.\n\n")
    return "".join(out)


WRITERS = {"head": head, "answer_table": answer_table}


def report_md(facts):
    md = facts.get("markdown", {})
    return "".join(WRITERS[k](facts) if k in WRITERS else md.get(k, "") for k in ORDER)
