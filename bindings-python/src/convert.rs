//! Python objects ⇄ JSON values, with errors that name the place.
//!
//! Inputs (definitions, contexts) are converted to `serde_json::Value` and
//! then deserialized by the core's serde types, so the same checks run as
//! for JSON text. Results are serialized by serde to a `Value` (in parallel,
//! outside the GIL, for batches) and then built into Python objects.

use kefu::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

use crate::errors::{wrong_type, Failure, KefuErr};

/// A place in a Python input, rendered only when an error needs it.
#[derive(Clone, Copy)]
pub(crate) enum Place<'a> {
    Root(&'a str),
    Key(&'a Place<'a>, &'a str),
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    pub(crate) fn render(&self) -> String {
        match self {
            Place::Root(name) => (*name).to_string(),
            Place::Key(parent, key) => {
                let p = parent.render();
                if p.is_empty() {
                    (*key).to_string()
                } else {
                    format!("{p}.{key}")
                }
            }
            Place::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }

    /// `"place: "`, or `""` at an unnamed root.
    pub(crate) fn prefix(&self) -> String {
        let p = self.render();
        if p.is_empty() {
            p
        } else {
            format!("{p}: ")
        }
    }
}

/// The Python type name of `obj`, for messages (`bytes`, `NoneType`…).
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    if obj.is_none() {
        return "None".into();
    }
    obj.get_type()
        .name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "an unknown type".into())
}

/// Extracts a `str` argument: anything else (bytes, None, a number) is an
/// `InvalidTypeError` naming the place; a `str` with lone surrogates is an
/// `InvalidInputError`.
pub(crate) fn text(obj: &Bound<'_, PyAny>, place: &Place<'_>) -> Result<String, KefuErr> {
    let Ok(s) = obj.cast::<PyString>() else {
        let hint = if obj.is_instance_of::<pyo3::types::PyBytes>() {
            " (decode bytes first, e.g. data.decode(\"utf-8\"))"
        } else {
            ""
        };
        return Err(wrong_type(format!(
            "{}expected str, found {}{hint}",
            place.prefix(),
            type_name(obj)
        )));
    };
    str_of(s, place)
}

/// The UTF-8 text of a Python `str`.
pub(crate) fn str_of(s: &Bound<'_, PyString>, place: &Place<'_>) -> Result<String, KefuErr> {
    s.to_cow().map(|c| c.into_owned()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{}not valid Unicode text (it contains a lone surrogate, e.g. from a bad decode)",
                place.prefix()
            ),
        )
        .into()
    })
}

