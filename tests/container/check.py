#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/container/check.py RESULTS QUOTA: checks what `make lab` in the container wrote into
the mounted folder RESULTS (tests/container/run.sh): the lab's files; bench.csv's runs all
verified and ok, each recording the container (podman) and the CPU quota it was given (QUOTA
CPUs, or "none"); report.md's warning when that quota is below the CPUs the runs saw."""
import csv
import os
import sys


def fail(msg):
    print(f"container-test: {msg}", file=sys.stderr)
    sys.exit(1)


def main(results, quota):
    lab = os.path.join(results, "latest-lab")
    if not os.path.islink(lab):
        fail(f"no latest-lab link in the mounted folder {results}")
    for name in ("bench.csv", "summary.csv", "report.md", "report.html", "answer.txt", "compare.csv"):
        if not os.path.isfile(os.path.join(lab, name)) or not os.path.getsize(os.path.join(lab, name)):
            fail(f"{name} missing or empty in {lab}")
    with open(os.path.join(lab, "bench.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        fail("bench.csv has no run")
    bad = [r for r in rows if r["verified"] != "1" or r["status"] != "ok"]
    if bad:
        r = bad[0]
        fail(f"{len(bad)} of {len(rows)} runs not verified or not ok, first: "
             f"{r['kernel']} {r['model']} w={r['workers']} verified={r['verified']} status={r['status']}")
    want = "none" if quota == "none" else f"{float(quota):.2f}"
    seen = {(r.get("container"), r.get("cpu_quota")) for r in rows}
    if seen != {("podman", want)}:
        fail(f"bench.csv's container,cpu_quota columns are {sorted(map(str, seen))}, not podman,{want}")
    with open(os.path.join(lab, "report.md")) as f:
        report = f.read()
    warned = "CPU quota (container `podman`) is " + want in report
    below = want != "none" and float(want) < min(int(r["cpus"]) for r in rows)
    if warned != below:
        fail(f"report.md {'warns' if warned else 'does not warn'} of the CPU quota {want}")
    print(f"container-test: {len(rows)} runs verified, container podman, quota {want}"
          f"{', warned in report.md' if warned else ''}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: check.py RESULTS QUOTA", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
