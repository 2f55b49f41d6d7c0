#!/usr/bin/env bash
# Every test of the project, as CI runs it: formatting, lints, Rust unit,
# snapshot and CLI tests, then the language server and editor suites, which
# install what they need (pytest-lsp, Neovim, code-server) on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "cargo test (unit, snapshot and CLI tests)"
cargo test --workspace --locked
for suite in tests/lsp/run.sh tests/nvim/run.sh tests/vscode/run.sh; do
  if [ -x "$suite" ]; then
    step "$suite"
    "$suite"
  fi
done
