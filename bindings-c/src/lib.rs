//! C API of kefu: `libkefu.so` / `libkefu.a` and the header
//! `include/kefu.h`, generated from this crate by cbindgen.
//!
//! The shape follows the best C libraries (SQLite, libcurl, wasmtime's C
//! API): opaque handles, JSON strings in and out (result schema v1), and
//! typed errors as caller-owned `kefu_error` objects. Every entry point
//! catches panics ([`boundary`]); no panic crosses into C. The header's
//! preamble (in `cbindgen.toml`) documents ownership and threading for C
//! users; the doc comments below become the per-function documentation.
//!
//! `unsafe` lives only in this crate (the core forbids it), and every
//! `unsafe` block carries a `SAFETY:` comment (enforced by clippy).

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![allow(non_camel_case_types)]

#[macro_use]
mod boundary;
#[cfg(test)]
mod tests;

use std::ffi::c_char;
use std::ptr;

use kefu_core::{Bot, BotDefinition, Context, Error, Message, TrainOptions};
use serde_json::Value;

use boundary::{bot_ref, input, input_chars, internal, invalid, out_ptr, owned_c_string, utf8};
pub use boundary::{kefu_bot, kefu_error};

/// Success: no error.
pub const KEFU_OK: u32 = 0;
/// A message, a context or another run-time input is invalid: a NULL
/// pointer, invalid UTF-8, context JSON that is not an object…
pub const KEFU_ERROR_INVALID_INPUT: u32 = 1;
/// The bot definition is malformed or inconsistent.
pub const KEFU_ERROR_DEFINITION: u32 = 2;
/// A bundle could not be read (bad magic, newer version, truncation,
/// checksum mismatch, corrupt payload).
pub const KEFU_ERROR_BUNDLE: u32 = 3;
/// The routing policy failed to parse or type-check.
pub const KEFU_ERROR_POLICY: u32 = 4;
/// An input exceeded a documented size limit (e.g. a message over 64 KiB).
pub const KEFU_ERROR_LIMIT: u32 = 5;
/// Training could not produce a model.
pub const KEFU_ERROR_TRAINING: u32 = 6;
/// An I/O or serialization error at the edge.
pub const KEFU_ERROR_IO: u32 = 7;
/// A bug in kefu, caught at the boundary (for example a panic).
pub const KEFU_ERROR_INTERNAL: u32 = 99;

/// The seed `kefu_bot_train_json` uses (the CLI's default too).
pub const KEFU_DEFAULT_SEED: u64 = 42;

static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
static EMPTY: &str = "\0";

/// The kefu version, such as `"0.1.0"`: a static NUL-terminated string.
/// Never free it.
#[no_mangle]
pub extern "C" fn kefu_version() -> *const c_char {
    boundary::guard(EMPTY.as_ptr().cast(), || VERSION.as_ptr().cast())
}

/// The result schema version of the JSON this library produces (the
/// `"schema"` field of every analysis): 1.
#[no_mangle]
pub extern "C" fn kefu_schema_version() -> u32 {
    boundary::guard(0, || kefu_core::SCHEMA_VERSION)
}

// ---------------------------------------------------------------- errors

/// The code of an error: one of the `KEFU_ERROR_*` constants. Codes are
/// stable across versions; new ones may be added. Returns `KEFU_OK` (0)
/// for NULL.
///
/// # Safety
///
/// `err` is NULL or an error returned by kefu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn kefu_error_code(err: *const kefu_error) -> u32 {
    boundary::guard(KEFU_ERROR_INTERNAL, || {
        // SAFETY: by contract `err` is NULL or a live `kefu_error`; `as_ref`
        // handles NULL.
        unsafe { err.as_ref() }.map_or(KEFU_OK, |e| e.code)
    })
}

/// The human-readable message of an error, naming the place of the problem
/// (a path in the definition, a byte offset in a bundle, an argument name).
/// UTF-8, NUL-terminated, owned by the error: valid until
/// `kefu_error_free(err)`; don't free it. Returns `""` for NULL.
///
/// # Safety
///
/// `err` is NULL or an error returned by kefu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn kefu_error_message(err: *const kefu_error) -> *const c_char {
    let empty: *const c_char = EMPTY.as_ptr().cast();
    boundary::guard(empty, || {
        // SAFETY: by contract `err` is NULL or a live `kefu_error`; `as_ref`
        // handles NULL.
        unsafe { err.as_ref() }.map_or(empty, |e| e.message.as_ptr())
    })
}

/// Frees an error. NULL is a no-op. Freeing twice is undefined behaviour.
///
/// # Safety
///
/// `err` is NULL or an error returned by kefu and not yet freed; it must not
/// be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn kefu_error_free(err: *mut kefu_error) {
    boundary::guard((), || {
        if !err.is_null() {
            // SAFETY: by contract a live error created by `Box::into_raw` in
            // `boundary::call`; ownership comes back here exactly once.
            drop(unsafe { Box::from_raw(err) });
        }
    })
}

