//! kefu errors as Python exceptions, and the panic guard.
//!
//! The exception classes are defined in Python (`kefu/_errors.py`), so they
//! can carry docstrings and inherit from the matching built-in exceptions as
//! well (`InvalidTypeError` is also a `TypeError`, `KefuIOError` also an
//! `OSError`). Every class has the stable numeric `.code` of
//! `kefu::ErrorKind`.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

use kefu::{Error, ErrorKind};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "kefu._errors";

static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// How a [`KefuErr`] is raised: as the class of its kind, or, for wrong
/// argument types, as `InvalidTypeError` (also a `TypeError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    Kind,
    WrongType,
}

/// A kefu error on its way to Python.
pub(crate) struct KefuErr {
    pub(crate) error: Error,
    pub(crate) flavor: Flavor,
}

impl From<Error> for KefuErr {
    fn from(error: Error) -> KefuErr {
        KefuErr {
            error,
            flavor: Flavor::Kind,
        }
    }
}

/// `Result` of the binding's internals; converts into `PyErr` with `?`.
pub(crate) type KResult<T> = Result<T, KefuErr>;

/// An `InvalidInput` error.
pub(crate) fn invalid(message: impl Into<String>) -> KefuErr {
    Error::new(ErrorKind::InvalidInput, message).into()
}

/// A wrong-type error (`InvalidTypeError`: a `KefuError` with code 1 that
/// is also a `TypeError`).
pub(crate) fn wrong_type(message: impl Into<String>) -> KefuErr {
    KefuErr {
        error: Error::new(ErrorKind::InvalidInput, message),
        flavor: Flavor::WrongType,
    }
}

/// An `Io` error.
pub(crate) fn io(message: impl Into<String>) -> KefuErr {
    Error::new(ErrorKind::Io, message).into()
}

/// An `Internal` error.
pub(crate) fn internal(message: impl Into<String>) -> KefuErr {
    Error::new(ErrorKind::Internal, message).into()
}

/// The exception class name of a kind (see `kefu/_errors.py`).
fn class_name(kind: ErrorKind, flavor: Flavor) -> &'static str {
    if flavor == Flavor::WrongType {
        return "InvalidTypeError";
    }
    match kind {
        ErrorKind::InvalidInput => "InvalidInputError",
        ErrorKind::Definition => "DefinitionError",
        ErrorKind::Bundle => "BundleError",
        ErrorKind::Policy => "PolicyError",
        ErrorKind::Limit => "LimitError",
        ErrorKind::Training => "TrainingError",
        ErrorKind::Io => "KefuIOError",
        ErrorKind::Internal => "InternalError",
        // `ErrorKind` is non-exhaustive: a kind added later is still a
        // KefuError, with its code.
        _ => "KefuError",
    }
}

fn to_pyerr(py: Python<'_>, e: &KefuErr) -> PyErr {
    let message = e.error.to_string();
    let code = e.error.kind().code();
    let raise = || -> PyResult<PyErr> {
        let module =
            MODULE.get_or_try_init(py, || PyResult::Ok(py.import(ERRORS_MODULE)?.unbind()))?;
        let cls = module
            .bind(py)
            .getattr(class_name(e.error.kind(), e.flavor))?;
        let exc = cls.call1((message.as_str(), code))?;
        Ok(PyErr::from_value(exc))
    };
    // Only when the Python half of the package is missing (the extension
    // module imported on its own).
    raise().unwrap_or_else(|_| PyRuntimeError::new_err(format!("kefu error {code}: {message}")))
}

impl From<KefuErr> for PyErr {
    fn from(e: KefuErr) -> PyErr {
        Python::attach(|py| to_pyerr(py, &e))
    }
}

/// A Python exception raised while converting arguments (for example by a
/// `__str__` or an iterator) passes through unchanged.
pub(crate) enum Failure {
    Kefu(KefuErr),
    Python(PyErr),
}

impl From<KefuErr> for Failure {
    fn from(e: KefuErr) -> Failure {
        Failure::Kefu(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Kefu(e.into())
    }
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Failure {
        Failure::Python(e)
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        match f {
            Failure::Kefu(e) => e.into(),
            Failure::Python(e) => e,
        }
    }
}

/// Runs `f` with panics caught: a panic becomes an `InternalError`
/// (code 99), as at the C boundary, instead of PyO3's `PanicException`.
pub(crate) fn guard<T>(f: impl FnOnce() -> KResult<T>) -> KResult<T> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let e = internal(panic_message(payload.as_ref()));
            // Dropping the payload could itself panic; don't let it unwind.
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
            Err(e)
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic payload");
    format!("internal error (a bug in kefu, please report it): panic: {what}")
}
