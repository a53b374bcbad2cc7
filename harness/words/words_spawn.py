"""words_spawn.py: report.md's "What a process costs (forkomp spawn)", from facts.json's
"spawn" (harness/report/report_spawn.c): each mechanism's cost per operation, set against
one task's work of each kernel in the data. Nothing is computed here."""

import words_fmt as fmt

INTRO = (
    "## What a process costs (forkomp spawn)\n\nThe overhead of one operation of each "
    "mechanism, measured by `forkomp spawn` (EPCC's method: the timed loop minus a reference "
    "loop, divided by the operations; see the README, \"What a process costs\"), median and "
    "minimum over the repetitions. The `vs` columns set it against the work of one task of each "
    "kernel and class in this data (serial median / tasks): what starting a worker per task "
    "would add to it. **Bold**: 10% or more, where spawning per task eats into the work and a "
    "pre-forked pool (paying the start once) or bigger tasks pay off.\n\n")


def share(s):
    """"0.083%", "19%", "3.2x" (above 2x a percentage reads badly); bold when much."""
    if s["ratio"] is None:
        return "-"
    b = "**" if s["much"] else ""
    if s["ratio"] > 2.0:
        return "%s%.1fx%s" % (b, s["ratio"], b)
    if s["ratio"] >= 0.1:
        return "%s%.0f%%%s" % (b, s["pct"], b)
    if s["ratio"] >= 0.01:
        return "%.1f%%" % s["pct"]
    if s["ratio"] >= 1e-5:
        return "%.2g%%" % s["pct"]
    return "<0.001%"


def mechanism(m):
    return "%s (W=%d, parent %s)" % (m["mechanism"], m["workers"], m["parent"])


def cost_table(part):
    cases = [w for w in part["work"] if w["in_table"]]
    out = ["| mechanism | side | parent | W | runs | median per op | min per op |" +
           "".join(" vs %s %s %s task (%s) |" % (w["kernel"], w["variant"], w["class"],
                                                 fmt.time(w["task_s"])) for w in cases) +
           "\n|---|---|---|---:|---:|---:|---:|" + "---:|" * len(cases) + "\n"]
    for m in part["mechanisms"]:
        out.append("| %s | %s | %s | %d | %d%s | %s | %s |%s\n" % (
            m["mechanism"], m["side"], m["parent"], m["workers"], m["runs"],
            " (+failed)" if m["failed"] else "", fmt.time(m["per_op_s"]),
            fmt.time(m["per_op_min_s"]), "".join(" %s |" % share(s) for s in m["shares"])))
    return "".join(out) + "\n"


def granularity_line(w):
    text = "- **%s (%s), class %s**: %s of work per task (serial median %s / %d tasks). " % (
        w["kernel"], w["variant"], w["class"], fmt.time(w["task_s"]),
        fmt.time(w["serial_median_s"]), w["tasks"])
    if w["much"]:
        text += "Spawning per task would cost 10% of the work or more with " + "; ".join(
            "%s %s" % (mechanism(m), share(m["share"])) for m in w["much"])
    else:
        text += "No mechanism costs 10% of a task: the work dwarfs the spawn cost"
    c = w["cheapest_process"]
    if c:
        text += ". The cheapest process-side operation, %s at %s, is %s of a task" % (
            mechanism(c), fmt.time(c["per_op_s"]), share(c["share"]))
    return text + ".\n"


def spawn(facts):
    if not facts["spawn"]:
        return ""
    plots = {h["host"]: h["plots"] for h in facts["hosts"]}
    out = [INTRO]
    for part in facts["spawn"]:
        if facts["several_hosts"]:
            out.append("### Host `%s`\n\n" % part["host"])
        out.append(cost_table(part))
        if not part["work"]:
            out.append("No kernel with serial runs on this host in the data, so no task to "
                       "compare with: add a bench CSV (e.g. `--models serial`) to the report.\n\n")
        out += [granularity_line(w) for w in part["work"]]
        plot = plots.get(part["host"], {}).get("spawn-granularity")
        if plot:
            out.append("\n![granularity](%s)\n" % plot)
        out.append("\n")
    return "".join(out)