// ------------------------------------------------------- creation, lifetime

/// Trains a bot from a definition in its canonical JSON form (the shape of
/// `examples/shop/bot.yaml`; give the routing policy inline as
/// `"policy": {"source": "…"}`: kefu reads no files). Same as
/// `kefu_bot_train_json_with_seed` with `KEFU_DEFAULT_SEED`.
///
/// - `definition`, `len`: UTF-8 JSON, `len` bytes, no NUL needed; borrowed
///   for the duration of the call. Must not be NULL.
/// - `err`: NULL, or where to store NULL on success or a new error on
///   failure (`KEFU_ERROR_DEFINITION`, `_POLICY`, `_LIMIT`, `_TRAINING`,
///   `_INVALID_INPUT` for NULL or invalid UTF-8).
///
/// Returns a new bot owned by the caller (free it with `kefu_bot_free`), or
/// NULL on error.
///
/// # Safety
///
/// `definition` is NULL or valid for reading `len` bytes; `err` is NULL or
/// valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn kefu_bot_train_json(
    definition: *const c_char,
    len: usize,
    err: *mut *mut kefu_error,
) -> *mut kefu_bot {
    // SAFETY: same contract as this function's.
    unsafe { kefu_bot_train_json_with_seed(definition, len, KEFU_DEFAULT_SEED, err) }
}

/// `kefu_bot_train_json` with an explicit seed. The same definition and
/// seed always give the same bot, and a byte-identical bundle.
///
/// # Safety
///
/// As for `kefu_bot_train_json`.
#[no_mangle]
pub unsafe extern "C" fn kefu_bot_train_json_with_seed(
    definition: *const c_char,
    len: usize,
    seed: u64,
    err: *mut *mut kefu_error,
) -> *mut kefu_bot {
    ffi_boundary!(err, ptr::null_mut(), {
        // SAFETY: the caller guarantees `definition` is NULL or readable for
        // `len` bytes during this call, which outlives the borrow.
        let bytes = unsafe { input_chars(definition, len, "definition") }?;
        let def = BotDefinition::from_json(utf8(bytes, "definition")?)?;
        let bot = Bot::train(&def, &TrainOptions::with_seed(seed))?;
        Ok(Box::into_raw(Box::new(kefu_bot { bot })))
    })
}

/// Loads a bot from a bundle written by `kefu_bot_to_bytes` or `kefu train`.
/// Every defect (bad magic, newer format, truncation, bad checksum) is a
/// `KEFU_ERROR_BUNDLE` error; a zero-length bundle is a truncated one.
///
/// - `bytes`, `len`: the bundle, borrowed for the duration of the call
///   (kefu copies what it keeps). Must not be NULL.
/// - `err`: as for `kefu_bot_train_json`.
///
/// Returns a new bot owned by the caller (free it with `kefu_bot_free`), or
/// NULL on error.
///
/// # Safety
///
/// `bytes` is NULL or valid for reading `len` bytes; `err` is NULL or valid
/// for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn kefu_bot_from_bytes(
    bytes: *const u8,
    len: usize,
    err: *mut *mut kefu_error,
) -> *mut kefu_bot {
    ffi_boundary!(err, ptr::null_mut(), {
        // SAFETY: the caller guarantees `bytes` is NULL or readable for `len`
        // bytes during this call, which outlives the borrow.
        let bytes = unsafe { input(bytes, len, "bytes") }?;
        let bot = Bot::from_bytes(bytes)?;
        Ok(Box::into_raw(Box::new(kefu_bot { bot })))
    })
}

/// Writes the bot's versioned bundle: a new buffer in `*out` and its length
/// in `*out_len`. The buffer is owned by the caller: free it with
/// `kefu_bytes_free(*out, *out_len)` (not with `free`). On error `*out` is
/// NULL and `*out_len` 0 (when those pointers are not NULL).
///
/// Returns `KEFU_OK`, or the error's code (`KEFU_ERROR_INVALID_INPUT` when
/// `bot`, `out` or `out_len` is NULL).
///
/// # Safety
///
/// `bot` is NULL or a live handle; `out` and `out_len` are NULL or valid
/// for writing; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn kefu_bot_to_bytes(
    bot: *const kefu_bot,
    out: *mut *mut u8,
    out_len: *mut usize,
    err: *mut *mut kefu_error,
) -> u32 {
    ffi_boundary!(err, status {
        if !out.is_null() {
            // SAFETY: not NULL, and by contract valid for writing.
            unsafe { out.write(ptr::null_mut()) };
        }
        if !out_len.is_null() {
            // SAFETY: not NULL, and by contract valid for writing.
            unsafe { out_len.write(0) };
        }
        // SAFETY: the caller guarantees `bot` is NULL or a live handle that
        // outlives this call.
        let bot = unsafe { bot_ref(bot) }?;
        out_ptr(out, "out")?;
        out_ptr(out_len, "out_len")?;
        let bytes: Box<[u8]> = bot.to_bytes().into_boxed_slice();
        let n = bytes.len();
        let p = Box::into_raw(bytes).cast::<u8>();
        // SAFETY: both checked not NULL above; valid for writing by contract.
        unsafe {
            out.write(p);
            out_len.write(n);
        }
        Ok(())
    })
}

