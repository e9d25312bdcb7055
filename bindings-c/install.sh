#!/usr/bin/env bash
# Builds the C library and installs it under a prefix:
#   PREFIX/include/kefu.h
#   PREFIX/lib/libkefu.so.X.Y.Z, libkefu.so.ABI -> it (the SONAME), libkefu.so -> it
#   PREFIX/lib/libkefu.a
#   PREFIX/lib/pkgconfig/kefu.pc
#
# usage: bindings-c/install.sh PREFIX [--release]
# then:  PKG_CONFIG_PATH=PREFIX/lib/pkgconfig cc app.c $(pkg-config --cflags --libs kefu)
#        (static: $(pkg-config --cflags --libs --static kefu) with PREFIX/lib/libkefu.a)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
  echo "usage: $0 PREFIX [--release]" >&2
  exit 2
fi
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"
profile=debug
cargo_flags=()
if [ "${2:-}" = "--release" ]; then
  profile=release
  cargo_flags=(--release)
fi

cargo build -p kefu-c "${cargo_flags[@]}"
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
lib="$target_dir/$profile"
version="$(cargo pkgid -p kefu-c | sed 's/.*[#@]//')"
soname="$(readelf -d "$lib/libkefu.so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')"
if [ -z "$soname" ]; then
  echo "libkefu.so has no SONAME (bindings-c/build.rs sets it)" >&2
  exit 1
fi

install -d "$prefix/include" "$prefix/lib/pkgconfig"
install -m 644 bindings-c/include/kefu.h "$prefix/include/kefu.h"
install -m 755 "$lib/libkefu.so" "$prefix/lib/libkefu.so.$version"
ln -sfn "libkefu.so.$version" "$prefix/lib/$soname"
ln -sfn "$soname" "$prefix/lib/libkefu.so"
install -m 644 "$lib/libkefu.a" "$prefix/lib/libkefu.a"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" bindings-c/kefu.pc.in >"$prefix/lib/pkgconfig/kefu.pc"
echo "installed kefu $version ($soname, $profile) in $prefix"
