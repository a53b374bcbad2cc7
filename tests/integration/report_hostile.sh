#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_hostile.sh: `forkomp report` against the inputs an adversarial pass used (issue 18):
# an input that is one of its outputs (summary.csv, report.md, a plot) is refused, not
# overwritten; impossible numbers (negative or zero times, hex floats, negative memory) are
# refused with FILE:LINE; a file given twice is read once, with a warning; an old and a new
# CSV joined with cat (a second header with more columns mid-file) read as the two files do;
# a host name holding a newline still gets its plots.
set -uo pipefail
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

# runs_of SUMMARY HOST LABEL WORKERS: the runs column of one group of a summary.csv.
runs_of() {
    "$PY" - "$@" <<'PYEOF'
import csv, sys
path, host, label, workers = sys.argv[1:]
for r in csv.DictReader(open(path, newline="")):
    if r["host"] == host and r["label"] == label and r["workers"] == workers:
        print(r["runs"]); break
else:
    print("MISSING")
PYEOF
}

# 1. An input named like an output, in the output folder, is refused and left as it was.
for name in summary.csv report.md facts.json primes-trial-A-oldhost-time.png; do
    d="$work/self-$name"
    mkdir -p "$d"
    cp "$fixtures/report_old.csv" "$d/$name"
    rc=0
    "$F" report "$d/$name" --out "$d" >"$work/out" 2>"$work/err" || rc=$?
    check_rc "report DIR/$name" 2 "$rc"
    check_grep "report DIR/$name" "$name: is an output of this report" "$work/err"
    cmp -s "$fixtures/report_old.csv" "$d/$name" || fail "report DIR/$name overwrote its input"
done
# ... under another name too (a symbolic link to it, given with --out pointing there).
mkdir -p "$work/linked"
cp "$fixtures/report_old.csv" "$work/linked/summary.csv"
ln -s "$work/linked/summary.csv" "$work/alias.csv"
rc=0
"$F" report "$work/alias.csv" --out "$work/linked" >/dev/null 2>"$work/err" || rc=$?
check_rc "report LINK-TO-summary.csv" 2 "$rc"
cmp -s "$fixtures/report_old.csv" "$work/linked/summary.csv" || fail "a link's target overwritten"

# 14. Rows that cannot be right: exit 2 and FILE:LINE, nothing written.
bad_row() { report_bad_row "$1" "$fixtures/report_old.csv" "$2" "$3" "$4"; } # NAME FIELD VALUE MESSAGE
bad_row negwall wall_s -1 "'-1' is negative"
bad_row hexwall wall_s 0x1p3 "'0x1p3' is not a number"
bad_row zerowall wall_s 0 "'0' is zero for a run that verified"
bad_row neguser user_s -0.5 "'-0.5' is negative"
bad_row negrss maxrss_kib -5 "'-5' is negative"

# The same file twice (here once through a link): a warning, and counts not doubled.
ln -s "$fixtures/report_old.csv" "$work/again.csv"
rc=0
"$F" report "$fixtures/report_old.csv" "$work/again.csv" --out "$work/twice" >/dev/null \
    2>"$work/err" || rc=$?
check_rc "report FILE FILE" 0 "$rc"
check_grep "report FILE FILE" "warning: .*again.csv is .*report_old.csv again: read once" "$work/err"
[ "$(runs_of "$work/twice/summary.csv" oldhost serial 1)" = 3 ] ||
    fail "report FILE FILE: serial runs $(runs_of "$work/twice/summary.csv" oldhost serial 1), expected 3"

# 15. cat old.csv new.csv: the second header (more columns) starts a new block, read by its
# own names: the same summary as the two files given separately.
cat "$fixtures/report_old.csv" "$fixtures/report_basic.csv" >"$work/catold.csv"
rc=0
"$F" report "$work/catold.csv" --out "$work/cat" >/dev/null 2>"$work/err" || rc=$?
check_rc "report catold.csv" 0 "$rc"
"$F" report "$fixtures/report_old.csv" "$fixtures/report_basic.csv" --out "$work/sep" \
    >/dev/null 2>&1 || fail "report old.csv new.csv failed"
strip() { cut -d, -f1-28 "$1" | grep -v '^host,'; } # the statistics, not the file names
if [ -f "$work/cat/summary.csv" ]; then
    diff <(strip "$work/cat/summary.csv") <(strip "$work/sep/summary.csv") >"$work/diff" ||
        { fail "cat-joined summary differs from the separate one:"; sed 's/^/    /' "$work/diff"; }
fi

# A host name holding a newline (and a '/') still gets its plots, under a safe name.
awk -F, -v OFS=, 'NR == 1 { print; next } { $2 = "\"lab\nho/st\""; print }' \
    "$fixtures/report_old.csv" >"$work/newline.csv"
rc=0
"$F" report "$work/newline.csv" --out "$work/nl" >/dev/null 2>"$work/err" || rc=$?
check_rc "report with a newline in a host name" 0 "$rc"
check_grep "report with a newline in a host name" "newline.csv:2: control characters" "$work/err"
if command -v gnuplot >/dev/null; then
    [ -s "$work/nl/primes-trial-A-lab_ho_st-time.png" ] ||
        fail "no plot for a host with a newline: $(ls "$work/nl" | tr '\n' ' ')"
fi
# The legend of the printed table speaks of oversubscription only when a row is.
"$F" report "$fixtures/report_old.csv" --out "$work/legend" >"$work/out" 2>/dev/null
grep -q "oversubscribed" "$work/out" && fail "oversubscribed legend without an oversubscribed row"

finish
