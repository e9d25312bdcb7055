//! Language detection for short customer messages.
//!
//! [`LanguageDetector`] works in three steps:
//!
//! 1. **Script fast path.** Kana means Japanese, Hangul means Korean, and Han
//!    characters mean Chinese; for Chinese, characters that only exist in
//!    Traditional or only in Simplified script decide `Hant` vs `Hans`
//!    (whatlang cannot tell them apart).
//! 2. **whatlang** with an allow-list — by default the bot's own languages —
//!    for everything else.
//! 3. **In-domain booster.** Words seen in the bot's own examples of each
//!    language vote when whatlang is unsure, which fixes many one- and
//!    two-word chat messages ("refund pls", "hola").
//!
//! Below a confidence floor the result is `und` (undetermined), so callers
//! never act on a guess without knowing it.
//!
//! ```
//! let det = kefu::lang::LanguageDetector::new(&["en".into(), "zh-Hant".into(), "zh-Hans".into()]);
//! let d = det.detect("我要退貨");
//! assert_eq!((d.code.as_str(), d.script.as_deref()), ("zh", Some("Hant")));
//! assert_eq!(det.detect("where is my parcel?").code, "en");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text;

/// ISO 639-1 ↔ ISO 639-3 codes for the languages whatlang knows. Languages
/// without a 639-1 code keep their 639-3 code.
const CODES: &[(&str, &str)] = &[
    ("af", "afr"),
    ("ak", "aka"),
    ("am", "amh"),
    ("ar", "ara"),
    ("az", "aze"),
    ("be", "bel"),
    ("bg", "bul"),
    ("bn", "ben"),
    ("ca", "cat"),
    ("cs", "ces"),
    ("cy", "cym"),
    ("da", "dan"),
    ("de", "deu"),
    ("el", "ell"),
    ("en", "eng"),
    ("eo", "epo"),
    ("es", "spa"),
    ("et", "est"),
    ("fa", "pes"),
    ("fi", "fin"),
    ("fr", "fra"),
    ("gu", "guj"),
    ("he", "heb"),
    ("hi", "hin"),
    ("hr", "hrv"),
    ("hu", "hun"),
    ("hy", "hye"),
    ("id", "ind"),
    ("it", "ita"),
    ("ja", "jpn"),
    ("jv", "jav"),
    ("ka", "kat"),
    ("km", "khm"),
    ("kn", "kan"),
    ("ko", "kor"),
    ("la", "lat"),
    ("lt", "lit"),
    ("lv", "lav"),
    ("mk", "mkd"),
    ("ml", "mal"),
    ("mr", "mar"),
    ("my", "mya"),
    ("nb", "nob"),
    ("ne", "nep"),
    ("nl", "nld"),
    ("or", "ori"),
    ("pa", "pan"),
    ("pl", "pol"),
    ("pt", "por"),
    ("ro", "ron"),
    ("ru", "rus"),
    ("si", "sin"),
    ("sk", "slk"),
    ("sl", "slv"),
    ("sn", "sna"),
    ("sr", "srp"),
    ("sv", "swe"),
    ("ta", "tam"),
    ("te", "tel"),
    ("th", "tha"),
    ("tk", "tuk"),
    ("tl", "tgl"),
    ("tr", "tur"),
    ("uk", "ukr"),
    ("ur", "urd"),
    ("uz", "uzb"),
    ("vi", "vie"),
    ("yi", "yid"),
    ("zh", "cmn"),
    ("zu", "zul"),
];

/// The primary language subtag of a tag: `"zh-Hant"` → `"zh"`.
pub fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// The script subtag of a tag, if any: `"zh-Hant"` → `Some("Hant")`.
pub fn script_subtag(tag: &str) -> Option<&str> {
    tag.split(['-', '_'])
        .skip(1)
        .find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()))
}

/// True when kefu knows the primary language of `tag` (`"en"`, `"zh-Hans"`).
pub fn is_known_language(tag: &str) -> bool {
    let p = primary(tag);
    CODES.iter().any(|&(a, _)| a == p)
}

