# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# harness/bench/manifest.sh: manifest.csv, what `make bench` ran (sourced by bench.sh, whose
# $out and BENCH_ARGS it uses). One line per forkomp command run, so that `forkomp report`
# knows what each was without re-parsing command lines (harness/report/report_hf_load.c).
# Columns: timed_by (harness: its runs are rows of bench.csv; hyperfine: timed as a whole
# process), kernel ("-" for `forkomp --version`, the start-up alone), class, variant, models,
# workers, schedule and pin (from BENCH_ARGS), reps, extra (BENCH_ARGS) and command: for
# hyperfine the exact name it timed the command under (hyperfine.csv's command column).
# "-": not given (forkomp's default). CSV, quoted where a field holds a comma or a quote.
# shellcheck disable=SC2154 # out: bench.sh's results folder
csv_field() { if [[ $1 == *[,\"]* ]]; then printf '"%s"' "${1//\"/\"\"}"; else printf '%s' "$1"; fi; }
manifest() {
    local f line=""
    for f in "$@"; do line+="${line:+,}$(csv_field "${f:--}")"; done
    printf '%s\n' "$line" >>"$out/manifest.csv"
}
printf 'timed_by,kernel,class,variant,models,workers,schedule,pin,reps,extra,command\n' >"$out/manifest.csv"

# bench_opt NAME: the value of --NAME in BENCH_ARGS ("-" when absent, "linear" for a bare
# --pin, as forkomp reads it), for the manifest.
bench_opt() {
    local words i
    read -ra words <<<"$BENCH_ARGS"
    for ((i = 0; i < ${#words[@]}; i++)); do
        case ${words[i]} in
        --"$1"=*) printf '%s' "${words[i]#*=}"; return ;;
        --"$1") if [[ -n ${words[i + 1]:-} && ${words[i + 1]} != -* ]]; then printf '%s' "${words[i + 1]}"
            elif [[ $1 == pin ]]; then printf linear; fi; return ;;
        esac
    done
    printf -- -
}
# shellcheck disable=SC2034 # read by bench.sh
bench_schedule=$(bench_opt schedule) bench_pin=$(bench_opt pin) bench_extra=${BENCH_ARGS#"${BENCH_ARGS%%[! ]*}"}
