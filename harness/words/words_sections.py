# SPDX-License-Identifier: MIT
"""words_sections.py: report.md's run context, warnings, results tables, the speedup against
task size and the files of make bench and make compare, from facts.json (the hosts, the
warnings and the cases `forkomp report` wrote). Nothing is computed here."""

import os

import words_fmt as fmt


ROLE_WORDS = {"one": "one worker", "processes": "processes", "threads": "threads",
              "both": "processes x threads", "ranks": "MPI ranks",
              "ranks_threads": "MPI ranks x threads", None: "a model unknown here"}


def case_title(case, hosts):
    """primes (trial), class lab[, host H]"""
    return "%s (%s), class %s%s" % (case["kernel"], case["variant"], case["class"],
                                    ", host " + case["host"] if hosts else "")


def md_code(v):
    """A value as inline code that cannot break a Markdown table."""
    v = v.replace("\r", "").replace("`", "").replace("|", "\\|").replace("\n", "; ")
    return "`%s`" % v


# The run context's CSV columns in a student's words (the column's name stays beside it).
CONTEXT_WORDS = {
    "cpu_model": "processor", "cpus": "CPUs the system offers", "packages": "processor chips",
    "cores": "cores", "pus": "hardware threads", "numa_nodes": "memory nodes (NUMA)",
    "l2_kib": "L2 cache per core (KiB)", "l3_kib": "L3 cache (KiB)",
    "governor": "CPU clock policy (governor)", "cc": "compiler", "cflags": "compiler options",
    "omp_runtime": "OpenMP library", "omp_env": "OpenMP settings", "gdal": "GDAL version",
    "rev": "forkomp version (git)", "counters": "what was counted, and how",
    "container": "container", "cpu_quota": "CPUs the container may use (quota)",
}


def context(facts):
    out = ["## Run context\n\n"]
    for h in facts["hosts"]:
        out.append("Host `%s`:\n\n| what | column | value |\n|---|---|---|\n" % h["host"])
        for c in h["context"]:
            more = "; and %d more" % c["more"] if c["more"] else ""
            out.append("| %s | `%s` | %s%s |\n" % (
                CONTEXT_WORDS.get(c["column"], c["column"]), c["column"],
                "; ".join(md_code(v) for v in c["values"]), more))
        if not h["context"]:
            out.append("| context | | not recorded (an older CSV format) |\n")
        if h["load"]:
            out.append("| other work on the machine (load average) | `loadavg` | %.2f at the first "
                       "run; %.2f to %.2f over the runs (1 minute) |\n" % (
                           h["load"]["first"], h["load"]["lo"], h["load"]["hi"]))
        out.append("\n")
    return "".join(out)


def w_machines(w, hosts):
    said = "; ".join("`%s`, %d cores (%s)" % (m["cpu_model"], m["cpus"], m["file"])
                     for m in w["machines"])
    return "host `%s` carries %d different machines: %s%s. Their runs are pooled as one host. " \
           "Give each its own name: `forkomp report FILE=LABEL ...`, or run with `--label " \
           "NAME`." % (w["host"], len(w["machines"]) + w["more"], said,
                       "; and more" if w["more"] else "")


def w_group(w, hosts):
    return "%s at %s, %s" % (w["label"], fmt.plural(w["workers"], "worker"),
                             case_title(w, hosts))


