#!/usr/bin/env bash
# Builds the offline counter's own WebAssembly (the `counter` crate) into the site's bundle
# directory, beside what `cargo leptos build` wrote, named by its content hash, and lists the
# names in counter.txt for the server (the counter page's loader, the counter's service worker).
# Run after `cargo leptos build`; `--release` for what offices get.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
profile=dev out=debug
if [ "${1:-}" = "--release" ]; then profile=wasm-release out=wasm-release; fi
target="${CARGO_TARGET_DIR:-target}/counter"
pkg="${LEPTOS_SITE_ROOT:-target/site}/pkg"
cargo build -p counter --lib --locked --target wasm32-unknown-unknown --profile "$profile" --target-dir "$target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name counter \
  "$target/wasm32-unknown-unknown/$out/counter.wasm"
hash=$(cat "$work/counter.js" "$work/counter_bg.wasm" | sha256sum | cut -c1-20)
mkdir -p "$pkg"
rm -f "$pkg"/counter.*.js "$pkg"/counter.*.wasm "$pkg"/counter.*.js.* "$pkg"/counter.*.wasm.*
cp "$work/counter.js" "$pkg/counter.$hash.js"
cp "$work/counter_bg.wasm" "$pkg/counter.$hash.wasm"
printf 'js: counter.%s.js\nwasm: counter.%s.wasm\n' "$hash" "$hash" > "$pkg/counter.txt"
echo "counter bundle: $pkg/counter.$hash.{js,wasm}"
