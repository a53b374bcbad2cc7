#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_robust.sh: `forkomp report` where the second adversarial pass broke it (issue 27):
# a decimal-comma locale (plots still drawn), an input that is not a regular file, a missing
# TMPDIR, impossible values in any column, and outputs that stay whole.
set -uo pipefail
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

basic=$fixtures/report_basic.csv
pngs() { find "$1" -maxdepth 1 -name '*.png' | wc -l; }

# N6. Under LANG or LC_NUMERIC de_DE.UTF-8 gnuplot reads "1.5" as 1 and draws nothing; the
# plots must come out as in the C locale. The locale is compiled into $work (LOCPATH), so
# the test needs no root and changes nothing on the machine.
if ! command -v gnuplot >/dev/null; then
    echo "report_robust.sh: skip the locale case: no gnuplot"
elif ! mkdir -p "$work/locale" || ! localedef -i de_DE -f UTF-8 "$work/locale/de_DE.UTF-8" 2>/dev/null ||
    [ ! -d "$work/locale/de_DE.UTF-8" ]; then
    echo "report_robust.sh: skip the locale case: no de_DE locale can be built here (Debian: locales)"
else
    "$F" report "$basic" --out "$work/c" >/dev/null 2>&1
    want=$(pngs "$work/c")
    [ "$want" -gt 0 ] || fail "no plots in the C locale"
    for var in LANG LC_NUMERIC LC_ALL; do
        rc=0
        env LOCPATH="$work/locale" "$var=de_DE.UTF-8" "$F" report "$basic" --out "$work/de-$var" \
            >"$work/out" 2>"$work/err" || rc=$?
        check_rc "report under $var=de_DE.UTF-8" 0 "$rc"
        got=$(pngs "$work/de-$var")
        [ "$got" = "$want" ] || fail "$var=de_DE.UTF-8: $got plots, $want in the C locale: $(cat "$work/err")"
    done
fi

# N18. A CSV from a pipe (/dev/stdin) has no folder of its own: without --out, a usage
# error and nothing written beside it; with --out, the report.
for how in pipe file; do
    rc=0
    if [ $how = pipe ]; then
        cat "$basic" | "$F" report /dev/stdin >"$work/out" 2>"$work/err" || rc=$?
    else
        "$F" report /dev/stdin <"$basic" >"$work/out" 2>"$work/err" || rc=$?
    fi
    check_rc "report /dev/stdin ($how)" 2 "$rc"
    check_grep "report /dev/stdin ($how)" "not a regular file.*--out DIR" "$work/err"
    if [ -e /dev/stdin-report ]; then
        fail "report /dev/stdin ($how) made /dev/stdin-report"
        [ -w /dev ] && rm -rf /dev/stdin-report # what this test made
    fi
done
rc=0
cat "$basic" | "$F" report /dev/stdin --out "$work/piped" >/dev/null 2>&1 || rc=$?
check_rc "report /dev/stdin --out" 0 "$rc"
[ -s "$work/piped/summary.csv" ] || fail "report /dev/stdin --out wrote no summary.csv"

# N10. TMPDIR missing: report.html still carries its plots (the SVGs are drawn inside the
# report's staging folder, never in TMPDIR), leaving no scratch folder there.
if command -v gnuplot >/dev/null; then
    rc=0
    TMPDIR=$work/missing "$F" report "$basic" --out "$work/notmp" >"$work/out" 2>"$work/err" || rc=$?
    check_rc "report with TMPDIR missing" 0 "$rc"
    grep -q "<svg" "$work/notmp/report.html" || fail "TMPDIR missing: report.html has no plot"
    ! grep -q "not drawn" "$work/notmp/report.html" || fail "TMPDIR missing: report.html says 'not drawn'"
    [ -z "$(find "$work/notmp" -name '*svg*')" ] || fail "TMPDIR missing: a scratch folder is left"
fi

