# SPDX-License-Identifier: MIT
"""words_table.py: the table `forkomp report` prints, one line per group, from facts.json's
cases (summary.csv's figures). Nothing is computed here."""

import words_fmt as fmt

NAME_WIDTH_MAX = 48  # a longer name is cut here rather than push the numbers off-screen
MINIMUMS = {"host": 12, "kernel": 10, "variant": 12, "class": 10, "label": 10}


def widths(rows):
    """Each text column as wide as its longest value, within [minimum, NAME_WIDTH_MAX]."""
    return {k: max([m] + [min(len(r[k]), NAME_WIDTH_MAX) for r in rows])
            for k, m in MINIMUMS.items()}


def name(v, w):
    return "%-*.*s" % (w, w, v)


def line(case, g, hosts, w):
    out = name(case["host"], w["host"]) + " " if hosts else ""
    out += "%s %s %s %s %3d%s %4d" % (
        name(case["kernel"], w["kernel"]), name(case["variant"], w["variant"]),
        name(case["class"], w["class"]), name(g["label"], w["label"]), g["workers"],
        "*" if g["oversubscribed"] else " ", g["runs"])
    if case["spawn"]:  # the cost of one operation, not the timing loop's length
        out += " %10s  per op, min %-10s" % (fmt.time(g["per_op_s"]), fmt.time(g["per_op_min_s"]))
    else:
        out += " %10s  [%s, %s]" % (fmt.time(g["median_s"]), fmt.time(g["ci_lo_s"]),
                                    fmt.time(g["ci_hi_s"]))
        if g["runs"] and g["too_few"]:
            out += "@%.0f%%" % g["ci_level_pct"]
    out += " %5s%% %3d %6s %5s %6s %10s" % (
        fmt.num(g["cv_pct"], 1), g["outliers"], fmt.num(g["speedup"], 2),
        fmt.num(g["efficiency"], 2), fmt.num(g["karp_flatt"], 3), fmt.mib(g["rss_sum_kib"]))
    if g["failed"]:
        out += "  (%d failed: %s)" % (g["failed"], g["failure"])
    return out + "\n"


def table(facts):
    hosts = facts["several_hosts"]
    rows = [dict(case, label=g["label"]) for case in facts["cases"] for g in case["groups"]]
    w = widths(rows)
    out = [name("host", w["host"]) + " " if hosts else ""]
    out.append("%-*s %-*s %-*s %-*s %4s %4s %10s  %-22s %6s %3s %6s %5s %6s %10s\n" % (
        w["kernel"], "kernel", w["variant"], "variant", w["class"], "class", w["label"], "model",
        "W", "runs", "median", "CI of median", "cv", "out", "speedup", "eff", "KF", "mem sum"))
    out += [line(case, g, hosts, w) for case in facts["cases"] for g in case["groups"]]
    if facts["failed"]:
        out.append("%d of %d runs failed or did not verify and are not in the timings.\n" % (
            facts["failed"], facts["runs"]))
    over = any(g["oversubscribed"] for case in facts["cases"] for g in case["groups"])
    out.append("%sCI: 95%% of the median, or @N%%: only N%% with too few runs (6 give 95%%). KF: "
               "Karp-Flatt serial fraction (above 1: slower than serial).\n" % (
                   "* workers exceed the cores (oversubscribed). " if over else ""))
    return "".join(out)
