#!/usr/bin/env bash
# Installs what is missing (tools, Chromium) and runs every test: unit and property tests,
# integration tests against real SQLite databases, and Playwright in Chromium on a phone screen.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

scripts/install-tools.sh --with-browser

echo "==> unit, property and integration tests"
cargo test --workspace --locked

echo "==> building the site for the browser tests"
cargo leptos build

echo "==> browser tests (Chromium, 360 px, hydrated and without JavaScript)"
scripts/e2e.sh
