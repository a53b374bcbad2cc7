# SPDX-License-Identifier: MIT
"""compare_why.py: the "Why the lab used sub-processes" section of compare.md (and, through
compare-why.md, of report.md), from make compare's rows: the speedup of Python's threads and
processes and of C's (the verdict, which is faster, is `forkomp report`'s alone), what
each start method adds per worker, what Python 3.14's forkserver default means for the lab's
script, and what each pool did when a task killed its worker.

Speedup is the serial command's mean time over the command's (whole processes: start-up and
verification included, so the lab's short inputs understate the C speedups).
"""

import re


def _row(rows, group, label):
    hit = [r for r in rows if r["group"] == group and r["label"] == label]
    return hit[0] if hit and hit[0]["verified"] == "1" else None


def _speedup(rows, group, serial, label):
    a, b = _row(rows, group, serial), _row(rows, group, label)
    return a["mean_s"] / b["mean_s"] if a and b and b["mean_s"] > 0 else None


def _x(v):
    return "%.2fx" % v if v is not None else "-"


def _ms(v):
    return "%.1f ms" % (v * 1e3) if v is not None else "-"


def _cpu(row):
    """CPU seconds per wall second: 1.0 is one busy core, W is W busy cores."""
    return (row["user_s"] + row["system_s"]) / row["mean_s"] if row and row["mean_s"] else None


def _job(rows, group):
    """The speedups of one job: Python threads and processes, C threads and processes."""
    sp = lambda label, serial="python-serial": _speedup(rows, group, serial, label)
    return {"py_thread": sp("python-threadpool"), "py_thread_ex": sp("python-executor-thread"),
            "py_proc": sp("python-pool-fork"), "py_proc_ex": sp("python-executor-process"),
            "py_fs": sp("python-pool-forkserver"), "py_spawn": sp("python-pool-spawn"),
            "c_thread": sp("forkomp-omp", "forkomp-serial"),
            "c_proc": sp("forkomp-fork", "forkomp-serial"),
            "thread_cpu": _cpu(_row(rows, group, "python-threadpool"))}


def _measured(j, workers):
    """The speedups and how busy the threads kept the cores; no verdict (see section())."""
    if j["py_thread"] is None or j["py_proc"] is None:
        return "not enough verified rows"
    said = "threads %s, processes %s" % (_x(j["py_thread"]), _x(j["py_proc"]))
    if j["thread_cpu"] is not None:
        said += "; the threads kept %.2f of %d cores busy" % (j["thread_cpu"], workers)
    return said


def _speedup_table(rows, workers):
    out = ["| job | Python threads: ThreadPool, ThreadPoolExecutor | Python processes: Pool "
           "(fork), ProcessPoolExecutor | C threads (omp) | C processes (fork) |",
           "|---|---:|---:|---:|---:|"]
    verdicts = []
    for group in dict.fromkeys(r["group"] for r in rows):
        if not group.startswith(("primes-", "shapefiles-")):
            continue
        j = _job(rows, group)
        out.append("| %s | %s, %s | %s, %s | %s | %s |" % (
            group, _x(j["py_thread"]), _x(j["py_thread_ex"]), _x(j["py_proc"]),
            _x(j["py_proc_ex"]), _x(j["c_thread"]), _x(j["c_proc"])))
        verdicts.append((group, j, _measured(j, workers)))
    return out, verdicts


def _gil_text(verdicts, workers):
    out = []
    for group, j, measured in verdicts:
        c = ""
        if group.startswith("primes-") and j["c_thread"] is not None and j["c_proc"] is not None:
            c = "; in C (no interpreter lock), threads %s and processes %s" % (
                _x(j["c_thread"]), _x(j["c_proc"]))
        gdal = " (GDAL's Python binding, osgeo.ogr)" if group.startswith("shapefiles-") else ""
        out.append("- **%s**%s, Python: %s%s." % (group, gdal, measured, c))
    out += ["", "Which is faster, threads or processes, is decided once, by `forkomp report` from "
            "compare.csv (one side only when every one of its runs beat every run of the other): "
            "report.md's \"Python: processes or threads\" and the answer's last line. CPython "
            "runs one thread's bytecode at a time (the GIL); each process has its own "
            "interpreter and GIL."]
    return out


def _start_text(rows, workers):
    g = "pool-start"
    first = {m: _row(rows, g, "python-" + m) for m in ("fork", "forkserver", "spawn")}
    again = {m: _row(rows, g, "python-%s-again" % m) for m in first}
    fk = _row(rows, g, "forkomp-pool-start")
    if not first["fork"]:
        return []
    out = ["", "A pool's whole life (create %d workers, map a trivial function, close, join):"
           % workers, "",
           "| start | first pool of a fresh interpreter | per worker | later pools | per worker |",
           "|---|---:|---:|---:|---:|"]
    for m in first:
        f, a = first[m], again[m]
        out.append("| %s | %s | %s | %s | %s |" % (
            m, _ms(f and f["mean_s"]), _ms(f and f["mean_s"] / workers), _ms(a and a["mean_s"]),
            _ms(a and a["mean_s"] / workers)))
    if fk:
        out.append("| forkomp's pool | %s | %s | | |" % (_ms(fk["mean_s"]),
                                                       _ms(fk["mean_s"] / workers)))
    out.append("")
    for m in ("forkserver", "spawn"):
        if first[m]:
            out.append("- `%s` adds %s per worker to a first pool over `fork`%s." % (
                m, _ms((first[m]["mean_s"] - first["fork"]["mean_s"]) / workers),
                " (%s to later pools)" % _ms((again[m]["mean_s"] - again["fork"]["mean_s"])
                                            / workers) if again[m] and again["fork"] else ""))
    if fk:
        out.append("- forkomp's pre-forked pool starts in %s per worker: fork of a C program, "
                   "no interpreter to start or import." % _ms(fk["mean_s"] / workers))
    return out


