#!/usr/bin/env bash
# Every test of the project, as CI runs it: formatting, lints, Rust unit,
# snapshot and CLI tests, SARIF schema validation, then the language-server suite (pytest-lsp) and the
# real-editor suites (headless Neovim 0.11; VS Code in code-server driven by
# headless Chromium). The suites install what they need on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s (%s)\n' "$*" "$(date +%T)"; }
mkdir -p tests/output

# code-server's native builds take minutes on a fresh machine: start them now
# so they overlap the Rust build and tests.
tools_log=tests/output/vscode-tools.log
tests/vscode/install-tools.sh >"$tools_log" 2>&1 &
tools_pid=$!
trap 'kill "$tools_pid" 2>/dev/null || true' EXIT

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "cargo test (unit, snapshot and CLI tests)"
cargo test --workspace --locked
step "SARIF output against the SARIF 2.1.0 schema (tests/sarif)"
tests/sarif/run.sh
step "scale-out: Dask LocalCluster against one process (tests/scale)"
tests/scale/run.sh
step "corpus report in headless Chromium (tests/report)"
tests/report/run.sh
step "language server end-to-end suite (tests/lsp)"
tests/lsp/run.sh
step "Neovim suite (tests/nvim)"
tests/nvim/run.sh
step "VS Code suite (tests/vscode)"
if ! wait "$tools_pid"; then
  cat "$tools_log" >&2
  echo "installing the VS Code suite's tools failed (log above)" >&2
  exit 1
fi
trap - EXIT
tests/vscode/run.sh
step "all tests passed"
