#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""lab_primes.py: the lab's prime-sum program in Python 3, the baseline of `make compare`.

Sums the primes below each input by the lab's trial division (divisors 2 .. ceil(sqrt(n)),
one at a time, with the same type check), one input per task, spread over worker processes
as the lab does: multiprocessing.Pool(n), pool.map(fn, inputs, chunksize), pool.close(),
pool.join(); or, to compare, over threads, concurrent.futures executors or none (the
options of lab_pools.py). Prints one "Sum of primes below N is S" line per input, in input
order (the same lines as `forkomp primes`), then the elapsed time, as the lab does.

    /usr/bin/python3 datasets/lab/lab_primes.py [N ...] [--workers W] [--chunksize C]
        [--serial | --pool process|thread | --executor process|thread]
        [--start fork|forkserver|spawn] [--kill-task I] [--timeout T]

Without inputs it runs the lab's eight (100000, 100100, ..., 100700: forkomp's class lab).
When the map fails (--kill-task), the results collected are printed, then one line saying
what happened ("hung; stopped after T s", "BrokenProcessPool after ..."), exit status 1.
"""

import argparse
import math
import sys
import time

import lab_pools

LAB_INPUTS = [100000 + 100 * i for i in range(8)]


def isprime(n):
    """True when n is prime: trial division by every i in 2..ceil(sqrt(n)), as the lab."""
    if not isinstance(n, int):
        raise TypeError("isprime needs an int, got %r" % (n,))
    if n < 2:
        return False
    if n == 2:
        return True
    limit = int(math.ceil(math.sqrt(n)))
    divisor = 2
    while divisor <= limit:
        if n % divisor == 0:
            return False
        divisor += 1
    return True


def sum_primes(n):
    """The sum of the primes below n (one task)."""
    return sum([x for x in range(2, n) if isprime(x)])


def non_negative(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("%s is negative" % text)
    return value


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", type=non_negative,
                    help="sum the primes below each (default: the lab's eight)")
    lab_pools.add_options(ap)
    args = ap.parse_args()
    inputs = args.inputs or LAB_INPUTS
    lab_pools.check_options(ap, args, len(inputs))
    t1 = time.time()
    try:
        sums, failure = lab_pools.run_map(sum_primes, inputs, args), None
    except lab_pools.PoolFailed as e:
        sums, failure = e.results, e
    for n, s in zip(inputs, sums):
        print("Sum of primes below %d is %d" % (n, s))
    t2 = time.time()
    if failure:
        print("%s: %s" % (lab_pools.describe(args), failure))
        return 1
    print("Time elapsed: %.4f" % (t2 - t1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