WARNINGS = {
    "machines": w_machines,
    "governor_unknown": lambda w, h: "Host `%s`: the CPU frequency governor could not be read "
    "(usual in a VM): the clock may change between runs." % w["host"],
    "governor": lambda w, h: "Host `%s`: the CPU frequency governor is `%s`, not `performance`: "
    "the clock may change between runs." % (w["host"], w["governor"]),
    "unoptimised": lambda w, h: "Host `%s`: the build is not optimised (`%s`)." % (
        w["host"], w["cflags"]),
    "sanitized": lambda w, h: "Host `%s`: the build is sanitized: its timings are not "
    "representative." % w["host"],
    "cpu_quota": lambda w, h: "Host `%s`: the cgroup's CPU quota (container `%s`) is %s CPUs "
    "of the %s it sees: workers beyond the quota take turns, so their times measure the "
    "quota." % (w["host"], w["container"], w["quota"], w["cpus"]),
    "load": lambda w, h: "Host `%s`: the load average was %.2f at the first run, before the "
    "benchmark's own work: something else was running." % (w["host"], w["load"]),
    "oversubscribed": lambda w, h: "Host `%s`: %d workers on %d cores are oversubscribed: "
    "workers share cores, so speedup cannot exceed %d there (part of the lesson, not an "
    "error)." % (w["host"], w["workers"], w["cpus"], w["cpus"]),
    "failed": lambda w, h: "%s: %d of %d runs failed or did not verify (first: `%s`); they are "
    "counted, not timed." % (w_group(w, h), w["failed"], w["total"], w["failure"]),
    "noisy": lambda w, h: "%s: noisy, coefficient of variation %.0f%%." % (w_group(w, h),
                                                                          w["cv_pct"]),
    "others_measuring": lambda w, h: "%d run%s ran while another forkomp was measuring on the "
    "same machine (column others_measuring): the two competed for the CPUs." % (
        w["runs"], "" if w["runs"] == 1 else "s"),
    "disturbed": lambda w, h: "Runs disturbed by other processes (they used over %.1f CPU on "
    "average during the run; column disturbed), per group: %s; a load both arms of a round "
    "share cancels in their paired ratio." % (w["cpus"], "; ".join(
        "%s %s/%s %s at %d: %d of %d" % (g["kernel"], g["variant"], g["class"], g["label"],
                                         g["workers"], g["disturbed"], g["runs"])
        for g in w["groups"])),
    "few_runs": lambda w, h: "%d groups have fewer than 6 runs: no distribution-free 95%% "
    "interval of the median exists there, so [min, max] is shown (coverage 93.8%% at 5 runs, "
    "87.5%% at 4). Use `--reps 6` or more, or `--reps auto`, for a full 95%%." % w["groups"],
}


def warnings(facts):
    said = ["- %s\n" % WARNINGS[w["kind"]](w, facts["several_hosts"]) for w in facts["warnings"]]
    return "## Warnings\n\n%s\n" % ("".join(said) or "None.\n")


RESULTS_INTRO = (
    "## Results\n\nWall time of the kernel region; median over the verified runs with a "
    "distribution-free confidence interval (CI) of the median: a range that contains the true "
    "median with at least the probability in brackets, whatever the shape of the times (95% or "
    "more from 6 runs on, less below). Precision: how far the CI reaches from the median, and "
    "with `--reps auto` whether it reached the target and in how many runs. Then min – max, "
    "coefficient of variation (stddev / mean) and outliers (|x - median| > 3 x 1.4826 x MAD, "
    "counted, never dropped). CPU: median user+sys of all processes and threads. Memory: median "
    "peak RSS of the largest process, RSS summed over the run's processes (shared pages counted "
    "once per process) and PSS summed over them (shared pages split: what the run occupies). "
    "Speedup: the serial median divided by the group's. Efficiency: speedup divided by the "
    "workers, the share of each worker's time that did useful work (1 is perfect, 0.5 means "
    "half of it was lost to waiting, starting or sharing). KF (Karp-Flatt): the serial fraction "
    "e = (1/speedup - 1/p) / (1 - 1/p) the speedup implies on p workers; an e that grows with p "
    "means the overhead grows with the workers (starting, coordinating), a constant e a part of "
    "the work that never ran in parallel; an e above 1 means the group was slower than serial "
    "(speedup below 1): its overhead cost more than all the work it shared out. In plain "
    "words: 0.05 is 5% of the work behaving as if serial, so more cores help little beyond "
    "20. * oversubscribed.\n\n")


