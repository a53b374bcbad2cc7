#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# container_quota.sh: the container and cpu_quota columns (harness/engine/container.c) and
# the report's warning when the quota is below the CPUs: a real run records a container kind
# (a word) and a quota (N.NN, none or unknown); then the same rows, edited to a quota of half
# the CPUs, a quota of all of them and none, get the warning in report.md exactly in the
# first case. (make container-test checks the real thing, a run under podman --cpus.)
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

"$F" primes --class S --models serial,omp --workers 1,2 --reps 1 --warmup 0 --quiet \
    --csv "$work/run.csv" >"$work/run.out" 2>&1
check_rc "primes" 0 $?
"$PY" -c 'import csv, re, sys
for r in csv.DictReader(open(sys.argv[1])):
    assert re.fullmatch(r"[a-z0-9._-]+", r["container"]), r["container"]
    assert re.fullmatch(r"[0-9]+\.[0-9][0-9]|none|unknown", r["cpu_quota"]), r["cpu_quota"]' \
    "$work/run.csv" || fail "the container or cpu_quota column is not a word of the kinds expected"

# quota NAME VALUE: the rows with cpu_quota VALUE (a number is a fraction of their cpus) and
# container "docker", then forkomp report on them into $work/NAME-report/
quota() {
    "$PY" - "$work/run.csv" "$work/$1.csv" "$2" <<'PY'
import csv, sys
src, dst, value = sys.argv[1:]
rows = list(csv.DictReader(open(src)))
for r in rows:
    r["container"] = "docker"
    r["cpu_quota"] = value if value == "none" else "%.2f" % (float(value) * int(r["cpus"]))
with open(dst, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
    w.writeheader()
    w.writerows(rows)
PY
    "$F" report "$work/$1.csv" >"$work/$1.out" 2>&1
    check_rc "report $1" 0 $?
}

quota half 0.5
check_grep "half: warned" "CPU quota \(container .docker.\) is [0-9.]+ CPUs of the [0-9]+ it sees" \
    "$work/half-report/report.md"
quota all 1
! grep -q "CPU quota" "$work/all-report/report.md" || fail "all: report.md warns of a quota"
quota none none
! grep -q "CPU quota" "$work/none-report/report.md" || fail "none: report.md warns of a quota"
finish
