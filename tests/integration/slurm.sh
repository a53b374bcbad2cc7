#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# slurm.sh: harness/models/mpi/forkomp.slurm on a real, single-node Slurm cluster made for the
# test: a fresh munge key, munged (as the munge user), slurmctld and slurmd, each with its own
# pid file, configuration, state, spool and logs in the test's private folder and its own
# free ports, so it disturbs no other Slurm or munge on the machine and two copies of the test
# can run at once. The job script is submitted twice with a small class, with mpirun (the
# default) and with LAUNCHER="srun --mpi=pmix"; every CSV row must verify, say ok and name
# this host. Only the daemons started here are stopped, by their pids, also on failure.
# Skips with one line when it cannot run: not root (slurmd launches jobs as their user), the
# packages (slurm-wlm, munge; `make deps` installs them) or mpirun missing, no MPI build.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

skip() {
    echo "slurm.sh: SKIP: $*"
    exit 0
}
is_root || skip "not root (slurmd must run as root to start jobs)"
for c in munged mungekey slurmctld slurmd sbatch sinfo srun mpirun runuser; do
    command -v "$c" >/dev/null 2>&1 ||
        skip "$c not found (Debian packages slurm-wlm, munge, openmpi-bin; 'make deps')"
done
"$F" primes --class S --models mpi --workers 1 --reps 1 --warmup 0 --quiet >"$work/probe" 2>&1
grep -q "built without MPI" "$work/probe" && skip "this forkomp was built without MPI"

root_dir=$(cd "$(dirname "$0")/../.." && pwd)
host=$(hostname -s)
cpus=$(nproc)
daemons=() # pid files of the daemons started here, stopped in reverse order on exit

# alive PID: the process exists and is not a zombie (an orphaned daemon's zombie may wait
# for a container's init to reap it).
alive() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"; }

# stop_daemons: SIGTERM to each daemon started here (by the pid in its file), newest first,
# then SIGKILL to any still there after 5 s.
stop_daemons() {
    local pids=() f p i
    for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
        f=${daemons[i]}
        [ -s "$f" ] && p=$(cat "$f") && kill -TERM "$p" 2>/dev/null && pids+=("$p")
    done
    for _ in $(seq 50); do
        local left=0
        for p in "${pids[@]}"; do alive "$p" && left=1; done
        [ $left = 0 ] && return 0
        sleep 0.1
    done
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
}
fk_cleanup_hook="stop_daemons; $fk_cleanup_hook"

