#!/usr/bin/env bash
# Every benchmark of `make bench` (see BENCHMARKS.md); expects release builds of tachikoma and fake-ollama.
# Arguments go to the stream benchmark, e.g. scripts/bench.sh --runs 5 --markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/bench.py "$@"
echo
python3 scripts/chat_pty_bench.py
echo
python3 scripts/chat_latency.py
