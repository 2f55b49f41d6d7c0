#!/usr/bin/env bash
# End-to-end tests of `byline lsp`: builds the binary, sets up a private venv
# with pytest-lsp under tests/.venv (git-ignored) and runs the suite against
# the real server over stdio. Needs only Rust and Python 3.11.
# Usage: tests/lsp/run.sh [pytest args...]     exit code non-zero on failure
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=$root/tests/.venv
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/pytest" ] || ! "$venv/bin/python" -c 'import pytest_lsp' 2>/dev/null; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pytest-lsp==1.0.1
fi

# Release: the suite times 20 MB articles and bursts of edits.
cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p byline
export BYLINE_BIN=${BYLINE_BIN:-$root/target/release/byline}

cd "$root/tests/lsp"
# pytest-lsp has no timeout of its own: bound the whole run.
exec timeout "${BYLINE_LSP_TEST_TIMEOUT:-600}" "$venv/bin/pytest" -q "$@"
