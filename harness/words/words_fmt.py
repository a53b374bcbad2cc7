# SPDX-License-Identifier: MIT
"""words_fmt.py: the report's numbers in human units, as the C report printed them: times in
s, ms or us, memory in KiB or MiB, "-" for what was not measured (null in facts.json).
Formatting only: every value comes from a file `forkomp report` wrote."""


def time(s):
    """1.234 s, 56.7 ms, 890 us; "-" for None."""
    if s is None:
        return "-"
    a = abs(s)
    if a >= 1.0:
        return "%.3f s" % s
    if a >= 1e-3:
        return "%.4g ms" % (s * 1e3)
    return "%.4g us" % (s * 1e6)


def kib(v):
    """850 KiB below 1 MiB, else 1.2 MiB; negative values (noise) as measured."""
    if v is None:
        return "-"
    return "%.0f KiB" % v if abs(v) < 1024 else "%.1f MiB" % (v / 1024.0)


def mib(v):
    """12.3 MiB from KiB."""
    return "-" if v is None else "%.1f MiB" % (v / 1024.0)


def num(v, prec):
    """v with prec decimals."""
    return "-" if v is None else "%.*f" % (prec, v)


def plural(n, word, many=None):
    """"1 worker", "2 workers"."""
    return "%d %s" % (n, word if n == 1 else (many or word + "s"))


def startup(g):
    """A group's start-up over serial with its CI: "812 us (95% CI 640 us to 1.0 ms)", "too
    small to measure here" where the CI reaches 0 (never a negative cost), "-" without one."""
    if g.get("startup_s") is None:
        return "-"
    if not g.get("startup_measurable"):
        return "too small to measure here"
    return "%s (95%% CI %s to %s)" % (time(g["startup_s"]), time(g["startup_lo_s"]),
                                      time(g["startup_hi_s"]))



def capital(text):
    """The text with its first letter a capital: a clause made a sentence."""
    return text[:1].upper() + text[1:]
