#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_class.sh: the class view of `forkomp report a.csv b.csv c.csv` (one CSV per student
# machine): three hand-made hosts, one (carol) given a speedup of about 1 at 2 workers where
# the others reach about 1.9, must be the one flagged as standing apart, in class.csv and in
# report.md's first section; the per-host plots go to hosts/HOST/ and the class plot is drawn.
# Also: one host name carrying two machines is warned about, CSV=LABEL keeps them apart, and
# `--label NAME` on a run command writes NAME as the host (the hosts column keeps the name).
set -euo pipefail

FORKOMP=${FORKOMP:-bin/forkomp}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-class-test-XXXXXX")
trap '[[ -n ${KEEP:-} ]] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# host_csv FILE HOST CPU CORES SERIAL FORK2 OMP2: six runs of serial at 1 worker and of fork
# and omp at 1 and 2 workers of primes trial lab, each time 1%..6% above the given median-ish
# base; fork's memory grows by 4000 KiB per worker, omp's by 200 KiB.
host_csv() {
    local file=$1 host=$2 cpu=$3 cores=$4 serial=$5 fork2=$6 omp2=$7
    echo "timestamp,host,kernel,variant,class,model,workers,procs,threads,schedule,tasks,rep,wall_s,user_s,sys_s,maxrss_kib,rss_sum_kib,verified,status,cpus,cpu_model" >"$file"
    awk -v h="$host" -v cpu="$cpu" -v n="$cores" -v s="$serial" -v f2="$fork2" -v o2="$omp2" 'BEGIN {
        split("serial 1 " s " 4000 4000|fork 1 " s " 4000 4000|fork 2 " f2 " 4000 8000|omp 1 " s " 4000 4000|omp 2 " o2 " 4200 4200", runs, "|")
        for (k = 1; k <= 5; k++) {
            split(runs[k], a, " ")
            for (rep = 0; rep < 6; rep++) {
                w = a[3] * (1 + 0.01 * (rep + 1))
                printf "2026-01-01T00:00:%02dZ,%s,primes,trial,lab,%s,%d,%d,1,static,8,%d,%.4f,%.4f,0.01,%d,%d,1,ok,%d,\"%s\"\n",
                    rep, h, a[1], a[2], a[2], rep + 1, w, w * a[2], a[4], a[5], n, cpu
            }
        }
    }' >>"$file"
}
host_csv "$tmp/alice.csv" alice "Intel Core i5-8250U" 4 1.00 0.52 0.51
host_csv "$tmp/bob.csv" bob "AMD Ryzen 5 5500U" 6 0.80 0.42 0.41
host_csv "$tmp/carol.csv" carol "Intel Core i5-8250U" 4 1.00 1.02 0.99

out=$tmp/class
"$FORKOMP" report "$tmp/alice.csv" "$tmp/bob.csv" "$tmp/carol.csv" --out "$out" >"$tmp/stdout" \
    2>"$tmp/stderr" || fail "report exited $? ($(cat "$tmp/stderr"))"
md=$out/report.md

