#!/usr/bin/env bash
# Starts the scripted Ollama server on a free loopback port and opens the chat against it.
set -euo pipefail
cd "$(dirname "$0")/.."
fifo=$(mktemp -u); mkfifo "$fifo"
.build/release/fake-ollama --port 0 --token-delay-ms 30 >"$fifo" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$fifo"' EXIT
read -r line <"$fifo"
url=$(echo "$line" | grep -o 'http://127.0.0.1:[0-9]*')
echo "scripted server at $url (pid $server)"
.build/release/tachikoma --host "$url" "$@"
