//! The FFI boundary: the error object handed to C, the panic guard every
//! entry point runs in, and checked readers for the raw arguments.
//!
//! The layout follows rustls-ffi: each `extern "C"` function is a thin shell
//! around a closure that returns `Result<T, kefu_core::Error>`; the
//! [`ffi_boundary!`](crate::ffi_boundary) macro runs it under
//! `catch_unwind`, turns an error or a caught panic into a `kefu_error`, and
//! returns a sentinel (NULL, or the error code) to C.

use std::any::Any;
use std::ffi::{c_char, CString};
use std::panic::{self, AssertUnwindSafe};
use std::ptr;

use kefu_core::{Bot, Error, ErrorKind};

/// An error reported by a kefu function: a stable numeric code and a
/// message.
///
/// Read it with `kefu_error_code` and `kefu_error_message`, and free it with
/// `kefu_error_free`. An error belongs to the caller that received it; it
/// may be moved to, read from and freed on any thread.
pub struct kefu_error {
    pub(crate) code: u32,
    pub(crate) message: CString,
}

impl kefu_error {
    pub(crate) fn new(code: u32, message: &str) -> kefu_error {
        // A C string ends at the first NUL; an input that put one into a
        // message (e.g. an unknown field name) must not truncate it.
        let message = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
        kefu_error { code, message }
    }

    fn from_kefu(e: &Error) -> kefu_error {
        kefu_error::new(e.kind().code(), &e.to_string())
    }

    fn from_panic(payload: &(dyn Any + Send)) -> kefu_error {
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown panic payload");
        kefu_error::new(
            ErrorKind::Internal.code(),
            &format!("internal error (a bug in kefu, please report it): panic: {what}"),
        )
    }
}

/// The opaque handle of a trained bot (see `kefu_bot_train_json` and
/// `kefu_bot_from_bytes`).
///
/// Immutable after creation. One handle may be used from any number of
/// threads at the same time without locking: every function that reads it
/// takes `const kefu_bot*`, and kefu holds no global lock.
pub struct kefu_bot {
    pub(crate) bot: Bot,
}

/// An `InvalidInput` error.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

/// An `Internal` error.
pub(crate) fn internal(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Internal, message)
}

/// Runs `f` with panics caught, reports the outcome through `err`, and
/// returns the value or the error code.
///
/// `*err` (when `err` is not NULL) becomes NULL on success and a new
/// `kefu_error` on failure.
///
/// # Safety
///
/// `err` is NULL or valid for writing one `*mut kefu_error`.
pub(crate) unsafe fn call<T>(
    err: *mut *mut kefu_error,
    f: impl FnOnce() -> Result<T, Error>,
) -> Result<T, u32> {
    // AssertUnwindSafe: the closures only read immutable bots and inputs and
    // build fresh values; a panic leaves nothing half-updated behind.
    let (result, error) = match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => (Ok(v), None),
        Ok(Err(e)) => (Err(e.kind().code()), Some(kefu_error::from_kefu(&e))),
        Err(payload) => {
            let e = kefu_error::from_panic(payload.as_ref());
            // Dropping the payload could itself panic; don't let it unwind.
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
            (Err(e.code), Some(e))
        }
    };
    if !err.is_null() {
        let out = error.map_or(ptr::null_mut(), |e| Box::into_raw(Box::new(e)));
        // SAFETY: `err` is not NULL and, by this function's contract, valid
        // for writing one pointer. `write` does not read or drop the old
        // value, which may be uninitialized.
        unsafe { err.write(out) };
    }
    result
}

/// Runs `f` with panics caught; a panic gives `fallback`. For entry points
/// without an error out-parameter (getters and free functions).
pub(crate) fn guard<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(payload) => {
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
            fallback
        }
    }
}

