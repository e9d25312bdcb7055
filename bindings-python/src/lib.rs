//! Python binding of kefu: the extension module `kefu._native`.
//!
//! The package `kefu` (in `python/kefu/`) re-exports [`bot::PyBot`] as
//! `kefu.Bot` and wraps the standalone capabilities of [`capabilities`] in
//! scikit-learn-style classes. This crate only translates:
//!
//! - inputs: `str` (never bytes), dicts converted to JSON values with
//!   errors that name the place ([`convert`]), then the core's serde types;
//! - outputs: the core's serde JSON, parsed by Python's `json`, so a result
//!   equals `json.loads` of the same result from the CLI or the C API;
//! - errors: `kefu::Error` → `kefu.KefuError` subclasses with `.code`
//!   ([`errors`]); panics are caught and raised as `InternalError`;
//! - threads: long calls release the GIL (`py.detach`); batch calls share
//!   the work between `threads=N` threads, the caller building the Python
//!   results meanwhile ([`threads`]).
//!
//! The crate has `test = false` (a test binary would need libpython); the
//! tests are pytest, run by `tests/run.sh`.

use pyo3::prelude::*;

mod bot;
mod capabilities;
mod convert;
mod errors;
mod threads;

/// kefu's native core (Rust). Use the ``kefu`` package, which re-exports
/// and documents everything here.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("VERSION", kefu::VERSION)?;
    m.add("SCHEMA_VERSION", kefu::SCHEMA_VERSION)?;
    m.add("FORMAT_VERSION", kefu::FORMAT_VERSION)?;
    m.add("DEFAULT_SEED", bot::DEFAULT_SEED)?;
    m.add("MAX_MESSAGE_BYTES", kefu::limits::MAX_MESSAGE_BYTES)?;
    m.add_class::<bot::PyBot>()?;
    m.add_class::<capabilities::IntentModel>()?;
    m.add_class::<capabilities::SentimentModel>()?;
    m.add_class::<capabilities::LanguageModel>()?;
    m.add_function(wrap_pyfunction!(capabilities::intent_defaults, m)?)?;
    m.add_function(wrap_pyfunction!(capabilities::intent_conflicts, m)?)?;
    m.add_function(wrap_pyfunction!(capabilities::known_languages, m)?)?;
    m.add_function(wrap_pyfunction!(capabilities::report_json, m)?)?;
    Ok(())
}
