#!/usr/bin/env bash
# deps.sh: install the Debian packages forkomp needs, only those missing, and say which.
# Run by `make deps` (and so by `make test` and `make bench`); uses sudo when not root.
set -euo pipefail

packages=(gcc make pkg-config libgdal-dev gdal-bin libshp-dev libcmocka-dev hyperfine
          gnuplot-nox libopenmpi-dev openmpi-bin python3-gdal libomp-dev
          clang libclang-rt-14-dev valgrind)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi
echo "forkomp deps: installing ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "forkomp deps: apt-get not found; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi
sudo=()
if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || {
        echo "forkomp deps: not root and no sudo; install by hand: ${missing[*]}" >&2
        exit 1
    }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || echo "forkomp deps: apt-get update failed; trying the cached lists" >&2
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
echo "forkomp deps: installed ${missing[*]}" >&2
