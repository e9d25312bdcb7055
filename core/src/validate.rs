//! Validation of a [`BotDefinition`]: every error names its path.
//!
//! Structural checks live here; each capability validates its own section
//! when it is built (entity patterns, sentiment lexicon, policy), and
//! [`validate`] builds those too, so `validate` accepts exactly what
//! [`Bot::train`](crate::Bot::train) accepts.

use std::collections::BTreeMap;

use crate::definition::BotDefinition;
use crate::error::{did_you_mean, Error, Result};
use crate::intent::OOS_LABEL;
use crate::lang;

/// Documented limits on definitions (see the README's "Limits" section).
pub mod limits {
    /// Most intents in one bot.
    pub const MAX_INTENTS: usize = 5_000;
    /// Most FAQ entries in one bot.
    pub const MAX_FAQ_ENTRIES: usize = 50_000;
    /// Most examples (all intents and languages together).
    pub const MAX_EXAMPLES: usize = 500_000;
    /// Longest example, question or answer, in bytes.
    pub const MAX_TEXT_BYTES: usize = 16 * 1024;
    /// Most languages in one bot.
    pub const MAX_LANGUAGES: usize = 64;
    /// Longest message [`Bot::try_analyze`](crate::Bot::try_analyze) accepts, in bytes.
    pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
    /// Largest definition text (JSON or YAML) that
    /// [`BotDefinition::from_json`](crate::BotDefinition::from_json),
    /// `from_yaml` and `from_path` read, in bytes, checked before parsing.
    pub const MAX_DEFINITION_BYTES: usize = 64 << 20;
    /// Most rules in one routing policy (checked right after parsing, before
    /// type-checking).
    pub const MAX_RULES: usize = 10_000;
    /// Longest routing policy text, in bytes.
    pub const MAX_POLICY_BYTES: usize = crate::policy::MAX_POLICY_BYTES;
    /// Most synonym groups in one bot.
    pub const MAX_SYNONYM_GROUPS: usize = 10_000;
    /// Most words in one synonym (members are words or short phrases).
    pub const MAX_SYNONYM_WORDS: usize = 16;
}

/// A [`Limit`](crate::ErrorKind::Limit) error when a definition text is
/// larger than [`limits::MAX_DEFINITION_BYTES`].
pub(crate) fn check_definition_size(len: usize) -> Result<()> {
    if len > limits::MAX_DEFINITION_BYTES {
        return Err(Error::limit(format!(
            "definition: {len} bytes, the limit is {}",
            limits::MAX_DEFINITION_BYTES
        )));
    }
    Ok(())
}

fn check_name(path: &str, name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::definition(format!("{path}: empty name")));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
    {
        return Err(Error::definition(format!(
            "{path}: name `{name}` may only contain ASCII letters, digits, `_`, `-` and `.`"
        )));
    }
    Ok(())
}

fn check_text(path: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::definition(format!("{path}: empty text")));
    }
    if text.len() > limits::MAX_TEXT_BYTES {
        return Err(Error::limit(format!(
            "{path}: text is {} bytes, the limit is {}",
            text.len(),
            limits::MAX_TEXT_BYTES
        )));
    }
    Ok(())
}

fn check_lang(path: &str, tag: &str, declared: &[String]) -> Result<()> {
    if declared.iter().any(|l| l == tag) {
        return Ok(());
    }
    Err(Error::definition(format!(
        "{path}: language `{tag}` is not declared in `languages` [{}]{}",
        declared.join(", "),
        did_you_mean(tag, declared.iter().map(String::as_str))
    )))
}

