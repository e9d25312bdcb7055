//! The one error type of kefu.
//!
//! Every fallible operation in the crate returns [`Error`]. It is one pointer
//! wide, so it is cheap to move through `Result`s, and it carries:
//!
//! * an [`ErrorKind`] that callers can branch on (`is_definition()`,
//!   `is_bundle()`, …) and that the bindings map to stable numeric codes;
//! * a human message that names the place of the problem: a path in the bot
//!   definition (`intents.refund.examples.zh[3]`), `line:col` in a policy or
//!   YAML file, or a byte offset in a bundle;
//! * an optional chain of context added by callers with [`Error::context`].
//!
//! ```
//! let err = kefu::Bot::from_bytes(b"NOPE").unwrap_err();
//! assert!(err.is_bundle());
//! assert!(err.to_string().contains("magic"));
//! ```

use std::fmt;

/// What kind of failure an [`Error`] reports.
///
/// The numeric value of each variant is stable: the C binding exposes it as
/// `kefu_error_code`, and the other bindings use it as `.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u32)]
pub enum ErrorKind {
    /// A message, a context or some other run-time input is invalid
    /// (for example invalid UTF-8 given to a binding).
    InvalidInput = 1,
    /// The bot definition is malformed or inconsistent.
    Definition = 2,
    /// A binary bundle could not be read (bad magic, newer version,
    /// truncation, checksum mismatch, corrupt payload).
    Bundle = 3,
    /// A routing policy failed to parse or type-check.
    Policy = 4,
    /// An input exceeded one of kefu's documented size limits.
    Limit = 5,
    /// Training could not produce a model (for example no usable features).
    Training = 6,
    /// An I/O or serialization error at the edge (CLI, bindings).
    Io = 7,
    /// A bug in kefu caught at a boundary (a caught panic in a binding).
    Internal = 99,
}

impl ErrorKind {
    /// The stable numeric code of this kind.
    pub fn code(self) -> u32 {
        self as u32
    }

    /// A short lowercase name, such as `"definition"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Definition => "definition",
            ErrorKind::Bundle => "bundle",
            ErrorKind::Policy => "policy",
            ErrorKind::Limit => "limit",
            ErrorKind::Training => "training",
            ErrorKind::Io => "io",
            ErrorKind::Internal => "internal",
        }
    }
}

struct Inner {
    kind: ErrorKind,
    message: String,
    context: Vec<String>,
}

/// The error type of every fallible kefu operation; [`Error::kind`] says
/// which kind of failure it is.
pub struct Error(Box<Inner>);

/// `Result<T, kefu::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Creates an error of `kind` with a message that names the place.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            context: Vec::new(),
        }))
    }

    pub(crate) fn definition(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Definition, message)
    }

    pub(crate) fn bundle(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Bundle, message)
    }

    pub(crate) fn policy(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Policy, message)
    }

    pub(crate) fn limit(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Limit, message)
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, message)
    }

    /// Adds a line of context, outermost last (e.g. the file being read).
    pub fn context(mut self, context: impl Into<String>) -> Error {
        self.0.context.push(context.into());
        self
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message without context.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// True for [`ErrorKind::InvalidInput`].
    pub fn is_invalid_input(&self) -> bool {
        self.kind() == ErrorKind::InvalidInput
    }
    /// True for [`ErrorKind::Definition`].
    pub fn is_definition(&self) -> bool {
        self.kind() == ErrorKind::Definition
    }
    /// True for [`ErrorKind::Bundle`].
    pub fn is_bundle(&self) -> bool {
        self.kind() == ErrorKind::Bundle
    }
    /// True for [`ErrorKind::Policy`].
    pub fn is_policy(&self) -> bool {
        self.kind() == ErrorKind::Policy
    }
    /// True for [`ErrorKind::Limit`].
    pub fn is_limit(&self) -> bool {
        self.kind() == ErrorKind::Limit
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.context.iter().rev() {
            write!(f, "{c}: ")?;
        }
        f.write_str(&self.0.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kefu::Error({}: {})", self.kind().name(), self)
    }
}

impl std::error::Error for Error {}

/// Returns the candidate closest to `name` by edit distance, if it is close
/// enough to be a plausible typo. Used to suggest valid names in messages.
pub(crate) fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let sim = strsim::normalized_damerau_levenshtein(name, c);
        if sim >= 0.5 && best.is_none_or(|(b, _)| sim > b) {
            best = Some((sim, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Formats `" (did you mean `x`?)"` when a near candidate exists.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    match nearest(name, candidates) {
        Some(c) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_pointer_and_names_kind() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        let e = Error::definition("intents.x: empty").context("bot.yaml");
        assert!(e.is_definition());
        assert_eq!(e.to_string(), "bot.yaml: intents.x: empty");
        assert_eq!(e.kind().code(), 2);
    }

    #[test]
    fn suggestions_pick_close_names_only() {
        assert_eq!(
            nearest("exampels", ["examples", "responses"]),
            Some("examples")
        );
        assert_eq!(nearest("zzzz", ["examples", "responses"]), None);
    }
}
