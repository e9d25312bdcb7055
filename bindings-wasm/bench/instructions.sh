#!/usr/bin/env bash
# Instructions per `bot.analyze` in Node, counted by valgrind (callgrind):
# repeatable whatever else the machine is doing, unlike the wall-clock
# figures of bench.mjs, which vary by ±30 % on a shared VM.
#
#   bindings-wasm/build.sh --demo
#   bindings-wasm/bench/instructions.sh [N]      # default N = 4200
#
# Node runs with --no-liftoff (every WASM function compiled by TurboFan up
# front, as hot code ends up after tier-up) and --single-threaded (no
# background compilation or GC threads), so that two runs give the same
# count to about 0.1 %. Two runs, of 2,100 and 2,100 + N analyses; the
# difference divided by N leaves out start-up, compilation and the bundle
# load. Set KEFU_WASM_PKG to measure another build of the package.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-4200}"
command -v valgrind >/dev/null || { echo "needs valgrind (Debian: apt-get install valgrind)" >&2; exit 1; }
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    node --no-liftoff --single-threaded bindings-wasm/bench/fixed.mjs "$1" 2>&1 |
    awk '/ refs:/ { gsub(",", "", $4); print $4 }'
}
a="$(count 2100)"
b="$(count $((2100 + n)))"
echo "$(( (b - a) / n )) instructions per analyze (Node $(node --version), $n analyses: $a → $b)"
