#!/usr/bin/env bash
# Throughput of `byline annotate --jsonl` on real news, and on the
# pathological inputs of the reliability brief, for one or two binaries in
# one run (so both see the same machine load).
#
# Usage: tests/bench/annotate-throughput.sh [BIN] [BASE_BIN]
#   BIN       the binary to measure (default: build this checkout's release)
#   BASE_BIN  a second binary to measure the same way, e.g. the previous
#             main's, built from a worktree:
#               git worktree add --detach /tmp/byline-base 92df079
#               (cd /tmp/byline-base && cargo build --release -p byline)
#               tests/bench/annotate-throughput.sh "" /tmp/byline-base/target/release/byline
#
# Input: ../shared/eval/dev/polnear_train.jsonl (BYLINE_EVAL_DIR overrides
# ../shared/eval), stripped with score.py and repeated to at least 30 MB, in
# a temporary folder (never in the repository). Each binary runs on the
# whole file with two threads (the default on a 2-core machine) and the best
# of RUNS (default 3) runs counts, with the processor time of that run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
eval_dir=${BYLINE_EVAL_DIR:-$root/../shared/eval}
runs=${RUNS:-3}
bin=${1:-}
base=${2:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet -p byline --manifest-path "$root/Cargo.toml"
  bin=$root/target/release/byline
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$eval_dir/score.py" strip "$eval_dir/dev/polnear_train.jsonl" > "$work/one.jsonl"
: > "$work/news.jsonl"
while [ "$(stat -c %s "$work/news.jsonl")" -lt 30000000 ]; do cat "$work/one.jsonl" >> "$work/news.jsonl"; done

# Pathological articles (issue 14): 128 KB of `a.`, `U.S.` repeated, and one
# 50 MB article made of real news paragraphs (entity linking across it).
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def write(name, text):
    with open(f"{work}/{name}.jsonl", "w") as f:
        f.write(json.dumps({"id": name, "text": text, "dct": None}) + "\n")
write("a-dots-128k", "a." * 65536)
write("us-dots-128k", "U.S." * 32768)
texts = [json.loads(l)["text"] for l in open(f"{work}/one.jsonl")]
news = "\n\n".join(texts)
for mb in (12, 50):
    big = []
    size = 0
    while size < mb * 1_000_000:
        big.append(news)
        size += len(news.encode())
    write(f"news-{mb}mb-article", "\n\n".join(big))
PY

measure() { # BIN FILE -> "best-wall-seconds cpu-seconds-of-that-run"
  local best= cpu=
  for _ in $(seq "$runs"); do
    local times wall used
    # bash's own `time`: wall, user and system seconds of the run.
    times=$( { TIMEFORMAT='%R %U %S'; time "$1" annotate --jsonl < "$2" > /dev/null; } 2>&1 )
    wall=${times%% *}
    used=$(python3 -c "r, u, s = '$times'.split(); print(float(u) + float(s))")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $wall < $best else 1)"; then
      best=$wall cpu=$used
    fi
  done
  echo "$best $cpu"
}

# MB/s is wall-clock throughput on both cores; MB/cpu-s divides by the
# processor time of all threads, which a loaded machine disturbs much less,
# so compare binaries by it when others share the machine.
printf '%-22s %10s %8s %10s %12s\n' input MB binary 'MB/s' 'MB/cpu-s'
for input in news a-dots-128k us-dots-128k news-12mb-article news-50mb-article; do
  file=$work/$input.jsonl
  mb=$(python3 -c "print($(stat -c %s "$file")/1e6)")
  for b in "$bin" ${base:+"$base"}; do
    label=$([ "$b" = "$bin" ] && echo this || echo base)
    read -r s cpu < <(measure "$b" "$file")
    printf '%-22s %10.1f %8s %10.1f %12.1f   (%.2f s wall, %.2f s cpu)\n' "$input" "$mb" "$label" \
      "$(python3 -c "print($mb/$s)")" "$(python3 -c "print($mb/max($cpu, 0.01))")" "$s" "$cpu"
  done
done
