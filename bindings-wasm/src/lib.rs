//! WASM binding of kefu: the engine behind the npm package `kefu`.
//!
//! This crate is thin. It exports one class, `RawBot`, and a few free
//! functions through wasm-bindgen; the package's hand-written `index.js`
//! (in `js/`) wraps them into the public API (`Bot.train`, `Bot.fromBytes`,
//! `bot.analyze`, …), turns the errors raised here into `KefuError`
//! subclasses, and fills `context.now` with the caller's clock.
//!
//! The boundary, in both directions:
//!
//! * **In:** definitions, contexts and batch requests arrive as JSON text
//!   (the wrapper calls `JSON.stringify`), so this crate parses them with the
//!   same code paths and error messages as the C binding: errors name the
//!   field (`context.customer.tier: invalid type…`, `messages[3]: …`).
//! * **Out:** analyses leave as a [`tape`]: one byte buffer that the
//!   wrapper decodes into plain JS objects (result schema v1, `null` for
//!   absent options). One crossing of the boundary per call is several times
//!   cheaper than building the object from Rust field by field, and cheaper
//!   than JSON text. A single analysis's tape is not even copied out: it
//!   stays in the module's memory ([`last_tape`]) and the wrapper reads it
//!   through a view, until the next call.
//! * **Errors** leave as a JS `Error` with `code` (the stable
//!   [`kefu::ErrorKind::code`]) and `kind` ([`kefu::ErrorKind::name`]).
//!   Nothing panics on input; wasm32 aborts on panic, so a bug would trap:
//!   the panic hook keeps its message for `lastPanic()`, and the wrapper
//!   reports it as a `KefuInternalError`.

use kefu::{Bot, BotDefinition, Context, Error, ErrorKind, Message, TrainOptions};
use serde_json::Value;
use wasm_bindgen::prelude::*;

pub mod tape;

/// The seed `Bot.train` uses when none is given (the CLI's default too).
pub const DEFAULT_SEED: u64 = 42;

/// The kefu version, such as `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    kefu::VERSION.to_string()
}

/// The result schema version (the `schema` field of every analysis): 1.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> u32 {
    kefu::SCHEMA_VERSION
}

/// The bundle format version this build writes.
#[wasm_bindgen(js_name = formatVersion)]
pub fn format_version() -> u32 {
    u32::from(kefu::FORMAT_VERSION)
}

/// A trained bot. Immutable: every method takes `&self`.
#[wasm_bindgen]
pub struct RawBot {
    bot: Bot,
}

#[wasm_bindgen]
impl RawBot {
    /// Trains a bot from a definition in canonical JSON text. Deterministic
    /// for `seed`.
    pub fn train(definition_json: &str, seed: u64) -> Result<RawBot, JsValue> {
        train(definition_json, seed)
            .map(|bot| RawBot { bot })
            .map_err(to_js)
    }

    /// Loads a bot from a bundle (`toBytes`, `kefu train`).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<RawBot, JsValue> {
        Bot::from_bytes(bytes)
            .map(|bot| RawBot { bot })
            .map_err(to_js)
    }

    /// The bot's versioned bundle.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.bot.to_bytes()
    }

    /// The definition the bot was trained from, as canonical JSON text
    /// (the policy inline as `policy.source`).
    #[wasm_bindgen(js_name = definitionJson)]
    pub fn definition_json(&self) -> Result<String, JsValue> {
        serde_json::to_string(self.bot.definition())
            .map_err(|e| to_js(internal(format!("cannot serialize the definition: {e}"))))
    }

    /// Analyzes one message; `context_json` is a JSON object, or empty for
    /// no context. The analysis is written as a tape ([`tape`]), which the
    /// wrapper decodes into a plain object; the tape stays in this module's
    /// memory, at [`last_tape`], until the next call, and its length in
    /// bytes is returned. The wrapper reads it through a view of the
    /// memory, so no JS buffer is allocated, filled and collected for each
    /// message (`analyzeBatch` returns its tape as bytes: one per batch).
    #[wasm_bindgen(js_name = analyzeInPlace)]
    pub fn analyze_in_place(&self, text: &str, context_json: &str) -> Result<u32, JsValue> {
        let message = message(text, context_json).map_err(to_js)?;
        let analysis = self.bot.try_analyze(&message).map_err(to_js)?;
        let bytes = tape::encode_analysis(&analysis);
        Ok(LAST_TAPE.with(|t| {
            let mut t = t.borrow_mut();
            *t = bytes;
            t.len() as u32
        }))
    }

    /// Analyzes a JSON array of `{"text", "context"}` objects; returns the
    /// array of analyses in input order, as a tape ([`tape`]).
    #[wasm_bindgen(js_name = analyzeBatch)]
    pub fn analyze_batch(&self, requests_json: &str) -> Result<Vec<u8>, JsValue> {
        let messages = parse_batch(requests_json).map_err(to_js)?;
        let analyses = self.bot.try_analyze_batch(&messages).map_err(to_js)?;
        Ok(tape::encode_analyses(&analyses))
    }
}

