//! `kefu.Bot`: train, save, load and analyze.

use std::path::PathBuf;

use kefu::{Bot, BotDefinition, Context, Error, ErrorKind, Message, TrainOptions};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple, PyType};

use crate::convert::{self, Place};
use crate::errors::{guard, invalid, io, wrong_type, Failure, KResult, KefuErr};
use crate::threads;

/// The seed `Bot.train` uses by default (the CLI's default too).
pub(crate) const DEFAULT_SEED: u64 = 42;

/// A trained kefu bot: language, intent, FAQ, sentiment, entities and a
/// routing decision for each customer message.
///
/// Create one with :meth:`Bot.train` (from a definition) or
/// :meth:`Bot.load` / :meth:`Bot.from_bytes` (from a bundle). A bot is
/// immutable and thread-safe: share one across threads; ``analyze_batch``
/// releases the GIL and uses every core. Bots pickle as their bundle.
#[pyclass(module = "kefu", name = "Bot", frozen)]
pub(crate) struct PyBot {
    pub(crate) bot: Bot,
}

/// Reads a non-negative integer argument.
pub(crate) fn uint(obj: &Bound<'_, PyAny>, name: &str) -> KResult<u64> {
    if obj.is_instance_of::<pyo3::types::PyBool>() || !obj.is_instance_of::<pyo3::types::PyInt>() {
        return Err(wrong_type(format!(
            "{name}: expected int, found {}",
            convert::type_name(obj)
        )));
    }
    obj.extract::<u64>().map_err(|_| {
        invalid(format!(
            "{name}: expected an integer in 0..=2**64-1, found {}",
            obj.str()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ))
    })
}

/// A filesystem path from `str` or `os.PathLike`.
pub(crate) fn path_arg(obj: &Bound<'_, PyAny>, name: &str) -> KResult<PathBuf> {
    if obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__").unwrap_or(false) {
        if let Ok(p) = obj.extract::<PathBuf>() {
            return Ok(p);
        }
    }
    Err(wrong_type(format!(
        "{name}: expected a path (str or os.PathLike), found {}",
        convert::type_name(obj)
    )))
}

/// `bytes`, `bytearray` or `memoryview` contents.
fn bytes_arg(obj: &Bound<'_, PyAny>, name: &str) -> Result<Vec<u8>, Failure> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if obj.is_instance_of::<pyo3::types::PyByteArray>()
        || obj.is_instance_of::<pyo3::types::PyMemoryView>()
    {
        let b = obj.py().get_type::<PyBytes>().call1((obj,))?;
        return Ok(b
            .cast::<PyBytes>()
            .map_err(PyErr::from)?
            .as_bytes()
            .to_vec());
    }
    Err(wrong_type(format!(
        "{name}: expected bytes, found {}",
        convert::type_name(obj)
    ))
    .into())
}

/// The definition's own messages give JSON text positions (`line 1 column
/// 80`); for a definition that was a dict those point nowhere: drop them.
fn without_text_position(e: Error) -> Error {
    let msg = e.to_string();
    if let Some(i) = msg.find(" (line ") {
        if let Some(j) = msg[i..].find(')') {
            let rest = &msg[i + 2..i + j];
            if rest.starts_with("line ") && rest.contains(" column ") {
                return Error::new(e.kind(), format!("{}{}", &msg[..i], &msg[i + j + 1..]));
            }
        }
    }
    e
}

/// An unresolved `policy.file` in a definition given as a dict or text:
/// say how to resolve it from Python.
fn python_hint(e: Error) -> Error {
    let msg = e.to_string();
    if msg.starts_with("policy.file:") {
        return Error::new(
            e.kind(),
            format!(
                "{msg} (from Python: pass the definition file as a pathlib.Path, e.g. Bot.train(Path(\"bot.yaml\")), to read the policy file next to it)"
            ),
        );
    }
    e
}

/// Looks like a file name rather than definition text.
fn looks_like_path(s: &str) -> bool {
    let t = s.trim();
    !t.contains('\n')
        && [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| t.to_ascii_lowercase().ends_with(ext))
}

