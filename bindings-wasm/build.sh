#!/usr/bin/env bash
# Builds the npm package `kefu` into bindings-wasm/pkg/:
#
#   1. cargo build -p kefu-wasm for wasm32-unknown-unknown with the
#      `wasm-release` profile (root Cargo.toml: LTO, one codegen unit,
#      opt-level per crate: see the comment there);
#   2. wasm-bindgen --target web (ESM: loads in browsers, and in Node
#      through the wrapper's init/initSync), with the CLI at exactly the
#      version of the `wasm-bindgen` crate in Cargo.lock;
#   3. wasm-opt -O3 from the npm package `binaryen` (not Debian's binaryen
#      108, which silently produces broken modules);
#   4. adds the hand-written wrapper, types, package.json and README (js/,
#      README.md) and THIRD_PARTY.md.
#
# With --demo it also prepares the demo page examples/web/: a copy of the
# package in examples/web/pkg/ and the demo bot's bundle examples/web/shop.kefu,
# trained by the CLI (`kefu train examples/shop/bot.yaml --seed 42`) from the
# YAML authoring form; the page shows and retrains its definition in JSON.
#
# Installs what it needs and can be run any number of times: the wasm32
# target (rustup), wasm-bindgen-cli (cargo install, pinned), binaryen and
# the test tools (npm ci with the committed package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

demo=0
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    *) echo "usage: bindings-wasm/build.sh [--demo]" >&2; exit 2 ;;
  esac
done

profile=wasm-release
target=wasm32-unknown-unknown
out=bindings-wasm/pkg

# --- tools
rustup target add "$target" >/dev/null 2>&1 || true
wb_version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
if [ -z "$wb_version" ]; then
  echo "no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! grep -q "^wasm-bindgen = \"=$wb_version\"" bindings-wasm/Cargo.toml; then
  echo "bindings-wasm/Cargo.toml must pin wasm-bindgen = \"=$wb_version\" (the version in Cargo.lock)" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]; then
  echo "==> installing wasm-bindgen-cli $wb_version"
  # --locked fails on some registries (a pinned dependency version is
  # missing): fall back to a plain install of the same CLI version.
  cargo install wasm-bindgen-cli --version "$wb_version" --locked ||
    cargo install wasm-bindgen-cli --version "$wb_version"
fi
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || {
  echo "missing node/npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
}
# npm ci only when the lock file changed since the last install.
stamp=bindings-wasm/node_modules/.kefu-lock
if ! cmp -s bindings-wasm/package-lock.json "$stamp" 2>/dev/null; then
  echo "==> npm ci (binaryen, playwright-core, typescript)"
  (cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error)
  cp bindings-wasm/package-lock.json "$stamp"
fi

# --- build
echo "==> cargo build -p kefu-wasm --target $target --profile $profile"
cargo build -q -p kefu-wasm --target "$target" --profile "$profile"
raw="target/$target/$profile/kefu_wasm.wasm"

stage="$(mktemp -d "${TMPDIR:-/tmp}/kefu-wasm.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
echo "==> wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$stage" --out-name kefu_wasm "$raw"
echo "==> wasm-opt -O3 (binaryen $(bindings-wasm/node_modules/.bin/wasm-opt --version | awk '{print $3}'))"
bindings-wasm/node_modules/.bin/wasm-opt -O3 --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$stage/kefu_wasm_bg.opt.wasm" "$stage/kefu_wasm_bg.wasm"
mv "$stage/kefu_wasm_bg.opt.wasm" "$stage/kefu_wasm_bg.wasm"
cp bindings-wasm/js/index.js bindings-wasm/js/index.d.ts bindings-wasm/js/package.json "$stage/"
cp bindings-wasm/README.md THIRD_PARTY.md "$stage/"
rm -rf "$out"
mkdir -p "$out"
cp "$stage"/* "$out/"

wasm_bytes=$(wc -c <"$out/kefu_wasm_bg.wasm")
gz_bytes=$(gzip -9 -c "$out/kefu_wasm_bg.wasm" | wc -c)
echo "built $out: kefu_wasm_bg.wasm $wasm_bytes bytes, $gz_bytes gzipped (-9)"

# --- demo page assets
if [ "$demo" = 1 ]; then
  seed="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).seed)' examples/fixtures/shop_cases.json)"
  echo "==> examples/web: pkg/ and shop.kefu (kefu train examples/shop/bot.yaml --seed $seed)"
  rm -rf examples/web/pkg
  cp -r "$out" examples/web/pkg
  cargo run -q -p kefu-cli -- train examples/shop/bot.yaml --seed "$seed" -o examples/web/shop.kefu
fi
