#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_html.sh: report.html opened in headless Chromium. A report of the fixture CSVs
# (tests/fixtures/report_basic.csv, report_spawn.csv) is rendered; a copy of the page with a
# small script appended measures it in the browser and writes the measurements into the DOM,
# read back with --dump-dom: the page renders (a title, headings, tables), every plot that
# report.md shows is an inline SVG of a real size, and the answer table ("The answer first")
# lies wholly inside the first screen, without scrolling. The page loads nothing from another
# file or the network. A screenshot of the first screen is taken, and kept only when
# FK_SCREENSHOT_DIR names a folder for it (`make test` leaves nothing behind in results/).
# Skips with one line when Chromium is not installed.
set -euo pipefail

FORKOMP=${FORKOMP:-bin/forkomp}
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/chromium.sh
. "$root/tests/lib/chromium.sh"
chromium_or_skip report_html.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-html-test-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
W=1280 H=900

out=$tmp/out
"$FORKOMP" report "$root/tests/fixtures/report_basic.csv" "$root/tests/fixtures/report_spawn.csv=labhost" \
    --out "$out" >/dev/null 2>"$tmp/stderr" || fail "report exited $? ($(cat "$tmp/stderr"))"
page=$out/report.html
[[ -s $page ]] || { fail "no report.html"; exit 1; }

# Self-contained: no external resource of any kind.
! grep -Eiq '<(img|link|iframe|object|embed)[ >]|<script[^>]*src=|@import|url\(' "$page" ||
    fail "report.html loads another file: $(grep -Eio '<(img|link|script)[^>]*>' "$page" | head -3)"
plots=$(grep -c '^!\[' "$out/report.md")
((plots > 0)) || fail "report.md has no plots (is gnuplot installed?)"

# The measuring copy: the script runs after the page is laid out and writes JSON into <pre>.
cp "$page" "$tmp/measure.html"
cat >>"$tmp/measure.html" <<'JS'
<script>
(function () {
  var r = {}, figs = document.querySelectorAll("figure.plot");
  r.title = document.title;
  r.h2 = document.querySelectorAll("h2").length;
  r.tables = document.querySelectorAll("table").length;
  r.figures = figs.length;
  r.svgSized = 0;
  figs.forEach(function (f) {
    var s = f.querySelector("svg"), b = s && s.getBoundingClientRect();
    if (b && b.width >= 300 && b.height >= 150 && s.querySelectorAll("path,text").length > 20)
      r.svgSized++;
  });
  var heads = Array.prototype.filter.call(document.querySelectorAll("h2"),
    function (h) { return h.textContent.trim() === "The answer first"; });
  var t = heads.length && heads[0].nextElementSibling;
  while (t && !t.querySelector("table")) t = t.nextElementSibling;
  if (t) {
    var b = t.getBoundingClientRect();
    r.answerTop = b.top; r.answerBottom = b.bottom; r.answerRows = t.querySelectorAll("tr").length;
  }
  r.viewport = [window.innerWidth, window.innerHeight];
  r.scrollY = window.scrollY;
  var pre = document.createElement("pre");
  pre.id = "forkomp-measure";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>
JS
headless --dump-dom "file://$tmp/measure.html" >"$tmp/dom.html" || fail "chromium --dump-dom failed: $(tail -n 3 "$tmp/chromium.log")"
json=$(sed -n 's/.*<pre id="forkomp-measure">\(.*\)<\/pre>.*/\1/p' "$tmp/dom.html" | sed 's/&quot;/"/g')
[[ -n $json ]] || fail "the measuring script left nothing in the DOM"
python3 - "$json" "$plots" "$H" <<'PY' || fail "the page in Chromium: see above"
import json, sys
r, plots, height = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
bad = []
if r["title"] != "forkomp report": bad.append("title %r" % r["title"])
if r["h2"] < 4 or r["tables"] < 3: bad.append("%d sections, %d tables" % (r["h2"], r["tables"]))
if r["figures"] != plots: bad.append("%d figures for %d plots of report.md" % (r["figures"], plots))
if r["svgSized"] != plots: bad.append("%d of %d plots are sized SVGs" % (r["svgSized"], plots))
if "answerBottom" not in r: bad.append("no answer table")
elif not (0 <= r["answerTop"] and r["answerBottom"] <= r["viewport"][1] and r["answerRows"] >= 5):
    bad.append("answer table at %.0f..%.0f px (%d rows), viewport %d px high"
               % (r["answerTop"], r["answerBottom"], r["answerRows"], r["viewport"][1]))
for b in bad: print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# The first screen as a student sees it, kept where FK_SCREENSHOT_DIR says (else removed).
had_results_dir=$([[ -e $root/results/test-report-html ]] && echo 1 || echo 0)
keep=${FK_SCREENSHOT_DIR:-$tmp/screenshot}
mkdir -p "$keep"
headless --screenshot="$keep/screenshot.png" "file://$page" >/dev/null || fail "no screenshot"
[[ $(head -c 4 "$keep/screenshot.png" 2>/dev/null | od -An -tx1 | tr -d ' \n') == 89504e47 ]] ||
    fail "the screenshot is not a PNG"

[[ $had_results_dir == 1 || ! -e $root/results/test-report-html ]] ||
    fail "left results/test-report-html/ behind"

if ((fails)); then
    echo "report_html.sh: $fails failure(s)" >&2
    exit 1
fi
echo "report_html.sh: ok (screenshot: ${FK_SCREENSHOT_DIR:+$keep/screenshot.png}${FK_SCREENSHOT_DIR:-taken; FK_SCREENSHOT_DIR=DIR keeps it})"
