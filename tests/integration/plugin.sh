#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# plugin.sh: `forkomp plugin FILE.so` with the example task (docs/examples/blur: a 3x3 blur
# of generated rasters, verified against a plain serial blur) in every model, MPI included
# when mpirun exists; a task that answers wrong is caught by its verify;
# objects of another contract version, without the entry point, or not loadable, and bad
# inputs, are refused with one line and exit 2, nothing run.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

cp -r "$root/docs/examples/blur" "$work/blur"
rm -f "$work/blur/libblur.so"
make -s -C "$work/blur" FORKOMP_INCLUDE="$root/kernels" >"$work/make.log" 2>&1 ||
    { fail "make the blur example:"; cat "$work/make.log"; }
lib=$work/blur/libblur.so
models=serial,fork,omp,hybrid
command -v mpirun >/dev/null 2>&1 && [ -e "$root/lib/forkomp/fk-mpi.so" ] && models=$models,mpi,mpi-omp
printf '# rasters\n256x256\n\n300x200\n1x1\n512x64\n' >"$work/rasters.txt"
timeout 300 "$F" plugin "$lib" --inputs-file "$work/rasters.txt" --name rasters --models $models \
    --workers 2 --reps 1 --warmup 0 --quiet --csv "$work/blur.csv"
check_rc "blur in $models" 0 $?
n=$(tr ',' '\n' <<<"$models" | wc -l)
echo "plugin.sh: the blur example in $models"
csv_whole "blur rows" "$work/blur.csv" "$n"
"$PY" - "$work/blur.csv" "$models" <<'PYEOF' || fail "blur rows: wrong columns"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert {r["model"] for r in rows} == set(sys.argv[2].split(",")), [r["model"] for r in rows]
assert all(r["kernel"] == "plugin" and r["variant"] == "blur3x3" and r["class"] == "rasters"
           and r["verified"] == "1" and r["tasks"] == "4" for r in rows)
assert len({r["result"] for r in rows}) == 1
PYEOF

# the contract's checks: version, entry point, a whole table; and the task's own verify
cat >"$work/task.c" <<'CEOF'
#include <stdio.h>
#include "forkomp_task.h"
#ifndef VERSION
#define VERSION FORKOMP_TASK_VERSION
#endif
static int prep(const char *const *in, size_t n, void **st, size_t *nt, char *err, size_t len)
{
    (void)in, (void)err, (void)len;
    *st = (void *)1;
    *nt = n;
    return 0;
}
static __thread int calls; /* WRONG: every call of a thread after its first answers wrong */
static int run(void *st, size_t i, forkomp_task_result_t *out)
{
    (void)st;
    out->value = i + (uint64_t)(calls++ > 0 && WRONG);
    return 0;
}
static int verify(void *st, const uint64_t *v, const uint64_t *aux, size_t n, char *why, size_t len)
{
    (void)st, (void)aux;
    for (size_t i = 0; i < n; i++)
        if (v[i] != i)
            return snprintf(why, len, "task %zu answered %llu", i, (unsigned long long)v[i]), 0;
    return 1;
}
static void rel(void *st) { (void)st; }
static const forkomp_task_t t = {VERSION, "t", prep, run, verify, rel};
const forkomp_task_t *ENTRY(void) { return &t; }
CEOF
so() { # so NAME CFLAGS...
    local name=$1
    shift
    cc -std=c99 -fPIC -shared -I"$root/kernels" "$@" -o "$work/$name.so" "$work/task.c" ||
        fail "build $name.so"
}
so good -DENTRY=forkomp_task -DWRONG=0
so v2 -DENTRY=forkomp_task -DWRONG=0 -DVERSION=2
so noentry -DENTRY=something_else -DWRONG=0
so wrong -DENTRY=forkomp_task -DWRONG=1
"$F" plugin "$work/good.so" --inputs a,b,c,d --models serial,fork,omp --workers 2 --reps 1 --warmup 0 --quiet
check_rc "a good task" 0 $?
"$F" plugin "$work/wrong.so" --inputs a,b,c,d,e,f --models omp --workers 1 --reps 1 --warmup 0 \
    --csv "$work/wrong.csv" --quiet 2>/dev/null
check_rc "a task that answers wrong" 1 $?
check_grep "its verify names it" "omp failed:wrong result: task 1 answered 2" <(csv_status "$work/wrong.csv")

bad() { # bad NAME PATTERN ARGS...
    local name=$1 pattern=$2
    shift 2
    "$F" plugin "$@" --models serial --reps 1 --csv "$work/bad.csv" >"$work/bad.out" 2>"$work/bad.err"
    check_rc "$name" 2 $?
    check_grep "$name: message" "$pattern" "$work/bad.err"
    [ ! -e "$work/bad.csv" ] || { fail "$name: something ran"; rm -f "$work/bad.csv"; }
}
printf '# nothing\n' >"$work/empty.txt"
bad "another contract version" "v2.so: built for version 2 of forkomp_task.h, this forkomp takes version 1" \
    "$work/v2.so" --inputs a
bad "no entry point" "noentry.so: no forkomp_task\(\) entry point" "$work/noentry.so" --inputs a
bad "missing object" "nothere.so: No such file" "$work/nothere.so" --inputs a
bad "not an object" "task.c: cannot load" "$work/task.c" --inputs a
bad "no object" "give the shared object" --inputs a
bad "empty inputs file" "empty.txt: no inputs" "$lib" --inputs-file "$work/empty.txt"
bad "a malformed input" "input 'big': give WIDTHxHEIGHT" "$lib" --inputs 8x8,big
finish
