#!/usr/bin/env bash
# The figures of a reproduction, from its result store:
#   scripts/reproduction-figures.sh STORE SWEEP [OUT_DIR]
# writes into OUT_DIR (default docs/reproduction): report.md, report.html (the
# self-contained page), table1.svg (the sweep chart: error minus baseline
# against u), fig1.svg (the sweep's schedules over the T its runs trained) and
# report.png (the page in headless Chromium; skipped with a note when
# /usr/bin/chromium is missing). Runs the built CLI (`npm run build` first), or
# the command in $MTL when set (the tests run the sources through tsx).
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: scripts/reproduction-figures.sh STORE SWEEP [OUT_DIR]" >&2
  exit 2
fi
store=$1
sweep=$2
out=${3:-docs/reproduction}
root=$(cd "$(dirname "$0")/.." && pwd)
mtl() {
  if [ -n "${MTL:-}" ]; then $MTL "$@"; else node "$root/bin/mtl.js" "$@"; fi
}

mkdir -p "$out"
mtl report "$sweep" --store "$store" -o "$out/report.md"
mtl report "$sweep" --store "$store" --format html -o "$out/report.html"
mtl plot sweep "$sweep" --store "$store" -o "$out/table1.svg"
mtl plot sweep "$sweep" --store "$store" --schedules -o "$out/fig1.svg"
if [ -x /usr/bin/chromium ]; then
  page=$(cd "$out" && pwd)/report.html
  (cd "$root" && node --import tsx scripts/screenshot-page.ts "$page" "${page%.html}.png")
else
  echo "no /usr/bin/chromium: $out/report.png not written (scripts/setup-system.sh installs it)" >&2
fi