/// A definition from a dict, JSON/YAML text or a path.
pub(crate) fn definition(obj: &Bound<'_, PyAny>) -> Result<BotDefinition, Failure> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = convert::str_of(s, &Place::Root("definition"))?;
        if looks_like_path(&text) {
            return Err(KefuErr::from(Error::new(
                ErrorKind::Definition,
                format!(
                    "definition: a str is the definition's JSON or YAML text, not a file name; to read `{}`, pass pathlib.Path({:?})",
                    text.trim(),
                    text.trim()
                ),
            ))
            .into());
        }
        let def = if text.trim_start().starts_with('{') {
            BotDefinition::from_json(&text)
        } else {
            BotDefinition::from_yaml(&text)
        };
        return def.map_err(|e| Failure::from(python_hint(e)));
    }
    if obj.is_instance_of::<PyDict>() {
        let value = convert::to_json(obj, &Place::Root(""), ErrorKind::Definition)?;
        let json = serde_json::to_string(&value).map_err(|e| {
            crate::errors::internal(format!("cannot serialize the definition: {e}"))
        })?;
        return BotDefinition::from_json(&json)
            .map_err(|e| Failure::from(python_hint(without_text_position(e))));
    }
    if obj.hasattr("__fspath__").unwrap_or(false) {
        let path = path_arg(obj, "definition")?;
        return Ok(BotDefinition::from_path(path)?);
    }
    Err(wrong_type(format!(
        "definition: expected a dict, JSON or YAML text (str) or a pathlib.Path, found {}",
        convert::type_name(obj)
    ))
    .into())
}

/// A context from `None` or a dict. `now` is the current time unless the
/// dict has a `now` key (`None` there means "no clock").
pub(crate) fn context(
    obj: Option<&Bound<'_, PyAny>>,
    place: &Place<'_>,
    now: jiff::Timestamp,
) -> Result<Context, Failure> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Context {
            now: Some(now),
            ..Context::default()
        });
    };
    if !obj.is_instance_of::<PyDict>() {
        return Err(wrong_type(format!(
            "{}expected a dict or None, found {}",
            place.prefix(),
            convert::type_name(obj)
        ))
        .into());
    }
    let value = convert::to_json(obj, place, ErrorKind::InvalidInput)?;
    let has_now = value.get("now").is_some();
    let mut ctx: Context = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            place.render()
        } else {
            format!("{}.{path}", place.render())
        };
        invalid(format!("{at}: {}", e.inner()))
    })?;
    if !has_now {
        ctx.now = Some(now);
    }
    Ok(ctx)
}

/// Per-message contexts of a batch: None, one dict for all, or a sequence
/// of dicts/None as long as the texts.
fn contexts(
    obj: Option<&Bound<'_, PyAny>>,
    n: usize,
    now: jiff::Timestamp,
) -> Result<Vec<Context>, Failure> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(vec![
            Context {
                now: Some(now),
                ..Context::default()
            };
            n
        ]);
    };
    if obj.is_instance_of::<PyDict>() {
        let one = context(Some(obj), &Place::Root("contexts"), now)?;
        return Ok(vec![one; n]);
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(wrong_type(format!(
            "contexts: expected None, a dict or a sequence of dicts, found {}",
            convert::type_name(obj)
        ))
        .into());
    }
    let Ok(iter) = obj.try_iter() else {
        return Err(wrong_type(format!(
            "contexts: expected None, a dict or a sequence of dicts, found {}",
            convert::type_name(obj)
        ))
        .into());
    };
    let root = Place::Root("contexts");
    let mut out = Vec::with_capacity(n);
    for (i, item) in iter.enumerate() {
        let item = item?;
        out.push(context(Some(&item), &Place::Index(&root, i), now)?);
    }
    if out.len() != n {
        return Err(invalid(format!(
            "contexts: {} contexts for {n} texts; give one per text, one dict for all, or None",
            out.len()
        ))
        .into());
    }
    Ok(out)
}

impl PyBot {
    fn analyze_inner<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        ctx: Option<&Bound<'py, PyAny>>,
    ) -> Result<Bound<'py, PyAny>, Failure> {
        let text = convert::text(text, &Place::Root("text"))?;
        let ctx = context(ctx, &Place::Root("context"), jiff::Timestamp::now())?;
        let message = Message::with_context(text, ctx);
        let bot = &self.bot;
        let json = py.detach(|| {
            guard(|| {
                let a = bot.try_analyze(&message)?;
                convert::to_json_text(&a)
            })
        })?;
        Ok(convert::loads(py, &json)?)
    }
}

