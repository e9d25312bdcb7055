//! C binding of kefu (`libkefu.so` / `libkefu.a`).
//!
//! This crate is the seed of the C API; issue 9 fills it (opaque `kefu_bot`
//! handles, JSON in and out, typed `kefu_error`s, a cbindgen header). For
//! now it exports the version functions, so a C program can link it.

use std::ffi::c_char;

static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The kefu version as a NUL-terminated static string (never freed).
#[no_mangle]
pub extern "C" fn kefu_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

/// The result schema version this library produces.
#[no_mangle]
pub extern "C" fn kefu_schema_version() -> u32 {
    kefu::SCHEMA_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_nul_terminated_and_matches_core() {
        let v = VERSION.as_bytes();
        assert_eq!(v.last(), Some(&0));
        assert_eq!(&v[..v.len() - 1], kefu::VERSION.as_bytes());
        assert!(!kefu_version().is_null());
        assert_eq!(kefu_schema_version(), 1);
    }
}
