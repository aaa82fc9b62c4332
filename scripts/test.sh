#!/usr/bin/env bash
# Installs what is missing (tools, Chromium) and runs every test: unit and property tests,
# integration tests against real databases, and Playwright in Chromium on a phone screen. The
# integration and browser tests run twice: on SQLite, and on PostgreSQL (TIRTA_TEST_POSTGRES,
# default the local server at 127.0.0.1:5432, user postgres); the replica tests need PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

scripts/install-tools.sh --with-browser

postgres="${TIRTA_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432}"

echo "==> formatting, lints and the direction of the layers"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The browser's build too (the same crate with the hydrate feature, for WebAssembly), in the
# build directory cargo-leptos uses for it.
cargo clippy -p app --lib --locked --target wasm32-unknown-unknown --no-default-features --features hydrate \
  --target-dir "${CARGO_TARGET_DIR:-target}/front" -- -D warnings
# The offline counter's own bundle, in the build directory scripts/build-counter.sh uses.
cargo clippy -p counter --lib --locked --target wasm32-unknown-unknown \
  --target-dir "${CARGO_TARGET_DIR:-target}/counter" -- -D warnings
scripts/check-layers.sh

echo "==> unit, property and integration tests (SQLite)"
cargo test --workspace --locked

echo "==> the billing domain's tests again, as WebAssembly in Node (what the browser computes)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p domain --locked --target wasm32-unknown-unknown

echo "==> integration tests (PostgreSQL at ${postgres#*@})"
# The whole workspace again, though only the server's tests read the variable: the same
# feature set as above, so nothing is compiled twice.
TIRTA_TEST_POSTGRES="$postgres" cargo test --workspace --locked

echo "==> bytes a phone downloads to enhance a page (release bundle, budget 50 KB brotli)"
scripts/check-bytes.sh

echo "==> building the site for the browser tests"
# --split: heavy islands (the queue screen, the counter's change, copy and print) come in
# chunks of their own, loaded only on the pages that use them.
cargo leptos build --split
scripts/build-counter.sh

echo "==> browser tests on SQLite (Chromium, 360 px, hydrated and without JavaScript)"
scripts/e2e.sh

echo "==> browser tests on PostgreSQL"
TIRTA_E2E_POSTGRES="$postgres" scripts/e2e.sh
