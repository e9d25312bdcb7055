#!/usr/bin/env bash
# Runs every test in the repo: formatting, clippy, the core's docs, the workspace tests and a
# wasm32 build of the core. Installs what it needs (rustfmt, clippy, the
# wasm32 target) and can be run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust with rustup (https://rustup.rs) first" >&2
  exit 1
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy (workspace, all targets, -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings
echo "==> cargo doc (the core's public docs, broken links are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc -q -p kefu --no-deps
echo "==> cargo test (workspace)"
cargo test --workspace
# --- concurrency (examples/tests/concurrency.rs): 8 threads x 20k analyses
# on one shared Bot; optimized, as debug builds list it as ignored.
echo "==> concurrency: 8 threads x 20,000 messages on one Bot (release)"
cargo test -q --release -p kefu-examples --test concurrency
# --- end concurrency ---
echo "==> core builds for wasm32-unknown-unknown"
cargo build -p kefu --target wasm32-unknown-unknown
# --- kefu report in headless Chromium (cli/tests/report_browser/run.sh) ---
echo "==> kefu report: HTML page in headless Chromium, charts present, screenshot"
./cli/tests/report_browser/run.sh
# --- end kefu report ---
# --- C binding (bindings-c/tests/run.sh) ---
echo "==> C binding: header, libkefu.so/.a, example, fixtures, threads, valgrind"
./bindings-c/tests/run.sh
# --- end C binding ---
# --- WASM binding (bindings-wasm/tests/run.sh) ---
echo "==> WASM binding: npm package, fixtures and API in Node, types, size, demo page in headless Chromium"
./bindings-wasm/tests/run.sh
# --- end WASM binding ---
# --- Python binding (bindings-python/tests/run.sh) ---
echo "==> Python binding: abi3 wheel, fresh venv, pytest (fixtures, API, bad input, estimators), stubs"
./bindings-python/tests/run.sh
# --- end Python binding ---
echo "all tests passed"
