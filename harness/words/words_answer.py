"""words_answer.py: the answer of a report in words, from facts.json: answer.txt (one line
per question: processes or threads for every kernel in the data, memory, start-up, Python)
and answers.md (the worksheet's key: its questions from worksheet.json, then every case of
the data). Every figure is a value of facts.json; nothing is computed here."""

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
    """"processes (python-pool) 550 ms, threads (...) 1.000 s (...): processes faster by ..." """
    p, t = py["processes"], py["threads"]
    head = "processes (%s) %s, threads (%s) %s (medians of %d and %d runs)" % (
        p["label"], fmt.time(p["median_s"]), t["label"], fmt.time(t["median_s"]), p["runs"],
        t["runs"])
    if not py["faster"]:
        return head + ": no clear winner, their run times overlap"
    more = "%.1fx" % py["ratio"] if py["ratio"] > 2.0 else "%.1f%%" % py["more_pct"]
    return "%s: %s faster by %s, in every run%s" % (
        head, py["faster"], more,
        " (threads hold the GIL in turn)" if py["faster"] == "processes" else "")


def answer_lines(facts):
    """(question, answer) pairs: the short answer (answer.txt, report.md's first table)."""
    lines, ans = [], facts["answer"]
    cases = [(facts["cases"][a["case"]], a["workers"]) for a in ans["cases"]]
    for case, w in cases:
        lines.append(("%s, %d workers, processes or threads:" % (title(case), w),
                      versus(facts, case, w)))
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