/// All ISO 639-1 codes kefu knows, for suggestions.
pub fn known_codes() -> impl Iterator<Item = &'static str> {
    CODES.iter().map(|&(a, _)| a)
}

fn to_whatlang(code: &str) -> Option<whatlang::Lang> {
    let p = primary(code);
    let three = CODES.iter().find(|&&(a, _)| a == p).map(|&(_, b)| b)?;
    whatlang::Lang::from_code(three)
}

fn from_whatlang(lang: whatlang::Lang) -> &'static str {
    let three = lang.code();
    CODES
        .iter()
        .find(|&&(_, b)| b == three)
        .map(|&(a, _)| a)
        .unwrap_or(three)
}

/// The result of detecting one text.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code, or `"und"`.
    pub code: String,
    /// ISO 15924 script when known.
    pub script: Option<String>,
    /// Confidence in 0..1.
    pub confidence: f32,
    /// Whether the detection is reliable enough to act on.
    pub reliable: bool,
}

impl Detection {
    fn undetermined() -> Detection {
        Detection {
            code: "und".into(),
            script: None,
            confidence: 0.0,
            reliable: false,
        }
    }
}

/// Below this confidence a detection is reported as `und`.
pub const CONFIDENCE_FLOOR: f32 = 0.15;

/// Word → per-language counts learned from the bot's examples.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Booster {
    /// Language codes (primary subtags), in order.
    langs: Vec<String>,
    /// Word → counts per language, parallel to `langs`.
    words: BTreeMap<String, Vec<u32>>,
}

impl Booster {
    /// Learns from `(language tag, text)` pairs, ignoring unspaced scripts.
    pub fn train<'a>(examples: impl IntoIterator<Item = (&'a str, &'a str)>) -> Booster {
        let mut langs: Vec<String> = Vec::new();
        let mut words: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut pending: Vec<(usize, String)> = Vec::new();
        for (tag, t) in examples {
            let p = primary(tag).to_string();
            let li = match langs.iter().position(|l| *l == p) {
                Some(i) => i,
                None => {
                    langs.push(p);
                    langs.len() - 1
                }
            };
            let norm = text::normalize(t);
            for w in text::tokens(&norm) {
                if w.chars().all(char::is_alphabetic) && !w.chars().any(text::is_unspaced) {
                    pending.push((li, w.to_string()));
                }
            }
        }
        for (li, w) in pending {
            let e = words.entry(w).or_insert_with(|| vec![0; langs.len()]);
            if e.len() < langs.len() {
                e.resize(langs.len(), 0);
            }
            e[li] += 1;
        }
        Booster { langs, words }
    }

    /// Votes: per language, the sum over known words of the share of that
    /// word's occurrences seen in the language. Returns the best language and
    /// its share of all votes.
    fn vote(&self, norm: &str) -> Option<(&str, f32, usize)> {
        if self.langs.len() < 2 {
            return None;
        }
        let mut votes = vec![0f32; self.langs.len()];
        let mut known = 0usize;
        for w in text::tokens(norm) {
            if let Some(counts) = self.words.get(w) {
                let total: u32 = counts.iter().sum();
                if total == 0 {
                    continue;
                }
                known += 1;
                for (v, &c) in votes.iter_mut().zip(counts) {
                    *v += c as f32 / total as f32;
                }
            }
        }
        if known == 0 {
            return None;
        }
        let (best, &bv) = votes
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
        Some((&self.langs[best], bv / known as f32, known))
    }
}

/// Detects the language of short messages. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct LanguageDetector {
    languages: Vec<String>,
    detector: whatlang::Detector,
    booster: Booster,
}

impl LanguageDetector {
    /// A detector restricted to `languages` (tags such as `"en"`,
    /// `"zh-Hant"`). An empty list allows every language.
    pub fn new(languages: &[String]) -> LanguageDetector {
        LanguageDetector::with_booster(languages, Booster::default())
    }

