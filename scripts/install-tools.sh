#!/usr/bin/env bash
# Installs the build and test tools Tirta needs, skipping whatever is already present.
# Safe to rerun. Usage: scripts/install-tools.sh [--with-browser]
#   --with-browser  also installs Chromium and the Playwright npm packages (for tests)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen version in Cargo.lock: cargo-leptos runs the CLI on PATH unchecked.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (15-20 minutes on 2 cores, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm packages: binaryen gives a modern wasm-opt for release builds; Playwright drives the tests.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ]; then
  say "installing npm packages (binaryen, Playwright)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--with-browser" ] && ! command -v chromium >/dev/null; then
  say "installing Chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  $as_root apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi
if [ "${1:-}" = "--with-browser" ] && ! command -v pdftotext >/dev/null; then
  say "installing poppler-utils (the browser tests read the text of printed PDFs with pdftotext)"
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq poppler-utils >/dev/null
fi
if [ "${1:-}" = "--with-browser" ] && ! command -v psql >/dev/null; then
  say "installing the PostgreSQL client (the browser tests make their PostgreSQL database with it)"
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq postgresql-client >/dev/null
fi
say "tools ready"