/// Extracts a sequence of `str` (a list, tuple, pandas Series, NumPy array
/// or any iterable except a single `str`/`bytes`); errors name `name[i]`.
pub(crate) fn texts(obj: &Bound<'_, PyAny>, name: &str) -> Result<Vec<String>, Failure> {
    let root = Place::Root(name);
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<pyo3::types::PyBytes>() {
        return Err(wrong_type(format!(
            "{name}: expected a sequence of str (a list, tuple, Series…), found a single {}; wrap it in a list",
            type_name(obj)
        ))
        .into());
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let mut out = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            out.push(text(&item, &Place::Index(&root, i))?);
        }
        return Ok(out);
    }
    let Ok(iter) = obj.try_iter() else {
        return Err(wrong_type(format!(
            "{name}: expected a sequence of str (a list, tuple, Series…), found {}",
            type_name(obj)
        ))
        .into());
    };
    let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        out.push(text(&item?, &Place::Index(&root, i))?);
    }
    Ok(out)
}

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Converts a Python value to JSON: `None`, `bool`, `int`, `float`, `str`,
/// `dict` with `str` keys, `list`/`tuple`, and timezone-aware
/// `datetime.datetime` (as RFC 3339 text). Anything else is an error of
/// `kind` naming the place.
pub(crate) fn to_json(
    obj: &Bound<'_, PyAny>,
    place: &Place<'_>,
    kind: ErrorKind,
) -> Result<Value, Failure> {
    let fail = |msg: String| -> Failure { KefuErr::from(Error::new(kind, msg)).into() };
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(str_of(s, place)?));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(n) = obj.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = obj.extract::<u64>() {
            return Ok(Value::from(n));
        }
        return Err(fail(format!(
            "{}integer {} does not fit in 64 bits",
            place.prefix(),
            obj.str()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        )));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let x = f.value();
        return Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| fail(format!("{}{x} is not a finite number", place.prefix())));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let Ok(ks) = k.cast::<PyString>() else {
                return Err(fail(format!(
                    "{}keys must be str, found {} key {}",
                    place.prefix(),
                    type_name(&k),
                    k.repr()
                        .map(|r| r.to_string_lossy().into_owned())
                        .unwrap_or_default()
                )));
            };
            let key = str_of(ks, place)?;
            let value = to_json(&v, &Place::Key(place, &key), kind)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
        for (i, item) in obj.try_iter()?.enumerate() {
            out.push(to_json(&item?, &Place::Index(place, i), kind)?);
        }
        return Ok(Value::Array(out));
    }
    let py = obj.py();
    let datetime = DATETIME.import(py, "datetime", "datetime")?;
    if obj.is_instance(datetime)? {
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(fail(format!(
                "{}a naive datetime has no time zone; use an aware one, e.g. datetime.now(timezone.utc)",
                place.prefix()
            )));
        }
        let iso = obj.call_method0("isoformat")?;
        return Ok(Value::String(str_of(
            iso.cast::<PyString>().map_err(PyErr::from)?,
            place,
        )?));
    }
    Err(fail(format!(
        "{}expected dict, list, str, int, float, bool or None, found {}",
        place.prefix(),
        type_name(obj)
    )))
}

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Python objects from JSON text, with Python's own `json.loads`.
///
/// Results travel as the JSON text that serde writes (the text the CLI and
/// the C API return), so a result here equals `json.loads` of the same
/// result from any other binding: fields keep the schema's order, and the
/// `f32` scores read as their shortest form (`0.3`, not
/// `0.30000001192092896`). Serializing runs outside the GIL, in parallel for
/// batches; only this parse holds it.
pub(crate) fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    let loads = JSON_LOADS.import(py, "json", "loads")?;
    loads.call1((PyString::new(py, json),))
}

/// serde → JSON text, for [`loads`]. Serializing plain data cannot fail; a
/// failure would be a bug, reported as an `InternalError`.
pub(crate) fn to_json_text<T: serde::Serialize + ?Sized>(v: &T) -> Result<String, KefuErr> {
    serde_json::to_string(v)
        .map_err(|e| crate::errors::internal(format!("cannot serialize a result: {e}")))
}

static GC_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Builds many results with `json.loads`, one text at a time.
///
/// Python's cyclic garbage collector is paused meanwhile: a batch creates
/// millions of dicts and lists (trees, never cycles), and the collections
/// they would trigger, each walking the growing result, cost more than the
/// parsing. [`Loads::finish`] re-enables it if it was enabled.
pub(crate) struct Loads<'py> {
    py: Python<'py>,
    loads: Bound<'py, PyAny>,
    gc: Bound<'py, PyModule>,
    gc_was_enabled: bool,
}

impl<'py> Loads<'py> {
    pub(crate) fn new(py: Python<'py>) -> PyResult<Loads<'py>> {
        let loads = JSON_LOADS.import(py, "json", "loads")?.clone();
        let gc = GC_MODULE
            .get_or_try_init(py, || PyResult::Ok(py.import("gc")?.unbind()))?
            .bind(py)
            .clone();
        let gc_was_enabled = gc.call_method0("isenabled")?.is_truthy()?;
        if gc_was_enabled {
            gc.call_method0("disable")?;
        }
        Ok(Loads {
            py,
            loads,
            gc,
            gc_was_enabled,
        })
    }

    /// The value of one JSON text.
    pub(crate) fn load(&mut self, json: &str) -> PyResult<Bound<'py, PyAny>> {
        self.loads.call1((PyString::new(self.py, json),))
    }

    /// Restores the garbage collector.
    pub(crate) fn finish(self) -> PyResult<()> {
        if self.gc_was_enabled {
            self.gc.call_method0("enable")?;
        }
        Ok(())
    }
}

/// A Python list of the values of JSON texts.
pub(crate) fn loads_list<'py>(py: Python<'py>, texts: Vec<String>) -> PyResult<Bound<'py, PyList>> {
    let mut loads = Loads::new(py)?;
    let mut out = Vec::with_capacity(texts.len());
    let mut result = Ok(());
    for t in texts {
        match loads.load(&t) {
            Ok(v) => out.push(v),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    loads.finish()?;
    result?;
    PyList::new(py, out)
}
