# SPDX-License-Identifier: MIT
"""fk_pyrun.py: runs a user's Python function over inputs in one parallel model, for
`forkomp python` (harness/python/py_cmd.c). forkomp starts one fresh interpreter per run
(harness/python/py_run.c says why), writes the inputs to its stdin, one a line, and reads
what happened from file descriptor 3, one fact a line:

  fk_pyrun.py probe FILE FUNC              the interpreter, and the serial results (the
                                           reference every model is checked against)
  fk_pyrun.py run FILE FUNC MODEL W CHUNK  one timed run of MODEL with W workers

Lines: "info KEY VALUE" (python, version, impl, gil), "ok I HASH" or "err I TYPE: MESSAGE"
per input, "m KEY VALUE" measurements (wall_s, user_s, sys_s, maxrss_kib, rss_sum_kib,
pss_kib, uss_kib, minflt, majflt, nvcsw, nivcsw, procs), then "end". A module that cannot be
imported, or a function that is not there, is "fatal WHY" and exit status 3.

The clock starts after the module is imported and stops after the pool has been shut down:
a pool's start and end are part of what a model costs; the interpreter's start is not. The
memory of the main process and of every worker (PSS, USS from /proc/PID/smaps_rollup) and
the workers' CPU time and faults (/proc/PID/stat) are read after the map, before shutdown
(workers of forkserver are not our children, so rusage would miss them); that reading's
time is left out of the clock. A result is compared by a hash of its repr, so equal values
are equal whatever process made them (forkomp sets PYTHONHASHSEED=0 so that sets and dicts
of strings print alike in every process)."""

import ast
import concurrent.futures
import functools
import hashlib
import importlib
import multiprocessing
import multiprocessing.pool
import os
import resource
import sys
import time

MODELS = ("serial", "pool-fork", "pool-forkserver", "pool-spawn", "threadpool", "ppe", "tpe")


def parse_input(text):
    """An input line as a Python literal when it is one (100000, 2.5, 'a', (1, 2)), else the
    text itself (a path)."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text


def one_line(text):
    return " ".join(str(text).split())[:400]


def call(func, value):
    """Runs func(value) in whichever worker: ("ok", hash of repr) or ("err", "Type: msg")."""
    try:
        result = func(value)
    except Exception as e:  # the user's exception, reported with its input; others go on
        return ("err", one_line("%s: %s" % (type(e).__name__, e)))
    digest = hashlib.blake2b(repr(result).encode("utf-8", "backslashreplace"), digest_size=8)
    return ("ok", digest.hexdigest())


def load(path, name):
    """The user's function; exits 3 with a 'fatal' line when it cannot be had."""
    folder, base = os.path.split(os.path.abspath(path))
    sys.path.insert(0, folder)  # spawn's and forkserver's workers import it by name too
    try:
        module = importlib.import_module(base[:-3] if base.endswith(".py") else base)
    except BaseException as e:  # SystemExit and KeyboardInterrupt at import are failures too
        fatal("cannot import %s: %s: %s" % (path, type(e).__name__, one_line(e)))
    func = getattr(module, name, None)
    if func is None:
        fatal("%s has no function %s" % (path, name))
    if not callable(func):
        fatal("%s: %s is not a function" % (path, name))
    return func


def fatal(why):
    OUT.write("fatal %s\n" % one_line(why))
    OUT.flush()
    sys.exit(3)


def proc_stat(pid):
    """(utime_s, stime_s, minflt, majflt) of a process, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) / tick, int(fields[12]) / tick, int(fields[7]), int(fields[9]))


def proc_status(pid):
    """VmHWM (KiB) and the voluntary/involuntary context switches, from /proc/PID/status."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"):
                out[key] = int(value.split()[0])
    return out.get("VmHWM", 0), out.get("voluntary_ctxt_switches", 0), \
        out.get("nonvoluntary_ctxt_switches", 0)


def smaps(pid):
    """(PSS, USS) in KiB from /proc/PID/smaps_rollup, or (-1, -1)."""
    got = {}
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                if value.strip().endswith("kB"):
                    got[key] = int(value.split()[0])
    except OSError:
        return -1, -1
    return got.get("Pss", -1), got.get("Private_Clean", 0) + got.get("Private_Dirty", 0)


def worker_pids(pool):
    """The worker processes of a pool or an executor (none for threads)."""
    if isinstance(pool, concurrent.futures.ProcessPoolExecutor):
        return list(pool._processes or {})
    procs = getattr(pool, "_pool", None) or []
    return [p.pid for p in procs if getattr(p, "pid", None)]


