#!/usr/bin/env bash
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

echo "report_robust.sh: $([ "$fails" = 0 ] && echo ok || echo "$fails failure(s)")"
exit $((fails > 0))