/// The panic boundary of an entry point with an `err` out-parameter.
///
/// `ffi_boundary!(err, FAILED, { body })` runs `body` (which returns
/// `Result<T, kefu_core::Error>`, so `?` works) under `catch_unwind`, writes
/// `*err`, and evaluates to the value, or to `FAILED` on error or panic.
///
/// `ffi_boundary!(err, status { body })` is the variant for functions that
/// return a status: `body` returns `Result<(), kefu_core::Error>`, and the macro
/// evaluates to `KEFU_OK` or the error's code.
macro_rules! ffi_boundary {
    ($err:expr, status $body:block) => {{
        let body = move || -> ::std::result::Result<(), ::kefu_core::Error> { $body };
        // SAFETY: every entry point with an `err` parameter documents that it
        // is NULL or valid for writing one `kefu_error*`.
        match unsafe { $crate::boundary::call($err, body) } {
            Ok(()) => $crate::KEFU_OK,
            Err(code) => code,
        }
    }};
    ($err:expr, $failed:expr, $body:block) => {{
        let body = move || -> ::std::result::Result<_, ::kefu_core::Error> { $body };
        // SAFETY: every entry point with an `err` parameter documents that it
        // is NULL or valid for writing one `kefu_error*`.
        unsafe { $crate::boundary::call($err, body) }.unwrap_or($failed)
    }};
}

/// Reads a (pointer, length) input buffer. `name` names the argument in
/// errors. A length of 0 gives an empty slice without reading `ptr`, but
/// `ptr` must still not be NULL.
///
/// # Safety
///
/// `ptr` is NULL, or valid for reading `len` bytes that stay unchanged for
/// the lifetime `'a` chosen by the caller.
pub(crate) unsafe fn input<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8], Error> {
    if ptr.is_null() {
        return Err(invalid(format!("{name}: NULL pointer")));
    }
    if len == 0 {
        return Ok(&[]);
    }
    if len > isize::MAX as usize {
        return Err(invalid(format!(
            "{name}: length {len} is larger than any buffer can be"
        )));
    }
    // SAFETY: `ptr` is not NULL, `len` is in 1..=isize::MAX, and the caller
    // guarantees that `ptr` is valid for reading `len` bytes that are not
    // mutated during 'a. u8 has alignment 1 and no invalid bit patterns.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// [`input`] for `const char*` arguments.
///
/// # Safety
///
/// As for [`input`].
pub(crate) unsafe fn input_chars<'a>(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a [u8], Error> {
    // SAFETY: c_char and u8 have the same size and alignment; the contract
    // is forwarded unchanged to the caller.
    unsafe { input(ptr.cast(), len, name) }
}

/// Checks that `bytes` are UTF-8; the error names the argument and the
/// byte offset of the first invalid sequence.
pub(crate) fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        invalid(format!(
            "{name}: invalid UTF-8 at byte offset {}",
            e.valid_up_to()
        ))
    })
}

/// Borrows the bot behind a handle.
///
/// # Safety
///
/// `bot` is NULL or a handle returned by kefu and not yet freed, which stays
/// alive for `'a`.
pub(crate) unsafe fn bot_ref<'a>(bot: *const kefu_bot) -> Result<&'a Bot, Error> {
    if bot.is_null() {
        return Err(invalid("bot: NULL pointer"));
    }
    // SAFETY: not NULL, and by contract a live `kefu_bot` created by
    // `Box::into_raw` in this crate. Only shared references are ever made
    // from it (the bot is immutable and Sync), so aliasing across threads
    // is sound.
    Ok(unsafe { &(*bot).bot })
}

/// Checks that an out-parameter is not NULL.
pub(crate) fn out_ptr<T>(p: *mut T, name: &str) -> Result<(), Error> {
    if p.is_null() {
        Err(invalid(format!("{name}: NULL pointer")))
    } else {
        Ok(())
    }
}

/// A Rust string as an owned C string for `kefu_string_free`.
pub(crate) fn owned_c_string(s: String) -> Result<*mut c_char, Error> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|e| internal(format!("result has a NUL byte at {}", e.nul_position())))
}