#[pymethods]
impl PyBot {
    /// Validates a bot definition and trains every capability.
    ///
    /// ``definition`` is one of:
    ///
    /// - a ``dict`` in the canonical JSON shape (the policy inline as
    ///   ``{"policy": {"source": "..."}}``);
    /// - a ``str`` holding the definition's JSON or YAML *text* (text that
    ///   starts with ``{`` is JSON, other text YAML). A ``str`` is never a
    ///   file name;
    /// - a ``pathlib.Path`` (any ``os.PathLike``) to a ``.yaml``/``.yml`` or
    ///   JSON file; ``policy.file`` is read relative to it.
    ///
    /// Training is deterministic: the same definition and ``seed`` give a
    /// byte-identical bundle (the same as ``kefu train --seed``). It
    /// releases the GIL.
    ///
    /// Raises ``DefinitionError`` (the message names the place, such as
    /// ``intents.refund.examples.en[3]``), ``PolicyError``, ``LimitError``,
    /// ``TrainingError``, ``KefuIOError`` for unreadable files, and
    /// ``InvalidTypeError`` for other argument types.
    #[staticmethod]
    #[pyo3(signature = (definition, *, seed = None), text_signature = "(definition, *, seed=42)")]
    fn train(
        py: Python<'_>,
        definition: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyBot> {
        let seed = match seed {
            Some(s) if !s.is_none() => uint(s, "seed")?,
            _ => DEFAULT_SEED,
        };
        let def = self::definition(definition)?;
        let bot = py.detach(|| guard(|| Ok(Bot::train(&def, &TrainOptions::with_seed(seed))?)))?;
        Ok(PyBot { bot })
    }

    /// Loads a bot from a bundle (``bytes``, ``bytearray`` or
    /// ``memoryview``) written by :meth:`to_bytes`, :meth:`save` or
    /// ``kefu train``. Every defect (bad magic, a newer format, truncation,
    /// a checksum mismatch) raises ``BundleError``.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyBot> {
        let bytes = bytes_arg(data, "data")?;
        let bot = py.detach(|| guard(|| Ok(Bot::from_bytes(&bytes)?)))?;
        Ok(PyBot { bot })
    }

    /// Reads a bundle file (``str`` or ``os.PathLike``), as written by
    /// :meth:`save` or ``kefu train -o``. Raises ``KefuIOError`` when the
    /// file cannot be read and ``BundleError`` (naming the file) when it is
    /// not a valid bundle.
    #[staticmethod]
    fn load(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<PyBot> {
        let path = path_arg(path, "path")?;
        let bot = py.detach(|| {
            guard(|| {
                let shown = path.display().to_string();
                let bytes =
                    std::fs::read(&path).map_err(|e| io(format!("cannot read {shown}: {e}")))?;
                Ok(Bot::from_bytes(&bytes).map_err(|e| e.context(shown))?)
            })
        })?;
        Ok(PyBot { bot })
    }

    /// The bot's versioned binary bundle. Load it with
    /// :meth:`Bot.from_bytes` in any binding, or with ``kefu analyze
    /// --bot``.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = py.detach(|| self.bot.to_bytes());
        PyBytes::new(py, &bytes)
    }

    /// Writes the bundle to ``path`` (``str`` or ``os.PathLike``),
    /// replacing the file. Raises ``KefuIOError`` on failure.
    fn save(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let path = path_arg(path, "path")?;
        let bot = &self.bot;
        py.detach(|| {
            guard(|| {
                std::fs::write(&path, bot.to_bytes())
                    .map_err(|e| io(format!("cannot write {}: {e}", path.display())))
            })
        })?;
        Ok(())
    }

