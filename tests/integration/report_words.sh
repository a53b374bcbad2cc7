#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_words.sh: the report's words come from data. `forkomp report` writes facts.json
# (harness/report/report_facts.c) and harness/words/forkomp_words.py writes answer.txt and
# answers.md from it, computing nothing: a value changed in facts.json is found in the text
# after the program alone runs again. A kernel the report code never names (the fixture's
# rows renamed to kernel "blurtest", class "T") reaches answer.txt and answers.md. The
# worksheet's questions are data (harness/words/worksheet.json), the same as
# docs/worksheet.md's. Without Python the report says so and exits 1, the data written.
set -u
source "$(dirname "$0")/../lib/fk_test.sh"
words=$root/harness/words/forkomp_words.py

"$F" report "$fixtures/report_basic.csv" --out "$work/rep" >/dev/null 2>"$work/err"
check_rc "report of the fixture" 0 $?
for f in facts.json answer.txt answers.md summary.csv comparisons.csv; do
    [ -s "$work/rep/$f" ] || fail "report wrote no $f"
done
check_grep "answer.txt has the fixture's 4-worker verdict in answers.md" \
    'threads faster: processes take 1\.091x the time of threads \(95% CI 1\.036x to 1\.145x\): fork 600 ms vs omp 550 ms' "$work/rep/answers.md"

# A value changed in facts.json is what the text says: the median of fork at 2 workers
# (the answer's comparison) and the comparison's verdict text.
"$PY" - "$work/rep/facts.json" <<'PY'
import json, sys
p = sys.argv[1]
f = json.load(open(p))
case = f["cases"][f["answer"]["cases"][0]["case"]]
c = [c for c in case["comparisons"] if c["workers"] == 2][0]
case["groups"][c["a_group"]]["median_s"] = 0.0123456
case["groups"][c["a_group"]]["speedup"] = 9.8765
c["text"] = "planted verdict 77.7%"
f["overall"]["memory_ratio_rss"] = 4.321
f["warnings"].append({"kind": "noisy", "host": "labhost", "kernel": "primes", "variant": "trial",
                      "class": "lab", "label": "fork", "workers": 2, "cv_pct": 66.6})
json.dump(f, open(p, "w"))
PY
"$PY" "$words" "$work/rep" --quiet
check_rc "the words program on the changed facts" 0 $?
check_grep "the planted median and verdict in answer.txt" \
    'processes or threads: planted verdict 77.7%: fork 12.35 ms vs omp' "$work/rep/answer.txt"
check_grep "and in answers.md" '^\*\*Answer:\*\* planted verdict 77.7%: fork 12.35 ms' \
    "$work/rep/answers.md"
check_grep "report.md's results row has the planted median and speedup" \
    '^\| processes \| fork \| 2 \| .* \| 12\.35 ms \| .* \| 9\.88 \|' "$work/rep/report.md"
check_grep "report.md's verdict table has the planted verdict" '\| planted verdict 77\.7% \|' "$work/rep/report.md"
check_grep "report.md's memory sentence has the planted ratio" 'average 4\.32x the memory of threads by RSS' \
    "$work/rep/report.md"
check_grep "report.md's warnings have the planted one" '^- fork at 2 workers, primes \(trial\), class lab: noisy, coefficient of variation 67%\.' \
    "$work/rep/report.md"
check_grep "report.html renders them" 'planted verdict 77\.7%' "$work/rep/report.html"

# A kernel no report code names reaches the answer and the worksheet key.
sed '2,$s/,primes,trial,lab,/,blurtest,box,T,/' "$fixtures/report_basic.csv" >"$work/blur.csv"
"$F" report "$work/blur.csv" --out "$work/blur" >/dev/null 2>&1
check_rc "report of a kernel the report does not know" 0 $?
check_grep "answer.txt answers for it" '^blurtest \(box\), class T, 2 workers, processes or threads: .*fork' \
    "$work/blur/answer.txt"
check_grep "answers.md has its case" '^### blurtest \(box\), class T' "$work/blur/answers.md"
check_grep "with its models" '^- 4 workers: fork 600 ms \([0-9.]+x\), omp 550 ms \([0-9.]+x\), hybrid' \
    "$work/blur/answers.md"
grep -q "primes" "$work/blur/answer.txt" && fail "answer.txt names a kernel the data lacks"

# Python's verdict per job of compare.csv, decided in C (every run of one side faster than
# every run of the other), in report.md's Python section; compare_why.py decides none.
mkdir -p "$work/py"
printf '%s\n' "group,label,runs,median_s,min_s,max_s,verified" \
    "primes-lab,python-serial,3,2.0,1.9,2.1,1" "primes-lab,python-pool,3,0.55,0.50,0.60,1" \
    "primes-lab,python-threadpool,3,1.00,0.90,1.10,1" "shapefiles-S,python-pool-fork,3,0.50,0.40,0.60,1" \
    "shapefiles-S,python-threadpool,3,0.52,0.45,0.62,1" >"$work/py/compare.csv"
"$F" report "$fixtures/report_basic.csv" --out "$work/py" >/dev/null 2>&1
check_rc "report with compare.csv" 0 $?
check_grep "primes-lab: processes faster, in every run" \
    '^- \*\*primes-lab\*\*: processes \(python-pool\) 550 ms, .*: processes faster: processes take 0\.550x the time of threads, in every run' \
    "$work/py/report.md"
check_grep "shapefiles-S: the runs overlap" '^- \*\*shapefiles-S\*\*: .*: no clear winner, their run times overlap\.' \
    "$work/py/report.md"
check_grep "the answer's Python line is primes-lab's" "^Python, the lab's prime script, .*processes faster: processes take 0\.550x the time of threads" \
    "$work/py/answer.txt"

# The worksheet's questions: one data file, the same as docs/worksheet.md's.
diff <(grep '^## Q[0-9]' "$root/docs/worksheet.md") \
    <("$PY" -c 'import json, sys
for n, q in enumerate(json.load(open(sys.argv[1]))["questions"], 1): print("## Q%d. %s" % (n, q["question"]))' \
        "$root/harness/words/worksheet.json") || fail "docs/worksheet.md and worksheet.json differ"

# No Python: a clear message, exit 1, and (outputs are published together or not at all) no
# output written.
PYTHON=/nonexistent/python3 "$F" report "$fixtures/report_basic.csv" --out "$work/nopy" \
    >/dev/null 2>"$work/nopy.err"
check_rc "report without Python" 1 $?
check_grep "says Python is missing" 'python3 not found: the report.s words need Python 3' "$work/nopy.err"
if [ -e "$work/nopy/facts.json" ]; then fail "facts.json published without the words"; fi
finish