def precision(g):
    """"±1.3%, reached ±2% in 8 runs" (--reps auto), "±3.1%" (fixed --reps), "-" """
    if g["precision_pct"] is None:
        return "-"
    if g["precision_reached"] is None:
        return "±%.1f%%" % g["precision_pct"]
    return "±%.1f%%, %s ±%g%% in %d runs" % (
        g["precision_pct"], "reached" if g["precision_reached"] else "**not reached**",
        g["precision_target_pct"], g["runs"])


def karp_flatt(g):
    """"0.081", "1.21 (slower than serial)": the serial fraction, with what above 1 means."""
    kf = g["karp_flatt"]
    return fmt.num(kf, 3) + (" (slower than serial)" if kf is not None and kf > 1 else "")


RESULT_COLS = [
    ("what runs", lambda g: ROLE_WORDS.get(g["role"], ROLE_WORDS[None])),
    ("model", lambda g: g["label"]),
    ("workers", lambda g: "%d%s" % (g["workers"], "*" if g["oversubscribed"] else "")),
    ("procs x threads", lambda g: "%dx%d" % (g["procs"], g["threads"])),
    ("runs", lambda g: "%d%s%s" % (g["runs"], " (+failed)" if g["failed"] else "",
                                   " (too few for a 95% CI)" if 0 < g["runs"] < 6 else "")),
    ("median", lambda g: fmt.time(g["median_s"])),
    ("CI of the median", lambda g: "%s – %s (%s%%)" % (fmt.time(g["ci_lo_s"]),
                                                       fmt.time(g["ci_hi_s"]),
                                                       fmt.num(g["ci_level_pct"], 1))),
    ("precision", precision),
    ("min – max", lambda g: "%s – %s" % (fmt.time(g["min_s"]), fmt.time(g["max_s"]))),
    ("spread (cv)", lambda g: "-" if g["cv_pct"] is None else "%.1f%%" % g["cv_pct"]),
    ("outliers", lambda g: "%d" % g["outliers"]),
    ("CPU", lambda g: fmt.time(g["cpu_s"])),
    ("largest process (peak RSS)", lambda g: fmt.mib(g["maxrss_kib"])),
    ("all processes, shared pages each time (RSS sum)", lambda g: fmt.mib(g["rss_sum_kib"])),
    ("memory occupied (PSS sum)", lambda g: fmt.mib(g["pss_sum_kib"])),
    ("speedup", lambda g: fmt.num(g["speedup"], 2)),
    ("efficiency", lambda g: fmt.num(g["efficiency"], 2)),
    ("serial fraction (KF)", karp_flatt),
]


def results(facts):
    out = [RESULTS_INTRO]
    for case in facts["cases"]:
        if case["spawn"]:
            continue  # its own section
        out.append("### %s\n\n" % case_title(case, facts["several_hosts"]))
        out.append("".join("| %s " % c[0] for c in RESULT_COLS) + "|\n" +
                   "|---" * len(RESULT_COLS) + "|\n")
        for g in case["groups"]:
            out.append("".join("| %s " % c[1](g) for c in RESULT_COLS) + "|\n")
        out.append("\n")
        out.append("".join("![%s](%s)\n" % (what, name) for what, name in case["plots"]) + "\n")
    return "".join(out)


def tasksize(facts):
    plots = [(h["host"], h["plots"]["tasksize-speedup"]) for h in facts["hosts"]
             if "tasksize-speedup" in h["plots"]]
    if not plots:
        return ""
    return "## Speedup against the size of a task\n\nEvery class of the data on one plot: " \
        "across, the work of one task (the serial median divided by the tasks, log scale); up, " \
        "the speedup of each model at one worker count (the largest that does not exceed the " \
        "cores, named in the title). Where a line reaches that count the tasks are big enough " \
        "to pay for starting and coordinating the workers; where it sinks towards 1, or below, " \
        "they are not, and fewer, bigger tasks (or a cheaper model) would pay.\n\n" + \
        "".join("![speedup against task size, host %s](%s)\n\n" % p for p in plots)


def included(out_dir, name, title):
    """A Markdown file make bench or make compare left beside summary.csv, copied in."""
    try:
        with open(os.path.join(out_dir, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return ""
    return ("## %s\n\n" % title if title else "") + text + "\n"