class Probe:
    """The memory, CPU time and faults of this process and of the workers, read once."""

    def __init__(self, pids):
        t0 = time.perf_counter()
        self.m = dict(pss_kib=0, uss_kib=0, rss_sum_kib=0, maxrss_kib=0, minflt=0, majflt=0,
                      nvcsw=0, nivcsw=0, user_s=0.0, sys_s=0.0, procs=0)
        for pid in [os.getpid()] + pids:
            try:
                self.add(pid)
            except OSError:  # a worker that already left: counted where rusage sees it
                pass
        self.cost = time.perf_counter() - t0

    def add(self, pid):
        m = self.m
        user, system, minflt, majflt = proc_stat(pid)
        hwm, vcsw, ivcsw = proc_status(pid)
        pss, uss = smaps(pid)
        m["pss_kib"] = -1 if pss < 0 or m["pss_kib"] < 0 else m["pss_kib"] + pss
        m["uss_kib"] = -1 if pss < 0 or m["uss_kib"] < 0 else m["uss_kib"] + uss
        m["rss_sum_kib"] += hwm
        m["maxrss_kib"] = max(m["maxrss_kib"], hwm)
        m["procs"] += 1
        if pid == os.getpid():  # this process's own counts are its rusage deltas (timed_run)
            return
        m["minflt"] += minflt
        m["majflt"] += majflt
        m["nvcsw"] += vcsw
        m["nivcsw"] += ivcsw
        m["user_s"] += user
        m["sys_s"] += system


def make_pool(model, workers):
    if model.startswith("pool-"):
        return multiprocessing.get_context(model[5:]).Pool(workers)
    if model == "threadpool":
        return multiprocessing.pool.ThreadPool(workers)
    if model == "ppe":
        return concurrent.futures.ProcessPoolExecutor(workers)
    return concurrent.futures.ThreadPoolExecutor(workers)


def run_model(model, job, inputs, workers, chunk):
    """The results in input order, and the probe read before the pool shut down."""
    if model == "serial":
        results = [job(x) for x in inputs]
        return results, Probe([])
    pool = make_pool(model, workers)
    try:
        if isinstance(pool, concurrent.futures.Executor):
            results = list(pool.map(job, inputs, chunksize=chunk))
        else:
            results = pool.map(job, inputs, chunk)
        probe = Probe(worker_pids(pool))
    finally:
        if isinstance(pool, concurrent.futures.Executor):
            pool.shutdown(wait=True)
        else:
            pool.close()
            pool.join()
    return results, probe


def report_results(results):
    for i, (kind, text) in enumerate(results):
        OUT.write("%s %d %s\n" % (kind, i, text))


def interpreter_facts():
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    OUT.write("info python %s\n" % sys.executable)
    OUT.write("info version %s\n" % sys.version.split()[0])
    OUT.write("info impl %s\n" % sys.implementation.name)
    OUT.write("info gil %d\n" % (1 if gil else 0))


def timed_run(job, inputs, model, workers, chunk):
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    results, probe = run_model(model, job, inputs, workers, chunk)
    wall = time.perf_counter() - t0 - probe.cost
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    report_results(results)
    m = probe.m
    m["wall_s"] = wall
    for key, field in (("user_s", "ru_utime"), ("sys_s", "ru_stime"), ("minflt", "ru_minflt"),
                       ("majflt", "ru_majflt"), ("nvcsw", "ru_nvcsw"), ("nivcsw", "ru_nivcsw")):
        m[key] += getattr(r1, field) - getattr(r0, field)
    for key in sorted(m):
        OUT.write("m %s %s\n" % (key, m[key]))


def main(argv):
    if len(argv) not in (4, 7) or argv[1] not in ("probe", "run") or \
            (argv[1] == "run" and argv[4] not in MODELS):
        fatal("usage: fk_pyrun.py probe FILE FUNC | run FILE FUNC MODEL W CHUNK")
    inputs = [parse_input(line.rstrip("\n")) for line in sys.stdin]
    job = functools.partial(call, load(argv[2], argv[3]))
    interpreter_facts()
    OUT.write("info inputs %d\n" % len(inputs))
    if argv[1] == "probe":
        report_results([job(x) for x in inputs])
    else:
        timed_run(job, inputs, argv[4], int(argv[5]), int(argv[6]))
    OUT.write("end\n")
    OUT.flush()


if __name__ == "__main__":
    OUT = os.fdopen(3, "w")
    os.set_inheritable(3, False)
    main(sys.argv)
