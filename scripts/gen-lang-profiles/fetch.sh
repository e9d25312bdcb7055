#!/usr/bin/env bash
# Downloads the Lingua language-model crates (Apache-2.0) that
# gen-lang-profiles reads, through cargo, into a throw-away project, and
# unpacks them into $1 (default /tmp/lingua-models).
set -euo pipefail
out="${1:-/tmp/lingua-models}"
tmp="$(mktemp -d)"
mkdir -p "$tmp/src" "$out"
echo 'fn main() {}' > "$tmp/src/main.rs"
{
  printf '[package]\nname = "lingua-fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n'
  for l in $(grep -o '^    ("[a-z]*", "[a-z]*"' "$(dirname "$0")/src/main.rs" | cut -d'"' -f4); do
    echo "lingua-$l-language-model = \"=1.3.0\""
  done
} > "$tmp/Cargo.toml"
(cd "$tmp" && cargo fetch)
for f in "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/lingua-*-language-model-1.3.0.crate; do
  tar xzf "$f" -C "$out"
done
echo "unpacked into $out"
