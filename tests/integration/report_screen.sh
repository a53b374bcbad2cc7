#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_screen.sh: report.html's first screen answers (issue 26). A report of the fixture
# CSVs (tests/fixtures/report_basic.csv, report_spawn.csv) is opened in headless Chromium at
# 1280x800, the size of a student's laptop screen; a copy of the page with a small script
# appended writes the positions of its parts into the DOM (read back with --dump-dom), and
# the test checks, in this order down the page: the warnings summed up in one line that links
# to their details, the answer table, then the first plot, starting within the first screen
# (its top under 800 px) and one of the answer's plots (before the next section); the text
# tables (run context, results) and the warnings' details come after it. A screenshot of the
# first screen is taken and checked to be a 1280x800 PNG; SCREENSHOT=FILE keeps it.
# REPORT=DIR checks DIR/report.html instead (e.g. results/latest-lab after make lab). Skips
# with one line when Chromium is not installed.
set -euo pipefail

FORKOMP=${FORKOMP:-bin/forkomp}
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/chromium.sh
. "$root/tests/lib/chromium.sh"
chromium_or_skip report_screen.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-screen-test-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
W=1280 H=800

out=${REPORT:-$tmp/out}
[[ -n ${REPORT:-} ]] ||
    "$FORKOMP" report "$root/tests/fixtures/report_basic.csv" "$root/tests/fixtures/report_spawn.csv=labhost" \
        --out "$out" >/dev/null 2>"$tmp/stderr" || fail "report exited $? ($(cat "$tmp/stderr"))"
page=$out/report.html
[[ -s $page ]] || { fail "no report.html"; exit 1; }
grep -q '^!\[' "$out/report.md" || { fail "report.md has no plots (is gnuplot installed?)"; exit 1; }

cp "$page" "$tmp/measure.html"
cat >>"$tmp/measure.html" <<'JS'
<script>
(function () {
  var r = {}, h2 = Array.prototype.slice.call(document.querySelectorAll("h2"));
  function top(e) { return e ? e.getBoundingClientRect().top : null; }
  function bottom(e) { return e ? e.getBoundingClientRect().bottom : null; }
  function section(name) { return h2.filter(function (h) { return h.textContent.trim() === name; })[0]; }
  var answer = section("The answer first"), table = null, t = answer && answer.nextElementSibling;
  while (t && t.tagName !== "H2" && !table) { table = t.querySelector("table"); t = t.nextElementSibling; }
  var fig = document.querySelector("figure.plot"), svg = fig && fig.querySelector("svg");
  var after = answer && h2[h2.indexOf(answer) + 1];
  var link = document.querySelector('a[href="#warnings"]');
  r.answerTop = top(answer); r.tableTop = top(table); r.tableBottom = bottom(table);
  r.tableRows = table ? table.querySelectorAll("tr").length : 0;
  r.figTop = top(fig); r.svgTop = top(svg); r.svgHeight = svg ? svg.getBoundingClientRect().height : 0;
  r.figInAnswer = !!(fig && answer && (answer.compareDocumentPosition(fig) & 4) &&
    (!after || (fig.compareDocumentPosition(after) & 4)));
  r.figCaption = fig && fig.querySelector("figcaption") ? fig.querySelector("figcaption").textContent : "";
  r.answerFigures = 0;
  document.querySelectorAll("figure.plot").forEach(function (f) {
    if (answer && (answer.compareDocumentPosition(f) & 4) && (!after || (f.compareDocumentPosition(after) & 4)))
      r.answerFigures++;
  });
  r.warnLinkTop = top(link); r.warnLinkText = link ? link.parentNode.textContent : "";
  r.warningsTop = top(document.getElementById("warnings"));
  r.contextTop = top(section("Run context")); r.resultsTop = top(section("Results"));
  r.viewport = [window.innerWidth, window.innerHeight];
  var pre = document.createElement("pre");
  pre.id = "forkomp-measure";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>
JS
headless --hide-scrollbars --dump-dom "file://$tmp/measure.html" >"$tmp/dom.html" ||
    fail "chromium --dump-dom failed: $(tail -n 3 "$tmp/chromium.log")"
json=$(sed -n 's/.*<pre id="forkomp-measure">\(.*\)<\/pre>.*/\1/p' "$tmp/dom.html" | sed 's/&quot;/"/g; s/&amp;/\&/g')
[[ -n $json ]] || fail "the measuring script left nothing in the DOM"
python3 - "$json" "$H" <<'PY' || fail "the first screen in Chromium: see above"
import json, sys
r, height = json.loads(sys.argv[1]), int(sys.argv[2])
print("  first screen: %s" % json.dumps(r))
bad = []
def at(k): return r.get(k) if r.get(k) is not None else float("nan")
# (--dump-dom's window keeps room for a browser's bars, so its viewport is less than 800 px
# high; the page has no height-dependent style, so the tops are those of the 1280x800
# screenshot, whose first screen is the part above 800 px)
if r["viewport"][0] != 1280: bad.append("viewport %r, not 1280 px wide" % r["viewport"])
if r["tableTop"] is None or r["tableRows"] < 5: bad.append("no answer table of 5 rows or more")
if r["figTop"] is None: bad.append("no plot at all")
elif not 0 <= r["figTop"] < height:
    bad.append("the first plot starts at %.0f px, not within the first %d px" % (r["figTop"], height))
if not at("tableBottom") <= at("figTop"): bad.append("the answer table (ends at %s px) is not above "
                                                      "the first plot (%s px)" % (r["tableBottom"], r["figTop"]))
if not r["figInAnswer"]: bad.append("the first plot is not one of the answer's")
if r["answerFigures"] < 3: bad.append("%d plots under the answer: want the time, memory and start-up "
                                      "plots" % r["answerFigures"])
if r["svgHeight"] < 150: bad.append("the first plot is %.0f px high" % r["svgHeight"])
if not at("warnLinkTop") < at("tableTop"): bad.append("no warnings line linking #warnings above the answer")
elif "warning" not in r["warnLinkText"]: bad.append("the warnings line says %r" % r["warnLinkText"])
for k in ("warningsTop", "contextTop", "resultsTop"):
    if not at(k) > at("figTop"): bad.append("%s at %s px, not after the first plot" % (k, r.get(k)))
for b in bad: print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

shot=$tmp/screen.png
headless --hide-scrollbars --screenshot="$shot" "file://$page" >/dev/null || fail "no screenshot"
python3 - "$shot" "$W" "$H" <<'PY' || fail "the screenshot is not a ${W}x$H PNG"
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(24)
ok = head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (int(sys.argv[2]), int(sys.argv[3]))
sys.exit(0 if ok else 1)
PY
[[ -n ${SCREENSHOT:-} && -s $shot ]] && cp "$shot" "$SCREENSHOT"

if ((fails)); then
    echo "report_screen.sh: $fails failure(s)" >&2
    exit 1
fi
echo "report_screen.sh: ok${SCREENSHOT:+ (screenshot: $SCREENSHOT)}"
