# SPDX-License-Identifier: MIT
"""words_worksheet.py: answers.md, the key of the lab worksheet computed from the data in
front of the report: the questions of worksheet.json (docs/worksheet.md has the same), each
answered by its kind from facts.json, then every case of the data, whatever its kernel,
class or models, so that a new kernel or model reaches the key without code here."""

import words_answer as wa
import words_fmt as fmt


def speedups(case, workers):
    """"fork 1.85 (efficiency 0.93, Karp-Flatt 0.081); omp ..." at workers."""
    said = ["%s %.2f (efficiency %.2f, Karp-Flatt %.3f)" % (
        g["label"], g["speedup"], g["efficiency"], g["karp_flatt"])
        for g in case["groups"] if case and g["workers"] == workers and g["plain"]
        and g["role"] != "one" and g["speedup"] is not None] if case else []
    return "; ".join(said) or \
        "no speedups here (it needs serial and parallel runs of the same job)"


def a_versus(facts, q, case):
    return wa.versus(facts, case, q["workers"]) + "."


def a_speedups(facts, q, case):
    return "Speedup at %d workers: %s. %s" % (q["workers"], speedups(case, q["workers"]),
                                              q.get("after", ""))


def a_memory(facts, q, case):
    said = []
    for hint in q["cases"]:
        c = wa.find_case(facts, hint)
        if c or not hint.get("optional"):
            said.append("%s: %s." % (hint["name"], wa.memory(facts, c, q["workers"])))
    return " ".join(said)


def a_startup(facts, q, case):
    st = facts["answer"]["startup"]
    text = wa.startup(facts) + "."
    if st and st["process_per_task_pct"] is not None:
        text += " Starting one process per task would add %s%% to each task; the pool starts " \
                "its workers once." % fmt.num(st["process_per_task_pct"], 1)
    return text


def a_oversubscribed(facts, q, case):
    w = q["workers"]
    g = wa.plain(case, "processes", w) or wa.plain(case, "threads", w)
    if not g:
        return q["missing"]
    over = " (oversubscribed)" if g["oversubscribed"] else " (not oversubscribed here)"
    return "At %d workers on %d cores%s: %s." % (w, g["cpus"] or 0, over,
                                                 wa.versus(facts, case, w))


def a_versus_speedups(facts, q, case):
    if not case:
        return q["missing"]
    return "%s. Speedup at %d workers: %s." % (wa.versus(facts, case, q["workers"]), q["workers"],
                                               speedups(case, q["workers"]))


def a_lessons(facts, q, case):
    """Each case of the kernel the lab teaches with, named as measured and by its lesson."""
    if not case:
        return q["missing"]
    w, said = q["workers"], []
    for c in wa.taught_cases(facts, case, w):
        lesson = wa.lesson_of(c)
        said.append("%s%s: %s. Speedup at %d workers: %s." % (
            wa.title(c), ", " + lesson if lesson else "", wa.versus(facts, c, w), w,
            speedups(c, w)))
    if sum(1 for c in wa.taught_cases(facts, case, w) if wa.lesson_of(c)) > 1:
        said.append(q["after"])
    return " ".join(said)


def a_python(facts, q, case):
    py = facts["answer"]["python"]
    text = wa.python(facts) + "."
    if py and py["serial_median_s"] is not None:
        text += " Against Python serial (medians): threads %sx, processes %sx." % (
            fmt.num(py["threads_speedup"], 2), fmt.num(py["processes_speedup"], 2))
    return text


def a_ranks(facts, q, case):
    hit = [x for x in case["ranks_vs_processes"] if x["workers"] == q["workers"]] if case else []
    if not hit:
        return q["missing"]
    x = hit[0]
    return "%s %s vs %s %s at %d workers: %s takes %.2fx the time of the pool. The kernel " \
           "region of %s includes handing the inputs to the ranks and gathering the results " \
           "over MPI; starting mpirun is outside it." % (
               x["ranks"], fmt.time(x["ranks_median_s"]), x["processes"],
               fmt.time(x["processes_median_s"]), x["workers"], x["ranks"], x["ratio"], x["ranks"])


KINDS = {"versus": a_versus, "speedups": a_speedups, "memory": a_memory, "startup": a_startup,
         "oversubscribed": a_oversubscribed, "versus_speedups": a_versus_speedups, "lessons": a_lessons,
         "python": a_python, "ranks": a_ranks}


def every_case(facts):
    """Every case of the data: each worker count's verdict and every model's speedup."""
    out = ["## Every case in this data\n\n"]
    for case in wa.kernel_cases(facts):
        out.append("### %s%s\n\n" % (wa.title(case), ", host " + case["host"]
                                     if facts["several_hosts"] else ""))
        for w in sorted({g["workers"] for g in case["groups"] if g["runs"]}):
            models = ", ".join("%s %s (%s)" % (g["label"], fmt.time(g["median_s"]),
                                                "the baseline" if g["baseline"] else
                                                "no speedup" if g["speedup"] is None else
                                                "%.2fx" % g["speedup"])
                               for g in case["groups"] if g["workers"] == w and g["runs"])
            out.append("- %s: %s.\n" % (fmt.plural(w, "worker"), models))
            if wa.comparison(case, w):
                out.append("  Processes or threads: %s.\n" % wa.versus(facts, case, w))
        out.append("\n")
    return out


def answers_md(facts, worksheet):
    first = facts["answer"]["cases"]
    host = ", host `%s`" % first[0]["host"] if first else ""
    out = ["# Worksheet answers\n\nThe key of docs/worksheet.md, computed by `forkomp report` "
           "from this data (summary.csv beside this file)%s: another machine gives other "
           "numbers. Compare them with your predictions.\n\n" % host]
    for n, q in enumerate(worksheet["questions"], 1):
        a = q["answer"]
        case = wa.find_case(facts, a) if "kernel" in a else None
        out.append("## Q%d. %s\n\n*Where:* %s.\n\n**Answer:** %s\n\n" % (
            n, q["question"], q["where"], KINDS[a["kind"]](facts, a, case)))
    out += every_case(facts)
    return "".join(out)
