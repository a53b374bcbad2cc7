# SPDX-License-Identifier: MIT
"""words_spawn.py: report.md's "What a process costs (forkomp spawn)", from facts.json's
"spawn" (harness/report/report_spawn.c): each mechanism's cost per operation, set against
one task's work of each kernel in the data. Nothing is computed here."""

import words_fmt as fmt

INTRO = (
    "## What a process costs (forkomp spawn)\n\nThe overhead of one operation of each "
    "mechanism, measured by `forkomp spawn` (EPCC's method: the timed loop minus a reference "
    "loop, divided by the operations; see docs/costs.md), median and "
    "minimum over the repetitions; the parent's memory is the size of the process that starts "
    "them (as started, or grown first to show that fork copies its page tables). The `vs` columns set it against the work of one task of each "
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


# What each mechanism of forkomp spawn (harness/spawn/) times, in a student's words; its
# internal name stays beside it. A mechanism not listed here is shown by its name.
MECH_WORDS = {
    "fork": "start a process (fork) and wait for it",
    "posix_spawn": "start a tiny program (posix_spawn) and wait for it",
    "fork-exec": "start a tiny program (fork, then exec) and wait for it",
    "pthread": "start a thread and wait for it (join)",
    "omp-region": "wake the OpenMP threads for one parallel region",
    "pool-task": "pool of processes, one task handed to a worker and back",
    "pool-async": "pool of processes, one task handed off without waiting (apply_async)",
    "pool-recycle": "pool, one task per hand-off, a fresh worker for each task",
    "pipe-task": "one task down a pipe to a waiting worker process and back",
    "pool-start": "a pool's whole life: start the workers, one task, stop them",
}
PARENT_WORDS = {"base": "as started"}


def mech_words(m):
    return MECH_WORDS.get(m["mechanism"], m["mechanism"])


def mechanism(m):
    """"one task through ... (`pool-task`, W=2, parent as started)" """
    return "%s (`%s`, W=%d, parent %s)" % (mech_words(m), m["mechanism"], m["workers"],
                                         PARENT_WORDS.get(m["parent"], m["parent"]))


def cost_table(part):
    cases = [w for w in part["work"] if w["in_table"]]
    out = ["| what is timed | name | process or thread | parent's memory | workers (W) | runs | "
           "median per op | min per op |" +
           "".join(" vs %s %s %s task (%s) |" % (w["kernel"], w["variant"], w["class"],
                                                 fmt.time(w["task_s"])) for w in cases) +
           "\n|---|---|---|---|---:|---:|---:|---:|" + "---:|" * len(cases) + "\n"]
    for m in part["mechanisms"]:
        out.append("| %s | `%s` | %s | %s | %d | %d%s | %s | %s |%s\n" % (
            mech_words(m), m["mechanism"], m["side"], PARENT_WORDS.get(m["parent"], m["parent"]),
            m["workers"], m["runs"],
            " (+failed)" if m["failed"] else "", fmt.time(m["per_op_s"]),
            fmt.time(m["per_op_min_s"]), "".join(" %s |" % share(s) for s in m["shares"])))
    return "".join(out) + "\n"


def granularity_line(w):
    text = "- **%s (%s), class %s**: %s of work per task (serial median %s / %d tasks). " % (
        w["kernel"], w["variant"], w["class"], fmt.time(w["task_s"]),
        fmt.time(w["serial_median_s"]), w["tasks"])
    if w["much"]:
        text += "Spawning per task would cost 10% of the work or more with: " + "; ".join(
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