/// Frees a buffer from `kefu_bot_to_bytes`. `len` must be the length that
/// call returned. NULL is a no-op.
///
/// # Safety
///
/// `bytes` is NULL, or a buffer from `kefu_bot_to_bytes` not yet freed with
/// its exact `len`. Freeing twice is undefined behaviour.
#[no_mangle]
pub unsafe extern "C" fn kefu_bytes_free(bytes: *mut u8, len: usize) {
    boundary::guard((), || {
        if !bytes.is_null() {
            let slice = ptr::slice_from_raw_parts_mut(bytes, len);
            // SAFETY: by contract `bytes`/`len` describe a `Box<[u8]>` leaked
            // by `kefu_bot_to_bytes`; ownership comes back exactly once.
            drop(unsafe { Box::from_raw(slice) });
        }
    })
}

/// Frees a bot. NULL is a no-op. The caller must make sure no other thread
/// is still using the handle. Freeing twice is undefined behaviour.
///
/// # Safety
///
/// `bot` is NULL or a live handle that nothing uses afterwards.
#[no_mangle]
pub unsafe extern "C" fn kefu_bot_free(bot: *mut kefu_bot) {
    boundary::guard((), || {
        if !bot.is_null() {
            // SAFETY: by contract a live handle created by `Box::into_raw`
            // in this crate; ownership comes back exactly once.
            drop(unsafe { Box::from_raw(bot) });
        }
    })
}

// --------------------------------------------------------------- analysis

/// Analyzes one customer message.
///
/// - `bot`: the bot; only read. Any number of threads may call this (and
///   `kefu_bot_analyze_batch`) on the same handle at once: no lock is taken.
/// - `text`, `len`: the message, UTF-8, `len` bytes, no NUL needed (a NUL
///   byte is just a character). Must not be NULL; `len` 0 is an empty
///   message. Invalid UTF-8 gives `KEFU_ERROR_INVALID_INPUT`; more than
///   64 KiB gives `KEFU_ERROR_LIMIT`.
/// - `context_json`, `context_len`: what the app knows about the
///   conversation, a JSON object (`{"channel": "web", "now":
///   "2026-11-20T03:00:00Z", "customer": {"tier": "vip"}, …}`; unknown keys
///   are errors). `context_len` 0 means no context, and then `context_json`
///   may be NULL. JSON that is not an object, an unknown key, a wrong type
///   or an undeclared custom attribute gives `KEFU_ERROR_INVALID_INPUT`
///   naming the field. kefu never reads a clock: pass `now` for
///   business-hours rules.
/// - `err`: NULL, or where to store NULL on success or a new error.
///
/// Returns the analysis as a NUL-terminated UTF-8 JSON object in result
/// schema v1 (`{"schema": 1, "language": …, "intent": …, "faq": …,
/// "sentiment": …, "entities": …, "redacted_text": …, "decision": …}`;
/// entity `start`/`end` are UTF-8 byte offsets into `text`), owned by the
/// caller: free it with `kefu_string_free`. NULL on error.
///
/// # Safety
///
/// `bot` is NULL or a live handle; `text` is NULL or valid for reading
/// `len` bytes; `context_json` is NULL or valid for reading `context_len`
/// bytes; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn kefu_bot_analyze(
    bot: *const kefu_bot,
    text: *const c_char,
    len: usize,
    context_json: *const c_char,
    context_len: usize,
    err: *mut *mut kefu_error,
) -> *mut c_char {
    ffi_boundary!(err, ptr::null_mut(), {
        // SAFETY: the caller guarantees `bot` is NULL or a live handle that
        // outlives this call.
        let bot = unsafe { bot_ref(bot) }?;
        // SAFETY: the caller guarantees `text` is NULL or readable for `len`
        // bytes during this call.
        let text = utf8(unsafe { input_chars(text, len, "text") }?, "text")?;
        let context = if context_len == 0 {
            Context::default()
        } else {
            // SAFETY: the caller guarantees `context_json` is NULL or
            // readable for `context_len` bytes during this call.
            let bytes = unsafe { input_chars(context_json, context_len, "context_json") }?;
            parse_context(utf8(bytes, "context_json")?)?
        };
        let analysis = bot.try_analyze(&Message::with_context(text, context))?;
        let json = serde_json::to_string(&analysis)
            .map_err(|e| internal(format!("cannot serialize the analysis: {e}")))?;
        owned_c_string(json)
    })
}

