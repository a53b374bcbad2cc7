#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench_interrupt.sh: an interrupted `make bench-quick` leaves nothing in TMPDIR (issue 27,
# L1): its report-scale step writes 60 MB of rows there, removed by bench.sh's traps when a
# SIGTERM to the whole process group comes during that step (SIGINT, as a Ctrl-C sends, is
# ignored by a job started with & in a script, so TERM stands for it here). A stand-in forkomp makes
# every run instant and the scale step's report wait, so the signal lands in that step.
set -uo pipefail
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

mkdir -p "$work/tmp" "$work/results"
cat >"$work/fake-forkomp" <<FAKE
#!/usr/bin/env bash
case "\$*" in
*forkomp-report-scale-*) touch "$work/in-scale"; exec sleep 300 ;;
*--help*) exec "$F" "\$@" ;;
esac
exit 0
FAKE
chmod +x "$work/fake-forkomp"
TMPDIR=$work/tmp RESULTS=$work/results FORKOMP=$work/fake-forkomp HYPERFINE=none SPAWN_CLASS=none \
    setsid bash "$root/harness/bench/bench.sh" quick >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 600); do [ -e "$work/in-scale" ] && break; sleep 0.1; done
if [ ! -e "$work/in-scale" ]; then
    fail "bench.sh never reached its report-scale step: $(tail -n 3 "$work/log")"
else
    ls "$work/tmp"/forkomp-report-scale-*/rows.csv >/dev/null 2>&1 ||
        fail "the scale step's rows.csv is not where this test looks"
    kill -TERM -- -"$pid"
fi
wait "$pid"
left=$(ls -A "$work/tmp")
[ -z "$left" ] || fail "an interrupted bench left in TMPDIR: $left"
exit $((fails > 0))
