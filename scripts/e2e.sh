#!/usr/bin/env bash
# Runs the Playwright suite against a freshly built server on a free port with its own demo
# database. Expects `cargo leptos build --split` to have produced target/site and the server binary,
# and scripts/build-counter.sh the offline counter's bundle beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

profile="${TIRTA_E2E_PROFILE:-debug}"
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/$profile/server"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# TIRTA_E2E_POSTGRES (a server URL) runs the suite on a fresh PostgreSQL database instead of SQLite.
database=""
if [ -n "${TIRTA_E2E_POSTGRES:-}" ]; then
  database="tirta_e2e_$$_$(date +%s)"
  psql "${TIRTA_E2E_POSTGRES%/}/postgres" -qc "CREATE DATABASE $database"
  export TIRTA_DATABASE_URL="${TIRTA_E2E_POSTGRES%/}/$database"
else
  export TIRTA_DATABASE_URL="sqlite://$work/e2e.db?mode=rwc"
fi
export LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site" LEPTOS_ENV=PROD
# Demo mode: the QRIS channel with the demo merchant, and the payment simulator.
export TIRTA_MODE=demo
# The suite looks up many numbers from one address; the limit itself is tested in server/tests.
export TIRTA_LOOKUPS_PER_MINUTE=100000 TIRTA_LOOKUP_BURST=100000
# Every browser of the suite comes from 127.0.0.1: its open streams share one address.
export TIRTA_LIVE_STREAMS_PER_ADDRESS=1000
# The queue's clock: a Monday morning, so online tickets are taken at night and at weekends too.
export TIRTA_QUEUE_CLOCK=2026-11-30T10:00
export RUST_LOG="${RUST_LOG:-warn}"

# The demo through the utility's own paths: files imported, each month billed by a run.
"$bin" seed --customers 200 --files "$work/demo-data" >/dev/null
# Beyond two months in arrears only the counter takes a debt (02.01.000004 is four behind).
"$bin" rules set counter_only_after_months 2 >/dev/null
# Staff accounts for the staff flows; never a default password, so the suite makes one up.
export TIRTA_STAFF_PASSWORD="e2e-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
"$bin" staff add --username admin.pusat --name "Admin Pusat" --role admin >/dev/null
"$bin" staff add --username spv.dau --name "Sari Supervisor" --role supervisor --office 02 >/dev/null
# The supervisors of the two offices the self-reading flow bills (one per run).
"$bin" staff add --username spv.tujuh --name "Supervisor Tujuh" --role supervisor --office 07 >/dev/null
"$bin" staff add --username spv.delapan --name "Supervisor Delapan" --role supervisor --office 08 >/dev/null
"$bin" staff add --username teller.satu --name "Teller Satu" --role teller --office 02 --counter 1 >/dev/null
"$bin" staff add --username teller.dua --name "Teller Dua" --role teller --office 02 --counter 2 >/dev/null
# One account per run of the staff life-cycle flow (it resets and deactivates them).
"$bin" staff add --username teller.tiga --name "Teller Tiga" --role teller --office 02 --counter 3 >/dev/null
"$bin" staff add --username teller.empat --name "Teller Empat" --role teller --office 02 --counter 4 >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"
  [ -z "$database" ] || psql "${TIRTA_E2E_POSTGRES%/}/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log"; echo "server did not start" >&2; exit 1; fi
  sleep 0.2
done

TIRTA_E2E_BIN="$bin" TIRTA_E2E_STAFF_PASSWORD="$TIRTA_STAFF_PASSWORD" TIRTA_E2E_URL="http://127.0.0.1:$port" npx playwright test -c end2end/playwright.config.ts "$@" || {
  status=$?
  echo "--- server log ---"; tail -n 50 "$work/server.log"
  exit $status
}