# class.csv: carol's rows are apart, alice's and bob's not.
apart() { awk -F, -v h="$1" -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["host"] == h && $c["model"] == m { print $c["apart"] }' "$out/class.csv"; }
[[ $(apart carol fork) == 1 && $(apart carol omp) == 1 ]] || fail "carol not apart in class.csv"
[[ $(apart alice fork) == 0 && $(apart bob omp) == 0 ]] || fail "alice or bob apart in class.csv"
speed=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["host"] == "bob" && $c["model"] == "omp" { print $c["speedup"] }' "$out/class.csv")
awk -v s="$speed" 'BEGIN { d = s - 0.8 * 1.035 / (0.41 * 1.035); exit !(d < 1e-6 && d > -1e-6) }' ||
    fail "bob's omp speedup in class.csv is '$speed'"

# report.md: the class section comes first, one row per host, carol flagged with the reason.
[[ $(grep -m1 '^## ' "$md") == "## The class: hosts side by side" ]] ||
    fail "report.md does not open with the class section"
grep -q '^| `alice` | Intel Core i5-8250U | 4 | 1.035 s | 1.92 | 1.96 | 3.9 MiB | 200 KiB |  |$' "$md" ||
    fail "alice's class row: $(grep '^| `alice`' "$md")"
grep -q '^| `carol` .*| \*\*0.98\*\* | \*\*1.01\*\* |.*fork speedup 0.98 (class median 1.90); omp speedup 1.01 (class median 1.95)' "$md" ||
    fail "carol's class row does not stand apart: $(grep '^| `carol`' "$md")"
[[ $(grep -c '^| `bob`' "$md") == 1 ]] || fail "bob has not one class row"
if command -v gnuplot >/dev/null; then
    for f in class-primes-trial-lab-speedup.png hosts/alice/primes-trial-lab-alice-time.png \
        hosts/carol/primes-trial-lab-carol-speedup.png; do
        [[ $(head -c 4 "$out/$f" 2>/dev/null | od -An -tx1 | tr -d ' \n') == 89504e47 ]] ||
            fail "$f is not a PNG"
        grep -qF "]($f)" "$md" || fail "report.md does not show $f"
    done
    ! ls "$out"/primes-* >/dev/null 2>&1 || fail "per-host plots at the top of the folder"
fi

# One host name, two machines: a warning naming both; FILE=LABEL keeps them apart.
host_csv "$tmp/u1.csv" ubuntu "Intel Core i5-8250U" 4 1.00 0.52 0.51
host_csv "$tmp/u2.csv" ubuntu "AMD Ryzen 5 5500U" 6 0.80 0.42 0.41
"$FORKOMP" report "$tmp/u1.csv" "$tmp/u2.csv" --out "$tmp/dup" >/dev/null 2>"$tmp/stderr" ||
    fail "report of u1 u2 exited $?"
grep -q 'warning: host `ubuntu` carries 2 different machines: `Intel Core i5-8250U`, 4 cores .*u1.csv.*`AMD Ryzen 5 5500U`, 6 cores' "$tmp/stderr" ||
    fail "no warning of one name for two machines: $(cat "$tmp/stderr")"
grep -q '^- host `ubuntu` carries 2 different machines' "$tmp/dup/report.md" ||
    fail "report.md's warnings lack the duplicate host"
"$FORKOMP" report "$tmp/u1.csv=ann" "$tmp/u2.csv=ben" --out "$tmp/lab" >/dev/null 2>"$tmp/stderr" ||
    fail "report with labels exited $? ($(cat "$tmp/stderr"))"
! grep -q "different machines" "$tmp/stderr" || fail "a warning despite the labels"
grep -q '^| `ann` | Intel' "$tmp/lab/report.md" && grep -q '^| `ben` | AMD' "$tmp/lab/report.md" ||
    fail "the labels are not the class's hosts"
rc=0
"$FORKOMP" report "$tmp/u1.csv=bad label" >/dev/null 2>"$tmp/stderr" || rc=$?
[[ $rc == 2 ]] && grep -q "label 'bad label'" "$tmp/stderr" || fail "a bad label: exit $rc"
rc=0
"$FORKOMP" report "$tmp/u1.csv" --label x >/dev/null 2>"$tmp/stderr" || rc=$?
[[ $rc == 2 ]] && grep -q "CSV=LABEL" "$tmp/stderr" || fail "report --label: exit $rc"

# --label on a run command: the host column is the label, hosts the machine's name.
"$FORKOMP" primes --class lab --models serial --workers 1 --reps 1 --warmup 0 --quiet \
    --label student-7 --csv "$tmp/run.csv" || fail "primes --label exited $?"
# (a CSV reader: cflags holds commas under SANITIZE=1)
python3 -c 'import csv, sys; rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(not rows or any(r["host"] != "student-7" or r["hosts"] != sys.argv[2] for r in rows))' \
    "$tmp/run.csv" "$(hostname)" || fail "--label: the host and hosts columns: $(tail -n 1 "$tmp/run.csv")"
rc=0
"$FORKOMP" primes --class lab --label "a/b" --reps 1 >/dev/null 2>"$tmp/stderr" || rc=$?
[[ $rc == 2 ]] || fail "primes --label a/b: exit $rc"

if ((fails)); then
    echo "report_class.sh: $fails failure(s)" >&2
    exit 1
fi
echo "report_class.sh: ok"