# L2. A TERM while report.html's SVG plots are drawn leaves no forkomp-svg-* in TMPDIR.
mkdir -p "$work/tmp"
seen=0
for _ in 1 2 3; do
    TMPDIR=$work/tmp "$F" report "$basic" --out "$work/svgkill" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 2000); do
        if compgen -G "$work/tmp/forkomp-svg-*" >/dev/null; then
            kill -TERM "$pid" && seen=1
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.005
    done
    wait "$pid"
    left=$(ls -A "$work/tmp")
    [ -z "$left" ] || fail "a TERM in the SVG stage left in TMPDIR: $left"
    [ "$seen" = 1 ] && break
done
[ "$seen" = 1 ] || echo "report_robust.sh: the SVG stage was too short to signal here (checked its end only)"

# N9. Whatever forkomp writes it checks on reading: a value it cannot have written is one
# line naming FILE:LINE: column NAME, exit 2, nothing written.
cols=timestamp,host,kernel,variant,class,model,workers,procs,threads,schedule,tasks,rep,wall_s,user_s,sys_s,maxrss_kib,rss_sum_kib,verified,status,cpus,busy_max_s,busy_min_s
{
    echo "$cols"
    for rep in 1 2 3; do
        echo "2026-01-01T00:00:0${rep}Z,h,primes,trial,A,serial,1,1,1,static,8,$rep,0.0005,0.0005,0,1000,1000,1,ok,2,0.0004,0.0004"
        echo "2026-01-01T00:00:0${rep}Z,h,primes,trial,A,fork,2,2,1,static,8,$rep,0.0003,0.0006,0,1000,2000,1,ok,2,0.0003,0.0002"
    done
} >"$work/good.csv"
rc=0
"$F" report "$work/good.csv" --out "$work/good" >/dev/null 2>"$work/err" || rc=$?
check_rc "report good.csv (the base of the bad rows)" 0 "$rc"
bad_value() { report_bad_row "$1" "$work/good.csv" "$2" "$3" "$4"; } # NAME FIELD VALUE MESSAGE
bad_value hugewall wall_s 1e308 "'1e308' is longer than any run"
bad_value negcpus cpus -4 "'-4' is not a CPU count"
bad_value zerocpus cpus 0 "'0' is not a CPU count"
bad_value verified2 verified 2 "'2' is not 0 or 1"
bad_value rep0 rep 0 "'0' is not a repetition"
bad_value negtasks tasks -8 "'-8' is not a task count"
bad_value threads0 threads 0 "'0' is not a thread count"
bad_value procs7 procs 7 "7 processes x 1 threads is not 2 workers"
bad_value busy busy_max_s 1000 "'1000' is more than a worker can be busy"
bad_value banana status banana "'banana' is not a status"
bad_value yesterday timestamp yesterday "'yesterday' is not a UTC time"
bad_value longhost host "$(head -c 300 /dev/zero | tr '\0' h)" "a name of 300 bytes"
# N5. A 16 MB host name (93 s of work before) is refused at once by the reader, a 300-byte
# one by the name check above; an absurd field in any column too.
for what in host status; do
    awk -F, -v OFS=, -v f="$what" 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i }
        NR == 3 { s = "x"; while (length(s) < 16777216) s = s s; $ix[f] = s } { print }' \
        "$work/good.csv" >"$work/huge-$what.csv"
    rc=0
    "$F" report "$work/huge-$what.csv" --out "$work/huge" >/dev/null 2>"$work/err" || rc=$?
    check_rc "report with a 16 MB $what" 2 "$rc"
    check_grep "report with a 16 MB $what" "huge-$what.csv:3: field [0-9]+ has 16777216 bytes \(at most 65536\)" "$work/err"
done
sed '1s/,status,/,host,/' "$work/good.csv" >"$work/duphost.csv"
rc=0
"$F" report "$work/duphost.csv" --out "$work/bad-dup" >/dev/null 2>"$work/err" || rc=$?
check_rc "report duphost" 2 "$rc"
check_grep "report duphost" "duphost.csv:1: column 19: 'host' is in the header twice" "$work/err"

