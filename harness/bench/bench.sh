#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# harness/bench/bench.sh: what `make bench`, `make bench-quick` and `make lab` run. The suite of forkomp runs goes
# into results/<UTC time>-<host>/bench.csv (a new folder each time, never over earlier
# results; results/latest points at the newest), a hyperfine cross-check times whole processes
# beside it, a short `forkomp spawn` run is added when that command exists, and `forkomp
# report` writes summary.csv, report.md and the plots. Exits non-zero when a run failed or
# did not verify, or the report is missing, after writing everything it could.
# manifest.csv beside bench.csv says what ran, one line per forkomp command (see write_manifest
# below): the report reads it to match hyperfine's commands with the harness's runs.
#
#   bash harness/bench/bench.sh full|quick|lab
#
# lab is the class run of `make lab` (a minute on 2 cores): the plan below plus what
# harness/bench/lab.sh adds (4 workers, the MPI models, the lab's Python), and the short
# answer at the end.
#
# Variables (unset or empty: the mode's default; see docs/bench.md):
#   CLASSES      items [KERNEL/]CLASS[:VARIANT[+VARIANT...]][@REPS][%WEIGHT], blank or comma
#                separated; KERNEL is primes unless given, @REPS overrides REPS for that
#                item, %WEIGHT is its part of BUDGET against the others' (1 unless given)
#   MODELS WORKERS REPS WARMUP MAX_REPS   as the forkomp options of the same names (WORKERS:
#                forkomp's default for this machine, 1,2,4 on 2 CPUs; REPS may be auto or
#                auto:PCT, as --reps)
#   BUDGET       seconds for all the kernel commands together: each gets its weight's share
#                of what is left when it starts (forkomp's --budget); "none": no cap
#   HYPERFINE    items (as CLASSES) to time as whole processes; "none" skips hyperfine
#   HF_MODELS HF_WORKERS HF_RUNS  models, worker count and runs of those processes
#   SPAWN_CLASS  class of the `forkomp spawn` run ("none" skips it)
#   RESULTS      the folder of result folders (default results); FORKOMP the binary
#   BENCH_ARGS   extra options for every kernel run (e.g. --pin)
#   LABEL        the host column of every row (forkomp's --label), e.g. a student's name
# The backticks in single quotes below are Markdown, not command substitutions.
# shellcheck disable=SC2016
set -uo pipefail

mode=${1:-full}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
FORKOMP=$(realpath "${FORKOMP:-bin/forkomp}")
[[ -x $FORKOMP ]] || { echo "bench: $FORKOMP is not built (make all)" >&2; exit 2; }

case $mode in
full)
    # Repetitions chosen by the data (--reps auto: 6 or more, until the 95% CI of each
    # group's median is within +-2%), so the classes are the ones that fit 10 minutes on a
    # busy 2-core machine: M (0.5 s serial) for the trial division, S for the ogr way. M
    # comes first with half of BUDGET (weight 4 of 8): it needs about 50 times its serial
    # time for its 6 runs a group; the light items share the rest.
    def_classes="M:trial%4 lab:trial A:sieve shapefiles/W:raw shapefiles/S:ogr"
    def_hyperfine="lab:trial M:trial shapefiles/W:raw" def_reps=auto def_hf_runs=5
    def_budget=420 def_spawn_reps=6 ;;
quick)
    def_classes="lab:trial+sieve shapefiles/S:raw+ogr"
    def_hyperfine="lab:trial" def_reps=3 def_hf_runs=3 ;;
lab)
    # 6 repetitions: the first count with a true 95% interval of the median.
    def_classes="lab:trial shapefiles/S:raw" def_workers=1,2
    def_hyperfine=none def_reps=6 def_hf_runs=3 ;;