# wait_for NAME SECONDS COMMAND...: polls COMMAND every 0.2 s; fails the test after SECONDS.
wait_for() {
    local name=$1 tries=$(($2 * 5))
    shift 2
    for _ in $(seq "$tries"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    fail "$name: not ready after $tries polls"
    return 1
}

# dump_logs: the daemons' logs, when something went wrong.
dump_logs() {
    for f in "$work"/munge/munged.log "$work"/slurm/log/*.log; do
        [ -s "$f" ] && { echo "--- $f"; tail -n 15 "$f"; }
    done
}

# munge: the socket's folder must be reachable by everyone, the key readable by munge only.
chmod 711 "$work"
mkdir -p "$work/munge/key" "$work/slurm/state" "$work/slurm/spool" "$work/slurm/log" "$work/tmp"
chown -R munge:munge "$work/munge"
chmod 755 "$work/munge"
chmod 700 "$work/munge/key"
mungekey --create --keyfile="$work/munge/key/munge.key" >/dev/null 2>&1 ||
    dd if=/dev/urandom of="$work/munge/key/munge.key" bs=1024 count=1 status=none
chown munge:munge "$work/munge/key/munge.key"
chmod 400 "$work/munge/key/munge.key"
sock=$work/munge/munge.socket
daemons+=("$work/munge/munged.pid")
runuser -u munge -- munged --key-file="$work/munge/key/munge.key" --socket="$sock" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
    --seed-file="$work/munge/munged.seed" ||
    { fail "munged did not start"; dump_logs; finish; }
wait_for munged 10 test -S "$sock" || { dump_logs; finish; }

# Two free TCP ports (the kernel picks them; a clash with a later bind is unlikely).
read -r ctld_port slurmd_port < <("$PY" -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')

export SLURM_CONF=$work/slurm/slurm.conf
cat >"$SLURM_CONF" <<EOF
# written by tests/integration/slurm.sh for one test run on $host
ClusterName=forkomptest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
# a loaded machine (CI, other work) can take more than the default 10 s to launch a step
MessageTimeout=60
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/slurm/log/slurmctld.log
SlurmdLogFile=$work/slurm/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=forkomp Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
daemons+=("$work/slurm/slurmctld.pid")
slurmctld -f "$SLURM_CONF" || { fail "slurmctld did not start"; dump_logs; finish; }
daemons+=("$work/slurm/slurmd.pid")
slurmd -f "$SLURM_CONF" || { fail "slurmd did not start"; dump_logs; finish; }
node_idle() { [ "$(sinfo -h -n "$host" -o %T 2>/dev/null)" = idle ]; }
wait_for "slurm node $host idle" 30 node_idle || { dump_logs; finish; }

# submit NAME [VAR=VALUE...]: the job script with class S, 1 repetition, 2 ranks on this
# node (1 on a 1-CPU machine); bounded by sbatch's --time and by timeout.
per_node=$((cpus >= 2 ? 2 : 1))
submit() {
    local name=$1
    shift
    (cd "$root_dir" && env "$@" FORKOMP="$F" CLASS=S REPS=1 CSV="$work/$name.csv" \
        FORKOMP_SHARED_TMP="$work/tmp" OMPI_ALLOW_RUN_AS_ROOT=1 \
        OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
        timeout 100 sbatch --wait --quiet --time=2 --nodes=1 --ntasks-per-node="$per_node" \
        --output="$work/$name.out" harness/models/mpi/forkomp.slurm)
}

# check_rows NAME: mpi and mpi-omp rows, each verified, ok and naming this host.
check_rows() {
    local name=$1 csv=$work/$1.csv bad
    csv_whole "$name" "$csv" 2
    bad=$("$PY" - "$csv" "$host" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
models = sorted(r["model"] for r in rows)
if models != ["mpi", "mpi-omp"]:
    print("models %s, expected mpi and mpi-omp" % models)
for r in rows:
    if r["verified"] != "1" or r["status"] != "ok" or r["host"] != sys.argv[2] \
            or r["hosts"] != sys.argv[2]:
        print("%s: verified=%s status=%s host=%s hosts=%s" % (r["model"], r["verified"],
              r["status"], r["host"], r["hosts"]))
PYEOF
)
    [ -z "$bad" ] || { fail "$name: $bad"; sed 's/^/    /' "$work/$name.out"; }
}

submit mpirun
rc=$?
check_rc "sbatch forkomp.slurm (mpirun)" 0 $rc
[ $rc = 0 ] || { sed 's/^/    /' "$work/mpirun.out"; dump_logs; }
check_rows mpirun

# srun starts the ranks itself; they find each other through Slurm's PMIx plugin and Open
# MPI's PMIx client (Debian builds both against libpmix2).
submit srun LAUNCHER="srun --mpi=pmix"
rc=$?
# Where the two cannot meet (no PMIx plugin in this Slurm), the test says so and goes on:
# that is the packages' limit, and mpirun (checked above) is what works there.
if [ $rc != 0 ] && grep -qi pmix "$work/srun.out"; then
    echo "slurm.sh: note: srun --mpi=pmix does not work with this Slurm and Open MPI" \
        "(use the default LAUNCHER=mpirun):"
    grep -i pmix "$work/srun.out" | head -n 5 | sed 's/^/    /'
else
    check_rc "sbatch forkomp.slurm (LAUNCHER=srun --mpi=pmix)" 0 $rc
    [ $rc = 0 ] || { sed 's/^/    /' "$work/srun.out"; dump_logs; }
    check_rows srun
fi
finish