thread_local! {
    /// The tape of the last [`RawBot::analyze_in_place`] (WASM runs one
    /// thread per module instance).
    static LAST_TAPE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Where the tape of the last [`RawBot::analyze_in_place`] starts in this
/// module's memory (its length is what that call returned). Valid until
/// the next call into the module.
#[wasm_bindgen(js_name = lastTape)]
pub fn last_tape() -> u32 {
    // A wasm32 address fits in u32; natively (tests) only equality matters.
    LAST_TAPE.with(|t| t.borrow().as_ptr() as usize as u32)
}

/// The message of the last panic, if one happened (a bug in kefu: on wasm32
/// a panic aborts, and the wrapper turns the trap into a
/// `KefuInternalError` with this message).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    panic_slot().lock().ok().and_then(|p| p.clone())
}

fn panic_slot() -> &'static std::sync::Mutex<Option<String>> {
    static SLOT: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    &SLOT
}

/// Runs when the module is instantiated: keeps panic messages for
/// `lastPanic()`.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut slot) = panic_slot().lock() {
            *slot = Some(info.to_string());
        }
    }));
}

// ------------------------------------------------------------------ logic
// Plain Rust below this line, so that native unit tests cover it.

/// Parses, validates and trains.
pub fn train(definition_json: &str, seed: u64) -> Result<Bot, Error> {
    let def = BotDefinition::from_json(definition_json)?;
    Bot::train(&def, &TrainOptions::with_seed(seed))
}

/// A message from its text and context JSON text (empty: no context).
///
/// The context goes through a [`Value`] so that errors name the field.
/// Reading it straight into [`Context`] when it is valid (2026-12-07) saved
/// only 0.7 % of the instructions of an analysis in Node, and instantiated
/// the deserializer a second time: +10 KB gzipped, over the size budget.
pub fn message(text: &str, context_json: &str) -> Result<Message, Error> {
    let context = if context_json.is_empty() {
        Context::default()
    } else {
        let v: Value = serde_json::from_str(context_json)
            .map_err(|e| invalid(format!("context: invalid JSON: {e}")))?;
        context_from_value(v, "context")?
    };
    Ok(Message::with_context(text, context))
}

/// An `InvalidInput` error.
fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

/// An `Internal` error.
fn internal(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Internal, message)
}

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

