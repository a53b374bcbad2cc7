#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modules.sh: the loadable modules (kernels/common/module.h). bin/forkomp links neither libgdal
# nor libmpi nor libprimesieve; primes runs with the primesieve module alone, and with no
# module at all once its reference sums are cached (a first run without the module says what
# to install); report and spawn run with the module folder pointed at an empty one (as on a
# machine without GDAL or Open MPI) and under `ulimit -v 100000`; the commands that need
# a module that is missing, that needs a library that is missing, or that is not one of this
# forkomp's, exit 2 with one line naming the Debian packages; FORKOMP_MODULE_DIR is honoured,
# by the ranks mpirun starts too.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

mods=$(dirname "$(dirname "$F")")/lib/forkomp # ../lib/forkomp from the binary's folder
empty=$work/empty
mkdir -p "$empty"
quick=(--reps 1 --warmup 0 --quiet)

# one_line NAME FILE PATTERN: FILE is exactly one line, and it matches PATTERN
one_line() {
    [ "$(wc -l <"$2")" = 1 ] || { fail "$1: not one line:"; sed 's/^/    /' "$2"; }
    check_grep "$1" "$3" "$2"
}

# 1. The binary itself needs neither library.
ldd "$F" >"$work/ldd"
# (libasan brings libstdc++ along: that check is for the plain build)
cxx='|libstdc'
grep -q libasan "$work/ldd" && cxx=
if grep -Eq "libgdal|libmpi|libprimesieve$cxx" "$work/ldd"; then
    fail "ldd lists libgdal, libmpi, libprimesieve or libstdc++:"
    cat "$work/ldd"
fi

# 2. primes needs libprimesieve for its reference sums only until they are cached: without
#    any module and with an empty cache (a home of its own) it says what to install, with the
#    primesieve module alone it runs, and after that it runs without any module; report and
#    spawn need no module.
export FORKOMP_HOME=$work/home FORKOMP_MODULE_DIR=$empty
"$F" primes --class S --models serial "${quick[@]}" >"$work/nops.out" 2>&1
check_rc "primes without modules, nothing cached" 2 $?
one_line "primes without modules, nothing cached" "$work/nops.out" \
    "libprimesieve module.*fk-primesieve.so.*libprimesieve-dev"
"$F" primes --class S --models serial --variant sieve "${quick[@]}" >"$work/nosieve.out" 2>&1
check_rc "the sieve variant without the primesieve module" 2 $?
mkdir -p "$work/ps" && ln -s "$mods/fk-primesieve.so" "$work/ps/"
FORKOMP_MODULE_DIR=$work/ps "$F" primes --class S --models serial "${quick[@]}"
check_rc "primes with the primesieve module alone" 0 $?
[ -s "$work/home/datasets/cache/primes-reference.txt" ] ||
    fail "primes did not cache its reference sums in FORKOMP_HOME's cache"
"$F" primes --class S --models serial,fork,omp --workers 2 "${quick[@]}" --csv "$work/p.csv"
check_rc "primes without modules, reference cached" 0 $?
csv_whole "primes without modules" "$work/p.csv" 3
"$PY" -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if all(x["verified"] == "1" for x in r) else 1)' "$work/p.csv" ||
    fail "primes rows with the cached reference do not verify"
unset FORKOMP_HOME
"$PY" -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if all(x["gdal"] == "unused" for x in r) else 1)' "$work/p.csv" ||
    fail "primes rows: the gdal column is not 'unused'"
"$F" report "$work/p.csv" --out "$work/rep" >/dev/null 2>&1
check_rc "report without modules" 0 $?
"$F" spawn --class S --variant fork --reps 1 --quiet >/dev/null 2>"$work/spawn.err"
check_rc "spawn without modules" 0 $?

# 3. ... and the commands that need one say what to install, in one line, exit 2.
"$F" shapefiles --class S --models serial "${quick[@]}" >"$work/shp.out" 2>&1
check_rc "shapefiles without the GDAL module" 2 $?
one_line "shapefiles without the GDAL module" "$work/shp.out" "GDAL module.*fk-gdal.so.*libgdal-dev"
# the same where the class must first be generated (an empty home): nothing printed or made
FORKOMP_HOME=$work/home2 "$F" shapefiles --class S --models serial "${quick[@]}" \
    >"$work/shpgen.out" 2>&1
check_rc "shapefiles without the GDAL module, class not generated yet" 2 $?
one_line "shapefiles without the GDAL module, class not generated yet" "$work/shpgen.out" \
    "GDAL module.*fk-gdal.so.*libgdal-dev"
[ ! -e "$work/home2/datasets/cache" ] || fail "a class was begun without the GDAL module"
"$F" gen --class S --out "$work/gen" >"$work/gen.out" 2>&1
check_rc "gen without the GDAL module" 2 $?
one_line "gen without the GDAL module" "$work/gen.out" "GDAL module.*libgdal-dev"
[ ! -e "$work/gen" ] || fail "gen without the GDAL module created its output folder"
# (FORKOMP_HOME=$work/home: the reference sums cached above, so only the MPI module is missing)
FORKOMP_HOME=$work/home "$F" primes --class S --models mpi --workers 2 "${quick[@]}" \
    >"$work/mpi.out" 2>&1
check_rc "--models mpi without the MPI module" 2 $?
one_line "--models mpi without the MPI module" "$work/mpi.out" "Open MPI module.*libopenmpi-dev openmpi-bin"