*) echo "usage: bash harness/bench/bench.sh full|quick|lab" >&2; exit 2 ;;
esac
# An explicit REPS applies everywhere the default list set its own count.
# shellcheck disable=SC2001
[[ -n ${REPS:-} && -z ${CLASSES:-} ]] && def_classes=$(sed 's/@[0-9]*//g' <<<"$def_classes")
own_classes=${CLASSES:+1}
CLASSES=${CLASSES:-$def_classes}
MODELS=${MODELS:-serial,fork,omp,hybrid}
# The full suite's default worker list grows with the machine (powers of two up to the CPUs,
# the CPU count, twice it: 1,2,4 on 2 CPUs); forkomp computes it, and says it in its help.
WORKERS=${WORKERS:-${def_workers:-$("$FORKOMP" primes --help 2>/dev/null |
    sed -n 's/^default workers on this machine ([0-9]* CPUs): \([0-9,]*\)$/\1/p')}}
[[ -n $WORKERS ]] || { echo "bench: cannot read the default workers from '$FORKOMP primes --help'" >&2; exit 2; }
REPS=${REPS:-$def_reps}
MAX_REPS=${MAX_REPS:-30}
BUDGET=${BUDGET:-${def_budget:-}}
[[ $BUDGET == none ]] && BUDGET=""
WARMUP=${WARMUP:-1}
HYPERFINE=${HYPERFINE:-$def_hyperfine}
HF_MODELS=${HF_MODELS:-fork,omp}
HF_WORKERS=${HF_WORKERS:-2}
HF_RUNS=${HF_RUNS:-$def_hf_runs}
SPAWN_CLASS=${SPAWN_CLASS:-S}
RESULTS=${RESULTS:-results}
BENCH_ARGS=${BENCH_ARGS:-}
LABEL=${LABEL:-}
[[ -n $LABEL ]] && BENCH_ARGS+=" --label $LABEL"

cores=$(nproc)
failures=0
notes=()    # lines for bench-notes.md, which report.md includes
commands=() # the forkomp commands run, for the notes
hf_shown=() # the commands hyperfine timed, for the notes

note() { notes+=("$*"); }
say() { printf '%s\n' "$*" >&2; }
has_command() { "$FORKOMP" --help 2>/dev/null | grep -qE "^  $1 "; }

# A new folder named by UTC time and host; a suffix when two benches start in one second.
make_out_dir() {
    local base dir n=1
    base="$RESULTS/$(date -u +%Y%m%dT%H%M%SZ)-$(hostname -s)"
    mkdir -p "$RESULTS" || exit 2
    dir=$base
    until mkdir "$dir" 2>/dev/null; do
        n=$((n + 1))
        dir="$base-$n"
        ((n < 100)) || { say "bench: cannot create a folder under $RESULTS"; exit 2; }
    done
    printf '%s\n' "$dir"
}

# Points RESULTS/latest at the new folder, and RESULTS/latest-MODE (latest-bench,
# latest-quick, latest-lab) too, so that a make bench-quick after make bench does not hide
# the full run's plots that the exercises name; a name that is not a link is left alone.
link_latest() {
    local name latest
    for name in latest "latest-$(case $mode in full) echo bench ;; *) echo "$mode" ;; esac)"; do
        latest="$RESULTS/$name"
        if [[ -e $latest && ! -L $latest ]]; then
            say "bench: $latest exists and is not a symlink; left alone"
        else
            ln -sfn "$(basename "$out")" "$latest"
        fi
    done
}

out=$(make_out_dir)
# scale_tmp: report_scale_note's 60 MB of rows in TMPDIR while it runs, removed by the EXIT
# trap too when a signal ends the bench in that step.
scale_tmp=""
trap '[[ -z $scale_tmp ]] || rm -rf "$scale_tmp"' EXIT
trap 'say "bench: interrupted; partial results in $out"; exit 130' INT TERM HUP
link_latest