/// A context from a JSON value that must be an object (`null` is no
/// context); errors name the field below `place`.
fn context_from_value(v: Value, place: &str) -> Result<Context, Error> {
    if v.is_null() {
        return Ok(Context::default());
    }
    if !v.is_object() {
        return Err(invalid(format!(
            "{place}: must be an object, found {}",
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

/// Parses a batch request: a JSON array of `{"text", "context"}` objects.
pub fn parse_batch(json: &str) -> Result<Vec<Message>, Error> {
    let v: Value =
        serde_json::from_str(json).map_err(|e| invalid(format!("messages: invalid JSON: {e}")))?;
    let Value::Array(items) = v else {
        return Err(invalid(format!(
            "messages: must be an array of {{text, context}} objects, found {}",
            json_type(&v)
        )));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(mut fields) = item else {
                return Err(invalid(format!(
                    "messages[{i}]: must be an object {{text, context}}, found {}",
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
                None => Context::default(),
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

// --------------------------------------------------------------- to JS

/// A kefu error as a JS `Error` with `code` and `kind`; the wrapper turns it
/// into the `KefuError` subclass of its kind.
fn to_js(e: Error) -> JsValue {
    let kind = e.kind();
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("KefuError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &"code".into(), &kind.code().into());
    let _ = js_sys::Reflect::set(&err, &"kind".into(), &kind.name().into());
    err.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEF: &str = r#"{"languages": ["en"],
        "intents": {"a": {"examples": {"en": ["hello there", "hi"]}},
                    "b": {"examples": {"en": ["goodbye now", "bye"]}}},
        "context": {"attributes": {"cart_value": "number"}}}"#;

    #[test]
    fn versions_come_from_core() {
        assert_eq!(version(), kefu::VERSION);
        assert_eq!(schema_version(), 1);
        assert_eq!(format_version(), u32::from(kefu::FORMAT_VERSION));
    }

    #[test]
    fn trains_and_analyzes() {
        let bot = train(DEF, DEFAULT_SEED).unwrap();
        let m = message(
            "hello",
            r#"{"channel": "web", "now": "2026-11-20T03:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(m.context.channel.as_deref(), Some("web"));
        let a = bot.try_analyze(&m).unwrap();
        assert_eq!(a.intent.top.as_deref(), Some("a"));
        assert_eq!(bot.to_bytes(), train(DEF, DEFAULT_SEED).unwrap().to_bytes());
    }

    #[test]
    fn definition_errors_name_the_path() {
        let e = train(r#"{"languages": ["en"], "intnets": {}}"#, 1).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Definition);
        assert!(e.to_string().contains("did you mean `intents`"), "{e}");
    }

    #[test]
    fn contexts_are_checked() {
        assert_eq!(message("x", "").unwrap().context, Context::default());
        assert_eq!(message("x", "null").unwrap().context, Context::default());
        let e = message("x", "[1]").unwrap_err();
        assert_eq!(e.to_string(), "context: must be an object, found an array");
        let e = message("x", r#"{"customer": {"tier": 3}}"#).unwrap_err();
        assert!(e.to_string().starts_with("context.customer.tier: "), "{e}");
        assert!(e.is_invalid_input());
        let e = message("x", r#"{"chanel": "web"}"#).unwrap_err();
        assert!(e.to_string().contains("chanel"), "{e}");
        let e = message("x", r#"{"now": "yesterday"}"#).unwrap_err();
        assert!(e.to_string().starts_with("context.now: "), "{e}");
        let e = message("x", "{").unwrap_err();
        assert!(e.to_string().starts_with("context: invalid JSON"), "{e}");
    }

    #[test]
    fn batches_name_the_bad_message() {
        let ok = parse_batch(r#"[{"text": "a"}, {"text": "b", "context": {"channel": "app"}}, {"text": "c", "context": null}]"#)
            .unwrap();
        assert_eq!(ok.len(), 3);
        assert_eq!(ok[1].context.channel.as_deref(), Some("app"));
        for (json, want) in [
            ("{}", "messages: must be an array"),
            ("[1]", "messages[0]: must be an object"),
            (r#"[{"text": "a"}, {}]"#, "messages[1]: missing `text`"),
            (r#"[{"text": 1}]"#, "messages[0].text: must be a string"),
            (
                r#"[{"text": "a", "ctx": {}}]"#,
                "messages[0]: unknown key `ctx`",
            ),
            (
                r#"[{"text": "a", "context": {"customer": {"tier": 1}}}]"#,
                "messages[0].context.customer.tier: ",
            ),
        ] {
            let e = parse_batch(json).unwrap_err();
            assert!(e.is_invalid_input());
            assert!(e.to_string().starts_with(want), "{json}: {e}");
        }
    }

    #[test]
    fn undeclared_attributes_and_long_messages_are_typed_errors() {
        let bot = train(DEF, DEFAULT_SEED).unwrap();
        let m = message("x", r#"{"attributes": {"cart_valu": 3}}"#).unwrap();
        let e = bot.try_analyze(&m).unwrap_err();
        assert!(
            e.is_invalid_input() && e.to_string().contains("cart_value"),
            "{e}"
        );
        let long = "a".repeat(kefu::limits::MAX_MESSAGE_BYTES + 1);
        let e = bot.try_analyze(&message(&long, "").unwrap()).unwrap_err();
        assert!(e.is_limit(), "{e}");
    }
}
