#!/usr/bin/env bash
# The live-queue benchmark: thousands of open pages need thousands of sockets on each side.
# Usage: scripts/bench-live.sh [clients ...] [calls per step]   (default: 1000 5000, 20 calls)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec cargo run --release --locked -p server --example live_queue_bench -- "$@"
