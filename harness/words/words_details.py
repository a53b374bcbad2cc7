# SPDX-License-Identifier: MIT
"""words_details.py: report.md's verdicts of processes against threads, from facts.json: the
tables under the short answer (one row per worker count of each job) and the details that
close the report (per case every model, each comparison with its counters, the hybrid,
where a parallel run fell short and the cause the data names), then the overall count. The
verdicts, ratios, counts and causes are decided in C; this only words them."""

import words_fmt as fmt
from words_sections import ROLE_WORDS, case_title

HOW_TO_READ = (
    "How to read the time column: it compares the run times of the two models at the same "
    "worker count as a ratio (0.89x: processes take 89% of the threads' time). Both ran in the "
    "same rounds, in a random order each round, and the ratio is the typical per-round ratio "
    "(the Hodges-Lehmann estimate of the rounds' log ratios; files without rounds: the shift "
    "between the two samples over the threads' median). The CI (confidence interval) is the "
    "range of ratios that the data cannot rule out: computed this way, a 95% CI contains the "
    "true ratio in 95 of 100 benchmarks; too few runs allow only less, and the verdict then "
    "names it. \"Faster\" needs the whole CI beyond {m:.2f}x either way; \"no difference\" needs "
    "it inside; otherwise the data cannot tell, and more repetitions would. Start-up is the "
    "time at 1 worker less serial's, round by round, with its CI: what creating and joining "
    "one process or one thread costs on top of the work; \"too small to measure here\" when the "
    "CI reaches 0. * more workers than cores.\n\n")


def pairs(facts, kind):
    """(case, comparison, a, b) for every comparison of kind, in the data's order."""
    for case in facts["cases"]:
        for c in case["comparisons"]:
            if c["kind"] == kind:
                yield case, c, case["groups"][c["a_group"]], case["groups"][c["b_group"]]


def first_row(case, c, p, t, hosts):
    few = ""
    if p["too_few"] or t["too_few"]:
        few = " (too few for 95%%: the medians' CIs cover %.1f%% / %.1f%%)" % (
            p["ci_level_pct"], t["ci_level_pct"])
    return "| %s %s%s | %d%s | %d / %d%s | %s | %s | %s / %s |\n" % (
        case["variant"], case["class"], ", " + case["host"] if hosts else "", p["workers"],
        "*" if p["oversubscribed"] else "", p["runs"], t["runs"], few, c["text"],
        memory_cell(p, t),
        fmt.startup(p), fmt.startup(t))


def memory_cell(p, t):
    """"143 KiB / 22 KiB (USS 52 KiB / 10 KiB)": PSS, and USS beside it where recorded."""
    cell = "%s / %s" % (fmt.kib(p["extra_worker_kib"]), fmt.kib(t["extra_worker_kib"]))
    if p.get("extra_worker_uss_kib") is not None and t.get("extra_worker_uss_kib") is not None:
        cell += " (USS %s / %s)" % (fmt.kib(p["extra_worker_uss_kib"]),
                                    fmt.kib(t["extra_worker_uss_kib"]))
    return cell


def rss_sentence(facts):
    o = facts["overall"]
    if o["memory_ratio_rss"] is None:
        return ""
    text = "Memory is PSS (proportional set size, from `/proc/PID/smaps_rollup`): each page " \
        "shared by several processes is split between them, so the sum over a run's processes " \
        "is what the run really occupies. The RSS summed over processes counts every shared " \
        "page once per process (the binary, libgomp, GDAL's libraries, the copy-on-write pages " \
        "a forked worker never wrote), so it overstates processes: here processes used on " \
        "average %.2fx the memory of threads by RSS sums" % o["memory_ratio_rss"]
    text += " but %.2fx by PSS." % o["memory_ratio_pss"] if o["memory_ratio_pss"] is not None \
        else "; these runs recorded no PSS to correct it."
    return text + " Memory per extra worker is (PSS sum at W workers - at 1) / (W - 1) (the RSS " \
        "sums where a file recorded no PSS); USS beside it is the same for the private pages " \
        "alone (Private_Clean + Private_Dirty): the memory a worker adds of its own, where PSS " \
        "also moves shares of shared pages between the processes (a fork worker takes part of " \
        "the harness's share of the pages both map).\n\n"


def verdict_tables(facts):
    out = ["### Processes against threads at every worker count\n\n"]
    rows = list(pairs(facts, "processes_threads"))
    if not rows:
        return out[0] + "No worker count has both processes (`fork`) and threads (`omp`) with " \
            "verified runs: nothing to compare.\n\n"
    for kernel in dict.fromkeys(case["kernel"] for case, _, _, _ in rows):
        out.append("**%s**\n\n| case | workers | runs (processes / threads) | time: processes vs "
                   "threads | memory per extra worker, PSS (processes / threads) | start-up at 1 "
                   "worker over serial (processes / threads) |\n|---|---|---|---|---|---|\n"
                   % kernel)
        out += [first_row(case, c, p, t, facts["several_hosts"])
                for case, c, p, t in rows if case["kernel"] == kernel]
        out.append("\n")
    out.append(HOW_TO_READ.format(m=1 + facts["verdict_margin_pct"] / 100))
    return "".join(out) + rss_sentence(facts)




