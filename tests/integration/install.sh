#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install.sh: `make install` into a DESTDIR, then the installed forkomp, run from `/` (and from
# a folder of its own), with no FORKOMP_HOME and no FORKOMP_MODULE_DIR: primes, shapefiles
# (raw and ogr: the GDAL module found beside the installed binary), an mpi model (the ranks
# load the installed MPI module), report (plots from the installed gnuplot script), results
# written under the working directory and the dataset cache under XDG_CACHE_HOME, never in the
# source tree; `man -l` renders the installed page; `make uninstall` leaves nothing behind.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

src=$(cd "$(dirname "$0")/../.." && pwd)
san=0
case $F in */build/san/bin/forkomp) san=1 ;; esac
dest=$work/dest prefix=/opt/fk-test
# make with the compiler and CFLAGS the binary under test was built with (the build's stamp),
# so that installing rebuilds nothing
stamp=$src/build/$([ $san = 1 ] && echo san || echo rel)/cc.txt
read -r cc cflags <"$stamp" 2>/dev/null || cc=gcc cflags=
mk() { make -s -C "$src" SANITIZE=$san CC="$cc" CFLAGS="$cflags" DESTDIR="$dest" \
    PREFIX="$prefix" "$@"; }
mk install >"$work/install.log" 2>&1 || { fail "make install:"; cat "$work/install.log"; }
I=$dest$prefix/bin/forkomp
for f in bin/forkomp include/forkomp_task.h share/forkomp/fk_pyrun.py share/forkomp/forkomp.gp \
    share/forkomp/forkomp-tasksize.gp share/forkomp/fetch-real.sh share/forkomp/forkomp_words.py \
    share/forkomp/worksheet.json share/man/man1/forkomp.1 lib/forkomp/fk-gdal.so; do
    [ -e "$dest$prefix/$f" ] || fail "make install did not install $prefix/$f"
done
unset FORKOMP_HOME FORKOMP_MODULE_DIR
export XDG_CACHE_HOME=$work/cache
out=$work/out
mkdir -p "$out" "$work/run"
quick=(--reps 1 --warmup 0 --quiet)

cd /
"$I" --version | grep -q '^forkomp ' || fail "installed --version"
"$I" primes --class S --models serial,fork,omp --workers 2 "${quick[@]}" --csv "$out/runs.csv"
check_rc "installed primes, from /" 0 $?
for v in raw ogr; do
    "$I" shapefiles --class S --variant $v --models serial,fork --workers 2 "${quick[@]}" \
        --csv "$out/runs.csv" 2>"$work/shp-$v.err"
    check_rc "installed shapefiles --variant $v, from /" 0 $?
done
ls -d "$XDG_CACHE_HOME"/forkomp/S-seed* >/dev/null 2>&1 ||
    fail "the installed forkomp did not keep its dataset cache in \$XDG_CACHE_HOME/forkomp"
if command -v mpirun >/dev/null 2>&1 && [ -e "$dest$prefix/lib/forkomp/fk-mpi.so" ]; then
    timeout 120 "$I" primes --class S --models mpi --workers 2 "${quick[@]}" --csv "$out/runs.csv"
    check_rc "installed primes --models mpi, from /" 0 $?
else
    echo "install.sh: no mpirun or no MPI module: the mpi check is skipped"
