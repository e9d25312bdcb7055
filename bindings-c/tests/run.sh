#!/usr/bin/env bash
# Tests of the C binding, run by scripts/test.sh. Re-runnable; installs what
# it needs (cbindgen 0.29.4 pinned; pkg-config, valgrind, PyYAML and clang
# from apt when missing).
#
#  1. regenerates include/kefu.h with cbindgen and fails if it differs from
#     the committed header;
#  2. builds libkefu.so (with a SONAME) and libkefu.a and installs them with
#     kefu.h and kefu.pc under a temporary prefix (bindings-c/install.sh);
#     checks that the library exports exactly the header's functions;
#  3. compiles examples/c/shop.c with -std=c11 -Wall -Wextra -Werror
#     -pedantic against the .so (via pkg-config) and the .a, the API test
#     (tests/api.c), the thread test (tests/threads.c) and the header as C++
#     (tests/header.cpp);
#  4. trains the demo bot from JSON in C and checks the bundle is
#     byte-identical to `kefu train`'s; runs the shop fixtures
#     (examples/fixtures/shop_cases.json) through the C API with the same
#     expectations as examples/tests/fixtures.rs (tests/fixtures.py), and the
#     fixture's error cases (tests/errors.c: every error kind, its code and
#     message);
#  5. runs the bad-input API test, 8 threads on one handle, and the C++ test;
#  6. runs the example, the API test and the thread test under valgrind
#     (--error-exitcode=1 --leak-check=full; tests/valgrind.supp explains the
#     two process-lifetime caches it suppresses), on the first 24 fixture
#     cases (valgrind is slow; the full set runs natively and under ASan);
#  7. AddressSanitizer: compiles the example, the API, thread and error
#     tests with clang -fsanitize=address (linked with libkefu.a; the Rust
#     side is not instrumented, but ASan's allocator and LeakSanitizer see
#     every malloc/free across the boundary) and runs them: no memory error,
#     no leak, same results.
#
# Every check after the build runs even if an earlier one failed; the script
# lists the failed checks and exits 1 at the end.
#
# KEFU_C_RELEASE=1 tests the release build instead of the debug one.
set -euo pipefail
cd "$(dirname "$0")/../.."

sudo_cmd=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing $*: install it with your package manager" >&2
    exit 1
  fi
  if [ $apt_updated -eq 0 ]; then
    "${sudo_cmd[@]}" apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >/dev/null
}

for tool in gcc g++ python3 readelf nm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool (gcc, g++, python3, binutils)" >&2; exit 1; }
done
command -v pkg-config >/dev/null 2>&1 || apt_install pkg-config
command -v valgrind >/dev/null 2>&1 || apt_install valgrind
command -v clang >/dev/null 2>&1 || apt_install clang
python3 -c 'import yaml' 2>/dev/null || apt_install python3-yaml

cbindgen_version=0.29.4
if [ "$(cbindgen --version 2>/dev/null || true)" != "cbindgen $cbindgen_version" ]; then
  echo "==> installing cbindgen $cbindgen_version"
  cargo install cbindgen --version "$cbindgen_version" --locked
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kefu-c.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

failed=()
check() { # check NAME COMMAND...: runs a check, records a failure, goes on
  local name="$1"
  shift
  echo "--> $name"
  if ! "$@"; then
    echo "FAILED: $name" >&2
    failed+=("$name")
  fi
}

# 1. The committed header is what cbindgen generates now.
header_is_fresh() {
  (cd bindings-c && cbindgen --quiet --config cbindgen.toml --output "$tmp/kefu.h")
  if ! diff -u bindings-c/include/kefu.h "$tmp/kefu.h"; then
    echo "bindings-c/include/kefu.h is stale: regenerate it with" >&2
    echo "  (cd bindings-c && cbindgen --config cbindgen.toml --output include/kefu.h)" >&2
    return 1
  fi
}
check "header is up to date (cbindgen $cbindgen_version)" header_is_fresh

# 2. Build and install under a temporary prefix.
echo "--> build and install libkefu.so, libkefu.a, kefu.h, kefu.pc"
prefix="$tmp/prefix"
if [ "${KEFU_C_RELEASE:-0}" = 1 ]; then
  bindings-c/install.sh "$prefix" --release
