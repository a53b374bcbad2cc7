# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# chromium.sh: headless Chromium for the report's browser tests (report_html.sh,
# report_screen.sh); sourced, never run on its own. `chromium_or_skip NAME` sets $chromium or
# ends the test with one skip line; `headless ARGS...` runs it with no network, profile or
# extensions of its own, in a window of $W x $H, its messages appended to $tmp/chromium.log.

chromium_or_skip() {
    chromium=$(command -v chromium || command -v chromium-browser || true)
    if [[ -z $chromium ]]; then
        echo "$1: skipped: chromium is not installed (make deps-dev installs it)"
        exit 0
    fi
}

headless() {
    rm -rf "$tmp/profile"
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$tmp/profile" --window-size="$W,$H" "$@" 2>>"$tmp/chromium.log"
}
