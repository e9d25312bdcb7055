//! The bot definition: what a bot's author writes.
//!
//! JSON is the canonical form (the same shape is a Python dict or a JS
//! object); YAML is the authoring form, read with the `yaml` feature. Unknown
//! keys are errors, and every error names its path, such as
//! `intents.refund.examples.zh-Hans[3]`, with a suggestion when a near valid
//! name exists.
//!
//! ```
//! let def = kefu::BotDefinition::from_json(r#"{
//!   "languages": ["en"],
//!   "intents": {
//!     "greet":  {"examples": {"en": ["hi", "hello there"]}},
//!     "refund": {"examples": {"en": ["i want a refund", "money back please"]}}
//!   }
//! }"#).unwrap();
//! assert_eq!(def.languages[0], "en");
//! let err = kefu::BotDefinition::from_json(r#"{"languages": ["en"], "intnets": {}}"#).unwrap_err();
//! assert!(err.to_string().contains("did you mean `intents`"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{did_you_mean, Error, Result};

/// A complete bot definition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BotDefinition {
    /// A display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Language tags the bot serves (`en`, `es`, `zh-Hans`, `zh-Hant`, `ja`,
    /// `ar`, …); the first is the default reply language.
    pub languages: Vec<String>,
    /// Intents by name. The name `oos` is reserved for out-of-scope examples.
    #[serde(default)]
    pub intents: UniqueMap<IntentDef>,
    /// FAQ entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<FaqEntry>,
    /// Words or phrases that mean the same to the bot's customers: each
    /// canonical form with its alternatives (`{"refund": ["money back"],
    /// "退款": ["退钱"]}`). FAQ matching replaces every alternative by its
    /// canonical form; see [`Synonyms`](crate::faq::Synonyms).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Entity extraction and redaction settings.
    #[serde(default)]
    pub entities: EntityConfig,
    /// Sentiment lexicon additions.
    #[serde(default)]
    pub sentiment: SentimentConfig,
    /// The routing policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDef>,
    /// Declared custom context attributes.
    #[serde(default)]
    pub context: ContextDecl,
}

/// One intent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentDef {
    /// What the intent means, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Example messages by language tag.
    #[serde(default)]
    pub examples: BTreeMap<String, Vec<String>>,
    /// Bot replies by language tag.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub responses: BTreeMap<String, String>,
}

/// One FAQ entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    /// Unique id.
    pub id: String,
    /// Questions (the main one first, then paraphrases) by language tag.
    pub questions: BTreeMap<String, Vec<String>>,
    /// The answer by language tag.
    pub answer: BTreeMap<String, String>,
    /// Free-form tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Entity settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityConfig {
    /// Built-in kinds to enable; `None` enables all of
    /// [`entities::BUILTIN_KINDS`](crate::entities::BUILTIN_KINDS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<Vec<String>>,
    /// Custom kinds by name.
    #[serde(default, skip_serializing_if = "UniqueMap::is_empty")]
    pub custom: UniqueMap<CustomEntity>,
    /// Kinds replaced by `[KIND]` in `redacted_text`; `None` means the
    /// default PII kinds (`email`, `phone`, `card`, `iban`, `ip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redact: Option<Vec<String>>,
}

/// A custom entity kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomEntity {
    /// A regular expression (regex-automata syntax), e.g. `SO-\d{8}`.
    pub pattern: String,
    /// What it is, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Sentiment settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentConfig {
    /// Extra lexicon entries by language tag: word or phrase → polarity in -1..1.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lexicon: BTreeMap<String, BTreeMap<String, f32>>,
}

/// Where the routing policy comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    /// Policy text in the kefu routing language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A file holding the policy text, relative to the definition file.
    /// Loaders that read files (the CLI, `BotDefinition::from_path` with the `fs` feature)
    /// replace it with `source`; the core itself never reads files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// Declared custom context attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextDecl {
    /// Attribute name → type.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeType>,
}

/// The type of a custom context attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeType {
    /// `true` / `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
}

impl AttributeType {
    /// `bool`, `number` or `string`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::Bool => "bool",
            AttributeType::Number => "number",
            AttributeType::String => "string",
        }
    }
}

/// A string-keyed map that rejects duplicate keys when deserialized (JSON
/// parsers otherwise keep the last one silently). Iterates in key order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct UniqueMap<V>(pub BTreeMap<String, V>);

impl<V> Default for UniqueMap<V> {
    fn default() -> Self {
        UniqueMap(BTreeMap::new())
    }
}

impl<V> UniqueMap<V> {
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter()
    }
    /// Looks up a key.
    pub fn get(&self, k: &str) -> Option<&V> {
        self.0.get(k)
    }
    /// Inserts, replacing any entry with the same key.
    pub fn insert(&mut self, k: impl Into<String>, v: V) {
        self.0.insert(k.into(), v);
    }
    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = UniqueMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map with unique keys")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(k) = m.next_key::<String>()? {
                    if out.contains_key(&k) {
                        return Err(de::Error::custom(format_args!("duplicate key `{k}`")));
                    }
                    let v = m.next_value()?;
                    out.insert(k, v);
                }
                Ok(UniqueMap(out))
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

