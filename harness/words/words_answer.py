# SPDX-License-Identifier: MIT
"""words_answer.py: the answer of a report in words, from facts.json: answer.txt (one line
per question: processes or threads for every kernel in the data, a line per lesson class for
a kernel the lab teaches with (worksheet.json's "lessons"), memory, start-up, Python)
and answers.md (the worksheet's key: its questions from worksheet.json, then every case of
the data). Every figure is a value of facts.json; nothing is computed here."""

import json
import os

import words_fmt as fmt
from words_sections import case_title

W_MISSING = "not measured here"


def title(case):
    """primes (trial), class lab"""
    return case_title(case, False)


def model_of(facts, role):
    """The registry's first model of a role (fork for processes, omp for threads)."""
    return next((m for m, r in facts["models"].items() if r == role), role)


def kernel_cases(facts):
    return [c for c in facts["cases"] if not c["spawn"]]


def find_case(facts, hint):
    """The case of hint's kernel on the first host that ran it that matches most of hint's
    class (first) and variant; None when the kernel is not in the data."""
    cases = [c for c in kernel_cases(facts) if c["kernel"] == hint.get("kernel")]
    if not cases:
        return None
    host = cases[0]["host"]
    score = lambda c: 2 * (c["class"] == hint.get("class")) + (c["variant"] == hint.get("variant"))
    return max((c for c in cases if c["host"] == host), key=score)  # max keeps the first best


def plain(case, role, workers):
    """The group of role at workers with the default schedule, not pinned."""
    for g in case["groups"] if case else []:
        if g["role"] == role and g["workers"] == workers and g["plain"]:
            return g
    return None


def comparison(case, workers):
    """The processes-against-threads comparison of the plain groups at workers, or None."""
    for c in case["comparisons"] if case else []:
        if c["kind"] == "processes_threads" and c["workers"] == workers and \
                case["groups"][c["a_group"]]["plain"]:
            return c
    return None


def versus(facts, case, workers):
    """The verdict of comparisons.csv for processes against threads, with the medians."""
    c = comparison(case, workers)
    if not c:
        return "%s (it needs verified %s and %s runs at %d workers)" % (
            W_MISSING, model_of(facts, "processes"), model_of(facts, "threads"), workers)
    p, t = case["groups"][c["a_group"]], case["groups"][c["b_group"]]
    return "%s: %s %s vs %s %s" % (c["text"], p["label"], fmt.time(p["median_s"]), t["label"],
                                   fmt.time(t["median_s"]))


def memory(facts, case, workers):
    """What one more worker costs in memory, processes and threads."""
    p, t = plain(case, "processes", workers), plain(case, "threads", workers)
    if not p or not t or p["extra_worker_kib"] is None or t["extra_worker_kib"] is None:
        return "%s (it needs %s and %s at 1 and %d workers)" % (
            W_MISSING, model_of(facts, "processes"), model_of(facts, "threads"), workers)
    return "processes %s, threads %s (%s summed over the run's processes, at %d workers minus " \
           "at 1)" % (fmt.kib(p["extra_worker_kib"]), fmt.kib(t["extra_worker_kib"]),
                      "peak RSS" if p["pss_sum_kib"] is None else "PSS", p["workers"])


def startup(facts):
    st = facts["answer"]["startup"]
    if not st:
        return W_MISSING + " (run `forkomp spawn --class S --csv FILE` into the same report)"
    text = "a process (fork) %s, a thread (pthread) %s, %.3gx as much" % (
        fmt.time(st["process_s"]), fmt.time(st["thread_s"]), st["ratio"])
    if st["task"]:
        text += "; one task of %s takes %s" % (title(st["task"]), fmt.time(st["task"]["task_s"]))
    return text


def python(facts):
    """Python's processes against its threads (compare.csv), decided in C."""
    py = facts["answer"]["python"]
    if not py:
        return W_MISSING + " (`make lab` or `make compare` write compare.csv beside the report)"
    return python_verdict(py)


def python_verdict(py):
    """"processes (python-pool) 550 ms, threads (...) 1.000 s (...): processes faster: processes
    take 0.550x the time of threads, in every run": the ratio wording of every verdict."""
    p, t = py["processes"], py["threads"]
    head = "processes (%s) %s, threads (%s) %s (medians of %d and %d runs)" % (
        p["label"], fmt.time(p["median_s"]), t["label"], fmt.time(t["median_s"]), p["runs"],
        t["runs"])
    if not py["faster"]:
        return head + ": no clear winner, their run times overlap"
    return "%s: %s faster: processes take %.3fx the time of threads, in every run%s" % (
        head, py["faster"], py["time_ratio"],
        " (threads hold the GIL in turn)" if py["faster"] == "processes" else "")


