#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hostfile.sh: the MPI models through an Open MPI hostfile that names this host with 2 slots,
# both ways: under mpirun (`mpirun --hostfile FILE -np 2 forkomp ...`) and from the harness
# (FORKOMP_HOSTFILE=FILE: the harness passes --hostfile FILE to the mpirun it starts). Every
# row must verify and name this host; a hostfile that does not exist must fail the run with
# mpirun's message, not hang. Skips without mpirun or in a build without MPI.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

if ! command -v mpirun >/dev/null 2>&1; then
    echo "hostfile.sh: SKIP: mpirun not found (Debian package openmpi-bin; 'make deps')"
    exit 0
fi
if "$F" primes --class S --models mpi --workers 1 --reps 1 --warmup 0 --quiet 2>&1 |
    grep -q "built without MPI"; then
    echo "hostfile.sh: SKIP: this forkomp was built without MPI"
    exit 0
fi
root=()
[ "$(id -u)" = 0 ] && root=(--allow-run-as-root)
host=$(hostname)
printf '# this machine, as a cluster of one\n%s slots=2\n' "$host" >"$work/hosts"

# rows NAME FILE COUNT: COUNT rows, each verified, ok and naming this host in hosts
rows() {
    local bad
    csv_whole "$1" "$2" "$3"
    bad=$("$PY" -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["verified"] != "1" or r["status"] != "ok" or r["hosts"] != sys.argv[2]:
        print(r["model"], r["verified"], r["status"], r["hosts"])' "$2" "$(hostname -s)")
    [ -z "$bad" ] || fail "$1: rows not verified on this host: $bad"
}

# Under mpirun: 2 ranks from the hostfile's 2 slots (no --oversubscribe needed).
timeout 120 mpirun "${root[@]}" --bind-to none --hostfile "$work/hosts" -np 2 "$F" primes \
    --class S --models mpi --reps 2 --warmup 0 --quiet --csv "$work/under.csv" \
    >"$work/under.out" 2>&1
rc=$?
check_rc "mpirun --hostfile" 0 $rc
[ $rc = 0 ] || sed 's/^/    /' "$work/under.out"
rows "mpirun --hostfile" "$work/under.csv" 2

# From the harness: FORKOMP_HOSTFILE reaches the mpirun it starts: mpi and mpi-omp at 2
# workers (the one-slot case below shows the file is really read).
FORKOMP_HOSTFILE=$work/hosts timeout 120 "$F" primes --class S --models mpi,mpi-omp \
    --workers 2 --reps 1 --warmup 0 --quiet --csv "$work/harness.csv" >"$work/harness.out" 2>&1
rc=$?
check_rc "FORKOMP_HOSTFILE" 0 $rc
[ $rc = 0 ] || sed 's/^/    /' "$work/harness.out"
rows "FORKOMP_HOSTFILE" "$work/harness.csv" 2

# A hostfile with too few slots: mpirun refuses, the run fails (exit 1) with its reason.
printf '%s slots=1\n' "$host" >"$work/one-slot"
FORKOMP_HOSTFILE=$work/one-slot timeout 120 "$F" primes --class S --models mpi --workers 2 \
    --reps 1 --warmup 0 --quiet --csv "$work/one.csv" >"$work/one.out" 2>&1
check_rc "FORKOMP_HOSTFILE with 1 slot for 2 ranks" 1 $?
check_grep "too few slots: mpirun says why" "slots|not enough" "$work/one.out"
check_grep "too few slots: the row says the job failed" "failed:the MPI job" "$work/one.csv"
finish