fi
csv_whole "installed runs" "$out/runs.csv"
"$I" report "$out/runs.csv" --out "$out/report" >"$work/report.out" 2>&1
check_rc "installed report, from /" 0 $?
[ -s "$out/report/report.md" ] || fail "installed report: no report.md"
[ -s "$out/report/answers.md" ] || fail "installed report: no answers.md (the installed words program not found?)"
if command -v gnuplot >/dev/null 2>&1; then
    ls "$out/report"/*.png >/dev/null 2>&1 ||
        { fail "installed report: no plots (the installed forkomp.gp not found?)"; cat "$work/report.out"; }
    ls "$out/report"/tasksize-speedup-*.png >/dev/null 2>&1 ||
        { fail "installed report: no tasksize plot (forkomp-tasksize.gp not installed?)"; cat "$work/report.out"; }
fi

# Results go under the working directory, wherever that is (the report in here-report/).
cd "$work/run"
"$I" primes --class S --models serial "${quick[@]}" --csv here.csv && "$I" report here.csv >/dev/null 2>&1
check_rc "installed primes and report in a folder of its own" 0 $?
[ -s "$work/run/here.csv" ] && [ -s "$work/run/here-report/report.md" ] ||
    fail "relative --csv and report did not write under the working directory"
cd /

# Your own job from the installed forkomp: `forkomp new-task` writes a template whose Makefile
# builds it against the installed forkomp_task.h, and the plugin runs; a Python function runs
# with the installed fk_pyrun.py.
cd "$work/run"
"$I" new-task mytask >"$work/newtask.out" 2>&1
check_rc "installed new-task" 0 $?
check_grep "new-task uses the installed header" "forkomp_task.h from $dest$prefix/include" "$work/newtask.out"
make -s -C mytask >"$work/newtask-make.log" 2>&1 || { fail "make the new task:"; cat "$work/newtask-make.log"; }
"$I" plugin mytask/libmytask.so --inputs 100000,200000,300000 --models serial,fork,omp --workers 2 \
    "${quick[@]}" --csv "$out/own.csv"
check_rc "installed plugin of the new task" 0 $?
printf 'def double(x):\n    return 2 * x\n' >"$work/run/dbl.py"
"$I" python dbl.py:double --inputs 1,2,3 --models serial,pool-spawn,tpe --workers 2 --python "$PY" \
    "${quick[@]}" --csv "$out/own.csv"
check_rc "installed python" 0 $?
csv_whole "own-job rows" "$out/own.csv" 6
cd /

# The man page renders and says what --help says.
if command -v man >/dev/null 2>&1; then
    MANWIDTH=100 man -l "$dest$prefix/share/man/man1/forkomp.1" >"$work/man.txt" 2>"$work/man.err"
    check_rc "man -l forkomp.1" 0 $?
    check_grep "the man page lists forkomp primes' options" "--variant trial\|sieve" "$work/man.txt"
    check_grep "the man page names FORKOMP_MODULE_DIR" "FORKOMP_MODULE_DIR" "$work/man.txt"
else
    fail "man not found (Debian package man-db; make deps-dev installs it)"
fi

# A PREFIX off PATH (make install PREFIX=$HOME/.local): the install says how to reach forkomp
# and its man page, and that advice works: with PREFIX/bin on PATH, man finds the page.
home_prefix=$work/home/.local
make -s -C "$src" SANITIZE=$san CC="$cc" CFLAGS="$cflags" PREFIX="$home_prefix" install \
    >"$work/install-home.log" 2>&1 || { fail "make install PREFIX=~/.local:"; cat "$work/install-home.log"; }
check_grep "install names PATH" "^  export PATH=\"$home_prefix/bin:\\\$PATH\"$" "$work/install-home.log"
if command -v man >/dev/null 2>&1; then
    PATH="$home_prefix/bin:$PATH" MANPATH= man -w forkomp >"$work/man-w.txt" 2>&1
    check_grep "man forkomp with PREFIX/bin on PATH" "^$home_prefix/share/man/man1/forkomp.1" "$work/man-w.txt"
fi
make -s -C "$src" SANITIZE=$san CC="$cc" CFLAGS="$cflags" PREFIX="$home_prefix" uninstall >/dev/null 2>&1 ||
    fail "make uninstall PREFIX=~/.local"
grep -q "not on your PATH" "$work/install.log" && fail "a DESTDIR install spoke of PATH"

mk uninstall >"$work/uninstall.log" 2>&1 || { fail "make uninstall:"; cat "$work/uninstall.log"; }
left=$(find "$dest" -type f)
[ -z "$left" ] || fail "make uninstall left files behind: $left"
finish
