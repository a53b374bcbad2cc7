#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# prose.sh: harness/report/ computes and writes data; the report's words are written by
# harness/words/ from that data (docs/report-words.md). A C file of harness/report/ that
# writes Markdown (a heading, a table rule, bold, an image, a FILE *md) fails here.
set -u
cd "$(dirname "$0")/../.." || exit 2
hits=$(grep -nE '"#{1,3} |\|---|"\*\*|\*\*%|!\[|FILE \*md|fprintf\(md' harness/report/*.[ch])
if [[ -n $hits ]]; then
    echo "prose: harness/report/ writes Markdown (the words belong in harness/words/):" >&2
    echo "$hits" >&2
    exit 1
fi
echo "prose: harness/report/ writes no Markdown; the words are harness/words/'s"