# parse_item ITEM: sets kernel, cls, variants (blank separated; empty: the kernel's default)
# reps and weight (its part of BUDGET against the others', 1 unless given) from
# [KERNEL/]CLASS[:VARIANT[+VARIANT...]][@REPS][%WEIGHT].
parse_item() {
    local item=$1
    kernel=primes reps=$REPS variants="" weight=1
    if [[ $item == *%* ]]; then weight=${item##*%} item=${item%\%*}; fi
    if [[ $item == */* ]]; then kernel=${item%%/*} item=${item#*/}; fi
    if [[ $item == *@* ]]; then reps=${item##*@} item=${item%@*}; fi
    cls=${item%%:*}
    if [[ $item == *:* ]]; then variants=${item#*:}; fi
    variants=${variants//+/ }
}

# The plan: one forkomp command per item and variant, as "kernel class variant reps weight"
# lines, and "models workers" after them when an item has its own (make lab's class L).
plan=()
for item in ${CLASSES//,/ }; do
    parse_item "$item"
    if ! has_command "$kernel"; then
        note "- Skipped \`$item\`: this forkomp has no \`$kernel\` command."
        continue
    fi
    [[ $weight =~ ^[1-9][0-9]*$ ]] || { say "bench: $item: the weight after % is a whole number"; exit 2; }
    for v in ${variants:--}; do plan+=("$kernel $cls $v $reps $weight"); done
done
spawn=0
[[ $SPAWN_CLASS != none ]] && has_command spawn && spawn=1
hf=0
[[ $HYPERFINE != none ]] && command -v hyperfine >/dev/null && hf=1
[[ $HYPERFINE != none && $hf == 0 ]] && note "- hyperfine is not installed: no cross-check."
nsteps=$((${#plan[@]} + spawn + hf + 1))
if [[ $mode == lab ]]; then
    # shellcheck source=harness/bench/lab.sh
    source "$root/harness/bench/lab.sh"
    nsteps=$((nsteps + lab_steps))
fi
step=0

# manifest.csv (harness/bench/manifest.sh): what each forkomp command ran, for the report.
# shellcheck source=harness/bench/manifest.sh
source "$root/harness/bench/manifest.sh"

# Runs one forkomp command, its stdout into bench.log; counts a failure, stops on interrupt.
run_forkomp() {
    local rc
    step=$((step + 1))
    commands+=("forkomp ${*//$out\//}")
    say "== [$step/$nsteps] forkomp ${*//$out\//}"
    printf '== forkomp %s\n' "$*" >>"$out/bench.log"
    "$FORKOMP" "$@" >>"$out/bench.log"
    rc=$?
    if ((rc == 130 || rc == 143)); then say "bench: interrupted; partial results in $out"; exit "$rc"; fi
    if ((rc != 0)); then
        failures=$((failures + 1))
        note "- \`forkomp ${*//$out\//}\` exited with status $rc (see bench.log and the warnings)."
    fi
}

# forkomp_run KERNEL CLASS VARIANT MODELS WORKERS REPS [OPTION...]: one kernel command into
# bench.csv, with the options and BENCH_ARGS (VARIANT "-": the kernel's default), and its
# manifest line, both from the same fields.
forkomp_run() {
    local kernel=$1 cls=$2 variant=$3 models=$4 workers=$5 reps=$6 args
    shift 6
    args=("$kernel" --class "$cls")
    [[ $variant != - ]] && args+=(--variant "$variant")
    # BENCH_ARGS is split into words on purpose: it holds options.
    # shellcheck disable=SC2206
    args+=(--models "$models" --workers "$workers" --reps "$reps" "$@" --csv "$out/bench.csv" $BENCH_ARGS)
    manifest harness "$kernel" "$cls" "$variant" "$models" "$workers" "$bench_schedule" "$bench_pin" \
        "$reps" "$bench_extra" "forkomp ${args[*]//$out\//}"
    run_forkomp "${args[@]}"
}

run_plan() {
    local kernel cls variant reps weight models workers extra begun=$SECONDS share wleft=0 entry
    for entry in "${plan[@]}"; do read -r _ _ _ _ weight _ <<<"$entry"; wleft=$((wleft + weight)); done
    for entry in "${plan[@]}"; do
        read -r kernel cls variant reps weight models workers <<<"$entry"
        extra=(--warmup "$WARMUP")
        [[ $reps == auto* ]] && extra+=(--max-reps "$MAX_REPS")
        if [[ -n $BUDGET ]]; then # its weight's share of what the earlier items left
            share=$(((BUDGET - (SECONDS - begun)) * weight / wleft))
            extra+=(--budget "$((share > 10 ? share : 10))")
        fi
        [[ $mode != quick ]] && extra+=(--control) # the A/A control arm (docs/csv-columns.md)
        wleft=$((wleft - weight))
        forkomp_run "$kernel" "$cls" "$variant" "${models:-$MODELS}" "${workers:-$WORKERS}" "$reps" "${extra[@]}"
    done
    # make bench: 6 repetitions, so that the spawn groups too have a true 95% interval
    if ((spawn)); then
        manifest harness spawn "$SPAWN_CLASS" - - - - - "${def_spawn_reps:-}" "${LABEL:+--label $LABEL}" \
            "forkomp spawn --class $SPAWN_CLASS${def_spawn_reps:+ --reps $def_spawn_reps} --csv bench.csv${LABEL:+ --label $LABEL}"
        run_forkomp spawn --class "$SPAWN_CLASS" ${def_spawn_reps:+--reps "$def_spawn_reps"} --csv "$out/bench.csv" ${LABEL:+--label "$LABEL"}
    fi
}

# A word as hyperfine -N reads it (shell words): quoted only when it must be.
hf_word() { if [[ $1 =~ [[:space:]\'\"] ]]; then printf "'%s'" "$1"; else printf '%s' "$1"; fi; }

# Whole processes timed by hyperfine: forkomp --version (the start-up alone), then each item
# of HYPERFINE with each of HF_MODELS at HF_WORKERS, one run per process.
run_hyperfine() {
    local bin c cmds=() kernel cls variants reps v m
    bin=$(hf_word "$FORKOMP")
    cmds+=("$bin --version")
    manifest hyperfine - - - - - - - - - "$bin --version"

    for item in ${HYPERFINE//,/ }; do
        parse_item "$item"
        has_command "$kernel" || continue
        for v in ${variants:--}; do
            for m in ${HF_MODELS//,/ }; do
                c="$bin $kernel --class $cls"
                [[ $v != - ]] && c+=" --variant $v"
                c+=" --models $m --workers $HF_WORKERS --reps 1 --warmup 0 --quiet"
                [[ -n $BENCH_ARGS ]] && c+=" $BENCH_ARGS"
                cmds+=("$c")
                manifest hyperfine "$kernel" "$cls" "$v" "$m" "$HF_WORKERS" "$bench_schedule" \
                    "$bench_pin" 1 "$bench_extra" "$c"
            done
        done
    done
    step=$((step + 1))
    say "== [$step/$nsteps] hyperfine: ${#cmds[@]} commands, $HF_RUNS runs each after a warm-up"
    if ! hyperfine -N --warmup 1 --runs "$HF_RUNS" --export-json "$out/hyperfine.json" \
        --export-csv "$out/hyperfine.csv" "${cmds[@]}" >&2; then
        failures=$((failures + 1))
        note "- hyperfine failed (a command exited non-zero); its exports may be missing."
    fi
    note "- hyperfine (\`-N --warmup 1 --runs $HF_RUNS\`) timed ${#cmds[@]} whole processes, see the cross-check below."
    for c in "${cmds[@]}"; do hf_shown+=("${c//$FORKOMP/forkomp}"); done
}

# "A (trial), skew (trial)" for the plan entries whose repetitions differ from REPS.
fewer_reps_note() {
    local kernel cls variant reps weight label list="" n=0 counts=""
    for entry in "${plan[@]}"; do
        read -r kernel cls variant reps weight _ <<<"$entry"
        [[ $reps == "$REPS" ]] && continue
        label="$kernel $cls"
        [[ $variant != - ]] && label+=" ($variant)"
        list+="${list:+, }$label"
        [[ " $counts " == *" $reps "* ]] || counts+="${counts:+ }$reps"
        n=$((n + 1))
    done
    ((n)) || return 0
    local why="to keep \`make bench\` under 10 minutes on a 2-core machine"
    [[ -n $own_classes ]] && why="as CLASSES asked"
    note "- **Other repetition counts:** $list ran $counts repetitions (after $WARMUP warm-up) instead of $REPS, $why. With n runs the interval of the median is [min, max], which covers the median with probability 1 - 2^(1-n): $(awk -v n="${counts%% *}" 'BEGIN { printf "%.0f%%", 100 * (1 - 2 ^ (1 - n)) }') at ${counts%% *}. \`make bench REPS=6\` gives 6 everywhere and a full 95% interval, in about 1.7 times the time."
}

# bench-quick only: how long `forkomp report` takes on 1,000,000 synthetic rows (4 groups of
# 250,000), a note rather than a timed test. The interval of the median once took O(n^2) in
# the group size (1M rows ran past 120 s); it is O(n log n) now.
report_scale_note() {
    local tmp rows=1000000 t0 t1
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-report-scale-XXXXXX") || return 0
    scale_tmp=$tmp
    awk -v n=$rows 'BEGIN { srand(1)
        print "timestamp,host,kernel,variant,class,model,workers,wall_s,user_s,sys_s,maxrss_kib,rss_sum_kib,verified,status"
        split("serial fork omp hybrid", m, " ")
        for (i = 0; i < n; i++) { k = i % 4 + 1
            printf "2026-01-01T00:00:00Z,synthetic,primes,trial,A,%s,%d,%.6f,1,0,1000,1000,1,ok\n", m[k], k == 1 ? 1 : 2, 1 + rand() }
    }' >"$tmp/rows.csv"
    t0=$(date +%s.%N)
    if "$FORKOMP" report "$tmp/rows.csv" --out "$tmp/out" >/dev/null 2>&1; then
        t1=$(date +%s.%N)
        note "- \`forkomp report\` on $rows synthetic rows (4 groups of $((rows / 4))) took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s here, plots included (the cost grows as n log n with the rows)."
    else
        note "- **\`forkomp report\` on $rows synthetic rows failed.**"
        failures=$((failures + 1))
    fi
    rm -rf "$tmp"
    scale_tmp=""
}

# bench-notes.md: how the bench was run, for the report's "How this bench was run".
write_notes() {
    local max_w=0 w
    for w in ${WORKERS//,/ }; do ((w > max_w)) && max_w=$w; done
    {
        printf -- '`make %s` on host `%s` (%s cores), started %s UTC; the runs took %d min %02d s before this report.\n\n' \
            "$(case $mode in quick) echo bench-quick ;; lab) echo lab ;; *) echo bench ;; esac)" "$(hostname -s)" "$cores" "$started" $((runs_s / 60)) $((runs_s % 60))
        printf -- '- Load average (1 minute) at the start: %s.%s\n' "$load_start" "$(awk -v l="$load_start" \
            'BEGIN { if (l >= 1) printf " Other work was running: it competes with the bench for the cores, so speedups come out low and noisy (see the warnings)." }')"
        if [[ $REPS == auto* ]]; then
            printf -- '- Models %s at workers %s; repetitions chosen by the data (`--reps %s --max-reps %s`): after %s warm-up, rounds of every model and worker count, each round in a fresh random order, the models compared at one worker count always in the same rounds (so drift in the machine hits them alike), until the 95%% CI of each group'"'"'s median and of each compared pair'"'"'s ratio lies within ±%s%%, with 6 runs at least and %s at most%s; an A/A control (a copy of one model) runs in the same rounds. The results say per group whether that precision was reached and in how many runs.\n' \
                "$MODELS" "$WORKERS" "$REPS" "$MAX_REPS" "$WARMUP" "$(pct=${REPS#auto}; echo "${pct#:}" | sed 's/^$/2/')" "$MAX_REPS" \
                "${BUDGET:+; the kernel commands had $BUDGET s in all (\`--budget\`: each a weighted share of what was left when it started)}"
        else
            printf -- '- Models %s at workers %s, %s repetitions after %s warm-up, in rounds (each round runs every model and worker count once, in a fresh random order, so drift in the machine hits all alike)%s.\n' \
                "$MODELS" "$WORKERS" "$REPS" "$WARMUP" "$([[ $mode != quick ]] && echo ', with an A/A control (a copy of one model) in the same rounds')"
        fi
        if ((max_w > cores)); then
            printf -- '- **Oversubscribed on purpose:** %s workers on %s cores share the cores, so speedup cannot exceed %s there; what each model loses by it is part of the lesson (marked * in the tables).\n' \
                "$max_w" "$cores" "$cores"
        fi
        printf '%s\n' "${notes[@]}"
        printf '\nCommands (their printed output is in `bench.log`):\n\n'
        printf -- '- `%s`\n' "${commands[@]}"
        if ((${#hf_shown[@]})); then
            printf '\nTimed by `hyperfine -N --warmup 1 --runs %s --export-json hyperfine.json --export-csv hyperfine.csv`:\n\n' "$HF_RUNS"
            printf -- '- `%s`\n' "${hf_shown[@]}"
        fi
    } >"$out/bench-notes.md"
}

# Every row of bench.csv must be status ok and verified; the report must exist.
check_results() {
    local bad
    if [[ ! -s $out/bench.csv ]]; then
        say "bench: no rows were written to $out/bench.csv"
        return 1
    fi
    # verified and status come before any column that can hold a comma.
    bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
        $1 == "timestamp" { next }
        $ix["status"] != "ok" || $ix["verified"] != "1" { n++ }
        END { print n + 0 }' "$out/bench.csv")
    if ((bad > 0)); then say "bench: $bad rows of bench.csv failed or did not verify"; fi
    for f in report.md report.html answers.md summary.csv; do
        [[ -s $out/$f ]] || { say "bench: $out/$f is missing"; bad=$((bad + 1)); }
    done
    ls "$out"/*.png >/dev/null 2>&1 || say "bench: warning: no plots (is gnuplot installed?)"
    ((bad == 0))
}

started=$(date -u '+%Y-%m-%d %H:%M:%S')
load_start=$(cut -d' ' -f1 /proc/loadavg)
say "bench ($mode): results in $out; $cores cores; workers $WORKERS$( \
    awk -v w="$WORKERS" -v c="$cores" 'BEGIN { n = split(w, a, ","); for (i = 1; i <= n; i++)
        if (a[i] + 0 > c) o = o (o ? "," : "") a[i]; if (o) printf " (%s oversubscribed: more workers than cores, on purpose)", o }')"
run_plan
[[ $mode == lab ]] && lab_extras
((hf)) && run_hyperfine
runs_s=$SECONDS
fewer_reps_note
[[ $mode == quick ]] && report_scale_note
write_notes
step=$((step + 1))
say "== [$step/$nsteps] forkomp report bench.csv --out $out"
# make lab ends with the short answer, so the report's table goes to bench.log there.
report_log=/dev/stdout
[[ $mode == lab ]] && report_log=$out/bench.log
"$FORKOMP" report "$out/bench.csv" --out "$out" >>"$report_log" || failures=$((failures + 1))
check_results || failures=$((failures + 1))
say "bench: done in $((SECONDS / 60)) min $((SECONDS % 60)) s: $out/report.md$( ((failures)) && echo ", with $failures problem(s) (see above and the report's warnings)")"
[[ $mode == lab ]] && lab_answer
((failures == 0))
