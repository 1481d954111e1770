#!/usr/bin/env bash
# The release build: the server, and the browser bundle split into a main
# module and per-page chunks (every page is a lazily loaded route).
#
# cargo-leptos also writes a split manifest. When the server finds it, every
# page names each of its chunks in a preload link: 100 to 440 links, which
# doubled the dashboard's HTML and cut the pages the server renders per second
# by almost half (1,567 against 2,845 req/s on the demo dashboard). Without it
# the browser's loader fetches a page's chunks itself, all at once, as soon
# as the main module runs, so the manifest is moved out of the site (where
# `scripts/wasm-size.js` still reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo leptos build --release --split "$@"
for manifest in target/site/pkg/__wasm_split_manifest*.json; do
  if [ -e "$manifest" ]; then mv "$manifest" target/wasm-split-manifest.json; fi
done
