#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: runs test programs one after another and prints one line per program (ok or FAIL,
# with its time), the failing ones' output, and a closing "N passed, N failed" line. The
# programs' own output goes to a log per program (TEST_LOGS, default build/test-logs/), so a
# failure is read whole there. `tests/run.sh [-p PATTERN] CMD...`: with -p (make test T=...)
# only the programs whose name contains PATTERN run; none matching is an error, not a pass.
# Each program runs under `timeout` (TEST_TIMEOUT seconds, default 1200): a hang is a failure.
set -u
pattern=""
if [ "${1:-}" = "-p" ]; then
    pattern=$2
    shift 2
fi
logs=${TEST_LOGS:-build/test-logs}
mkdir -p "$logs"
passed=0 failed=0 failed_names=()
for prog in "$@"; do
    name=$(basename "$prog")
    [ -n "$pattern" ] && [[ "$name" != *"$pattern"* ]] && continue
    log=$logs/${name%.sh}.log
    start=$(date +%s.%N)
    case $prog in
    *.sh) timeout -k 10 "${TEST_TIMEOUT:-1200}" bash "$prog" >"$log" 2>&1 ;;
    *) timeout -k 10 "${TEST_TIMEOUT:-1200}" "$prog" >"$log" 2>&1 ;;
    esac
    rc=$?
    secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
    if [ $rc -eq 0 ]; then
        printf 'ok   %-28s %6ss\n' "$name" "$secs"
        passed=$((passed + 1))
    else
        printf 'FAIL %-28s %6ss (exit %d; log %s)\n' "$name" "$secs" "$rc" "$log"
        sed 's/^/     | /' "$log" | tail -n 60
        failed=$((failed + 1))
        failed_names+=("$name")
    fi
done
if [ $((passed + failed)) -eq 0 ]; then
    echo "run.sh: no test matches '$pattern'" >&2
    exit 2
fi
[ $failed -eq 0 ] || echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