    /// Analyzes one customer message and returns result schema v1 as a
    /// dict: ``schema``, ``language``, ``intent``, ``faq``, ``sentiment``,
    /// ``entities``, ``redacted_text`` and ``decision`` (with its
    /// ``trace``), exactly as ``json.loads`` of the JSON the CLI and the C
    /// API return.
    ///
    /// ``text`` is a ``str`` (at most 64 KiB as UTF-8, else
    /// ``LimitError``). Entity spans are given both as ``char_start`` /
    /// ``char_end`` (indices into the Python ``str``: ``text[e["char_start"]:
    /// e["char_end"]]``) and as ``start`` / ``end`` (UTF-8 byte offsets).
    ///
    /// ``context`` is what the app knows about the conversation, a dict
    /// such as ``{"channel": "web", "customer": {"tier": "vip"},
    /// "now": "2026-11-20T10:30:00+08:00"}``; unknown keys, wrong types and
    /// undeclared custom attributes raise ``InvalidInputError`` naming the
    /// field. ``now`` may also be an aware ``datetime``. When the context
    /// has no ``now`` key, ``now`` is the current UTC time (as in the CLI);
    /// pass ``"now": None`` to analyze without a clock (business-hours rules
    /// then see ``missing``). The GIL is released while analyzing.
    #[pyo3(signature = (text, context = None))]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        context: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.analyze_inner(py, text, context)?)
    }

    /// Analyzes many messages in parallel and returns one result dict per
    /// text, in order, identical to calling :meth:`analyze` on each.
    ///
    /// ``texts`` is any sequence of ``str`` (list, tuple, pandas Series…).
    /// ``contexts`` is ``None``, one dict used for every text, or a
    /// sequence of dicts (or ``None``) as long as ``texts``; ``now`` is
    /// filled as in :meth:`analyze`, with one timestamp for the whole call.
    /// Every message is checked first; the first bad one raises, naming it
    /// (``texts[3]: …``, ``contexts[3].customer: …``, ``messages[3]: …``).
    ///
    /// ``threads`` is the number of threads the call uses, the calling
    /// thread included (default: one per core; ``1``: the calling thread
    /// only). The calling thread builds the result dicts, which needs the
    /// GIL, while the others analyze; it analyzes too whenever it has
    /// nothing to build, with the GIL released. Ctrl-C stops a long batch.
    /// Each result takes about 12 KB of Python objects: for very large
    /// jobs, call it on chunks.
    #[pyo3(signature = (texts, contexts = None, *, threads = None))]
    fn analyze_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        contexts: Option<&Bound<'py, PyAny>>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = threads::from_arg(threads)?;
        let texts = convert::texts(texts, "texts")?;
        let ctxs = self::contexts(contexts, texts.len(), jiff::Timestamp::now())?;
        let messages: Vec<Message> = texts
            .into_iter()
            .zip(ctxs)
            .map(|(t, c)| Message::with_context(t, c))
            .collect();
        let bot = &self.bot;
        // As `Bot::try_analyze_batch`: every message is checked first, and
        // the first bad one fails the call, naming it; then all are analyzed
        // (see `threads::pipeline` for how the work is shared).
        py.detach(|| {
            guard(|| {
                for (i, m) in messages.iter().enumerate() {
                    bot.check_message(m)
                        .map_err(|e| e.context(format!("messages[{i}]")))?;
                }
                Ok(())
            })
        })?;
        let list = threads::pipeline(py, &messages, threads, |m| {
            convert::to_json_text(&bot.analyze(m))
        })?;
        Ok(list.into_any())
    }

    /// The definition the bot was trained from, as a dict in the canonical
    /// JSON shape (the policy inline as ``policy.source``).
    #[getter]
    fn definition<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = convert::to_json_text(self.bot.definition())?;
        convert::loads(py, &json)
    }

    /// The bot's name from its definition, or ``None``.
    #[getter]
    fn name(&self) -> Option<String> {
        self.bot.definition().name.clone()
    }

    /// The bot's languages (the default reply language first).
    #[getter]
    fn languages(&self) -> Vec<String> {
        self.bot.definition().languages.clone()
    }

    /// The intent labels the bot knows, sorted (``oos`` marks the explicit
    /// out-of-scope examples, when the definition has them).
    #[getter]
    fn intents(&self) -> Vec<String> {
        self.bot.intent_classifier().labels().to_vec()
    }

    /// The FAQ entry ids, in definition order.
    #[getter]
    fn faq_ids(&self) -> Vec<String> {
        self.bot
            .definition()
            .faq
            .iter()
            .map(|e| e.id.clone())
            .collect()
    }

    fn __repr__(&self) -> String {
        let d = self.bot.definition();
        let name = d
            .name
            .as_deref()
            .map(|n| format!("{n:?}, "))
            .unwrap_or_default();
        format!(
            "<kefu.Bot {name}languages={:?}, intents={}, faq={}>",
            d.languages,
            d.intents.keys().filter(|k| *k != "oos").count(),
            d.faq.len()
        )
    }

    /// Pickles as the bundle.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let cls: Bound<'py, PyType> = py.get_type::<PyBot>();
        let from_bytes = cls.getattr("from_bytes")?;
        let bytes = self.to_bytes(py);
        PyTuple::new(
            py,
            [from_bytes, PyTuple::new(py, [bytes.into_any()])?.into_any()],
        )
    }
}
