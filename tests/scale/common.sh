# What the scale-out recipes' tests share (sourced by tests/scale/run.sh for
# Dask and tests/scale/spark.sh for Spark): a pinned package in a venv of
# its own, a generated corpus turned into annotate input, and the check that
# a recipe's output partitions hold exactly one process's lines.
# The caller sets `root` (the repository) and defines `log`.

# pinned_venv VENV CHECK PIP_ARGS...: installs PIP_ARGS into VENV unless
# python's CHECK (an assert on the pinned version) already passes there.
pinned_venv() {
  local venv=$1 check=$2
  shift 2
  if ! "$venv/bin/python" -c "$check" 2>/dev/null; then
    log "installing $* into ${venv#"$root"/}"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  fi
}

# generated_input WORK ARTICLES SEED: builds byline and the generator, writes
# a generated corpus as WORK/input.jsonl (one line an article, with dates)
# and sets `byline` to the binary.
generated_input() {
  local work=$1 articles=$2 seed=$3
  cargo build --quiet -p byline --bin byline --example synthetic_corpus
  byline=$root/target/debug/byline
  log "generating $articles articles"
  target/debug/examples/synthetic_corpus "$work/corpus" "$articles" "$seed" 2>/dev/null
  "$byline" export --format input "$work/corpus" -o "$work/input.jsonl" 2>/dev/null
  local lines
  lines=$(wc -l <"$work/input.jsonl")
  [ "$lines" -eq "$articles" ] || { echo "export wrote $lines lines for $articles articles" >&2; exit 1; }
  grep -q '"dct":"20' "$work/input.jsonl" || { echo "export gave no publication dates" >&2; exit 1; }
}

# same_lines SINGLE PARTS_DIR RECIPE: the partitions in PARTS_DIR hold the
# lines of the single-process output SINGLE, order aside.
same_lines() {
  local single=$1 parts=$2 recipe=$3
  sort "$single" >"$single.sorted"
  cat "$parts"/part-* | sort >"$parts.sorted"
  if ! cmp -s "$single.sorted" "$parts.sorted"; then
    echo "the $recipe output differs from the single-process output:" >&2
    diff <(cut -c1-200 "$single.sorted") <(cut -c1-200 "$parts.sorted") | head -20 >&2
    exit 1
  fi
}
