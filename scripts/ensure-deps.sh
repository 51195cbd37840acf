#!/usr/bin/env bash
# Installs what building Tachikoma needs and a fresh Debian machine lacks: libedit-dev, libsqlite3-dev
# (for GRDB, the session store), libcurl4-openssl-dev (the MCP SDK links FoundationNetworking, which
# a static build links against libcurl) and pkg-config.
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists libedit 2>/dev/null; then missing+=(libedit-dev); fi
if ! pkg-config --exists sqlite3 2>/dev/null; then missing+=(libsqlite3-dev); fi
if ! pkg-config --exists libcurl 2>/dev/null; then missing+=(libcurl4-openssl-dev); fi
[ "${1:-}" = "--bench" ] && { command -v curl >/dev/null 2>&1 || missing+=(curl); [ -x /usr/bin/time ] || missing+=(time); }
[ "${1:-}" = "--profile" ] && { command -v valgrind >/dev/null 2>&1 || missing+=(valgrind); }
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "error: need ${missing[*]}; run as root or install them: apt-get install -y ${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
