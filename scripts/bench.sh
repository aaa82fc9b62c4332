#!/usr/bin/env bash
# The benchmark suite, one command: installs what is missing (the build tools, Chromium, wrk),
# builds the release site, makes the datasets once (kept in $TIRTA_BENCH_DATA), then measures
# and writes bench/results.json and bench/results.md.
#
#   scripts/bench.sh [customers]          (default 1000000: a 1,000,000-customer, 24-month dataset)
#
# Environment: TIRTA_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432),
# TIRTA_BENCH_DATA (default /var/tmp/tirta-bench), TIRTA_BENCH_SECONDS (15 per measurement),
# TIRTA_BENCH_OUT (default bench: where the results go), TIRTA_BENCH_BEFORE (optional: an earlier
# release's server binary, whose bill page is measured in the same run on the same datasets).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

customers="${1:-1000000}"
postgres="${TIRTA_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
data="${TIRTA_BENCH_DATA:-/var/tmp/tirta-bench}"
seconds="${TIRTA_BENCH_SECONDS:-15}"
as_of=2026-11-26 # fixed: the same dataset on every run and machine
out="${TIRTA_BENCH_OUT:-bench}"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/install-tools.sh --with-browser
if ! command -v wrk >/dev/null; then
  say "installing wrk from Debian's packages"
  as_root=""; [ "$(id -u)" -eq 0 ] || as_root="sudo"
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq wrk >/dev/null
fi

say "building the release site and the benchmark drivers"
cargo leptos build --release --split
cargo build --release --locked -p server --examples
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/release/server"
examples="$target_dir/release/examples"
mkdir -p "$data" "$out"

sqlite_url="sqlite://$data/tirta-$customers.db?mode=rwc"
if [ ! -f "$data/tirta-$customers.db.done" ]; then
  say "generating the SQLite dataset: $customers customers, 24 months (once)"
  rm -f "$data/tirta-$customers.db"*
  start=$(date +%s)
  TIRTA_DATABASE_URL="$sqlite_url" "$bin" seed --direct --customers "$customers" --as-of "$as_of"
  echo "$(( $(date +%s) - start )) s" >"$data/tirta-$customers.db.done"
fi

pg_db="tirta_bench_$customers"
pg_url="${postgres%/}/$pg_db"
if [ ! -f "$data/postgres-$customers.done" ]; then
  say "generating the PostgreSQL dataset: $customers customers, 24 months (once)"
  psql "${postgres%/}/postgres" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)"
  psql "${postgres%/}/postgres" -qc "CREATE DATABASE $pg_db"
  start=$(date +%s)
  TIRTA_DATABASE_URL="$pg_url" "$bin" seed --direct --customers "$customers" --as-of "$as_of"
  psql "$pg_url" -qc "VACUUM ANALYZE"
  echo "$(( $(date +%s) - start )) s" >"$data/postgres-$customers.done"
fi

say "bill page and bill API beside the hello handler (SQLite, PostgreSQL), first-view bytes"
TIRTA_BENCH_SECONDS="$seconds" "$examples/bench" --server "$bin" --site "$PWD/target/site" \
  --sqlite "$sqlite_url" --postgres "$pg_url" --seconds "$seconds" --out "$out" \
  --before "${TIRTA_BENCH_BEFORE:-}"

say "time to interactive in Chromium on a throttled mobile network; bytes per customer page"
addr="127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# Demo mode (QRIS configured) and a Monday-morning queue clock: the payment and ticket pages can
# be opened for the bytes table.
TIRTA_MODE=demo TIRTA_QUEUE_CLOCK=2026-11-30T10:00 TIRTA_DATABASE_URL="$sqlite_url" LEPTOS_SITE_ADDR="$addr" \
  TIRTA_PUBLIC_URL="http://$addr" LEPTOS_SITE_ROOT="$PWD/target/site" RUST_LOG=warn "$bin" serve >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
number=$(head -n1 "$out/.numbers-sqlite.txt")
node end2end/bench/first-view.mjs "http://$addr/tagihan?no=$number" 3 >"$out/tti.json"
node end2end/bench/page-bytes.mjs "http://$addr" "$number" 02 "$out/page-bytes.md" >"$out/page-bytes.json"
cat "$out/page-bytes.md"
kill $server; wait $server 2>/dev/null || true
cat "$out/tti.json"

say "bank API: inquiries and payments (SQLite), syncing at checkpoints and at every commit"
TIRTA_BENCH_OUT="$out" "$examples/bank_api_bench" 20000 32 "$seconds"

say "a utility moving in: 135,000 customers and their readings imported, a month billed (SQLite, PostgreSQL)"
"$examples/import_bench" 135000 "$postgres"
cp target/bench/imports.json "$out/imports.json"

say "live queue: a call reaching 5,000 open pages across two replicas (PostgreSQL), three runs"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
for run in 1 2 3; do
  TIRTA_BENCH_POSTGRES="$postgres" "$examples/live_queue_bench" --replicas 2 1000 5000 20
  cp target/bench/live-queue.json "$out/live-queue-$run.json"
done

python3 scripts/bench/report.py "$out" "$customers" >"$out/results.md"
cat "$out/results.md"
