#!/usr/bin/env bash
# Scale-out suite: a generated corpus of 20,000 articles goes through
# `byline export --format input`, then through the Dask recipe
# (scale/dask_annotate.py: a LocalCluster of 2 worker processes piping
# JSONL partitions through the real `byline annotate --jsonl`), and the
# output must equal a single-process run line for line (order aside);
# `byline report --from` then aggregates the partitions to the same totals
# as the single run's output.
# Dask is pinned and installed in its own venv (tests/.venv-scale).
# Usage: tests/scale/run.sh [ARTICLES]   (default 20000)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
articles=${1:-20000}
DASK_VERSION=2026.8.0
venv=$root/tests/.venv-scale
log() { printf '[scale %s] %s\n' "$(date +%T)" "$*" >&2; }

. "$root/tests/scale/common.sh"
pinned_venv "$venv" "import dask, distributed; assert dask.__version__ == '$DASK_VERSION'" \
  "dask[bag,distributed]==$DASK_VERSION" "distributed==$DASK_VERSION"

work=$(mktemp -d "${TMPDIR:-/tmp}/byline-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
generated_input "$work" "$articles" 7

log "single process"
start=$(date +%s%N)
"$byline" annotate --jsonl <"$work/input.jsonl" >"$work/single.jsonl"
single=$(( ($(date +%s%N) - start) / 1000000 ))

log "Dask LocalCluster, 2 worker processes"
start=$(date +%s%N)
"$venv/bin/python" scale/dask_annotate.py "$work/input.jsonl" "$work/dask-out" \
  --byline "$byline" --workers 2 --blocksize 4MB
dask=$(( ($(date +%s%N) - start) / 1000000 ))
parts=$(find "$work/dask-out" -name 'part-*.jsonl' | wc -l)
[ "$parts" -ge 2 ] || { echo "expected several partitions, found $parts" >&2; exit 1; }

same_lines "$work/single.jsonl" "$work/dask-out" Dask
[ "$(wc -l <"$work/single.jsonl")" -eq "$articles" ] || { echo "single run: not one line per article" >&2; exit 1; }

log "byline report --from the partitions and from the single output"
"$byline" report --from "$work/dask-out" -o "$work/dask-report.html" 2>/dev/null
"$byline" report --from "$work/single.jsonl" -o "$work/single-report.html" 2>/dev/null
metrics() { grep -o 'data-metric="[a-z-]*" data-value="[0-9.]*"' "$1"; }
if ! diff <(metrics "$work/single-report.html") <(metrics "$work/dask-report.html") >&2; then
  echo "the report of the Dask output differs from the single run's" >&2
  exit 1
fi
metrics "$work/dask-report.html" | grep -q "data-metric=\"articles\" data-value=\"$articles\"" ||
  { echo "the report does not count $articles articles" >&2; exit 1; }

log "ok: $articles articles, $parts partitions, identical output; single ${single} ms, Dask ${dask} ms (debug build)"