def lessons():
    """The classes the lab teaches with (worksheet.json's "lessons"): kernel, class, lesson."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "worksheet.json")) as f:
        return json.load(f).get("lessons", [])


def lesson_of(case):
    return next((x["lesson"] for x in lessons() if x["kernel"] == case["kernel"] and
                 x["class"] == case["class"]), None)


def taught_cases(facts, case, workers):
    """The cases of case's kernel to answer for: with lessons for the kernel, the lesson
    classes run at workers on case's host (in the lessons' order) after case when it is not
    one of them; else case alone."""
    said = [x for x in lessons() if x["kernel"] == case["kernel"]]
    if not said:
        return [case]
    same = [c for c in kernel_cases(facts) if c["kernel"] == case["kernel"] and
            c["host"] == case["host"] and any(g["workers"] == workers for g in c["groups"])]
    found = [c for x in said for c in same if c["class"] == x["class"]]
    return ([] if case in found else [case]) + found


def speedups(case, workers):
    """"fork 1.52, omp 1.24 (serial 89.1 ms)": processes and threads at workers."""
    said = ["%s %.2f" % (g["label"], g["speedup"]) for g in
            (plain(case, "processes", workers), plain(case, "threads", workers))
            if g and g["speedup"] is not None]
    base = [g for g in case["groups"] if g["baseline"] and g["runs"]]
    if not said:
        return "no speedups here (it needs serial and parallel runs of the job)"
    return ", ".join(said) + (" (serial %s)" % fmt.time(base[0]["median_s"]) if base else "")


def case_line(facts, case, workers, lessoned):
    """One answer line of a case: a case of a kernel the lab teaches with says its lesson and
    its speedups before processes or threads."""
    if not lessoned:
        return ("%s, %d workers, processes or threads:" % (title(case), workers),
                versus(facts, case, workers))
    lesson = lesson_of(case)
    return ("%s%s, %d workers:" % (title(case), ", " + lesson if lesson else "", workers),
            "speedup over serial %s; processes or threads: %s" % (
                speedups(case, workers), versus(facts, case, workers)))


def control(facts):
    """The A/A controls' result, which speaks for every verdict of the run: what each came out
    as and the smallest ratio this run could tell apart, or that no verdict holds; None
    without a control."""
    ctl = facts["control"]
    said = []
    for x in ctl["controls"]:
        text = "the A/A control, a copy of %s at %d workers run in the same rounds as " \
            "everything else (%s %s/%s), %s: %s" % (
                x["label"], x["workers"], x["kernel"], x["variant"], x["class"],
                "was called different from itself" if x["verdict"] == "different" else
                "came out", x["text"])
        if ctl["unreliable"]:
            text += ". So this machine, now, calls a model different from itself: no verdict " \
                "of these runs holds (comparisons.csv's unreliable column); run again on a " \
                "quieter machine"
        elif x["resolves"] is not None:
            text += ". This machine, now, cannot tell apart differences under %.2fx (the " \
                "control's CI)" % x["resolves"]
        said.append(text)
    if not said:
        return None
    return ("Unreliable run: " if ctl["unreliable"] else "") + "; ".join(said)


def answer_lines(facts):
    """(question, answer) pairs: the short answer (answer.txt, report.md's first table)."""
    lines, ans = [], facts["answer"]
    if facts["control"]["unreliable"]:  # first, as it takes back every verdict below
        lines.append(("Can this run tell models apart?", control(facts)))
    cases = [(facts["cases"][a["case"]], a["workers"]) for a in ans["cases"]]
    for case, w in cases:
        taught = taught_cases(facts, case, w)
        for c in taught:
            lines.append(case_line(facts, c, w, any(lesson_of(t) for t in taught)))
    if not cases:
        lines.append(("Processes or threads:", W_MISSING + " (no kernel's runs in this data)"))
    else:
        case, w = cases[0]
        lines.append(("Memory one more worker costs (%s):" % title(case), memory(facts, case, w)))
    lines.append(("Start-up cost:", startup(facts)))
    lines.append(("Python, the lab's prime script, threads or processes:", python(facts)))
    return lines


def answer_txt(facts):
    return "".join("%s %s.\n" % qa for qa in answer_lines(facts))
