#!/usr/bin/env bash
# Tests of the WASM binding, run by scripts/test.sh. Re-runnable; installs
# what it needs: through bindings-wasm/build.sh the wasm32 target,
# wasm-bindgen-cli at the pinned version, and binaryen, playwright-core and
# typescript (npm ci with the committed lock file); then Debian's chromium
# when /usr/bin/chromium is missing.
#
#  1. builds the npm package (bindings-wasm/pkg) and the demo page's assets
#     (examples/web/pkg, and examples/web/shop.kefu trained by the CLI with
#     the fixture seed): bindings-wasm/build.sh --demo;
#  2. runs Node's test runner on bindings-wasm/tests/*.test.mjs:
#     - fixtures.test.mjs: examples/fixtures/shop_cases.json with the same
#       checks as examples/tests/fixtures.rs; training in WASM gives the
#       CLI's bundle byte for byte; round trip and batch;
#     - api.test.mjs: error classes and codes, bad input, the clock, seeds,
#       free() and FinalizationRegistry cleanup, the package's files;
#     - types.test.mjs: index.d.ts against the Rust types and real analyses;
#     - typecheck.test.mjs: tsc --strict on a use of every function
#       (tests/typecheck/usage.mts), wrong uses rejected;
#     - size.test.mjs: the module is at most 1 MB gzipped;
#     - determinism.test.mjs: the demo bot trained natively
#       (examples/rust/native_analyses.rs, into KEFU_NATIVE_DIR) and in WASM:
#       byte-identical bundles, equal analyses of every fixture and demo
#       message;
#     - browser.test.mjs: the demo page in headless Chromium (playwright-core),
#       typing messages, retraining, and a screenshot (saved under
#       KEFU_SCREENSHOT_DIR, default a new temporary directory).
set -euo pipefail
cd "$(dirname "$0")/../.."

bindings-wasm/build.sh --demo

if [ ! -x /usr/bin/chromium ] && [ -z "${KEFU_CHROMIUM:-}" ]; then
  echo "==> installing chromium (Debian) for the browser test"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi

echo "==> native (x86_64) training and analyses for the cross-platform determinism test"
KEFU_NATIVE_DIR="$(mktemp -d)"
export KEFU_NATIVE_DIR
trap 'rm -rf "$KEFU_NATIVE_DIR"' EXIT
cargo run -q -p kefu-examples --example native_analyses -- "$KEFU_NATIVE_DIR"

echo "==> node --test bindings-wasm/tests (fixtures, API, types, tsc, size, browser, determinism)"
export KEFU_SHOP_BUNDLE="$PWD/examples/web/shop.kefu"
node --test --test-reporter=spec bindings-wasm/tests/*.test.mjs
