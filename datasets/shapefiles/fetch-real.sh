#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fetch-real.sh: the `real` shapefile class: public shapefiles taken from Debian's data
# packages without installing them (apt-get download, then dpkg -x into a temporary folder):
# spData's shapes (r-cran-spdata) and geopandas' naturalearth sets (python3-geopandas).
# Every complete set (.shp with its .shx and .dbf, plus .prj/.cpg when present) is copied
# into OUTDIR. Used by `forkomp gen --class real --out DIR` and the kernel's class cache.
set -euo pipefail

out=${1:?usage: fetch-real.sh OUTDIR}
packages=(r-cran-spdata python3-geopandas)

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
    echo "fetch-real: apt-get/dpkg not found: the real class comes from Debian packages" \
         "(${packages[*]}); on other systems put shapefiles in a folder and use --dir" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-real-XXXXXX")
trap 'rm -rf "$work"' EXIT

available=()
for p in "${packages[@]}"; do
    if apt-cache show "$p" >/dev/null 2>&1; then
        available+=("$p")
    else
        echo "fetch-real: apt does not know $p here (try apt-get update); going on without it" >&2
    fi
done
if ((${#available[@]} == 0)); then
    echo "fetch-real: none of ${packages[*]} is available from apt" >&2
    exit 1
fi

# apt-get download writes into the current folder; as root it warns that the _apt user
# cannot write there, which is harmless.
if ! (cd "$work" && apt-get download -qq "${available[@]}" 2>&1 | grep -v "unsandboxed" >&2); then
    :
fi
shopt -s nullglob
debs=("$work"/*.deb)
if ((${#debs[@]} == 0)); then
    echo "fetch-real: apt-get download ${available[*]} fetched nothing (no network?)" >&2
    exit 1
fi
for deb in "${debs[@]}"; do
    dpkg -x "$deb" "$work/root"
done

mkdir -p "$out"
# A member of a set: same base name, extension in any case.
member() {
    local base=$1 ext=$2 f
    for f in "$base".*; do
        [[ "${f##*.}" == "$ext" || "${f##*.}" == "${ext^^}" ]] && [[ -f "$f" ]] && { echo "$f"; return 0; }
    done
    return 1
}
count=0
while IFS= read -r -d '' shp; do
    base=${shp%.*}
    name=$(basename "$base")
    shx=$(member "$base" shx) || continue
    dbf=$(member "$base" dbf) || continue
    if [[ -e "$out/$name.shp" || -e "$out/$name.SHP" ]]; then
        name="$(basename "$(dirname "$shp")")_$name" # the same name in two packages
    fi
    cp "$shp" "$out/$name.${shp##*.}"
    cp "$shx" "$out/$name.${shx##*.}"
    cp "$dbf" "$out/$name.${dbf##*.}"
    for ext in prj cpg; do
        if f=$(member "$base" "$ext"); then cp "$f" "$out/$name.${f##*.}"; fi
    done
    count=$((count + 1))
done < <(find "$work/root" -type f \( -iname '*.shp' \) -print0 | sort -z)

if ((count == 0)); then
    echo "fetch-real: no complete shapefile found in ${available[*]}" >&2
    exit 1
fi
echo "fetch-real: $count shapefiles from ${available[*]} in $out" >&2
