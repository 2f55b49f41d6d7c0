#!/usr/bin/env bash
# Report suite: `byline report` of fixtures/corpus, fixtures/annotated and a
# generated corpus, opened from disk in headless Chromium (Debian's chromium
# driven by playwright-core): no console error, no network request, and
# the numbers on the page equal `byline entities --format json` and
# `byline check --format json` of the same folder. Installs chromium (apt)
# and playwright-core (npm, under .tools/) when missing.
# Usage: tests/report/run.sh [--screenshot FILE.png]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
PLAYWRIGHT_VERSION=1.65.1
driver=$root/.tools/report-driver
log() { printf '[report %s] %s\n' "$(date +%T)" "$*" >&2; }
screenshot=
[ "${1:-}" = --screenshot ] && screenshot=$(realpath -m "$2")

if [ ! -x /usr/bin/chromium ]; then
  log "apt-get install chromium"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  # The VS Code suite's tool install may hold the apt lock at the same time
  # (tests/run-all.sh starts it early): wait and retry rather than fail.
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    [ -x /usr/bin/chromium ] && break
    { "${sudo_cmd[@]}" apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=120 chromium; } >/dev/null 2>&1 && break
    log "apt-get busy or failed (attempt $attempt); retrying"
    sleep 20
  done
  [ -x /usr/bin/chromium ] || { echo "could not install chromium" >&2; exit 1; }
fi
if [ ! -d "$driver/node_modules/playwright-core" ]; then
  log "installing playwright-core $PLAYWRIGHT_VERSION"
  npm install --silent --prefix "$driver" "playwright-core@$PLAYWRIGHT_VERSION"
fi

cargo build --quiet -p byline --bin byline --example synthetic_corpus
byline=$root/target/debug/byline
work=$(mktemp -d "${TMPDIR:-/tmp}/byline-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
target/debug/examples/synthetic_corpus "$work/generated" 400 3 2>/dev/null

check_corpus() { # $1 = name, $2 = corpus folder, extra args for check.mjs
  local name=$1 corpus=$2
  shift 2
  log "$name"
  "$byline" report "$corpus" -o "$work/$name.html" 2>/dev/null
  "$byline" entities --format json "$corpus" >"$work/$name-entities.json"
  # check exits 1 when the corpus has errors: that is what it reports, not a failure here.
  "$byline" check --format json "$corpus" >"$work/$name-check.json" || [ $? -eq 1 ]
  timeout 120 node tests/report/check.mjs --page "$work/$name.html" --entities "$work/$name-entities.json" \
    --check "$work/$name-check.json" --playwright "$driver/node_modules/playwright-core" "$@"
}
if [ -n "$screenshot" ]; then
  check_corpus fixtures fixtures/corpus --screenshot "$screenshot"
else
  check_corpus fixtures fixtures/corpus
fi
check_corpus annotated fixtures/annotated
check_corpus generated "$work/generated"
log "ok"
