#!/usr/bin/env bash
# Scores `byline annotate --jsonl` on the dev sets in ../shared/eval/dev.
# Usage: tests/eval/score-dev.sh [SET...]   (sets: tbaq meantime polnear_dev polnear_train)
# The dev sets are for measuring only: nothing from them is copied into the project.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
eval_dir=${BYLINE_EVAL_DIR:-$root/../shared/eval}
if [ -n "${BYLINE_BIN:-}" ]; then
  bin=$BYLINE_BIN
else
  # Always build: scoring a stale binary silently measures old rules.
  cargo build --release --quiet -p byline --manifest-path "$root/Cargo.toml"
  bin=$root/target/release/byline
fi
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(tbaq meantime polnear_dev)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for set in "${sets[@]}"; do
  gold=$eval_dir/dev/$set.jsonl
  python3 "$eval_dir/score.py" strip "$gold" > "$work/$set.in.jsonl"
  "$bin" annotate --jsonl < "$work/$set.in.jsonl" > "$work/$set.pred.jsonl"
  echo "== $set"
  python3 "$eval_dir/score.py" "$gold" "$work/$set.pred.jsonl"
  if [ "$set" = ggt_dev ]; then
    echo "== $set: gender of sources"
    python3 "$root/tests/eval/score-gender.py" "$gold" "$work/$set.pred.jsonl"
  fi
done