    /// A detector with an in-domain [`Booster`].
    pub fn with_booster(languages: &[String], booster: Booster) -> LanguageDetector {
        let allow: Vec<whatlang::Lang> = {
            let mut v: Vec<whatlang::Lang> =
                languages.iter().filter_map(|l| to_whatlang(l)).collect();
            v.sort_by_key(|l| l.code());
            v.dedup();
            v
        };
        let detector = if allow.is_empty() {
            whatlang::Detector::new()
        } else {
            whatlang::Detector::with_allowlist(allow)
        };
        LanguageDetector {
            languages: languages.to_vec(),
            detector,
            booster,
        }
    }

    /// The in-domain booster.
    pub fn booster(&self) -> &Booster {
        &self.booster
    }

    fn allows(&self, code: &str) -> bool {
        self.languages.is_empty() || self.languages.iter().any(|l| primary(l) == code)
    }

    /// Detects the language of `text`.
    pub fn detect(&self, text: &str) -> Detection {
        let sc = text::script_counts(text);
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 {
            return Detection::undetermined();
        }
        let cjk = sc.han + sc.kana + sc.hangul;
        // Script fast path: a message that is mostly CJK.
        if cjk * 2 >= letters {
            let share = cjk as f32 / letters as f32;
            let reliable = cjk >= 2;
            // Kana and Hangul are unambiguous evidence: they decide even when
            // the language is outside the allow-list (the reply language then
            // falls back), rather than mislabelling Japanese as Chinese.
            let (code, script) = if sc.kana > 0 {
                ("ja", "Jpan")
            } else if sc.hangul > sc.han {
                ("ko", "Kore")
            } else if sc.han > 0 && self.allows("zh") {
                let script = if sc.traditional > sc.simplified {
                    "Hant"
                } else {
                    "Hans"
                };
                ("zh", script)
            } else if sc.han > 0 && self.allows("ja") {
                ("ja", "Jpan")
            } else {
                (
                    "zh",
                    if sc.traditional > sc.simplified {
                        "Hant"
                    } else {
                        "Hans"
                    },
                )
            };
            return Detection {
                code: code.into(),
                script: Some(script.into()),
                confidence: share.min(1.0),
                reliable,
            };
        }
        let norm = text::normalize(text);
        let info = self.detector.detect(text);
        let vote = self.booster.vote(&norm);
        let (code, script, mut confidence, mut reliable) = match info {
            Some(i) => (
                from_whatlang(i.lang()),
                Some(script_code(i.script()).to_string()),
                i.confidence() as f32,
                i.is_reliable(),
            ),
            None => ("und", None, 0.0, false),
        };
        let mut code = code.to_string();
        if let Some((vlang, share, known)) = vote {
            // The booster overrides an unsure whatlang when in-domain words agree.
            if vlang != code && share > 0.6 && (!reliable || confidence < 0.5) {
                code = vlang.to_string();
                confidence = (share * 0.9).min(0.95);
                reliable = known >= 2 && share > 0.8;
            } else if vlang == code {
                confidence = confidence.max(share * 0.9);
                reliable = reliable || (known >= 2 && share > 0.8);
            }
        }
        if code == "und" || confidence < CONFIDENCE_FLOOR {
            return Detection::undetermined();
        }
        Detection {
            code,
            script,
            confidence,
            reliable,
        }
    }