def median_ci(g):
    """"omp 17.01 ms [16.90 ms, 17.20 ms], 8 runs", with the coverage when below 95%."""
    text = "%s %s [%s, %s], %s" % (g["label"], fmt.time(g["median_s"]), fmt.time(g["ci_lo_s"]),
                                   fmt.time(g["ci_hi_s"]), fmt.plural(g["runs"], "run"))
    if g["too_few"]:
        text += " (a %.1f%% CI: too few runs for 95%%)" % g["ci_level_pct"]
    return text


def count(v):
    return "not measured" if v is None else "%.0f" % v


def explain(c, a, b, cf):
    """The counters of a against b, and the cause they point to (cf: C's figures)."""
    text = "  Counters (medians per run, %s vs %s): page faults %s vs %s; involuntary context " \
        "switches %s vs %s; CPU migrations %s vs %s." % (
            a["label"], b["label"], count(a["page_faults"]), count(b["page_faults"]),
            count(a["nivcsw"]), count(b["nivcsw"]),
            count(a["cpu_migrations"]), count(b["cpu_migrations"]))
    if cf.get("copy_on_write"):
        x = cf["copy_on_write"]
        text += " %s took %.0f more page faults per run (%.0f per process); at %.1f us each " \
            "(a copy-on-write fault, measured here) they account for %.0f%% of the difference: " \
            "each forked worker faults in its own copies of the pages it writes, which threads " \
            "in one process do not." % (a["label"], x["more_faults"], x["more_faults_per_process"],
                                        1e6 * x["fault_s"], x["share_pct"])
    decided = c["verdict"] in ("a_faster", "b_faster")
    slow, fast = (a, b) if c["verdict"] == "b_faster" else (b, a)
    if decided and a["oversubscribed"] and (slow["nivcsw"] or 0) > 1.2 * (fast["nivcsw"] or 0):
        # oversubscription hits both models: said only where it sets them apart
        text += " %d workers on %d cores: the slower, %s, was preempted more (involuntary " \
            "switches %s vs %s)." % (a["workers"], a["cpus"] or 0, slow["label"],
                                     count(slow["nivcsw"]), count(fast["nivcsw"]))
    return text + "\n"


def answer_speed(c, p, t):
    return "- **%s**%s: %s: %s vs %s.\n  Memory (PSS summed over the run's processes): %s %s, " \
        "%s %s; by RSS sums %s, %s.\n%s" % (
            fmt.plural(p["workers"], "worker"), " (oversubscribed)" if p["oversubscribed"] else "",
            c["text"], median_ci(p), median_ci(t), p["label"], fmt.mib(p["pss_sum_kib"]),
            t["label"], fmt.mib(t["pss_sum_kib"]), fmt.mib(p["rss_sum_kib"]),
            fmt.mib(t["rss_sum_kib"]), explain(c, p, t, c))


def answer_hybrid(c, h, b):
    return "- Hybrid, %s x %s%s, against the faster pure model: %s: %s vs %s.\n" % (
        fmt.plural(h["procs"], "process", "processes"), fmt.plural(h["threads"], "thread"),
        " (oversubscribed)" if h["oversubscribed"] else "", c["text"], median_ci(h),
        median_ci(b))


CAUSE_WORDS = {  # word, head, tail, says the start-up cost
    "load": ("load", ", but the load warning fired on this host, so no cause is named (rerun on "
             "an idle machine)", "", False),
    "startup": ("start-up", ", and starting the workers costs ",
                " by forkomp spawn's fork/pthread costs", True),
    "imbalance": ("imbalance", ", and the busiest worker alone ran past the ideal by most of it",
                  "", False),
    "unexplained": ("unexplained", "; start-up ", " by forkomp spawn", True),
}


def cause_text(x):
    """"**start-up**: 2.3 ms beyond the ideal 10 ms, and starting the workers costs ..." """
    if x["cause"] == "none":
        return "within %.0f%% of the ideal %s" % (x["near_pct"], fmt.time(x["ideal_s"]))
    word, head, tail, spawn = CAUSE_WORDS[x["cause"]]
    measured = x["spawn_s"] is not None
    text = "**%s**: %s beyond the ideal %s%s%s%s" % (
        word, fmt.time(x["excess_s"]), fmt.time(x["ideal_s"]), head,
        "" if not spawn else fmt.time(x["spawn_s"]) if measured else
        "not measured (add `forkomp spawn` rows)", "" if spawn and not measured else tail)
    if x["busy_max_s"] is None:
        return text + "; no busy times recorded (older CSV, or MPI)"
    return text + "; workers busy %s (idlest) to %s (busiest)" % (fmt.time(x["busy_min_s"]),
                                                                  fmt.time(x["busy_max_s"]))


