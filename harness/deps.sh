#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# deps.sh: install the Debian packages forkomp needs, only those missing, and say which.
# `deps.sh run` (make deps: run by make bench, make lab, make compare) installs what running
# the benchmarks, `make install` (help2man, for the man page) and docs/teaching.md's exercises
# (strace, exercise 6) need; `deps.sh dev` (make
# deps-dev: run by make test) adds what developing needs: tests, sanitizers, fuzzing and the
# test-time parts (Slurm, Chromium, man-db); `deps.sh container` (make container-test) installs
# podman and debootstrap with the runtime parts podman needs here. Uses sudo when not root. FORKOMP_DEPS_DRY=1 only prints what it would install.
set -euo pipefail

set_name=${1:-run}
run_packages=(gcc make pkg-config libgdal-dev gdal-bin libshp-dev hyperfine gnuplot-nox
              libopenmpi-dev openmpi-bin python3-gdal libprimesieve-dev libxxhash-dev
              libhwloc-dev help2man libcjson-dev strace python3 python3-markdown)
dev_packages=(libcmocka-dev libomp-dev clang valgrind r-base-core slurm-wlm munge man-db
              hwloc acl attr)
# runc: crun refuses a hybrid cgroup v1/v2 layout; uidmap, slirp4netns and fuse-overlayfs
# serve rootless engines.
container_packages=(podman debootstrap runc uidmap slirp4netns fuse-overlayfs)

# clang's fuzzer and sanitizer runtime is packaged per LLVM release (libclang-rt-14-dev on
# Debian 12, libclang-rt-18-dev on Ubuntu 24.04): take the release of the clang at hand, else
# the newest the package lists know.
clang_rt_package() {
    local v
    v=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
    if [[ -z "$v" ]]; then
        v=$(apt-cache pkgnames libclang-rt- 2>/dev/null | sed -n 's/^libclang-rt-\([0-9]*\)-dev$/\1/p' |
            sort -n | tail -1)
    fi
    [[ -n "$v" ]] && echo "libclang-rt-$v-dev"
}

case $set_name in
run) packages=("${run_packages[@]}") ;;
dev) packages=("${run_packages[@]}" "${dev_packages[@]}") ;;
container) packages=("${container_packages[@]}") ;;
*)
    echo "deps.sh: unknown set '$set_name' (run, dev or container)" >&2
    exit 2
    ;;
esac

# install_missing PKG...: installs those of PKG not installed yet (none: does nothing).
install_missing() {
    local missing=() p status
    for p in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || missing+=("$p")
    done
    ((${#missing[@]} > 0)) || return 0
    if [[ -n "${FORKOMP_DEPS_DRY:-}" ]]; then
        echo "forkomp deps ($set_name): would install ${missing[*]}"
        return 0
    fi
    echo "forkomp deps ($set_name): installing ${missing[*]}" >&2
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "forkomp deps: apt-get not found; install these packages by hand: ${missing[*]}" >&2
        exit 1
    fi
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || {
            echo "forkomp deps: not root and no sudo; install by hand: ${missing[*]}" >&2
            exit 1
        }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    if [[ -z "${apt_updated:-}" ]]; then
        "${sudo[@]}" apt-get update -qq || echo "forkomp deps: apt-get update failed; trying the cached lists" >&2
        apt_updated=1
    fi
    # Another apt (a second make deps) may hold the lock: wait for it rather than fail.
    "${sudo[@]}" apt-get install -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends "${missing[@]}" >&2
    echo "forkomp deps ($set_name): installed ${missing[*]}" >&2
}

install_missing "${packages[@]}"
# The clang runtime's name depends on the clang just installed, so it comes second.
if [[ $set_name == dev ]]; then
    rt=$(clang_rt_package || true)
    [[ -z "$rt" ]] || install_missing "$rt"
    # Chromium opens report.html in tests/integration/report_html.sh, which skips without it:
    # a release that cannot install it (Ubuntu ships a snap) still gets the rest.
    (install_missing chromium) ||
        echo "forkomp deps: chromium could not be installed; report_html.sh will skip" >&2
fi
