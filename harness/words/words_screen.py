# SPDX-License-Identifier: MIT
"""words_screen.py: what report.md (and so report.html) shows on its first screen, from
facts.json: the warnings in one line (the details are in "Warnings" further down) and, under
the short answer's table, one plot per question it answers: processes against threads (the
time plot of each kernel's case), the memory one more worker costs (the memory plot of the
first case: processes and threads only) and the start-up cost (forkomp spawn's granularity
plot). Nothing is computed here: the plots are the ones `forkomp report` drew."""

import words_fmt as fmt
from words_sections import case_title

# A warning's kind in a few words, for the one line (count, singular, plural).
SHORT = {
    "machines": ("a host that carries several machines", "hosts that carry several machines"),
    "governor_unknown": ("CPU clock governor unknown", "CPU clock governor unknown"),
    "governor": ("CPU clock may change", "CPU clock may change"),
    "unoptimised": ("build not optimised", "builds not optimised"),
    "sanitized": ("sanitized build", "sanitized builds"),
    "cpu_quota": ("container CPU quota", "container CPU quotas"),
    "load": ("machine busy before the start", "machines busy before the start"),
    "oversubscribed": ("more workers than cores", "more workers than cores"),
    "failed": ("group with failed runs", "groups with failed runs"),
    "noisy": ("noisy group", "noisy groups"),
    "few_runs": ("too few runs for 95% intervals", "too few runs for 95% intervals"),
    "others_measuring": ("another forkomp measuring alongside",
                         "another forkomp measuring alongside"),
    "disturbed": ("runs disturbed by other processes", "runs disturbed by other processes"),
}


def warnings_line(facts):
    """"7 warnings: 3 noisy groups, 2 groups with failed runs, ...; see Warnings below." """
    counts = {}
    for w in facts["warnings"]:
        counts[w["kind"]] = counts.get(w["kind"], 0) + 1
    if not counts:
        return "**No warnings.**\n\n"
    said = []
    for kind, n in counts.items():
        one, many = SHORT.get(kind, (kind, kind))
        said.append(("%d %s" % (n, many)) if n > 1 and one != many else one)
    return "**%s**: %s; the details are under [Warnings](#warnings) below.\n\n" % (
        fmt.plural(len(facts["warnings"]), "warning"), ", ".join(said))


def plot_of(case, what):
    return next((f for w, f in case["plots"] if w == what), None) if case else None


def answer_plots(facts):
    """The plots that show the short answer, as image lines with a caption (their title)."""
    shown = []
    cases = [facts["cases"][a["case"]] for a in facts["answer"]["cases"]]
    title = lambda case: case_title(case, facts["several_hosts"])
    for case in cases:
        if plot_of(case, "time"):
            shown.append(("processes or threads, time: " + title(case), plot_of(case, "time")))
    if cases and plot_of(cases[0], "memory"):
        shown.append(("memory of one more worker (the slope): " + title(cases[0]),
                      plot_of(cases[0], "memory")))
    hosts = [h for h in facts["hosts"] if "spawn-granularity" in h["plots"]]
    first = [h for h in hosts if cases and h["host"] == cases[0]["host"]] or hosts
    if first:
        shown.append(("start-up of a process or a thread against one task, host " +
                      first[0]["host"], first[0]["plots"]["spawn-granularity"]))
    if not shown:
        return ""
    return "".join('![%s](%s "%s")\n' % (alt, f, alt) for alt, f in shown) + "\n"
