#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# dir_class.sh: every `shapefiles --dir` folder is a class of its own (dir-HASH-NAME, HASH of
# its real path), so the report never pools two folders into one group: two folders of the
# same name and content in one CSV give two classes and two groups, each named whole in the
# printed table; the same folder reached by another path keeps its
# class; a name with blanks becomes a name gnuplot can split on.
set -euo pipefail

# shellcheck source=tests/lib/shp_test.sh
. "$(dirname "$0")/../lib/shp_test.sh"
shp_test_setup dirclass

"$FORKOMP" gen --class S --out "$tmp/a/shp" >/dev/null
mkdir -p "$tmp/b" "$tmp/c d"
cp -r "$tmp/a/shp" "$tmp/b/shp"
cp -r "$tmp/a/shp" "$tmp/c d/x y"
ln -s "$tmp/a" "$tmp/link"
for d in "$tmp/a/shp" "$tmp/b/shp" "$tmp/c d/x y" "$tmp/link/shp/"; do
    "$FORKOMP" shapefiles --dir "$d" --models serial --reps 1 --warmup 0 --quiet \
        --csv "$tmp/runs.csv" || fail "--dir $d exited $?"
done

# class_of N: the class of data row N of runs.csv, by the column's name.
class_of() {
    awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "class") c = i; next }
        NR == n + 1 { print $c }' "$tmp/runs.csv"
}
a=$(class_of 1) b=$(class_of 2) cd=$(class_of 3) link=$(class_of 4)
[[ "$a" =~ ^dir-[0-9a-f]{8}-shp$ ]] && pass "class $a" || fail "class of a/shp: '$a'"
[[ "$b" =~ ^dir-[0-9a-f]{8}-shp$ && "$b" != "$a" ]] && pass "b/shp: $b, not $a" ||
    fail "two folders of one name share a class: '$a' '$b'"
[[ "$cd" =~ ^dir-[0-9a-f]{8}-x_y$ ]] && pass "a blank made '_': $cd" || fail "class of 'x y': '$cd'"
[[ "$link" == "$a" ]] && pass "the same folder by another path: $link" ||
    fail "a/shp through a symlink: '$link', not '$a'"

# The report keeps them apart: three serial groups of 2, 1 and 1 runs, not one of 4.
"$FORKOMP" report "$tmp/runs.csv" --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr" ||
    fail "report exited $? ($(cat "$tmp/stderr"))"
groups=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
    { print $ix["class"] ":" $ix["runs"] }' "$tmp/out/summary.csv" | sort | tr '\n' ' ')
want=$(printf '%s\n' "$a:2" "$b:1" "$cd:1" | sort | tr '\n' ' ')
[[ "$groups" == "$want" ]] && pass "report groups: $groups" || fail "report groups '$groups', expected '$want'"
for c in "$a" "$b" "$cd"; do # the printed table's class column is as wide as its classes
    grep -q "^shapefiles *raw *$c serial " "$tmp/stdout" || fail "the table lacks the class $c"
done
grep -qF "class $b" "$tmp/out/report.md" && grep -qF "class $a" "$tmp/out/report.md" &&
    pass "report.md has a section per folder" || fail "report.md lacks a section of $a or $b"

shp_test_finish
