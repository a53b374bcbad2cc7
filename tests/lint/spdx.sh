#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# spdx.sh: every source file names its license (LICENSE, MIT) in an SPDX line near its top
# (line 1, or line 2 after a shebang), so a file copied out of forkomp still says it.
set -u
cd "$(dirname "$0")/../.." || exit 2
bad=$(git ls-files '*.c' '*.h' '*.sh' '*.py' '*.gp' Makefile .ci/run Containerfile |
      while read -r f; do head -2 "$f" | grep -q 'SPDX-License-Identifier: MIT' || echo "$f"; done)
if [ -n "$bad" ]; then
    printf 'spdx: no SPDX-License-Identifier line in the first two lines of:\n%s\n' "$bad"
    exit 1
fi
echo "spdx: every source file carries its SPDX line"
