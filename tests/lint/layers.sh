#!/usr/bin/env bash
# layers.sh: includes point one way (README, "Design"): kernels/ includes only kernels/ (its
# own headers and kernels/common/), datasets/ only datasets/ and kernels/; the harness may
# include anything. An include against the arrow fails `make lint` with its file and line.
set -u
cd "$(dirname "$0")/../.."
bad=$(git grep -n -E '^#include "(harness|datasets)/' -- 'kernels/*.c' 'kernels/*.h'
      git grep -n -E '^#include "harness/' -- 'datasets/*.c' 'datasets/*.h')
if [ -n "$bad" ]; then
    printf 'layers: an include against the layers:\n%s\n' "$bad"
    exit 1
fi
echo "layers: kernels include only kernels/, datasets only datasets/ and kernels/"
