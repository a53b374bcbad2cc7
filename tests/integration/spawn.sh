#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# spawn.sh: `forkomp spawn` runs briefly (class S) and writes well-formed rows of the CSV
# contract: as many columns as the header, kernel spawn, every mechanism present, numeric
# per-op times, every operation counted as succeeded. No assertion on the times themselves.
# Also: its help, and usage errors exit 2 naming the bad argument.
set -u
F=${FORKOMP:-bin/forkomp}
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-test-spawn-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

"$F" spawn --help >"$tmp/help" || fail "spawn --help exited $?"
grep -q 'pool-task' "$tmp/help" || fail "spawn --help does not list the mechanisms"

for bad in "--variant nosuch" "--class Z" "--reps 0" "--workers 0" "--bogus" "--models fork"; do
    # shellcheck disable=SC2086
    "$F" spawn $bad >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 2 ] || fail "spawn $bad: exit $rc, expected 2"
    grep -q -- "${bad%% *}" "$tmp/err" || fail "spawn $bad: the message does not name it"
done

"$F" spawn --class S --reps 2 --workers 1,2 --csv "$tmp/spawn.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] || { fail "spawn --class S: exit $rc"; cat "$tmp/err"; }
grep -q 'pipe-task' "$tmp/out" || fail "spawn printed no table"

# The rows, read with a real CSV parser (context columns may hold quoted commas).
"$PY" - "$tmp/spawn.csv" "$tmp/help" <<'EOF' || fails=$((fails + 1))
import csv, math, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
header, body = rows[0], rows[1:]
mechs = set(re.findall(r"^  (\S+)\s+(?:process|thread)\s", open(sys.argv[2]).read(), re.M))
problems = []
if not body:
    problems.append("no rows")
for i, r in enumerate(body, 2):
    if len(r) != len(header):
        problems.append("line %d: %d columns, header has %d" % (i, len(r), len(header)))
        continue
    row = dict(zip(header, r))
    try:
        per_op = float(row["per_op_s"])
        ok = math.isfinite(per_op) and float(row["wall_s"]) > 0
    except ValueError:
        ok = False
    if not ok:
        problems.append("line %d: per_op_s %r / wall_s %r" % (i, row["per_op_s"], row["wall_s"]))
    if row["kernel"] != "spawn" or row["variant"] not in mechs:
        problems.append("line %d: kernel %s variant %s" % (i, row["kernel"], row["variant"]))
    if row["model"] not in ("process", "thread"):
        problems.append("line %d: model %s" % (i, row["model"]))
    if not (int(row["tasks"]) >= 1 and row["result"] == row["tasks"]):
        problems.append("line %d: %s of %s operations" % (i, row["result"], row["tasks"]))
    if row["verified"] != "1" or row["status"] != "ok":
        problems.append("line %d: verified %s status %s" % (i, row["verified"], row["status"]))
seen = {r[header.index("variant")] for r in body if len(r) == len(header)}
if seen != mechs:
    problems.append("mechanisms missing: %s" % sorted(mechs - seen))
classes = {r[header.index("class")] for r in body if len(r) == len(header)}
if not {"base", "10MiB"} <= classes:
    problems.append("classes %s, expected base and 10MiB" % sorted(classes))
for p in problems[:10]:
    print("FAIL spawn CSV: " + p)
sys.exit(1 if problems else 0)
EOF

# --variant selects mechanisms; --quiet prints nothing.
"$F" spawn --class S --reps 1 --variant pthread --csv "$tmp/one.csv" --quiet >"$tmp/out" 2>&1 ||
    fail "spawn --variant pthread: exit $?"
[ "$(grep -c ',spawn,pthread,' "$tmp/one.csv")" = 1 ] || fail "--variant pthread: not one row"
[ -s "$tmp/out" ] && fail "--quiet printed: $(head -2 "$tmp/out")"

[ $fails = 0 ] && echo "spawn: ok" || echo "spawn: $fails failure(s)"
[ $fails = 0 ]
