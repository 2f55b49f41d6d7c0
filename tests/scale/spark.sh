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
if ! "$venv/bin/python" -c "import pyspark; assert pyspark.__version__ == '$PYSPARK_VERSION'" 2>/dev/null; then
  log "installing pyspark==$PYSPARK_VERSION into tests/.venv-spark"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
cargo build --quiet -p byline --bin byline --example synthetic_corpus
byline=$root/target/debug/byline
work=$(mktemp -d "${TMPDIR:-/tmp}/byline-spark.XXXXXX")
trap 'rm -rf "$work"' EXIT
target/debug/examples/synthetic_corpus "$work/corpus" "$articles" 5 2>/dev/null
"$byline" export --format input "$work/corpus" -o "$work/input.jsonl" 2>/dev/null
"$byline" annotate --jsonl <"$work/input.jsonl" | sort >"$work/single.sorted"
log "Spark local[2], RDD.pipe"
"$venv/bin/python" scale/spark_annotate.py "$work/input.jsonl" "$work/spark-out" --byline "$byline" \
  --master 'local[2]' --partitions 4 2>"$work/spark.log" || { tail -30 "$work/spark.log" >&2; exit 1; }
cat "$work/spark-out"/part-* | sort | cmp -s - "$work/single.sorted" ||
  { echo "the Spark output differs from the single-process output" >&2; exit 1; }
"$byline" report --from "$work/spark-out" -o "$work/report.html" 2>/dev/null
grep -q "data-metric=\"articles\" data-value=\"$articles\"" "$work/report.html" ||
  { echo "the report of the Spark output does not count $articles articles" >&2; exit 1; }
log "ok: $articles articles, Spark output identical to one process"
