#!/usr/bin/env bash
# The Spark recipe (scale/spark_annotate.py, RDD.pipe) against one process,
# on generated articles: the outputs must be equal line for line (order
# aside). Not part of tests/run-all.sh: pyspark is a 400 MB download and a
# JVM start, more than CI's budget for a second recipe; run it by hand.
# Needs Java 17. pyspark is pinned and installed in tests/.venv-spark.
# Usage: tests/scale/spark.sh [ARTICLES]   (default 2000)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
articles=${1:-2000}
PYSPARK_VERSION=4.0.1
venv=$root/tests/.venv-spark
log() { printf '[spark %s] %s\n' "$(date +%T)" "$*" >&2; }
. "$root/tests/scale/common.sh"
pinned_venv "$venv" "import pyspark; assert pyspark.__version__ == '$PYSPARK_VERSION'" "pyspark==$PYSPARK_VERSION"
work=$(mktemp -d "${TMPDIR:-/tmp}/byline-spark.XXXXXX")
trap 'rm -rf "$work"' EXIT
generated_input "$work" "$articles" 5
"$byline" annotate --jsonl <"$work/input.jsonl" >"$work/single.jsonl"
log "Spark local[2], RDD.pipe"
"$venv/bin/python" scale/spark_annotate.py "$work/input.jsonl" "$work/spark-out" --byline "$byline" \
  --master 'local[2]' --partitions 4 2>"$work/spark.log" || { tail -30 "$work/spark.log" >&2; exit 1; }
same_lines "$work/single.jsonl" "$work/spark-out" Spark
"$byline" report --from "$work/spark-out" -o "$work/report.html" 2>/dev/null
grep -q "data-metric=\"articles\" data-value=\"$articles\"" "$work/report.html" ||
  { echo "the report of the Spark output does not count $articles articles" >&2; exit 1; }
log "ok: $articles articles, Spark output identical to one process"
