#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# harness/container/entry.sh: the Containerfile's entry point: `make lab` (or the make goals
# and variables given) with the results in /forkomp/results, the folder the user mounts; then
# what this run's user (root, under most engines) owns there is handed to that folder's owner,
# so that a student under rootful Docker on Linux gets files they can open and delete. Rootless
# podman and the Desktop engines map ownership themselves: there the chown changes nothing.
# Exits with make's status.
set -uo pipefail

results=${FORKOMP_RESULTS:-/forkomp/results}
mkdir -p "$results" || exit 2
make --no-print-directory "${@:-lab}" RESULTS="$results" GIT_REV="${FORKOMP_REV:-unknown}"
status=$?
owner=$(stat -c %u:%g "$results")
if [[ $owner != "$(id -u):$(id -g)" ]]; then
    find "$results" -user "$(id -u)" -exec chown -h "$owner" {} + ||
        echo "forkomp: could not hand the results in $results to $owner" >&2
fi
[[ $status == 0 ]] && echo "forkomp: results in the folder you mounted at $results (its latest-lab/report.html)"
exit "$status"