/// Structural checks of the definition (no capability is built).
pub(crate) fn validate_structure(def: &BotDefinition) -> Result<()> {
    if def.languages.is_empty() {
        return Err(Error::definition(
            "languages: declare at least one language (the first is the default)",
        ));
    }
    if def.languages.len() > limits::MAX_LANGUAGES {
        return Err(Error::limit(format!(
            "languages: {} languages, the limit is {}",
            def.languages.len(),
            limits::MAX_LANGUAGES
        )));
    }
    for (i, tag) in def.languages.iter().enumerate() {
        let path = format!("languages[{i}]");
        if !lang::is_known_language(tag) {
            return Err(Error::definition(format!(
                "{path}: unknown language `{tag}`{}",
                did_you_mean(lang::primary(tag), lang::known_codes())
            )));
        }
        if def.languages[..i].contains(tag) {
            return Err(Error::definition(format!(
                "{path}: language `{tag}` is declared twice"
            )));
        }
    }
    let in_scope = def.intents.keys().filter(|k| *k != OOS_LABEL).count();
    if in_scope < 2 {
        return Err(Error::definition(format!(
            "intents: a bot needs at least 2 intents, found {in_scope}"
        )));
    }
    if def.intents.len() > limits::MAX_INTENTS {
        return Err(Error::limit(format!(
            "intents: {} intents, the limit is {}",
            def.intents.len(),
            limits::MAX_INTENTS
        )));
    }
    // normalized example text → first place it appears
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut total = 0usize;
    for (name, intent) in def.intents.iter() {
        let ipath = format!("intents.{name}");
        check_name(&ipath, name)?;
        let count: usize = intent.examples.values().map(Vec::len).sum();
        if count == 0 {
            return Err(Error::definition(format!(
                "{ipath}.examples: intent `{name}` has no examples"
            )));
        }
        for (tag, examples) in &intent.examples {
            check_lang(&format!("{ipath}.examples.{tag}"), tag, &def.languages)?;
            for (i, ex) in examples.iter().enumerate() {
                let path = format!("{ipath}.examples.{tag}[{i}]");
                check_text(&path, ex)?;
                total += 1;
                let key = crate::text::matching_form(ex);
                if let Some(first) = seen.get(&key) {
                    return Err(Error::definition(format!(
                        "{path}: the example `{ex}` already appears at {first}"
                    )));
                }
                seen.insert(key, path);
            }
        }
        for (tag, r) in &intent.responses {
            let path = format!("{ipath}.responses.{tag}");
            check_lang(&path, tag, &def.languages)?;
            check_text(&path, r)?;
        }
    }
    if total > limits::MAX_EXAMPLES {
        return Err(Error::limit(format!(
            "intents: {total} examples, the limit is {}",
            limits::MAX_EXAMPLES
        )));
    }
    if def.faq.len() > limits::MAX_FAQ_ENTRIES {
        return Err(Error::limit(format!(
            "faq: {} entries, the limit is {}",
            def.faq.len(),
            limits::MAX_FAQ_ENTRIES
        )));
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, e) in def.faq.iter().enumerate() {
        let fpath = format!("faq[{i}]");
        check_name(&format!("{fpath}.id"), &e.id)?;
        if let Some(first) = ids.insert(&e.id, i) {
            return Err(Error::definition(format!(
                "{fpath}.id: duplicate FAQ id `{}` (first used at faq[{first}])",
                e.id
            )));
        }
        if e.questions.values().all(Vec::is_empty) {
            return Err(Error::definition(format!(
                "{fpath}.questions: entry `{}` has no questions",
                e.id
            )));
        }
        for (tag, qs) in &e.questions {
            check_lang(&format!("{fpath}.questions.{tag}"), tag, &def.languages)?;
            for (j, q) in qs.iter().enumerate() {
                check_text(&format!("{fpath}.questions.{tag}[{j}]"), q)?;
            }
        }
        if e.answer.is_empty() {
            return Err(Error::definition(format!(
                "{fpath}.answer: entry `{}` has no answer",
                e.id
            )));
        }
        for (tag, a) in &e.answer {
            let path = format!("{fpath}.answer.{tag}");
            check_lang(&path, tag, &def.languages)?;
            check_text(&path, a)?;
        }
    }
    crate::faq::Synonyms::new(&def.synonyms)?;
    for (tag, _) in def.sentiment.lexicon.iter() {
        check_lang(&format!("sentiment.lexicon.{tag}"), tag, &def.languages)?;
    }
    for name in def.context.attributes.keys() {
        check_name(&format!("context.attributes.{name}"), name)?;
    }
    if let Some(p) = &def.policy {
        match (&p.source, &p.file) {
            (Some(_), Some(_)) => return Err(Error::definition("policy: give either `source` or `file`, not both")),
            (None, Some(f)) => {
                return Err(Error::definition(format!(
                    "policy.file: `{f}` was not resolved; load the definition with a file loader (the CLI, `BotDefinition::from_path`) or inline it as `policy.source`"
                )))
            }
            (None, None) => return Err(Error::definition("policy: give `source` (policy text) or `file`")),
            (Some(_), None) => {}
        }
    }
    Ok(())
}

