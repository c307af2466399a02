#!/usr/bin/env bash
# Installs what the queue-mode test needs besides n8n: PostgreSQL and Redis from Debian's packages,
# only when they are missing. Debian keeps the PostgreSQL server programs in
# /usr/lib/postgresql/<version>/bin, off PATH. Nothing is started or enabled here: the test runs
# private instances in a temp folder (scripts/queue-services.ts). Prints the folder holding initdb
# and postgres on its last line.
set -euo pipefail

postgres_bin() {
	local initdb
	initdb=$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
	[ -n "$initdb" ] && dirname "$(readlink -f "$initdb")"
}

missing=()
postgres_bin >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "[install-queue-services] missing ${missing[*]}: run as root, or apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
	echo "[install-queue-services] installing ${missing[*]}" >&2
	# The packages would start their system-wide services where an init system runs; policy-rc.d says no.
	policy=/usr/sbin/policy-rc.d
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod +x "$policy"
		trap 'rm -f "$policy"' EXIT
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
postgres_bin
