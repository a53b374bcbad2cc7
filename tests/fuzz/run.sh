#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: builds the libFuzzer targets (fuzz_cli, fuzz_dbf, fuzz_csv) with clang under ASan and UBSan,
# runs every committed input once (the seed corpus and the regression inputs of
# tests/fuzz/regress/TARGET/, crashes found before), then fuzzes each target for its share of
# FUZZ_SECONDS (default 60 in all). New inputs stay in build/fuzz/TARGET/corpus; a crash is
# saved in build/fuzz/TARGET/ and fails the run: commit it to tests/fuzz/regress/TARGET/ with
# the fix. Used by `make fuzz` and CI. Needs clang and libclang-rt-dev (Debian).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
cc=${FUZZ_CC:-clang}
out=build/fuzz
# shellcheck disable=SC2054  # the commas belong to -fsanitize=
flags=(-std=c11 -D_GNU_SOURCE -I. -g -O1 -Wall -Wextra -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all)
declare -A srcs=(
    [cli]="tests/fuzz/fuzz_cli.c harness/base/cli.c harness/base/numparse.c harness/cli/run_opts.c harness/base/placement.c
           harness/engine/reps.c harness/base/stats.c
           kernels/primes/primes_kernel.c kernels/primes/primes.c kernels/primes/primes_ref.c
           kernels/common/util.c kernels/common/class_label.c kernels/common/home.c kernels/common/module.c
           kernels/common/inputs.c kernels/common/suggest.c"
    [dbf]="tests/fuzz/fuzz_dbf.c kernels/shapefiles/dbf_header.c kernels/shapefiles/dbf_rewrite.c kernels/shapefiles/dbf_xattr.c kernels/shapefiles/shp_hash.c kernels/shapefiles/shp_tmp.c kernels/common/proc.c
           kernels/shapefiles/dbf_encode.c kernels/common/util.c harness/base/sys.c"
    [csv]="tests/fuzz/fuzz_csv.c harness/report/csv_read.c harness/base/numparse.c kernels/common/util.c"
)
declare -A maxlen=([cli]=512 [dbf]=4096 [csv]=4096)
targets=(cli dbf csv)

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "fuzz: $cc not found (Debian: apt-get install clang libclang-rt-dev)" >&2
    exit 1
fi
for t in "${targets[@]}"; do
    mkdir -p "$out/$t/corpus"
    # shellcheck disable=SC2086  # the source list is split on purpose
    "$cc" "${flags[@]}" ${srcs[$t]} -o "$out/fuzz_$t" -lxxhash -lprimesieve
done

share=$((seconds / ${#targets[@]}))
((share >= 1)) || share=1
total=0
for t in "${targets[@]}"; do
    shopt -s nullglob
    known=(tests/fuzz/corpus/"$t"/* tests/fuzz/regress/"$t"/*)
    shopt -u nullglob
    echo "fuzz_$t: ${#known[@]} committed inputs, once each"
    "$out/fuzz_$t" "${known[@]}" >"$out/$t/replay.log" 2>&1 ||
        { tail -30 "$out/$t/replay.log"; echo "fuzz_$t: a committed input fails" >&2; exit 1; }
    echo "fuzz_$t: fuzzing for $share s"
    if ! "$out/fuzz_$t" -max_total_time="$share" -max_len="${maxlen[$t]}" -print_final_stats=1 \
        -artifact_prefix="$out/$t/" "$out/$t/corpus" "tests/fuzz/corpus/$t" \
        >"$out/$t/fuzz.log" 2>&1; then
        tail -40 "$out/$t/fuzz.log"
        echo "fuzz_$t: FOUND A CRASH, saved as $(ls -t "$out/$t"/crash-* "$out/$t"/leak-* \
            "$out/$t"/timeout-* 2>/dev/null | head -1)" >&2
        exit 1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t/fuzz.log")
    cov=$(grep -o 'cov: [0-9]*' "$out/$t/fuzz.log" | tail -1)
    echo "fuzz_$t: ${runs:-?} inputs tried, $cov, corpus $(ls "$out/$t/corpus" | wc -l) new, no crash"
    total=$((total + ${runs:-0}))
done
echo "fuzz: $total inputs tried in all, no crash"
