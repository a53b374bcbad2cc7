# SPDX-License-Identifier: MIT
"""words_class.py: report.md's first section over several hosts, "The class: hosts side by
side", from facts.json's "class" (harness/report/report_class.c decides which figures stand
apart and the class medians). Nothing is computed here."""

import words_fmt as fmt

FORMATS = {"serial_s": fmt.time, "speedup": lambda v: fmt.num(v, 2), "extra_kib": fmt.kib}


def cell(fig, kind):
    text = FORMATS[kind](fig["value"])
    return " **%s** |" % text if fig["apart"] else " %s |" % text


def apart(row, models):
    """"fork speedup 0.61 (class median 1.90)" for each figure of row that stands apart."""
    said = []
    if row["serial_s"]["apart"]:
        said.append("serial %s (class median %s)" % (fmt.time(row["serial_s"]["value"]),
                                                     fmt.time(row["serial_s"]["class_median"])))
    for m, f in zip(models, row["speedup"]):
        if f["apart"]:
            said.append("%s speedup %.2f (class median %.2f)" % (m, f["value"], f["class_median"]))
    for m, f in zip(models, row["extra_kib"]):
        if f["apart"]:
            said.append("%s %s per extra worker (class median %s)" % (
                m, fmt.kib(f["value"]), fmt.kib(f["class_median"])))
    return " %s |\n" % "; ".join(said)


def case(c):
    models = c["models"]
    out = ["### %s (%s), class %s: %d hosts\n\n| host | CPU | cores | serial |" % (
        c["kernel"], c["variant"], c["class"], len(c["rows"])) +
        "".join(" %s speedup |" % m for m in models) +
        "".join(" %s per extra worker |" % m for m in models) +
        " stands apart |\n|---|---|---|---|" + "---|" * (2 * len(models)) + "---|\n"]
    for row in c["rows"]:
        out.append("| `%s` | %s | %d |" % (row["host"], row["cpu_model"] or "-", row["cpus"]) +
                   cell(row["serial_s"], "serial_s") +
                   "".join(cell(f, "speedup") for f in row["speedup"]) +
                   "".join(cell(f, "extra_kib") for f in row["extra_kib"]) + apart(row, models))
    if c["plot"]:
        out.append("\n![speedup per host](%s)\n" % c["plot"])
    return "".join(out) + "\n"


def class_section(facts):
    cl = facts["class"]
    if not cl:
        return ""
    text = "## The class: hosts side by side\n\nOne row per host for each job that several " \
        "hosts ran: its CPU and cores, its serial median, the speedup of each model at %d " \
        "workers over that host's own serial median, and what one more worker costs in memory " \
        "(the PSS summed over the run's processes at %d workers minus at 1; the RSS sum for " \
        "files without PSS). A **bold** figure stands apart: an outlier among the hosts by the " \
        "rule the timings use (|x - median| > 3 x 1.4826 x MAD, needs 3 hosts or more) and at " \
        "least %.0f%% from the class median. Look at that laptop first: other work running, " \
        "power saving, a VM with one core, `OMP_NUM_THREADS` set. Each host's own details " \
        "follow below; its plots are in `hosts/HOST/`. The rows are also in `class.csv`.\n\n" % (
            cl["workers"], cl["workers"], cl["floor_pct"])
    if not cl["cases"]:
        return text + "No job (kernel, variant and class) was run by more than one host here, " \
            "so there is nothing to set side by side: run the same command on each machine " \
            "(`make lab` does).\n\n"
    return text + "".join(case(c) for c in cl["cases"])
