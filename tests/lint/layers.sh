#!/usr/bin/env bash
# layers.sh: includes point one way (README, "Design"): kernels/ includes only kernels/ (its
# own headers and kernels/common/), datasets/ only datasets/ and kernels/; the harness may
# include anything. An include against the arrow fails `make lint` with its file and line, and
# so does a word of MPI in kernels/ (MPI, libmpi, mpirun, fk_mpi...): the kernel layer knows no
# processes, threads or ranks; the MPI models and their module live in harness/.
set -u
cd "$(dirname "$0")/../.."
bad=$(git grep -n -E '^#include "(harness|datasets)/' -- 'kernels/*.c' 'kernels/*.h'
      git grep -n -E '^#include "harness/' -- 'datasets/*.c' 'datasets/*.h'
      git grep -n -i -E '(^|[^a-z])(lib)?mpi(run|cc|exec)?([^a-z]|$)' -- 'kernels/*')
if [ -n "$bad" ]; then
    printf 'layers: against the layers (an include, or a word of MPI in kernels/):\n%s\n' "$bad"
    exit 1
fi
echo "layers: kernels include only kernels/ (and say no word of MPI), datasets only datasets/ and kernels/"
