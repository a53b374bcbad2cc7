#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_control.sh: the A/A control's verdict speaks for the run. Rows made from one real row
# of forkomp (so every column is in range): fork and its control copy in the same rounds, the
# control's times half of fork's each round. With 12 rounds its 99.9% CI excludes the 1.02x
# margin: report.md opens with "Unreliable run." and answer.txt's first line says so; with 6
# rounds no 99.9% CI exists, so the control is undecided and the run is not called unreliable.
set -euo pipefail
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

"$F" primes --class S --models fork --workers 2 --reps 1 --warmup 0 --no-control --quiet \
    --csv "$work/one.csv" >/dev/null 2>&1 || fail "forkomp primes for a template row exited $?"
make_rows() { # make_rows ROUNDS OUT: fork and fork's control, ROUNDS rounds
    python3 - "$work/one.csv" "$1" "$2" <<'PY'
import csv, sys
src, rounds, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(src) as f:
    rows = list(csv.DictReader(f))
head, row = list(rows[0].keys()), rows[0]
with open(out, "w", newline="") as f:
    w = csv.DictWriter(f, head)
    w.writeheader()
    for r in range(1, rounds + 1):
        for k, arm in enumerate(["", "control"]):
            x = dict(row, rep=str(r), round=str(r), order=str(k + 1), order_seed="7", arm=arm)
            fork = 0.020 * (1 + 0.01 * (r % 3))  # no two rounds' ratios alike: no ties
            x["wall_s"] = "%.6f" % (fork * 0.5 * (1 + 0.003 * r) if arm else fork)
            w.writerow(x)
PY
}

make_rows 12 "$work/twelve.csv"
"$F" report "$work/twelve.csv" --out "$work/r12" >"$work/stdout" 2>"$work/stderr" ||
    fail "report of 12 rounds exited $? ($(tail -n 3 "$work/stderr"))"
head -n 6 "$work/r12/report.md" | grep -q "^\*\*Unreliable run\.\*\* The A/A control, a copy of fork at 2 workers .*was called different from itself: fork-control faster: fork-control takes 0\.[0-9]*x the time of fork (99\.9% CI" ||
    fail "report.md does not open with the unreliable control: $(head -n 6 "$work/r12/report.md")"
head -n 1 "$work/r12/answer.txt" | grep -q "^Can this run tell models apart? Unreliable run: " ||
    fail "answer.txt does not start with the unreliable run: $(head -n 1 "$work/r12/answer.txt")"
grep -q ',1$' "$work/r12/comparisons.csv" || fail "comparisons.csv's unreliable column is not 1"

make_rows 6 "$work/six.csv"
"$F" report "$work/six.csv" --out "$work/r6" >"$work/stdout" 2>"$work/stderr" ||
    fail "report of 6 rounds exited $? ($(tail -n 3 "$work/stderr"))"
grep -q "Unreliable" "$work/r6/report.md" "$work/r6/answer.txt" &&
    fail "6 rounds (no 99.9% CI) called the run unreliable"
head -n 6 "$work/r6/report.md" | grep -q "came out: undecided: too few rounds for the control's 99\.9% CI" ||
    fail "report.md does not open with the undecided control: $(head -n 6 "$work/r6/report.md")"
! grep -q "cannot tell apart" "$work/r6/report.md" ||
    fail "a control without its 99.9% CI said what the machine can tell apart"
[[ -n ${KEEP:-} ]] && cp -r "$work" "$KEEP"
finish
