# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shp_test.sh: the setup and summary shared by the shapefile kernel's tests (shapefiles.sh,
# shapefiles_bad_input.sh); sourced, never run on its own (it is not tests/*.sh). After
# `shp_test_setup TAG`: FORKOMP is an absolute path, $tmp a private folder removed on exit
# (made writable first: some cases lock files), and fail/pass count and print the checks.

shp_test_setup() {
    FORKOMP=${FORKOMP:-bin/forkomp}
    FORKOMP=$(realpath "$FORKOMP")
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-$1-XXXXXX")
    trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
    fails=0
}

fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# shp_test_finish: the summary line, and exit 1 when any check failed.
shp_test_finish() {
    local name
    name=$(basename "$0")
    if ((fails > 0)); then
        echo "$name: $fails failure(s)" >&2
        exit 1
    fi
    echo "$name: all passed"
}