else
  bindings-c/install.sh "$prefix"
fi
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
lib="$prefix/lib"

exports_match_header() {
  local declared exported
  declared="$(grep -oE '\bkefu_[a-z0-9_]+\(' bindings-c/include/kefu.h | tr -d '(' | sort -u)"
  exported="$(nm -D --defined-only "$lib/libkefu.so" | awk '$2 == "T" {print $3}' | sort -u)"
  if [ "$declared" != "$exported" ]; then
    diff <(echo "$declared") <(echo "$exported") >&2 || true
    echo "the functions libkefu.so exports (right) differ from those kefu.h declares (left)" >&2
    return 1
  fi
  echo "$(echo "$exported" | wc -l) functions exported, all declared in kefu.h; SONAME $(readelf -d "$lib/libkefu.so" | sed -n 's/.*soname: \[\(.*\)\]/\1/p')"
}
check "libkefu.so exports exactly the header's functions" exports_match_header

# 3. Compile everything with warnings as errors.
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic)
rpath=(-Wl,-rpath,"$lib")
read -r -a pc_cflags <<<"$(pkg-config --cflags kefu)"
read -r -a pc_libs <<<"$(pkg-config --libs kefu)"
static_libs=("$(pkg-config --variable=libdir kefu)/libkefu.a" -lpthread -ldl -lm)
compile() {
  gcc "${cflags[@]}" -o "$tmp/shop" examples/c/shop.c "${pc_cflags[@]}" "${pc_libs[@]}" "${rpath[@]}" &&
    gcc "${cflags[@]}" -o "$tmp/shop_static" examples/c/shop.c "${pc_cflags[@]}" "${static_libs[@]}" &&
    gcc "${cflags[@]}" -o "$tmp/api" bindings-c/tests/api.c "${pc_cflags[@]}" "${pc_libs[@]}" "${rpath[@]}" &&
    gcc "${cflags[@]}" -o "$tmp/threads" bindings-c/tests/threads.c "${pc_cflags[@]}" "${pc_libs[@]}" -lpthread "${rpath[@]}" &&
    gcc "${cflags[@]}" -o "$tmp/errors" bindings-c/tests/errors.c "${pc_cflags[@]}" "${pc_libs[@]}" "${rpath[@]}" &&
    g++ -std=c++11 -Wall -Wextra -Werror -pedantic -o "$tmp/header_cpp" bindings-c/tests/header.cpp \
      "${pc_cflags[@]}" "${pc_libs[@]}" "${rpath[@]}" &&
    readelf -d "$tmp/shop" | grep -q "NEEDED.*libkefu\.so\." &&
    ! readelf -d "$tmp/shop_static" | grep -q "NEEDED.*libkefu"
}
check "compile: example (.so and .a), api, thread and error tests (gcc -std=c11 -Werror), header as C++ (g++)" compile

# 4. The demo bot and the shared fixtures.
python3 bindings-c/tests/fixtures.py prepare "$tmp"
seed="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seed"])' examples/fixtures/shop_cases.json)"
echo "--> kefu train examples/shop/bot.yaml --seed $seed (the CLI's bundle)"
cargo run -q -p kefu-cli -- train examples/shop/bot.yaml --seed "$seed" -o "$tmp/cli.kefu"

train_in_c() {
  # The example trains from JSON (default seed = the fixture seed) and saves its bundle.
  [ "$seed" = 42 ] || { echo "fixture seed $seed is not KEFU_DEFAULT_SEED" >&2; return 1; }
  "$tmp/shop" --save "$tmp/c.kefu" "$tmp/shop.json" "$tmp/cases.tsv" &&
    cmp "$tmp/c.kefu" "$tmp/cli.kefu" &&
    echo "the bundle trained through kefu_bot_train_json is byte-identical to kefu train's"
}
check "example: train the demo bot from JSON, print decisions, bundle equals the CLI's" train_in_c

