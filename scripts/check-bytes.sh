#!/usr/bin/env bash
# What a phone downloads to enhance any customer page, against its budget: the browser bundle
# built for release (what customers get) into its own site directory, so the debug site the
# browser tests use stays as it is. Fails when the JS and WebAssembly every page loads are over
# 50 KB with brotli.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
target_dir="${CARGO_TARGET_DIR:-target}"
LEPTOS_SITE_ROOT=target/site-budget cargo leptos build --release --frontend-only --split
node end2end/bench/bundle-bytes.mjs target/site-budget/pkg "$target_dir/release/hash.txt" "${TIRTA_BUNDLE_BUDGET_KB:-50}"
