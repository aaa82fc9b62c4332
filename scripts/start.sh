#!/usr/bin/env bash
# Installs what is missing, builds Tirta (release), fills an embedded SQLite database with demo
# data on first run, and starts the portal. Safe to rerun: data and tools already there are kept.
#   TIRTA_DATABASE_URL  database (default sqlite://tirta.db?mode=rwc, in this folder)
#   LEPTOS_SITE_ADDR    address to listen on (default 127.0.0.1:3000)
#   TIRTA_DEMO_CUSTOMERS  size of the demo dataset (default 3000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

scripts/install-tools.sh

echo "==> building Tirta (release; the first build takes 10-15 minutes on 2 cores)"
cargo leptos build --release --split
# The offline counter's own bundle, loaded by the counter page alone.
scripts/build-counter.sh --release

target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/release/server"
export LEPTOS_SITE_ROOT="$PWD/target/site" LEPTOS_ENV=PROD
# The demo: QRIS with a demo merchant identity, and the payment simulator at /simulator.
export TIRTA_MODE="${TIRTA_MODE:-demo}"
export TIRTA_DATABASE_URL="${TIRTA_DATABASE_URL:-sqlite://tirta.db?mode=rwc}"

"$bin" seed --if-empty --customers "${TIRTA_DEMO_CUSTOMERS:-3000}"

# Demo staff accounts, once: there is no default password, so one is made up here, printed, and
# kept in tirta-demo-staff.txt (readable by you only). Production creates its first
# administrator with `server staff add --role admin` instead.
if [ "$TIRTA_MODE" = demo ] && [ ! -f tirta-demo-staff.txt ]; then
  export TIRTA_STAFF_PASSWORD="demo-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  if "$bin" staff add --username admin --name "Administrator Demo" --role admin >/dev/null 2>&1; then
    "$bin" staff add --username spv.dau --name "Supervisor Unit Dau" --role supervisor --office 02 >/dev/null
    "$bin" staff add --username teller.dau --name "Teller Unit Dau" --role teller --office 02 --counter 1 >/dev/null
    umask 077
    printf 'Demo staff at /staf/masuk: admin, spv.dau, teller.dau\npassword: %s\n' "$TIRTA_STAFF_PASSWORD" > tirta-demo-staff.txt
    echo "==> demo staff accounts created (see tirta-demo-staff.txt):"
    cat tirta-demo-staff.txt
  fi
  unset TIRTA_STAFF_PASSWORD
fi
exec "$bin" serve