def _py314_text(rows):
    fork, fs = _row(rows, "primes-lab", "python-pool-fork"), \
        _row(rows, "primes-lab", "python-pool-forkserver")
    out = ["", "**Python 3.14** makes `forkserver` the default start method on Linux (it was "
           "`fork`). The lab's script, unchanged, still works: its task function is defined at "
           "module level and its work starts under `if __name__ == '__main__'`, which "
           "forkserver and spawn need, since their workers import the main module afresh "
           "instead of copying the parent; what the parent builds before `Pool()` (globals, "
           "open files, GDAL handles) is not inherited."]
    start = {m: _row(rows, "pool-start", "python-" + m) for m in ("fork", "forkserver")}
    if fork and start["fork"] and start["forkserver"]:
        d = start["forkserver"]["mean_s"] - start["fork"]["mean_s"]
        out[-1] += (" Its one `Pool()` pays forkserver's start once: %s more than fork's "
                    "(pool-start above), %.1f%% of the %.3f s the script takes with fork on "
                    "the lab's inputs" % (_ms(d), 100 * d / fork["mean_s"], fork["mean_s"]))
        a = _row(rows, "primes-A", "python-pool-fork")
        out[-1] += (" and %.2f%% of its %.1f s on class A." % (100 * d / a["mean_s"], a["mean_s"])
                    if a else ".")
    if fork and fs:
        d = fs["mean_s"] - fork["mean_s"]
        noise = abs(d) <= max(fork["stddev_s"], fs["stddev_s"])
        out[-1] += (" Timed whole, the script takes %.3f s with fork and %.3f s with "
                    "forkserver: %+.0f ms (%+.0f%%)%s." % (
                        fork["mean_s"], fs["mean_s"], d * 1e3, 100 * d / fork["mean_s"],
                        ", within the runs' standard deviation" if noise else ""))
    return out


def _death_text(rows):
    dead = [r for r in rows if r["group"] == "worker-death"]
    if not dead:
        return []
    out = ["", "**When a task kills its worker** (`os.kill(os.getpid(), signal.SIGKILL)`; "
           "forkomp's `--fault crash:I` crashes it with SIGSEGV):", ""]
    out += ["- `%s`: %s (%.2f s)" % (r["label"], r["outcome"], r["mean_s"]) for r in dead]
    return out


def _free_threaded_text(rows):
    ft = [r for r in rows if r["group"].startswith("primes-")
          and re.match(r".+-threadpool$", r["label"]) and r["label"] != "python-threadpool"]
    if not ft:
        return ["", "No free-threaded CPython (python3.13t or newer) was on PATH (Debian 12 "
                "ships none), so every Python thread above ran under the GIL."]
    out = [""]
    for r in ft:
        py = r["label"][:-len("-threadpool")]
        s = _speedup(rows, r["group"], py + "-serial", r["label"])
        out.append("- Free-threaded `%s`, %s: threads %s of its own serial run." % (
            py, r["group"], _x(s)))
    return out


def _load_text(context, workers):
    """A warning when other work shared the CPUs (the 1-minute load averages recorded)."""
    loads = [float(x) for x in re.findall(r"^(?:load|took) .*?(\d+\.\d+) \d+\.\d+ \d+\.\d+",
                                           context, re.M)]
    cpus = re.search(r"(\d+) CPUs", context)
    if not loads or not cpus or max(loads) <= int(cpus.group(1)):
        return []
    return ["", "The machine was shared: the 1-minute load average was %s on %s CPUs (at the "
            "start and at the end), so W = %d workers got less than %d cores between them and "
            "every speedup above is lower than an idle machine gives." % (
                " and ".join("%.1f" % x for x in loads), cpus.group(1), workers, workers)]


def section(rows, workers, context=""):
    """The section's Markdown lines; context: compare-context.txt (for the load warning)."""
    table, verdicts = _speedup_table(rows, workers)
    out = ["## Why the lab used sub-processes", "",
           "Speedup over the same program run serially, W = %d, whole processes timed by "
           "hyperfine (start-up included):" % workers, ""]
    out += table + [""] + _gil_text(verdicts, workers) + _load_text(context, workers)
    out += _start_text(rows, workers) + _py314_text(rows) + _death_text(rows)
    out += _free_threaded_text(rows)
    return out + [""]
