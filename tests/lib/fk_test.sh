# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# fk_test.sh: the start and helpers shared by the integration tests; sourced, never run on
# its own (it is not tests/*.sh). A test that stops at the first unexpected failure sets
# `set -euo pipefail` before sourcing it: nothing here fails under it, the exit trap included.
# Each test gets a private folder $work (removed on exit) whose path is the marker that finds
# any process a test left behind: every forkomp started here names a file under $work.

F=${FORKOMP:-bin/forkomp}
case $F in /*) ;; *) F=$PWD/$F ;; esac
PY=/usr/bin/python3 # the system Python (a pyenv python3 on PATH may lack modules)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd) # the checkout
# shellcheck disable=SC2034 # used by the tests that source this file
fixtures=$root/tests/fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/fk-test-XXXXXX")
fails=0
fk_cleanup_hook=: # a test may set this to a command (e.g. umount) run before removal
# each step "|| true": under set -e a failing step (pkill finding nothing) would end the trap
trap 'eval "$fk_cleanup_hook" || true; pkill -KILL -f -- "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

fail() {
    echo "FAIL $*"
    fails=$((fails + 1))
}

check_rc() { # check_rc NAME WANT GOT
    [ "$2" = "$3" ] || fail "$1: exit $3, expected $2"
}

check_grep() { # check_grep NAME PATTERN FILE: FILE has a line matching the extended regex
    grep -Eq -- "$2" "$3" || { fail "$1: no line matches '$2' in:"; sed 's/^/    /' "$3"; }
}

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }

# report_bad_row NAME BASE FIELD VALUE MESSAGE: BASE (a CSV forkomp report takes) with line 3's
# FIELD set to VALUE is refused: exit 2, one stderr line "NAME.csv:3: column FIELD: MESSAGE"
# (an extended regex), and no summary.csv written.
report_bad_row() {
    local name=$1 base=$2 field=$3 value=$4 want=$5 rc=0
    awk -F, -v OFS=, -v f="$field" -v v="$value" 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i }
        NR == 3 { $ix[f] = v } { print }' "$base" >"$work/$name.csv"
    "$F" report "$work/$name.csv" --out "$work/bad-$name" >/dev/null 2>"$work/err" || rc=$?
    check_rc "report $name" 2 "$rc"
    check_grep "report $name" "$name.csv:3: column $field: $want" "$work/err"
    [ "$(wc -l <"$work/err")" = 1 ] || fail "report $name: not one line: $(cat "$work/err")"
    [ ! -e "$work/bad-$name/summary.csv" ] || fail "report $name wrote a summary"
}

# csv_whole NAME FILE [ROWS]: every line of FILE is a whole row (a newline at the end of the
# file, every record as many fields as the header), and there are ROWS data rows when given.
csv_whole() {
    local name=$1 file=$2 rows=${3:-}
    if [ ! -s "$file" ]; then fail "$name: $file is missing or empty"; return; fi
    local why
    why=$("$PY" - "$file" "$rows" <<'PYEOF'
import csv, sys
path, want = sys.argv[1], sys.argv[2]
data = open(path, newline="").read()
if not data.endswith("\n"):
    print("the last line is torn (no newline at the end)"); sys.exit()
rows = list(csv.reader(data.splitlines()))
head = rows[0]
if head[0] != "timestamp":
    print("no header line"); sys.exit()
body = [r for r in rows[1:] if r != head]
bad = [i + 2 for i, r in enumerate(rows[1:]) if len(r) != len(head)]
if bad:
    print("lines %s do not have %d fields" % (bad[:5], len(head))); sys.exit()
if want and len(body) != int(want):
    print("%d data rows, expected %s" % (len(body), want))
PYEOF
)
    [ -z "$why" ] || fail "$name: $file: $why"
}

# csv_status FILE: the model and status columns of FILE, "model status" per line.
csv_status() {
    "$PY" -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])): print(r["model"], r["status"])' "$1"
}

# no_leftovers NAME MARKER: no process whose command line holds MARKER survives (killed
# workers may take a moment to be reaped by the kernel: wait up to 5 s for them).
no_leftovers() {
    local name=$1 marker=$2
    for _ in $(seq 50); do
        pgrep -f -- "$marker" >/dev/null || return 0
        sleep 0.1
    done
    fail "$name: processes left behind:"
    pgrep -af -- "$marker" | sed 's/^/    /'
    pkill -KILL -f -- "$marker"
}

# no_zombies NAME PID: no child of PID (or of its children) stays a zombie: a zombie seen
# twice, 0.5 s apart, was never reaped.
no_zombies() {
    local name=$1 pid=$2 first second
    zombies() {
        ps -eo pid=,ppid=,stat= | awk -v p="$pid" '
            { ppid[$1] = $2; stat[$1] = $3 }
            END { for (q in stat) if (stat[q] ~ /^Z/ && (ppid[q] == p || ppid[ppid[q]] == p))
                      print q }' | sort
    }
    first=$(zombies)
    [ -n "$first" ] || return 0
    sleep 0.5
    second=$(comm -12 <(echo "$first") <(zombies))
    [ -z "$second" ] || fail "$name: zombie processes never reaped: $second"
}

# is_root: mounting a small tmpfs (full-disk and read-only tests) needs root.
is_root() { [ "$(id -u)" = 0 ]; }

# small_fs DIR SIZE [OPTS]: mounts a tmpfs of SIZE on DIR (unmounted on exit). Fails when it
# cannot (not root, or no mount permission in a container).
small_fs() {
    mkdir -p "$1"
    mount -t tmpfs -o "size=$2${3:+,$3}" tmpfs "$1" 2>/dev/null || return 1
    fk_cleanup_hook="$fk_cleanup_hook; umount -l '$1' 2>/dev/null"
}

finish() {
    if [ "$fails" -ne 0 ]; then
        echo "$(basename "$0"): $fails check(s) failed"
        exit 1
    fi
    echo "$(basename "$0"): all checks passed"
}