def answer_spawn(case):
    out = []
    for g in case["groups"]:
        if g["falls_short"]:
            out.append("- %s at %d workers: speedup %.2f where %d was possible (%s): %s.\n" % (
                g["label"], g["workers"], g["speedup"], g["usable_workers"],
                "slower than serial" if g["slower_than_serial"] else "below half of it",
                cause_text(g["cause"])))
    worst = case["groups"][case["worst"]] if case["worst"] is not None else None
    if not case["has_baseline"] and not worst:
        out.append("- No verified serial runs here, so no speedups: run `--models serial,...` "
                   "too.\n")
    if not out and worst:
        out.append("- Every speedup reached half of what the cores allow or more: the lowest was "
                   "%.0f%% of what the usable cores allow (%s at %d workers).\n" % (
                       worst["share_of_usable_pct"], worst["label"], worst["workers"]))
    over = [g for g in case["groups"] if g["cause"] and not g["oversubscribed"]]
    if over:
        out.append("- Time beyond the ideal (median - serial median / workers) and its cause: "
                   "start-up when starting the workers (forkomp spawn's costs) accounts for half "
                   "of it or more, imbalance when the busiest worker does, load when the load "
                   "warning fired (held back), else unexplained:\n")
        out += ["    - %s at %d: %s.\n" % (g["label"], g["workers"], cause_text(g["cause"]))
                for g in over]
    return out


def answer_models(case, margin):
    """Every model of the case by median at each worker count, with its role; "<" only
    between a pair the data decided (facts' faster_than)."""
    said = []
    for w in sorted({g["workers"] for g in case["groups"] if g["runs"]}):
        at = sorted((g for g in case["groups"] if g["runs"] and g["workers"] == w),
                    key=lambda g: g["median_s"])
        said.append("%s: %s" % (fmt.plural(w, "worker"), "".join(
            "%s%s %s (%s, %s)" % ("" if not k else " < " if g["index"] in at[k - 1]["faster_than"]
                                  else ", ", g["label"], fmt.time(g["median_s"]),
                                  ROLE_WORDS[g["role"]], "the baseline" if g["baseline"] else
                                  "no speedup" if g["speedup"] is None else "%.2fx" % g["speedup"])
            for k, g in enumerate(at))))
    if not said:
        return []
    return ["- Every model, by median at each worker count (what it is; speedup over serial; "
            "\"<\": the one before is faster, by a CI beyond %.2fx; \",\": the data cannot order "
            "the two): %s.\n" % (margin, "; ".join(said))]


def answer_case(case, margin):
    out = answer_models(case, margin)
    pure = [c for c in case["comparisons"] if c["kind"] == "processes_threads"]
    out += [answer_speed(c, case["groups"][c["a_group"]], case["groups"][c["b_group"]])
            for c in pure]
    if not pure:
        out.append("- No worker count has both processes (fork) and threads (omp) with verified "
                   "runs here.\n")
    out += [answer_hybrid(c, case["groups"][c["a_group"]], case["groups"][c["b_group"]])
            for c in case["comparisons"] if c["kind"] == "hybrid"]
    return out + answer_spawn(case)


def overall(facts):
    o, m = facts["overall"], facts["verdict_margin_pct"]
    if o["comparisons"] == 0:
        return "### Overall\n\nNo comparison of processes and threads is possible with this " \
            "data: run both `fork` and `omp` at the same worker counts.\n\n"
    text = "### Overall\n\nOf %d comparisons of processes and threads at equal worker counts, " \
        "threads were faster in %d, processes in %d, %d showed no difference (their CI within " \
        "%.2fx either way) and %d were undecided (more repetitions needed)." % (
            o["comparisons"], o["b_faster"], o["a_faster"], o["same"], 1 + m / 100,
            o["undecided"])
    if o["memory_ratio_pss"] is not None:
        text += " Processes used on average %.2fx the memory of threads by PSS (%.2fx by RSS " \
            "summed over processes, which counts shared pages once per process)." % (
                o["memory_ratio_pss"], o["memory_ratio_rss"])
    elif o["memory_ratio_rss"] is not None:
        text += " Processes used on average %.2fx the memory of threads by RSS summed over " \
            "processes (no PSS recorded: it overstates processes)." % o["memory_ratio_rss"]
    return text + " Speedup stayed below 1, or below half of what the cores allow, in %s " \
        "(listed above, each with the cause the data supports).\n\n" % fmt.plural(
            o["fell_short"], "configuration")


def details(facts):
    out = ["## The answer: sub-processes or threads?\n\nComputed from this data; each verdict is "
           "a row of `comparisons.csv`. The difference is the ratio of the processes' run times "
           "to the threads', round by round (the Hodges-Lehmann estimate of the rounds' log "
           "ratios; files without rounds: the shift between the two samples over the threads' "
           "median), with its distribution-free confidence interval: 95%%, or the lower coverage "
           "few runs allow, which the verdict then names. A model is called faster only when "
           "that interval lies wholly beyond %.2fx, \"no difference\" only when it lies within, "
           "and anything else is undecided.\n\n" % (1 + facts["verdict_margin_pct"] / 100)]
    for case in facts["cases"]:
        if case["spawn"]:
            continue  # not a kernel: no answer
        out.append("### %s\n\n" % case_title(case, facts["several_hosts"]))
        out += answer_case(case, 1 + facts["verdict_margin_pct"] / 100)
        out.append("\n")
    return "".join(out) + overall(facts)
