#!/usr/bin/env bash
# The stream benchmark (see BENCHMARKS.md); expects release builds of tachikoma and fake-ollama.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/bench.py "$@"
