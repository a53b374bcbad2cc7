# SPDX-License-Identifier: MIT
"""lab_pools.py: how the lab ports (lab_primes.py, lab_shapefiles.py) spread their tasks, so
both take the same options and `make compare` can put Python's ways side by side:

  (default)              multiprocessing.Pool(W) with the interpreter's default start method:
                         the lab's way (fork on Linux before Python 3.14, forkserver from 3.14)
  --pool process|thread  multiprocessing.Pool or multiprocessing.pool.ThreadPool
  --start M              the process pool's start method: fork, forkserver or spawn
  --executor process|thread  concurrent.futures.ProcessPoolExecutor / ThreadPoolExecutor
  --serial               no pool: one process, in order

Every pool is used as the lab uses Pool: map(fn, items, chunksize), close(), join().

The worker-death demo: --kill-task I makes task I SIGKILL its own worker process.
multiprocessing.Pool then never returns from map() (CPython bpo-22393 / gh-96062), so
--timeout T bounds it and the port reports "hung; stopped after T s";
ProcessPoolExecutor raises BrokenProcessPool and the results not yet collected are lost.
"""

import argparse
import functools
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.pool import ThreadPool

START_METHODS = ("fork", "forkserver", "spawn")


class PoolFailed(Exception):
    """The map did not complete: .results holds what was collected, in order."""

    def __init__(self, message, results):
        super().__init__(message)
        self.results = results


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("%s is not at least 1" % text)
    return value


def positive_float(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("%s is not a positive number of seconds" % text)
    return value


def add_options(ap):
    """The options above, on the port's parser."""
    ap.add_argument("--workers", type=positive_int, default=None, metavar="W",
                    help="pool size (default: all CPUs)")
    ap.add_argument("--chunksize", type=positive_int, default=None, metavar="C",
                    help="tasks per hand-out (Pool.map's chunksize; executors: 1)")
    how = ap.add_mutually_exclusive_group()
    how.add_argument("--serial", action="store_true", help="no pool: one process, in order")
    how.add_argument("--pool", choices=("process", "thread"), default=None,
                     help="multiprocessing.Pool (default) or multiprocessing.pool.ThreadPool")
    how.add_argument("--executor", choices=("process", "thread"), default=None,
                     help="concurrent.futures.ProcessPoolExecutor or ThreadPoolExecutor")
    ap.add_argument("--start", choices=START_METHODS, default=None,
                    help="start method of the process pool or executor (default: Python's)")
    ap.add_argument("--kill-task", type=int, default=None, metavar="I",
                    help="task I SIGKILLs its own worker (the worker-death demo)")
    ap.add_argument("--timeout", type=positive_float, default=None, metavar="T",
                    help="give up on the map after T seconds")


def uses_processes(args):
    return not args.serial and args.pool != "thread" and args.executor != "thread"


def check_options(ap, args, ntasks):
    """Usage errors (exit 2) for combinations that mean nothing."""
    if args.start and not uses_processes(args):
        ap.error("--start applies to process pools only (not --serial or threads)")
    if args.kill_task is not None:
        if not uses_processes(args):
            ap.error("--kill-task needs a process pool: it kills the worker's process")
        if not 0 <= args.kill_task < ntasks:
            ap.error("--kill-task %d: there are %d tasks" % (args.kill_task, ntasks))


def describe(args):
    """The way the tasks ran, as the port's last line names it."""
    if args.serial:
        return "serial"
    workers = args.workers or os.cpu_count()
    if args.executor:
        name = "%sPoolExecutor(%d)" % (args.executor.capitalize(), workers)
    elif args.pool == "thread":
        name = "ThreadPool(%d)" % workers
    else:
        name = "Pool(%d)" % workers
    if uses_processes(args):
        name += ", %s" % (args.start or multiprocessing.get_start_method())
    return name


def _kill_or_run(fn, kill, item):
    index, value = item
    if index == kill:
        os.kill(os.getpid(), signal.SIGKILL)
    return fn(value)


def _pool_map(fn, items, args):
    if args.pool == "thread":
        pool = ThreadPool(args.workers)
    else:  # get_context(None) is the interpreter's default start method
        pool = multiprocessing.get_context(args.start).Pool(args.workers)
    t0 = time.monotonic()
    try:
        if args.timeout is None:
            return pool.map(fn, items, args.chunksize)
        return pool.map_async(fn, items, args.chunksize).get(args.timeout)
    except multiprocessing.TimeoutError:
        pool.terminate()  # the workers (and the task that will never come back) go
        raise PoolFailed("hung; stopped after %.1f s" % (time.monotonic() - t0), [])
    finally:
        pool.close()  # no more tasks
        pool.join()  # wait for the workers to exit


def _executor_map(fn, items, args):
    workers = args.workers or os.cpu_count()
    if args.executor == "thread":
        ex = ThreadPoolExecutor(workers)
    else:
        ex = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(args.start))
    got = []
    try:
        for result in ex.map(fn, items, timeout=args.timeout, chunksize=args.chunksize or 1):
            got.append(result)
    except BrokenProcessPool:
        raise PoolFailed("BrokenProcessPool after %d of %d results; the other %d are lost"
                         % (len(got), len(items), len(items) - len(got)), got)
    except FuturesTimeout:
        raise PoolFailed("timed out after %.1f s" % args.timeout, got)
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
    return got


def run_map(fn, items, args):
    """fn over items in the chosen way; the results in order, or PoolFailed."""
    if args.kill_task is not None:
        fn, items = functools.partial(_kill_or_run, fn, args.kill_task), list(enumerate(items))
    if args.serial:
        return [fn(x) for x in items]
    if args.executor:
        return _executor_map(fn, items, args)
    return _pool_map(fn, items, args)