# N7. Every output is written to a staging folder and moved in at the end: a report killed
# at any moment leaves the earlier report whole (summary.csv, report.md, report.html and
# answer.txt all of one run), no staging folder, and no gnuplot still drawing.
"$F" report "$fixtures/report_old.csv" --out "$work/stage" >/dev/null 2>&1 ||
    fail "report_old.csv into $work/stage failed"
for delay in 0.05 0.15 0.3 0.5 0.8 1.2 1.8; do
    "$F" report "$basic" --out "$work/stage" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"
    sleep 0.2 # a gnuplot left running would still be found here
    ! pgrep -f -- "$work/stage" >/dev/null || fail "killed after ${delay}s: a process still draws in the folder"
    hosts=""
    for f in summary.csv report.md report.html plot-runs.csv; do
        h=$(grep -o -m1 'labhost\|oldhost' "$work/stage/$f" || echo none)
        hosts="$hosts $f:$h"
    done
    case $hosts in
    *labhost*oldhost* | *oldhost*labhost* | *none*) fail "killed after ${delay}s: outputs of two runs:$hosts" ;;
    esac
    [ -z "$(find "$work/stage" -name '.report-new-*')" ] || fail "killed after ${delay}s: a staging folder is left"
    [ -z "$(find "$work/stage" -empty -type f)" ] || fail "killed after ${delay}s: empty files left"
done

# ... killed with -9: gnuplot dies with it (PR_SET_PDEATHSIG), the earlier report stays
# whole, and the next report removes the staging folder the killed one left.
for delay in 0.3 0.8; do
    "$F" report "$basic" --out "$work/stage" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    sleep 0.5
    ! pgrep -f -- "$work/stage" >/dev/null || fail "kill -9 after ${delay}s: gnuplot still draws"
done
"$F" report "$fixtures/report_old.csv" --out "$work/stage" >/dev/null 2>&1 || fail "report after kill -9 failed"
[ -z "$(find "$work/stage" -name '.report-new-*')" ] || fail "a report left the staging folder of a killed one"

# ... but a signal the report ignores (nohup's HUP) does not stop it: held signals are
# seen between the steps only when they would have ended it.
rc=0
(
    trap '' HUP
    exec "$F" report "$basic" --out "$work/nohup" >/dev/null 2>&1
) &
pid=$!
sleep 0.3
kill -HUP "$pid" 2>/dev/null
wait "$pid" || rc=$?
check_rc "report with HUP ignored, sent a HUP" 0 "$rc"
[ -s "$work/nohup/report.html" ] || fail "report with HUP ignored: no report.html"

# ... and on a full disk (a small tmpfs, as root where mount works): the earlier outputs are
# kept as they were, with no torn or empty file and no staging folder, exit 1.
mkdir -p "$work/full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=600k tmpfs "$work/full" 2>/dev/null; then
    fk_cleanup_hook='umount "$work/full"'
    "$F" report "$fixtures/report_old.csv" --out "$work/full/out" >/dev/null 2>&1 ||
        fail "the first report into a 600k tmpfs failed"
    cp -a "$work/full/out" "$work/before"
    rc=0
    "$F" report "$basic" --out "$work/full/out" >/dev/null 2>"$work/err" || rc=$?
    check_rc "report on a full disk" 1 "$rc"
    check_grep "report on a full disk" "No space left on device|write error" "$work/err"
    diff -r "$work/before" "$work/full/out" >/dev/null || fail "a full disk changed the earlier outputs: $(diff -rq "$work/before" "$work/full/out")"
    [ -z "$(find "$work/full" -name '.report-new-*')" ] || fail "a full disk left a staging folder"
    umount "$work/full" && fk_cleanup_hook=:
else
    echo "report_robust.sh: skip the full-disk case: no tmpfs can be mounted here (needs root)"
fi

echo "report_robust.sh: $([ "$fails" = 0 ] && echo ok || echo "$fails failure(s)")"
exit $((fails > 0))
