//! Gives `libkefu.so` a SONAME, so that programs linked against it record
//! `libkefu.so.<abi>` and keep working across compatible upgrades.
//!
//! The ABI version follows cargo-c: the major version, or `0.<minor>` while
//! the major version is 0 (where every minor release may break the ABI).

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    let abi = if major == "0" {
        format!("0.{minor}")
    } else {
        major
    };
    match os.as_str() {
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos"
        | "solaris" => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libkefu.so.{abi}");
        }
        "macos" | "ios" => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libkefu.{abi}.dylib");
        }
        _ => {}
    }
}