    /// Chooses the bot language to reply in: the detected language when it
    /// is reliable and one of the bot's, else the customer's preferred
    /// language when it is one of the bot's, else a less certain detection,
    /// else the bot's default (first) language.
    pub fn reply_language(&self, detection: &Detection, preferred: Option<&str>) -> String {
        let matching = |code: &str, script: Option<&str>| -> Option<&String> {
            let same_code = self.languages.iter().filter(|l| primary(l) == code);
            let mut first = None;
            for l in same_code {
                if first.is_none() {
                    first = Some(l);
                }
                if script.is_some() && script_subtag(l) == script {
                    return Some(l);
                }
            }
            first
        };
        if detection.reliable {
            if let Some(l) = matching(&detection.code, detection.script.as_deref()) {
                return l.clone();
            }
        }
        if let Some(p) = preferred {
            if let Some(l) = matching(primary(p), script_subtag(p)) {
                return l.clone();
            }
        }
        if let Some(l) = matching(&detection.code, detection.script.as_deref()) {
            return l.clone();
        }
        self.languages
            .first()
            .cloned()
            .unwrap_or_else(|| "en".into())
    }
}

fn script_code(s: whatlang::Script) -> &'static str {
    use whatlang::Script::*;
    match s {
        Latin => "Latn",
        Cyrillic => "Cyrl",
        Arabic => "Arab",
        Devanagari => "Deva",
        Hebrew => "Hebr",
        Greek => "Grek",
        Thai => "Thai",
        Hangul => "Kore",
        Mandarin => "Hani",
        Hiragana | Katakana => "Jpan",
        Georgian => "Geor",
        Armenian => "Armn",
        Bengali => "Beng",
        Ethiopic => "Ethi",
        Gujarati => "Gujr",
        Gurmukhi => "Guru",
        Kannada => "Knda",
        Khmer => "Khmr",
        Malayalam => "Mlym",
        Myanmar => "Mymr",
        Oriya => "Orya",
        Sinhala => "Sinh",
        Tamil => "Taml",
        Telugu => "Telu",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det(langs: &[&str]) -> LanguageDetector {
        LanguageDetector::new(&langs.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn chinese_scripts_and_japanese() {
        let d = det(&["en", "zh-Hans", "zh-Hant", "ja"]);
        assert_eq!(d.detect("我要退货").script.as_deref(), Some("Hans"));
        assert_eq!(d.detect("請問發票怎麼開").script.as_deref(), Some("Hant"));
        let j = d.detect("注文をキャンセルしたい");
        assert_eq!(j.code, "ja");
        // kana decides even outside the allow-list, and replies fall back
        let zh_only = det(&["en", "zh-Hans"]);
        let j = zh_only.detect("すみません、注文した商品はいつ届きますか？");
        assert_eq!(j.code, "ja");
        assert_eq!(zh_only.reply_language(&j, None), "en");
    }

    #[test]
    fn allow_list_restricts_whatlang() {
        let d = det(&["en", "es"]);
        let r = d.detect("¿Dónde está mi pedido? Lo pedí hace dos semanas");
        assert_eq!(r.code, "es");
        assert!(r.reliable);
        assert_eq!(
            d.detect("Where is my package, I ordered it two weeks ago")
                .code,
            "en"
        );
    }

    #[test]
    fn empty_and_symbols_are_undetermined() {
        let d = det(&["en"]);
        assert_eq!(d.detect("").code, "und");
        assert_eq!(d.detect("12345 !!! ???").code, "und");
        assert!(!d.detect("").reliable);
    }

    #[test]
    fn booster_fixes_short_in_domain_words() {
        let booster = Booster::train([
            ("en", "refund please"),
            ("en", "i want a refund"),
            ("es", "quiero un reembolso"),
            ("es", "reembolso por favor"),
        ]);
        let d = LanguageDetector::with_booster(&["en".into(), "es".into()], booster);
        assert_eq!(d.detect("reembolso").code, "es");
        assert_eq!(d.detect("refund pls").code, "en");
    }

    #[test]
    fn reply_language_prefers_reliable_detection_then_preference() {
        let d = det(&["en", "zh-Hans", "zh-Hant", "es"]);
        let hant = d.detect("我要退貨");
        assert_eq!(d.reply_language(&hant, None), "zh-Hant");
        let und = d.detect("???");
        assert_eq!(d.reply_language(&und, Some("es")), "es");
        assert_eq!(d.reply_language(&und, Some("fr")), "en");
    }
}