fixtures() {
  "$tmp/shop" --json "$tmp/cli.kefu" "$tmp/cases.tsv" >"$tmp/results.tsv" &&
    "$tmp/shop_static" --json "$tmp/cli.kefu" "$tmp/cases.tsv" >"$tmp/results_static.tsv" &&
    "$tmp/shop" --json "$tmp/shop.json" "$tmp/cases.tsv" >"$tmp/results_trained.tsv" &&
    cmp "$tmp/results.tsv" "$tmp/results_static.tsv" &&
    cmp "$tmp/results.tsv" "$tmp/results_trained.tsv" &&
    echo "same analyses from the .so and the .a, from the bundle and from training" &&
    python3 bindings-c/tests/fixtures.py check "$tmp/results.tsv"
}
check "fixtures: examples/fixtures/shop_cases.json through the C API" fixtures

error_cases() {
  "$tmp/errors" "$tmp/cli.kefu" "$tmp/errors.tsv" >"$tmp/errors_results.tsv" &&
    python3 bindings-c/tests/fixtures.py check-errors "$tmp/errors_results.tsv"
}
check "error cases: every error kind of shop_cases.json's error_cases through the C API" error_cases

# 5. API contract, threads, C++.
check "api: bad input and ownership (tests/api.c)" "$tmp/api"
check "threads: 8 pthreads on one handle equal single-threaded results" \
  "$tmp/threads" "$tmp/cli.kefu" "$tmp/cases.tsv" "$tmp/batch.json" 4
check "header as C++" "$tmp/header_cpp"

# 6. valgrind: 0 errors, 0 leaks.
vg() { # vg NAME COMMAND...
  local log="$tmp/valgrind-$1.log"
  shift
  if valgrind --num-callers=60 --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
    --suppressions=bindings-c/tests/valgrind.supp --log-file="$log" "$@" >/dev/null; then
    grep -E "definitely lost|indirectly lost|possibly lost|suppressed:|ERROR SUMMARY|All heap blocks" "$log" |
      sed 's/^==[0-9]*== *//; s/^/    /'
  else
    cat "$log" >&2
    return 1
  fi
}
check "valgrind: example trains from JSON and analyzes the fixtures" \
  vg shop "$tmp/shop" --save "$tmp/vg.kefu" "$tmp/shop.json" "$tmp/cases_head.tsv"
check "valgrind: api test" vg api "$tmp/api"
check "valgrind: threads (concurrent single and batch calls)" \
  vg threads "$tmp/threads" "$tmp/cli.kefu" "$tmp/cases_head.tsv" "$tmp/batch_head.json" 0

# 7. AddressSanitizer (clang), statically linked.
asan_cflags=(-std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=address -fno-omit-frame-pointer)
asan() { # asan NAME COMMAND...: runs under ASan; any report fails
  local name="$1" log="$tmp/asanlog-$1"
  shift
  if ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23:log_path=$log" "$@" >"$tmp/asan-$name.out"; then
    if ls "$log".* >/dev/null 2>&1; then cat "$log".* >&2; return 1; fi
    echo "    $name: no AddressSanitizer report"
  else
    cat "$log".* >&2 2>/dev/null || true
    return 1
  fi
}
asan_all() {
  local a=() src
  for src in examples/c/shop.c bindings-c/tests/api.c bindings-c/tests/threads.c bindings-c/tests/errors.c; do
    clang "${asan_cflags[@]}" -o "$tmp/asan_$(basename "$src" .c)" "$src" "${pc_cflags[@]}" "${static_libs[@]}" || return 1
  done
  asan shop "$tmp/asan_shop" --json "$tmp/shop.json" "$tmp/cases.tsv" &&
    cmp "$tmp/asan-shop.out" "$tmp/results_trained.tsv" &&
    asan api "$tmp/asan_api" &&
    asan threads "$tmp/asan_threads" "$tmp/cli.kefu" "$tmp/cases.tsv" "$tmp/batch.json" 2 &&
    asan errors "$tmp/asan_errors" "$tmp/cli.kefu" "$tmp/errors.tsv" &&
    cmp "$tmp/asan-errors.out" "$tmp/errors_results.tsv" &&
    echo "    same analyses and errors as the uninstrumented runs"
}
check "AddressSanitizer (clang -fsanitize=address): example trains and analyzes, api, threads, error cases" asan_all

if [ ${#failed[@]} -gt 0 ]; then
  echo "C binding: ${#failed[@]} check(s) failed:" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "C binding: all checks passed"