impl BotDefinition {
    /// Parses the canonical JSON form and validates it.
    pub fn from_json(json: &str) -> Result<BotDefinition> {
        crate::validate::check_definition_size(json.len())?;
        let mut de = serde_json::Deserializer::from_str(json);
        let def: BotDefinition = deserialize_with_path(&mut de)?;
        de.end()
            .map_err(|e| Error::definition(format!("line {}: {e}", e.line())))?;
        def.validate()?;
        Ok(def)
    }

    /// Parses the YAML authoring form and validates it. A `policy.file` is
    /// kept as is; use [`BotDefinition::from_path`] to resolve it.
    #[cfg(feature = "yaml")]
    pub fn from_yaml(yaml: &str) -> Result<BotDefinition> {
        crate::validate::check_definition_size(yaml.len())?;
        let de = serde_yaml_ng::Deserializer::from_str(yaml);
        let def: BotDefinition = deserialize_with_path(de)?;
        def.validate()?;
        Ok(def)
    }

    /// Reads a definition file (`.yaml`/`.yml` with the `yaml` feature,
    /// otherwise JSON), resolves `policy.file` relative to it, and validates.
    /// Errors name the file.
    #[cfg(feature = "fs")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<BotDefinition> {
        use crate::error::ErrorKind;
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io, format!("cannot read {name}: {e}")))?;
        crate::validate::check_definition_size(text.len()).map_err(|e| e.context(name.clone()))?;
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        let mut def: BotDefinition = if is_yaml {
            #[cfg(feature = "yaml")]
            {
                deserialize_with_path(serde_yaml_ng::Deserializer::from_str(&text))
                    .map_err(|e| e.context(name.clone()))?
            }
            #[cfg(not(feature = "yaml"))]
            {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("{name}: YAML needs the `yaml` feature"),
                ));
            }
        } else {
            let mut de = serde_json::Deserializer::from_str(&text);
            deserialize_with_path(&mut de).map_err(|e| e.context(name.clone()))?
        };
        if let Some(p) = def.policy.as_mut() {
            if let Some(file) = p.file.take() {
                if p.source.is_some() {
                    return Err(Error::definition(
                        "policy: give either `source` or `file`, not both",
                    )
                    .context(name));
                }
                let ppath = path
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join(&file);
                let src = std::fs::read_to_string(&ppath).map_err(|e| {
                    Error::new(
                        ErrorKind::Io,
                        format!("policy.file: cannot read {}: {e}", ppath.display()),
                    )
                    .context(name.clone())
                })?;
                p.source = Some(src);
                p.file = None;
            }
        }
        def.validate().map_err(|e| e.context(name))?;
        Ok(def)
    }

    /// The default reply language (the first declared one).
    pub fn default_language(&self) -> &str {
        self.languages.first().map(String::as_str).unwrap_or("en")
    }

    /// Checks everything that can be checked without training: names,
    /// languages, duplicates, empty texts, entity patterns and the policy.
    pub fn validate(&self) -> Result<()> {
        crate::validate::validate(self)
    }
}

/// Deserializes with `serde_path_to_error`, so that errors name the path
/// (`intents.refund.examples`), and adds a suggestion for unknown fields.
fn deserialize_with_path<'de, D, T>(de: D) -> Result<T>
where
    D: Deserializer<'de>,
    D::Error: fmt::Display,
    T: Deserialize<'de>,
{
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let mut inner = e.inner().to_string();
        let place = if path == "." {
            String::from("(top level)")
        } else {
            path
        };
        // YAML errors repeat a path prefix and end in " at line L column C":
        // keep one path and move the location next to it.
        if let Some((head, rest)) = inner.split_once(": ") {
            if place.starts_with(head) {
                inner = rest.to_string();
            }
        }
        let mut location = String::new();
        if let Some(i) = inner.rfind(" at line ") {
            location = format!(" ({})", &inner[i + 4..]);
            inner.truncate(i);
        }
        let hint = unknown_field_hint(&inner);
        Error::definition(format!("{place}{location}: {inner}{hint}"))
    })
}

/// serde's unknown-field message lists the expected names:
/// ``unknown field `x`, expected one of `a`, `b` ``. Turn it into a
/// "did you mean" hint.
fn unknown_field_hint(msg: &str) -> String {
    let Some(rest) = msg.split_once("unknown field `").map(|(_, r)| r) else {
        return String::new();
    };
    let Some((name, expected)) = rest.split_once('`') else {
        return String::new();
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(name, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_map_rejects_duplicates_with_path() {
        let err = BotDefinition::from_json(
            r#"{"languages":["en"],"intents":{"a":{"examples":{"en":["x"]}},"a":{"examples":{"en":["y"]}}}}"#,
        )
        .unwrap_err();
        assert!(err.is_definition());
        assert!(err.to_string().contains("intents"), "{err}");
        assert!(err.to_string().contains("duplicate key `a`"), "{err}");
    }

    #[test]
    fn unknown_nested_field_names_path_and_suggests() {
        let err = BotDefinition::from_json(
            r#"{"languages":["en"],"intents":{"refund":{"exampels":{"en":["x"]}}}}"#,
        )
        .unwrap_err();
        let s = err.to_string();
        assert!(s.starts_with("intents.refund"), "{s}");
        assert!(s.contains("did you mean `examples`"), "{s}");
    }
}
