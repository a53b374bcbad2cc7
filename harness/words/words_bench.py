# SPDX-License-Identifier: MIT
"""words_bench.py: report.md's "Cross-check with hyperfine" (make bench), from facts.json's
"hyperfine" (harness/report/report_bench.c, report_hf_*.c): hyperfine's mean of each whole
process beside the harness's median of the kernel region, and what the difference is made
of. Nothing is computed here."""

import words_fmt as fmt

PROBLEMS = {"export": "Could not read a hyperfine export: %s.",
            "row": "Skipped a row of a hyperfine export: %s.",
            "manifest": "Could not read bench.sh's manifest: %s."}

# What each kernel does outside the harness's clock (by kernel name; another kernel is
# covered by the sentence on the harness's own work that follows).
OUTSIDE_CLOCK = {
    "primes": " primes builds its inputs and finds the reference sums of an independent sieve "
              "(libprimesieve, loaded for inputs its reference cache does not hold yet), "
              "against which every task is verified;",
    "shapefiles": " shapefiles registers GDAL's drivers (`GDALAllRegister`), scans the folder "
                  "and fingerprints every input file (to prove the input is never changed), "
                  "copies the dataset to a scratch folder before the run and removes it after;",
}

INTRO = (
    "hyperfine timed whole `forkomp` processes (`hyperfine -N`: no shell; a warm-up first), "
    "each doing one run; its exports (`hyperfine*.csv`, and `hyperfine*.json` with every time) "
    "are in this folder. Its mean is what a user waits for. The harness's median, from the runs "
    "above, times only the kernel region (`CLOCK_MONOTONIC` from starting the workers to "
    "collecting the last result), the number the models are compared by. The difference is "
    "real work outside that region, not noise to hide.\n\n")

NO_MANIFEST = (
    "**This folder has no `manifest.csv`** (what `make bench` ran, which harness/bench/bench.sh "
    "writes beside bench.csv; older results folders lack it), so hyperfine's commands are shown "
    "as they ran and not matched with the harness's runs. Run `make bench` again for the "
    "comparison.\n\n")


def row(h):
    if h["diff_s"] is None:
        diff = "all of it is start-up" if h["startup"] else "no harness runs of this case"
    elif not h["measurable"]:  # the noise could account for it: never a negative cost
        diff = "too small to measure here"
    else:
        diff = "%s (%.0f%%)" % (fmt.time(h["diff_s"]), h["diff_pct"])
    return "| `%s` | %s ± %s | %s | %s | %s | %s | %s |\n" % (
        h["command"], fmt.time(h["mean_s"]), fmt.time(h["stddev_s"]),
        fmt.time(h["harness_median_s"]), diff, fmt.time(h["rest_s"]), fmt.time(h["cpu_s"]),
        fmt.time(h["harness_cpu_s"]))


def inconsistent(x):
    if not x:
        return ""
    return "- **Inconsistent: %d command%s took less as a whole process than the harness's " \
        "median of the kernel region alone** (worst: `%s`, %s against %s). Under equal " \
        "conditions that is impossible, so the machine was busier during one of the two " \
        "measurements: other work competed for the cores (see the load averages in the run " \
        "context and the noisy groups in the warnings). Rerun on a quiet machine before " \
        "trusting these numbers.\n" % (x["count"], "" if x["count"] == 1 else "s", x["worst"],
                                       fmt.time(x["mean_s"]), fmt.time(x["median_s"]))


def startup(up):
    if not up:
        return "- **Process start-up** was not timed on its own here: add `forkomp --version` " \
            "to the hyperfine commands to see it.\n"
    return "- **Process start-up, %s ± %s**: hyperfine's time for `forkomp --version`, which " \
        "does nothing else: `execve`, the dynamic loader mapping and relocating forkomp's few " \
        "shared libraries (GDAL, Open MPI and libprimesieve are modules, loaded only by the " \
        "commands that need them), and libgomp's constructor, which reads the `OMP_*` variables " \
        "when it is loaded. Every command pays it once; the harness's clock never sees it.\n" % (
            fmt.time(up["mean_s"]), fmt.time(up["stddev_s"]))


def rest(x, up):
    if not x:
        return ""
    return "- **Work outside the clock, on purpose, %s to %s%s**:%s and the harness forks a " \
        "fresh child for each run before its clock starts and reaps it with `wait4` after the " \
        "clock stops, so a crash is recorded instead of ending the bench and the harness itself " \
        "never starts OpenMP (GCC PR 60035). Verifying the answers and exiting come last.\n" \
        "- **Not in the difference: starting the workers.** The fork model forks its pool and " \
        "the omp model creates its thread team (at the first parallel region) inside the kernel " \
        "region, as the lab's script times `Pool()`, so the harness's medians already include " \
        "them.\n" % (fmt.time(x["lo_s"]), fmt.time(x["hi_s"]),
                     " beyond the start-up" if up else " including the start-up",
                     "".join(OUTSIDE_CLOCK.get(k, "") for k in sorted(
                         x["kernels"], key=lambda k: list(OUTSIDE_CLOCK).index(k)
                         if k in OUTSIDE_CLOCK else len(OUTSIDE_CLOCK))))


def share(x):
    if not x:
        return ""
    return "- **Where it weighs most:** `%s`, where %.0f%% of what the user waits for (%s) is " \
        "outside the kernel region (%s). The shorter the work, the more a process's own " \
        "start-up counts: the lab class's lesson about spawning workers, at the scale of a " \
        "whole program.\n- **CPU:** hyperfine's user + sys counts the whole process and its " \
        "children (start-up and preparation too); the harness's counts the measuring child and " \
        "its workers only.\n" % (x["command"], x["pct"], fmt.time(x["mean_s"]),
                                 fmt.time(x["median_s"]))


def agreement(rows):
    if not rows:
        return ""
    return "\nProcesses minus threads (fork - omp), as each tool sees it:\n\n" + "".join(
        "- %s (%s), class %s, %d workers: harness %s, hyperfine %s (sd %s and %s): %s.\n" % (
            a["kernel"], a["variant"], a["class"], a["workers"], fmt.time(a["harness_s"]),
            fmt.time(a["hyperfine_s"]), fmt.time(a["processes_sd_s"]),
            fmt.time(a["threads_sd_s"]),
            "they agree on which is faster" if a["agree"] else "they disagree: timing whole "
            "processes adds the start-up's noise to a difference smaller than it")
        for a in rows)


def hyperfine(facts):
    hf = facts["hyperfine"]
    if not hf:
        return ""
    out = ["## Cross-check with hyperfine\n\n"]
    out += ["%s\n\n" % (PROBLEMS[p["kind"]] % p["error"]) for p in hf["problems"]]
    out.append(INTRO)
    if hf["manifest"] == 0:
        out.append(NO_MANIFEST)
    out.append("| command (each `--reps 1 --warmup 0 --quiet`) | hyperfine mean ± sd | harness "
               "median | difference (share of the mean) | difference minus start-up | CPU, "
               "hyperfine | CPU, harness |\n|---|---|---|---|---|---|---|\n")
    out += [row(h) for h in hf["rows"]]
    out.append("\n")
    if hf["manifest"] > 0:
        out += [inconsistent(hf["inconsistent"]), startup(hf["startup"]),
                rest(hf["rest"], hf["startup"]), share(hf["share"]), agreement(hf["agreement"])]
    return "".join(out) + "\n"
