#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# readme.sh: the README's "One example per job" commands, run as written (from a folder of
# their own: bin/forkomp is the binary under test, datasets/ and $PWD/kernels the checkout's,
# ~/data/roads a copy of class S), each must exit 0, and the report they end with must exist.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"
cd "$work" || exit 1
"$F" gen --class S --out "$work/roads" >/dev/null || fail "gen"
cmds=$(awk '/^## One example per job/ {on = 1; next} on && /^    bin\/forkomp/ {print; next}
            on && /^## / {exit}' "$root/README.md")
[ "$(printf '%s\n' "$cmds" | grep -c .)" -ge 6 ] || fail "README: fewer than 6 example commands found"
while IFS= read -r line; do
    cmd=${line#    }
    cmd=${cmd//bin\/forkomp/\"\$F\"}
    cmd=${cmd//\~\/data\/roads/\$work/roads}
    cmd=${cmd//datasets\//\$root/datasets/}
    cmd=${cmd//\$PWD\/kernels/\$root/kernels}
    if ! eval "$cmd" >"$work/out" 2>&1; then
        fail "README example failed: $line"
        tail -5 "$work/out"
    fi
done <<<"$cmds"
[ -s "$work/my-report/report.html" ] || fail "README: the example report is missing"
[ "$fails" = 0 ] && echo "readme.sh: every example of the README ran" || exit 1