# 4. A module whose library is missing (it needs libfkgone.so, built and then removed), and
#    a file that is not one of this forkomp's modules (no table of the right version).
cat >"$work/gone.c" <<'CEOF'
int fk_gone(void) { return 1; }
CEOF
cat >"$work/mod.c" <<'CEOF'
extern int fk_gone(void);
int fk_use_gone(void) { return fk_gone(); }
CEOF
cat >"$work/old.c" <<'CEOF'
struct head { unsigned abi; const char *name; };
const struct head fk_module_gdal = {999, "gdal"};
CEOF
mkdir -p "$work/broken" "$work/old"
cc -shared -fPIC "$work/gone.c" -o "$work/libfkgone.so" &&
    cc -shared -fPIC "$work/mod.c" -L"$work" -lfkgone -o "$work/broken/fk-gdal.so" &&
    cc -shared -fPIC "$work/old.c" -o "$work/old/fk-gdal.so" || fail "cannot build the test modules"
rm -f "$work/libfkgone.so"
FORKOMP_MODULE_DIR=$work/broken "$F" shapefiles --class S "${quick[@]}" >"$work/broken.out" 2>&1
check_rc "a module whose library is missing" 2 $?
one_line "a module whose library is missing" "$work/broken.out" "libfkgone.so.*libgdal-dev"
FORKOMP_MODULE_DIR=$work/old "$F" shapefiles --class S "${quick[@]}" >"$work/old.out" 2>&1
check_rc "a module of another forkomp" 2 $?
one_line "a module of another forkomp" "$work/old.out" "not a GDAL module of this forkomp"

# 5. Little address space (issue 18): forkomp maps only what primes needs. (AddressSanitizer
#    reserves terabytes of shadow memory: a SANITIZE=1 build cannot run under any such limit.)
if grep -q libasan "$work/ldd"; then
    echo "modules.sh: built with AddressSanitizer: the ulimit -v checks are skipped"
else
    (ulimit -v 100000; FORKOMP_HOME=$work/home \
        "$F" primes --class S --models serial,fork,omp --workers 2 "${quick[@]}") \
        >"$work/ulimit.out" 2>&1
    check_rc "primes under ulimit -v 100000" 0 $?
    (ulimit -v 100000; "$F" --version) >/dev/null 2>&1
    check_rc "--version under ulimit -v 100000" 0 $?
    # GDAL's libraries do not fit in 60 MB: the memory limit is named, exit 1 (a failure),
    # not "install libgdal-dev", exit 2 (issue 27 N13)
    (ulimit -v 60000; FORKOMP_MODULE_DIR=$mods "$F" shapefiles --dir "$work" "${quick[@]}") \
        >"$work/ulimit-gdal.out" 2>&1
    check_rc "GDAL under ulimit -v 60000" 1 $?
    one_line "GDAL under ulimit -v 60000" "$work/ulimit-gdal.out" \
        "cannot load forkomp's GDAL module: out of memory .*the memory limit"
    # report out of memory on a good 40 MB CSV: exit 1, not 2 (the input is fine)
    "$F" primes --class S --models serial --reps 1 --warmup 0 --quiet --csv "$work/one.csv"
    "$PY" -c 'import sys; l = open(sys.argv[1]).read().splitlines()
open(sys.argv[2], "w").write(l[0] + "\n" + (l[1] + "\n") * 80000)' "$work/one.csv" "$work/big.csv"
    (ulimit -v 40000; "$F" report "$work/big.csv" --out "$work/big-report") >"$work/oom.out" 2>&1
    check_rc "report out of memory" 1 $?
    check_grep "report out of memory" "out of memory" "$work/oom.out"
    rm -f "$work/big.csv"
fi

# 6. FORKOMP_MODULE_DIR is where modules are found: a copy of the real ones elsewhere works,
#    for the harness and for the ranks of an MPI job (mpirun started by forkomp, or by hand).
cp -r "$mods" "$work/copy"
export FORKOMP_MODULE_DIR=$work/copy
"$F" shapefiles --class S --variant ogr --models serial "${quick[@]}"
check_rc "shapefiles with the modules in FORKOMP_MODULE_DIR" 0 $?
if command -v mpirun >/dev/null 2>&1 && [ -e "$mods/fk-mpi.so" ]; then
    timeout 120 "$F" primes --class S --models mpi --workers 2 "${quick[@]}"
    check_rc "mpi ranks started by forkomp, modules in FORKOMP_MODULE_DIR" 0 $?
    root=()
    [ "$(id -u)" = 0 ] && root=(--allow-run-as-root)
    mv "$work/copy" "$work/moved" # the ranks must take the folder from the launcher's environment
    FORKOMP_MODULE_DIR=$work/moved timeout 120 mpirun "${root[@]}" --oversubscribe -np 2 \
        "$F" primes --class S --models mpi --reps 1 --warmup 0 --quiet
    check_rc "mpi ranks under mpirun, modules in FORKOMP_MODULE_DIR" 0 $?
    FORKOMP_MODULE_DIR=$empty timeout 120 mpirun "${root[@]}" --oversubscribe -np 2 \
        "$F" primes --class S --models mpi --reps 1 --warmup 0 --quiet >"$work/mpirun.out" 2>&1
    [ $? -ne 0 ] || fail "ranks under mpirun without the MPI module: exit 0"
    [ "$(grep -c 'Open MPI module' "$work/mpirun.out")" = 1 ] ||
        { fail "ranks under mpirun without the MPI module: not one message:"; cat "$work/mpirun.out"; }
else
    echo "modules.sh: no mpirun or no MPI module: the MPI checks are skipped"
fi
unset FORKOMP_MODULE_DIR

finish
