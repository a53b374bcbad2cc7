#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# man.sh: writes forkomp's man page, forkomp.1, with help2man (Debian package help2man) from
# the binary's own --help and --version, each command's --help as a subsection of COMMANDS,
# and harness/man/forkomp.h2m (environment, files, exit status), so the page says what the
# binary says. Used by `make man` and `make install`.
#     bash harness/man/man.sh BIN OUT
set -euo pipefail
bin=${1:?usage: man.sh BIN OUT} out=${2:?usage: man.sh BIN OUT}
here=$(dirname "$0")
if ! command -v help2man >/dev/null 2>&1; then
    echo "man.sh: help2man not found (Debian package help2man; make deps installs it)" >&2
    exit 1
fi
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT
cp "$here/forkomp.h2m" "$inc"
# The commands are the lines "  NAME  summary" after "commands:" in forkomp --help.
cmds=$("$bin" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit }
                            on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || { echo "man.sh: $bin --help lists no commands" >&2; exit 1; }
{
    echo "[COMMANDS]"
    for c in $cmds; do
        echo ".SS \"forkomp $c\""
        echo ".nf"
        # roff: a backslash is \e; a line starting with . or ' would be a request
        "$bin" "$c" --help | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
        echo ".fi"
    done
} >>"$inc"
help2man --no-info --section=1 --source="forkomp" --manual="User Commands" \
    --include="$inc" --output="$out.tmp" "$bin"
mv "$out.tmp" "$out"
