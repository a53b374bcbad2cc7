#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# sizes.sh: the size rules of the sources (docs/design.md): no C, shell or Python file over
# 400 lines, no C function over 60 lines (from the '{' at the start of a line to the '}' at
# the start of a line, as clang-format lays functions out). Files still waiting to be split
# are listed, with the reason, in tests/lint/size_debt.txt: a listed file may not grow, and
# anything else over the limits fails. Run by `make test` (make lint).
set -u
cd "$(dirname "$0")/../.."
debt=tests/lint/size_debt.txt
fails=0
allowed() { # allowed FILE LINES: 0 when FILE is listed with at least LINES
    awk -v f="$1" -v n="$2" '$1 == f && $2 + 0 >= n + 0 { ok = 1 } END { exit !ok }' "$debt"
}
while IFS= read -r f; do
    n=$(wc -l <"$f")
    if ((n > 400)) && ! allowed "$f" "$n"; then
        echo "sizes: $f has $n lines (at most 400; split it)"
        fails=$((fails + 1))
    fi
done < <(git ls-files '*.c' '*.h' '*.sh' '*.py')
while IFS= read -r f; do
    awk -v f="$f" '/^\{/ { start = FNR; name = prev } /^\}/ && start {
            if (FNR - start - 1 > 60) printf "sizes: %s:%d: %s has %d lines (at most 60)\n",
                f, start, name, FNR - start - 1
            start = 0 }
        { if ($0 !~ /^[{}]/) prev = $0 }' "$f"
done < <(git ls-files '*.c') >"${TMPDIR:-/tmp}/sizes.$$"
while IFS= read -r line; do
    echo "$line"
    fails=$((fails + 1))
done <"${TMPDIR:-/tmp}/sizes.$$"
rm -f "${TMPDIR:-/tmp}/sizes.$$"
if ((fails)); then echo "sizes: $fails over the limits"; exit 1; fi
echo "sizes: every file within 400 lines (or listed debt), every function within 60"
