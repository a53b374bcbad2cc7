#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/container/run.sh (make container-test): the Containerfile, built and run as a student's
# Docker or Podman would: a Debian 12 base from debootstrap (no image registry is needed, nor
# reachable here), imported as docker.io/library/debian:12, the recipe built on it with
# podman, its `make lab` run with a results folder mounted that belongs to another user and a
# CPU quota below the CPUs; then checks what landed in that folder: every run verified, the
# container and quota in the CSV, the quota warning in the report, every file the folder
# owner's. Prints the times (base, build, make lab) and the image's size. Skips, with one
# line, where podman or debootstrap cannot run (not root, no apt, podman refused).
# FK_CONTAINER_CACHE (default /var/cache/forkomp-container) keeps the base between runs;
# delete it (and `podman rmi docker.io/library/debian:12`) for a cold run.
# FK_CONTAINER_CPUS: the --cpus quota of the run (default: the CPUs less a half; "none": no
# quota, and then no warning is expected).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
skip() { echo "container-test: skipped: $*"; exit 0; }
fail() { echo "container-test: FAIL: $*" >&2; exit 1; }

if ((EUID != 0)); then
    sudo -n true 2>/dev/null || skip "debootstrap and podman need root here (or sudo without a password)"
    exec sudo -n --preserve-env=FK_CONTAINER_CACHE,FK_CONTAINER_CPUS bash "$0" "$@"
fi
bash harness/deps.sh container >/dev/null || skip "podman and debootstrap could not be installed (bash harness/deps.sh container)"

# runc and cgroupfs: crun and the systemd manager refuse a hybrid cgroup v1/v2 layout (as on
# this CI machine); explicit limits: podman's defaults for them were refused here.
podman=(podman --runtime runc --cgroup-manager=cgroupfs)
limits=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)
err=$("${podman[@]}" info 2>&1 >/dev/null) || skip "podman cannot run here: ${err%%$'\n'*}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# show_log FILE: its last lines, to stderr, for a failure's cause.
show_log() { tail -n 25 "$1" | sed 's/^/  | /' >&2; }

# The Debian mirror (and proxy) apt uses here, for debootstrap and, in the image's
# sources.list that debootstrap writes, for the build's apt.
apt_mirror() {
    local m
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        sed -n -E 's,^deb +(\[[^]]*\] +)?(https?://[^ ]*/debian/?) .*,\2,p; s,^URIs: *(https?://[^ ]*/debian/?)( .*)?$,\1,p' |
        head -n 1)
    echo "${m:-http://deb.debian.org/debian}"
}
proxy=""
eval "$(apt-config shell proxy Acquire::http::Proxy)"
[[ -n $proxy ]] && export http_proxy=$proxy

# The base: debootstrap's minimal Debian 12, kept as a tar in the cache.
cache=${FK_CONTAINER_CACHE:-/var/cache/forkomp-container}
base_tar=$cache/debian-12-minbase.tar
start=$SECONDS
base_how="cached"
if [[ ! -s $base_tar ]]; then
    base_how="debootstrap from $(apt_mirror)"
    mkdir -p "$cache"
    rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
    debootstrap --variant=minbase bookworm "$rootfs" "$(apt_mirror)" >"$work/debootstrap.log" 2>&1 ||
        { show_log "$work/debootstrap.log"; rm -rf "$rootfs"; fail "debootstrap failed"; }
    tmp_tar=$(mktemp "$cache/base.XXXXXX") # a concurrent run never reads a half-written tar
    tar -C "$rootfs" -c . >"$tmp_tar" && mv "$tmp_tar" "$base_tar"
    rm -rf "$rootfs" "$tmp_tar"
fi
if ! "${podman[@]}" image exists docker.io/library/debian:12; then
    "${podman[@]}" import "$base_tar" docker.io/library/debian:12 >"$work/import.log" 2>&1 ||
        { show_log "$work/import.log"; fail "podman import of $base_tar failed"; }
fi
base_s=$((SECONDS - start))

# The recipe, as a user builds it (--network host: the build's apt reaches the mirror here).
image=localhost/forkomp-lab:test
start=$SECONDS
"${podman[@]}" build --network host "${limits[@]}" -f Containerfile -t "$image" \
    --build-arg FORKOMP_REV="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" . >"$work/build.log" 2>&1 ||
    { show_log "$work/build.log"; fail "podman build failed"; }
build_s=$((SECONDS - start))
"${podman[@]}" image prune -f >/dev/null || true # earlier builds' top layers
size_mb=$(("$("${podman[@]}" image inspect --format '{{.Size}}' "$image")" / 1000000))

# make lab with a results folder of another user (the entry point hands the files to the
# folder's owner) and, with 2 CPUs or more, a quota of half a CPU less than there are.
cpus=$(nproc)
quota=${FK_CONTAINER_CPUS:-$((cpus - 1)).5}
((cpus >= 2)) || quota=none
cpu_opt=()
[[ $quota == none ]] || cpu_opt=(--cpus "$quota")
results=$work/results
mkdir "$results" && chown 4321:4321 "$results"
start=$SECONDS
"${podman[@]}" run --rm "${limits[@]}" "${cpu_opt[@]}" -v "$results:/forkomp/results" "$image" >"$work/lab.log" 2>&1 ||
    { show_log "$work/lab.log"; fail "make lab in the container failed"; }
lab_s=$((SECONDS - start))

python3 tests/container/check.py "$results" "$quota" || { show_log "$work/lab.log"; fail "the results in the mounted folder"; }
not_owned=$(find "$results" ! -user 4321 | head -n 3)
[[ -z $not_owned ]] || fail "files in the mounted folder not handed to its owner (uid 4321): $not_owned"
echo "container-test: ok: base ${base_s} s ($base_how), build ${build_s} s, make lab ${lab_s} s (--cpus $quota), image ${size_mb} MB"
