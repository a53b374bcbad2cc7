#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# answer_case.sh: the worksheet key (answers.md, Q6) and the short answer (answer.txt) name
# each shapefile case with the class and variant that were measured (and the lesson of
# harness/words/worksheet.json's "lessons"): `make bench` runs class S
# through ogr only, and the key once labelled those numbers "shapefiles (raw), class S". With
# the lab's two classes, each line also names its lesson (S: what starting workers costs).
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

"$F" shapefiles --class S --variant ogr --models serial,fork,omp --workers 1,2 --reps 1 \
    --warmup 0 --quiet --csv "$work/b.csv"
check_rc "ogr runs" 0 $?
"$F" report "$work/b.csv" --out "$work/r" >/dev/null 2>&1
check_rc "report" 0 $?
sed -n '/^## Q6\./,/^## Q7\./p' "$work/r/answers.md" >"$work/q6"
check_grep "Q6 names the case measured" "^\*\*Answer:\*\* shapefiles \(ogr\), class S, what starting workers costs: " "$work/q6"
grep -q "(raw)" "$work/q6" && fail "Q6 speaks of raw, which was not measured: $(cat "$work/q6")"
check_grep "answer.txt names the case" "^shapefiles \(ogr\), class S, what starting workers costs, 2 workers: speedup over serial fork [0-9.]+, omp [0-9.]+ \(serial " "$work/r/answer.txt"
[[ $(grep -c '^shapefiles' "$work/r/answer.txt") == 1 ]] || fail "one shapefile case, not one line: $(cat "$work/r/answer.txt")"
finish
