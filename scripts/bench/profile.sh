#!/usr/bin/env bash
# Where a release server's time goes while wrk asks it for random customers' bill pages: a perf
# profile of the server process, by thread and by function (flat: self time only).
#
#   scripts/bench/profile.sh <server binary> <database url> <numbers file> <out file> [page|api] [seconds]
#
# The numbers file is one customer number per line (the benchmark driver writes
# bench/.numbers-sqlite.txt). LEPTOS_SITE_ROOT defaults to target/site.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$1 url=$2 numbers=$3 out=$4 mode=${5:-page} seconds=${6:-10}
command -v perf >/dev/null || { echo "perf is not installed (Debian: linux-perf)" >&2; exit 1; }

addr="127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
TIRTA_DATABASE_URL="$url" LEPTOS_SITE_ADDR="$addr" TIRTA_PUBLIC_URL="http://$addr" \
  LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" RUST_LOG=warn \
  TIRTA_LOOKUPS_PER_MINUTE=100000000 TIRTA_LOOKUP_BURST=100000000 "$bin" serve >/dev/null 2>&1 &
server=$!
data=$(mktemp)
trap 'kill $server 2>/dev/null || true; rm -f "$data"' EXIT
for _ in $(seq 1 300); do curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

load() { wrk -t2 -c64 -d"$1" -s scripts/bench/random-customer.lua "http://$addr/" -- "$numbers" "$mode"; }
load 3s >/dev/null # warm: the pool's connections, the page cache
load "$((seconds + 2))s" >"$data.wrk" &
wrk=$!
perf record -q -F 997 -p "$server" -o "$data" -- sleep "$seconds" 2>/dev/null
wait "$wrk"
{
  echo "# perf: $(basename "$bin") serving ${mode} for ${seconds} s under wrk (64 connections)"
  echo
  grep -E "Requests/sec|Latency " "$data.wrk" | sed 's/^ */    /'
  echo
  echo "## By thread"
  echo
  perf report -i "$data" --no-children --sort comm --stdio 2>/dev/null | grep -vE '^#|^$' | head -8 | sed 's/^/    /'
  echo
  echo "## By function (self time, top 40)"
  echo
  perf report -i "$data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -vE '^#|^$' | head -40 \
    | cut -c1-160 | sed 's/^/    /'
} >"$out"
rm -f "$data.wrk"
cat "$out"
