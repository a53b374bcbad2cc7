#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# deps_sets.sh: docs/teaching.md's table "which exercises need which packages" says `make deps`
# installs them all: every package that table names for a lab part or an exercise is in
# harness/deps.sh's run set (make deps), not only in the dev set (make deps-dev). Exercise 6
# needs strace, which once only make deps-dev installed.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

run_set=" $(sed -n '/^run_packages=(/,/)/p' "$root/harness/deps.sh" | tr -d '()' | sed 's/run_packages=//' | tr -s ' \n' '  ') "
[[ -n $run_set ]] || fail "no run_packages in harness/deps.sh"
# The table's rows between its header and the first blank line, but the tests' row (deps-dev).
awk '/^\| part \| needs \|/ { on = 1; next } on && /^$/ { exit } on' "$root/docs/teaching.md" |
    grep -v 'deps-dev' | cut -d'|' -f3 | tr ',' '\n' | sed 's/([^)]*)//g; s/^ *//; s/ *$//' |
    grep -E '^[a-z0-9][a-z0-9.+-]*$' | sort -u >"$work/named"
[[ -s $work/named ]] || fail "no packages read from docs/teaching.md's table"
while read -r p; do
    [[ $run_set == *" $p "* ]] || fail "docs/teaching.md's table names $p, which make deps does not install"
done <"$work/named"
grep -qx strace "$work/named" || fail "docs/teaching.md's table does not name strace (exercise 6)"
finish