/// Full validation: structure, then building every non-learned component.
pub(crate) fn validate(def: &BotDefinition) -> Result<()> {
    validate_structure(def)?;
    crate::bot::build_components(def).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> serde_json::Value {
        serde_json::json!({
            "languages": ["en", "zh-Hans"],
            "intents": {
                "refund": {"examples": {"en": ["i want a refund", "money back"], "zh-Hans": ["我要退款"]}},
                "track": {"examples": {"en": ["where is my order"]}}
            },
            "faq": [
                {"id": "ship", "questions": {"en": ["do you ship abroad"]}, "answer": {"en": "Yes."}}
            ]
        })
    }

    fn err(v: serde_json::Value) -> Error {
        BotDefinition::from_json(&v.to_string()).unwrap_err()
    }

    #[test]
    fn base_is_valid() {
        BotDefinition::from_json(&base().to_string()).unwrap();
    }

    #[test]
    fn empty_example_names_its_path() {
        let mut v = base();
        v["intents"]["refund"]["examples"]["zh-Hans"] = serde_json::json!(["我要退款", "好", "  "]);
        let e = err(v);
        assert!(e.is_definition());
        assert!(
            e.to_string()
                .contains("intents.refund.examples.zh-Hans[2]: empty text"),
            "{e}"
        );
    }

    #[test]
    fn undeclared_language_suggests() {
        let mut v = base();
        v["intents"]["track"]["examples"]["zh-Hant"] = serde_json::json!(["我的訂單"]);
        let e = err(v);
        let s = e.to_string();
        assert!(s.starts_with("intents.track.examples.zh-Hant:"), "{s}");
        assert!(s.contains("did you mean `zh-Hans`"), "{s}");
    }

    #[test]
    fn empty_intent_and_too_few_intents() {
        let mut v = base();
        v["intents"]["track"]["examples"] = serde_json::json!({});
        assert!(err(v)
            .to_string()
            .contains("intents.track.examples: intent `track` has no examples"));
        let mut v = base();
        v["intents"].as_object_mut().unwrap().remove("track");
        assert!(err(v).to_string().contains("at least 2 intents"));
    }

    #[test]
    fn duplicate_faq_ids_and_examples() {
        let mut v = base();
        let e0 = v["faq"][0].clone();
        v["faq"].as_array_mut().unwrap().push(e0);
        let e = err(v);
        assert!(
            e.to_string()
                .contains("faq[1].id: duplicate FAQ id `ship` (first used at faq[0])"),
            "{e}"
        );
        let mut v = base();
        v["intents"]["track"]["examples"]["en"] = serde_json::json!(["I want a REFUND"]);
        let e = err(v);
        assert!(
            e.to_string().contains("intents.track.examples.en[0]"),
            "{e}"
        );
        assert!(
            e.to_string().contains("intents.refund.examples.en[0]"),
            "{e}"
        );
    }

    #[test]
    fn unknown_language_tag() {
        let mut v = base();
        v["languages"] = serde_json::json!(["en", "zz"]);
        let e = err(v);
        assert!(
            e.to_string()
                .starts_with("languages[1]: unknown language `zz`"),
            "{e}"
        );
    }

    #[test]
    fn unresolved_policy_file() {
        let mut v = base();
        v["policy"] = serde_json::json!({"file": "policy.kefu"});
        let e = err(v);
        assert!(e.to_string().contains("policy.file"), "{e}");
    }
}
