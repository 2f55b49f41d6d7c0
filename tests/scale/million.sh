#!/usr/bin/env bash
# Benchmark, not a test (not in tests/run-all.sh): Byline on a million
# articles. Generates 100,000 articles (about 2.5 KB each), exports them as
# annotate input, repeats that input ten times under distinct ids (1,000,000
# lines, about 2.7 GB), then times with /usr/bin/time -v (CPU, wall, peak
# memory):
#   - `byline annotate --jsonl` over the million input lines (skip with
#     BYLINE_SKIP_ANNOTATE=1), and
#   - `byline report --from` over the million output lines (about 9.6 GB).
# Needs about 13 GB free under ${TMPDIR:-/tmp}; a release build.
# Usage: tests/scale/million.sh [WORK_DIR]   (kept, so runs can be repeated)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=${1:-${TMPDIR:-/tmp}/byline-million}
mkdir -p "$work"
log() { printf '[million %s] %s\n' "$(date +%T)" "$*" >&2; }
timed() { # label, command...: prints CPU, wall and peak memory of the command
  local label=$1
  shift
  /usr/bin/time -v "$@" 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  awk -v label="$label" -F': ' '
    /User time/ { user = $2 } /System time/ { sys = $2 } /Elapsed/ { wall = $2 }
    /Maximum resident/ { rss = $2 }
    END { printf "%s: CPU %.1f s (user %s + sys %s), wall %s, peak memory %d MB\n", label, user + sys, user, sys, wall, rss / 1024 }
  ' "$work/time.txt"
}

cargo build --release --quiet -p byline --bin byline --example synthetic_corpus
byline=$root/target/release/byline
if [ ! -s "$work/input-100k.jsonl" ]; then
  log "generating 100,000 articles"
  rm -rf "$work/corpus"
  target/release/examples/synthetic_corpus "$work/corpus" 100000 2012 2>/dev/null
  "$byline" export --format input "$work/corpus" -o "$work/input-100k.jsonl" 2>/dev/null
  rm -rf "$work/corpus"
fi
# Ten copies under ids `0/...` to `9/...`: a million distinct articles.
repeat() { for k in 0 1 2 3 4 5 6 7 8 9; do sed "s|\"id\":\"|\"id\":\"$k/|" "$1"; done; }
if [ ! -s "$work/input-1m.jsonl" ]; then
  log "writing the million-line input"
  repeat "$work/input-100k.jsonl" >"$work/input-1m.jsonl"
fi
if [ "${BYLINE_SKIP_ANNOTATE:-0}" != 1 ]; then
  log "annotate --jsonl over 1,000,000 lines"
  rm -f "$work/output-1m.jsonl"
  timed "annotate --jsonl, 1,000,000 articles" sh -c "'$byline' annotate --jsonl <'$work/input-1m.jsonl' >'$work/output-1m.jsonl'"
elif [ ! -s "$work/output-1m.jsonl" ]; then
  log "annotate --jsonl over 100,000 lines, output repeated ten times"
  "$byline" annotate --jsonl <"$work/input-100k.jsonl" >"$work/output-100k.jsonl"
  repeat "$work/output-100k.jsonl" >"$work/output-1m.jsonl"
fi
lines=$(wc -l <"$work/output-1m.jsonl")
[ "$lines" -eq 1000000 ] || { echo "expected 1,000,000 output lines, found $lines" >&2; exit 1; }
log "report --from over 1,000,000 lines ($(du -h "$work/output-1m.jsonl" | cut -f1))"
rm -f "$work/report-1m.html"
timed "report --from, 1,000,000 articles" "$byline" report --from "$work/output-1m.jsonl" -o "$work/report-1m.html"
grep -q 'data-metric="articles" data-value="1000000"' "$work/report-1m.html" ||
  { echo "the report does not count 1,000,000 articles" >&2; exit 1; }