/// Analyzes many messages, in parallel on native targets, with results
/// identical to calling `kefu_bot_analyze` on each in order. The first
/// call starts a process-wide pool of worker threads (one per core) that
/// lives until the process exits; `kefu_bot_analyze` never starts threads.
///
/// - `requests_json`, `len`: a UTF-8 JSON array of objects
///   `{"text": "…", "context": {…}}` (`context` optional; `null` or absent
///   means no context), `len` bytes, no NUL needed. Must not be NULL. Each
///   message is checked as in `kefu_bot_analyze`; the first bad one fails
///   the whole call with an error that names its index
///   (`messages[3].context.customer: …`).
/// - `bot`, `err`: as for `kefu_bot_analyze`.
///
/// Returns a NUL-terminated JSON array of analyses (schema v1), in input
/// order, owned by the caller: free it with `kefu_string_free`. NULL on
/// error.
///
/// # Safety
///
/// `bot` is NULL or a live handle; `requests_json` is NULL or valid for
/// reading `len` bytes; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn kefu_bot_analyze_batch(
    bot: *const kefu_bot,
    requests_json: *const c_char,
    len: usize,
    err: *mut *mut kefu_error,
) -> *mut c_char {
    ffi_boundary!(err, ptr::null_mut(), {
        // SAFETY: the caller guarantees `bot` is NULL or a live handle that
        // outlives this call.
        let bot = unsafe { bot_ref(bot) }?;
        // SAFETY: the caller guarantees `requests_json` is NULL or readable
        // for `len` bytes during this call.
        let bytes = unsafe { input_chars(requests_json, len, "requests_json") }?;
        let messages = parse_batch(utf8(bytes, "requests_json")?)?;
        let analyses = bot.try_analyze_batch(&messages)?;
        let json = serde_json::to_string(&analyses)
            .map_err(|e| internal(format!("cannot serialize the analyses: {e}")))?;
        owned_c_string(json)
    })
}

/// Frees a string returned by `kefu_bot_analyze` or
/// `kefu_bot_analyze_batch`. NULL is a no-op. Freeing twice is undefined
/// behaviour.
///
/// # Safety
///
/// `s` is NULL or a string returned by kefu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn kefu_string_free(s: *mut c_char) {
    boundary::guard((), || {
        if !s.is_null() {
            // SAFETY: by contract a string created by `CString::into_raw` in
            // this crate; ownership comes back exactly once.
            drop(unsafe { std::ffi::CString::from_raw(s) });
        }
    })
}

// ---------------------------------------------------------------- helpers

/// The JSON type of a value, for error messages.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses context JSON text (which must be an object).
fn parse_context(json: &str) -> Result<Context, Error> {
    let v: Value =
        serde_json::from_str(json).map_err(|e| invalid(format!("context: invalid JSON: {e}")))?;
    context_from_value(v, "context")
}

/// A context from a JSON value that must be an object; errors name the
/// field below `place`.
fn context_from_value(v: Value, place: &str) -> Result<Context, Error> {
    if !v.is_object() {
        return Err(invalid(format!(
            "{place}: must be a JSON object, found {}",
            json_type(&v)
        )));
    }
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            place.to_string()
        } else {
            format!("{place}.{path}")
        };
        invalid(format!("{at}: {}", e.inner()))
    })
}

/// Parses the batch request array.
fn parse_batch(json: &str) -> Result<Vec<Message>, Error> {
    let v: Value =
        serde_json::from_str(json).map_err(|e| invalid(format!("requests: invalid JSON: {e}")))?;
    let Value::Array(items) = v else {
        return Err(invalid(format!(
            "requests: must be a JSON array of {{\"text\", \"context\"}} objects, found {}",
            json_type(&v)
        )));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(mut fields) = item else {
                return Err(invalid(format!(
                    "messages[{i}]: must be an object {{\"text\", \"context\"}}, found {}",
                    json_type(&item)
                )));
            };
            let text = match fields.remove("text") {
                Some(Value::String(s)) => s,
                Some(other) => {
                    return Err(invalid(format!(
                        "messages[{i}].text: must be a string, found {}",
                        json_type(&other)
                    )))
                }
                None => return Err(invalid(format!("messages[{i}]: missing `text`"))),
            };
            let context = match fields.remove("context") {
                None | Some(Value::Null) => Context::default(),
                Some(v) => context_from_value(v, &format!("messages[{i}].context"))?,
            };
            if let Some(key) = fields.keys().next() {
                return Err(invalid(format!(
                    "messages[{i}]: unknown key `{key}`, expected `text` or `context`"
                )));
            }
            Ok(Message::with_context(text, context))
        })
        .collect()
}
