//! Sentiment, emotions and escalation signals.
//!
//! [`SentimentScorer`] is a lexicon scorer in the style of VADER, with
//! hand-written lexicons for customer service and reviews (see
//! `core/src/sentiment/LEXICONS.md` for where their content comes from):
//! English and Chinese (800–1,000 entries each), Spanish (~300), French,
//! Portuguese, Arabic, German and Japanese (~200 each), plus emoji and
//! emoticons for every language, and an English polarity prior of 124
//! words derived from GoEmotions (Apache-2.0) that only fills words the
//! hand-written list lacks. A bot adds its own words with
//! [`SentimentConfig::lexicon`].
//!
//! # Scoring
//!
//! 1. The message is brought to matching form (NFKC, lowercase,
//!    Traditional Chinese folded to Simplified, so `服務太差了` matches the
//!    Simplified lexicon; Arabic without harakat or tatweel and with its
//!    letter variants folded, so `خدمةٌ` matches `خدمه`) and split into
//!    words, runs of Chinese/Japanese, emoji, emoticons and clause breaks
//!    (punctuation).
//! 2. Words are looked up longest phrase first (`"waste of money"`), and
//!    Chinese/Japanese runs are segmented by longest match (`不错` is one
//!    positive entry, not 不 + 错). An Arabic word with no entry of its own
//!    is looked up again without its attached prefix (`و`, `ال`, `بال`…)
//!    and without the accusative alef (`والسيء` → `سيء`, `جيدا` → `جيد`).
//!    The lexicon of the detected language is used; for `und` or a
//!    language without a lexicon, all of them are.
//! 3. Each polar entry (weight in -1..1, scaled by 4 internally) is
//!    * intensified or toned down by boosters in the three entries before it
//!      (`very`, `非常`, `muy` / `slightly`, `有点`, `un poco`);
//!    * flipped and damped (× -0.74) by an odd number of negators in the
//!      three entries before it (`not`, `不`, `no`…); a booster between the
//!      negator and the word softens instead (`不太好` is mildly negative);
//!    * emphasized when written in ALL CAPS (× 1.3) or elongated (`sooo`,
//!      × 1.2);
//!    * weighted by clause: before the last contrast word (`but`, `但是`,
//!      `pero`) × 0.5, after it × 1.5, inside an `although`/`虽然` clause
//!      × 0.5.
//!
//!    Scopes end at punctuation and at contrast words.
//! 4. `!` (up to 4) and repeated `?` push the sum further from zero; `???`
//!    on its own reads as slightly negative (impatience).
//! 5. `score = s / sqrt(s² + 15)`, in -1..1. The label is `negative` below
//!    -0.05, `positive` above 0.05, otherwise `neutral`.
//!
//! # Signals
//!
//! One multi-pattern regex (compiled once per process) looks for
//! customer-service signals in every supported language, in this order:
//! `asks_for_human`, `cancel_threat`, `public_complaint`, `profanity`,
//! `repeat_contact`, `long_wait` (see [`SIGNALS`]). Public complaints,
//! repeated contact and long waits also pull the score down a little.
//!
//! # Emotions
//!
//! Anger, anxiety, sadness, joy and gratitude come from per-language cue
//! lists (`furious`, `着急`, `decepcionado`, `谢谢`…), from polar words
//! without a cue (positive → joy, negative → sadness and anger), from
//! signals (profanity, threats and complaints → anger; long waits →
//! anxiety) and from shouting (`!!!`, ALL CAPS) on negative messages. Each
//! emotion is `1 - exp(-evidence)`, in 0..1.
//!
//! # Escalation
//!
//! Points are added up:
//!
//! | evidence | points |
//! |---|---|
//! | score < -0.05 | 1 |
//! | anger ≥ 0.5 (listed as `strong_anger`) | 1 |
//! | `cancel_threat` | 2 (1 in an otherwise calm message: "can I cancel my order?") |
//! | `public_complaint` | 2 |
//! | `profanity` | 2 (1 when the message is positive overall) |
//! | `asks_for_human`, `repeat_contact`, `long_wait` | 1 each |
//!
//! and mapped to a level: 0 points → 0 (calm), 1 → 1 (mildly negative or
//! one soft signal), 2–3 → 2 (strong anger, a threat, profanity, or asking
//! for a human while negative), 4 or more → 3 (several strong signals, such
//! as anger plus a threat, or a public complaint after repeated contact).
//! One soft signal on a mildly negative message (score ≥ -0.3, no strong
//! signal) stays at level 1, since the signal already lowered the score.
//! `signals` lists every signal found plus `strong_anger` when it counted.
//!
//! ```
//! use kefu::definition::SentimentConfig;
//! use kefu::sentiment::SentimentScorer;
//!
//! let s = SentimentScorer::new(&SentimentConfig::default())?;
//! let r = s.score("服務太差了，我要投訴！", "zh");
//! assert_eq!(r.label.as_str(), "negative");
//! assert!(r.signals.iter().any(|x| x == "public_complaint"));
//! assert!(r.escalation >= 2);
//! # Ok::<(), kefu::Error>(())
//! ```

mod adapt;
mod lexicon;
mod lexicon_ar;
mod lexicon_de;
mod lexicon_emoji;
mod lexicon_en;
mod lexicon_en_derived;
mod lexicon_es;
mod lexicon_fr;
mod lexicon_ja;
mod lexicon_pt;
mod lexicon_zh;
mod naive_bayes;
mod signals;
#[cfg(test)]
mod tests;
mod tokenize;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

pub use adapt::{AdaptOptions, AdaptedScorer};

use crate::analysis::{Emotions, SentimentLabel, SentimentResult};
use crate::definition::SentimentConfig;
use crate::error::{Error, ErrorKind, Result};

use lexicon::{Contrast, Emo, Entry, Lexicon};
use signals::{Signal, SignalMatcher};
use tokenize::{collapse_runs, tokenize, TokKind, Tokens};

/// Every string [`SentimentResult::signals`] can hold, in output order.
pub const SIGNALS: &[&str] = &[
    "asks_for_human",
    "cancel_threat",
    "public_complaint",
    "profanity",
    "repeat_contact",
    "long_wait",
    "strong_anger",
];

/// Languages with a built-in lexicon (ISO 639-1).
pub const BUILTIN_LANGUAGES: &[&str] = &["en", "zh", "es", "fr", "de", "pt", "ja", "ar"];

/// The scaling between lexicon weights (-1..1) and the internal valence.
const SCALE: f32 = 4.0;
/// VADER's normalization constant.
const ALPHA: f32 = 15.0;
/// How much a negator keeps of the flipped valence.
const NEGATION: f32 = -0.74;
/// The polarity of a derived (GoEmotions) entry is its stored weight / 100
/// times this. Chosen on train/dev splits only (see `LEXICONS.md`).
const DERIVED_SCALE: f32 = 0.5;
/// Most entries a negator or booster reaches forward.
const SCOPE: usize = 3;

/// The built-in tables, built once per process.
struct Builtin {
    /// One table per [`BUILTIN_LANGUAGES`] entry, same order.
    langs: Vec<Lexicon>,
    /// All languages merged (earlier languages win on a clash).
    all: Lexicon,
    /// Emoji and emoticons.
    symbols: Lexicon,
    signals: SignalMatcher,
}

impl Builtin {
    fn build() -> std::result::Result<Builtin, String> {
        let mut langs = Vec::new();
        let mut all = Lexicon::default();
        for data in lexicon::languages() {
            let mut lex = Lexicon::from_lang(data)?;
            if data.code == "en" {
                lex.add_derived(lexicon_en_derived::DERIVED, DERIVED_SCALE)
                    .map_err(|e| format!("derived en lexicon: {e}"))?;
            }
            all.merge_under(&lex);
            langs.push(lex);
        }
        let mut symbols = Lexicon::default();
        for entry in lexicon_emoji::symbols() {
            let (s, v, emo) = entry.map_err(|e| format!("built-in symbols: {e}"))?;
            symbols
                .update(s, |e| {
                    e.valence = v;
                    e.emotion = emo;
                })
                .map_err(|e| format!("built-in symbol `{s}` {e}"))?;
        }
        Ok(Builtin {
            langs,
            all,
            symbols,
            signals: SignalMatcher::new()?,
        })
    }

    fn get() -> Result<&'static Builtin> {
        static BUILTIN: OnceLock<std::result::Result<Builtin, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(Builtin::build)
            .as_ref()
            .map_err(|e| Error::new(ErrorKind::Internal, e.clone()))
    }

    fn lang(&self, code: &str) -> Option<&Lexicon> {
        BUILTIN_LANGUAGES
            .iter()
            .position(|&l| l == code)
            .and_then(|i| self.langs.get(i))
    }
}

/// Scores sentiment with built-in lexicons plus the bot's additions.
///
/// Cheap to clone: the built-in tables are shared by every scorer.
#[derive(Clone)]
pub struct SentimentScorer {
    builtin: &'static Builtin,
    /// Each chain's [`Merged`] table, built on first use, shared by clones.
    merged: std::sync::Arc<Vec<(ChainOf, OnceLock<Merged>)>>,
    /// Additions by primary language subtag (`zh-Hant` → `zh`).
    added: BTreeMap<String, Lexicon>,
    /// All additions merged, for `und`.
    added_all: Lexicon,
    /// Additions under `und`/`mul`, for every language.
    added_universal: Lexicon,
}

impl fmt::Debug for SentimentScorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentimentScorer")
            .field("builtin_languages", &BUILTIN_LANGUAGES)
            .field(
                "added",
                &self
                    .added
                    .iter()
                    .map(|(k, v)| (k, v.map.len()))
                    .collect::<Vec<_>>(),
            )
            .field("added_universal", &self.added_universal.map.len())
            .finish()
    }
}

/// The primary language subtag of a tag, lowercased (`zh-Hant` → `zh`).
fn primary(tag: &str) -> String {
    let p = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match p.as_str() {
        "yue" | "cmn" | "wuu" | "zho" | "chi" => "zh".to_string(),
        "eng" => "en".to_string(),
        "spa" => "es".to_string(),
        _ => p,
    }
}

/// Renders `sentiment.lexicon.<tag>.<word>`.
fn word_path(tag: &str, word: &str) -> String {
    if word.is_empty() || word.contains(|c: char| c.is_whitespace() || c == '.') {
        format!("sentiment.lexicon.{tag}.{word:?}")
    } else {
        format!("sentiment.lexicon.{tag}.{word}")
    }
}

/// One position of a [`Merged`] table.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The entry of the first table of the chain that has the key.
    entry: Option<Entry>,
    /// Whether a longer key starts with this one (words: followed by a
    /// space and more words; unspaced runs: by more characters).
    more: bool,
}

/// The tables applied to one message (the bot's additions, a built-in
/// lexicon, universal additions, emoji and emoticons; most specific first)
/// merged into one: a key's entry is the first table's that has it, so one
/// lookup replaces one per table. Every proper prefix of a phrase or of an
/// unspaced key is there too (with `more` set), so that longest-match
/// lookups extend a key only while a longer one can still match, and find
/// what trying every length from the longest down finds.
#[derive(Debug, Default)]
struct Merged {
    map: crate::text::FastMap<String, Slot>,
    /// Most words in a spaced key.
    max_words: usize,
    /// Most chars in an unspaced key.
    max_chars: usize,
}

impl Merged {
    fn new(chain: [Option<&Lexicon>; 4]) -> Merged {
        let mut m = Merged {
            map: Default::default(),
            max_words: 1,
            max_chars: 1,
        };
        // the most specific table goes in last, and wins
        for lex in chain.iter().rev().flatten() {
            m.max_words = m.max_words.max(lex.max_words);
            m.max_chars = m.max_chars.max(lex.max_chars);
            for (k, e) in &lex.map {
                m.map.entry(k.clone()).or_default().entry = Some(*e);
            }
        }
        let keys: Vec<String> = m.map.keys().cloned().collect();
        for k in keys {
            if k.contains(' ') {
                for (i, _) in k.match_indices(' ') {
                    m.map.entry(k[..i].to_string()).or_default().more = true;
                }
            } else if !k.is_ascii() {
                for (i, _) in k.char_indices().skip(1) {
                    m.map.entry(k[..i].to_string()).or_default().more = true;
                }
            }
        }
        m
    }

    fn get(&self, key: &str) -> Option<&Entry> {
        self.map.get(key).and_then(|s| s.entry.as_ref())
    }
}

/// Which chain of tables a language reads (see [`SentimentScorer::select`]).
#[derive(Clone, Debug, PartialEq)]
enum ChainOf {
    /// The built-in lexicon `BUILTIN_LANGUAGES[i]`.
    Builtin(usize),
    /// A language with additions but no built-in lexicon.
    Added(String),
    /// Any other language, and `und`.
    Other,
}

/// A lexicon entry (or nothing) at one position of the message.
#[derive(Clone, Copy, Debug)]
struct Item<'a> {
    e: Option<&'a Entry>,
    brk: bool,
    caps: bool,
    elong: bool,
}

impl Item<'_> {
    fn is_contrast(&self) -> bool {
        self.e.is_some_and(|e| e.contrast != Contrast::None)
    }
    fn valence(&self) -> f32 {
        self.e.map_or(0.0, |e| e.valence)
    }
}

/// An elongated "nooo": an interjection of dismay, not a negator.
static NOOO: Entry = Entry {
    valence: -0.4,
    boost: 0.0,
    negator: false,
    contrast: Contrast::None,
    emotion: Some((Emo::Sadness, 0.4)),
    prior: false,
};

impl SentimentScorer {
    /// Builds a scorer from the built-in lexicons plus `config`'s additions.
    ///
    /// Each addition maps a word or phrase to a polarity in -1..1 under a
    /// language tag (`en`, `zh-Hans`, `es`…; `und` applies to every
    /// language). An addition replaces the built-in polarity of the same
    /// word and keeps its other roles (negator, booster…). Errors name the
    /// path, e.g. `sentiment.lexicon.en.great`.
    pub fn new(config: &SentimentConfig) -> Result<SentimentScorer> {
        let builtin = Builtin::get()?;
        let mut added: BTreeMap<String, Lexicon> = BTreeMap::new();
        let mut added_all = Lexicon::default();
        let mut added_universal = Lexicon::default();
        for (tag, words) in &config.lexicon {
            let p = primary(tag);
            let universal = p == "und" || p == "mul";
            if !(2..=3).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(Error::definition(format!(
                    "sentiment.lexicon.{tag}: not a language tag (use e.g. `en`, `zh-Hans`, `es`, or `und` for all languages)"
                )));
            }
            for (word, &w) in words {
                let path = word_path(tag, word);
                if word.trim().is_empty() {
                    return Err(Error::definition(format!("{path}: empty word")));
                }
                if !w.is_finite() || !(-1.0..=1.0).contains(&w) {
                    return Err(Error::definition(format!(
                        "{path}: polarity {w} is outside -1..1"
                    )));
                }
                let (key, _) = lexicon::normalize_key(word)
                    .map_err(|e| Error::definition(format!("{path}: {e}")))?;
                // keep the roles the word already has
                let base = builtin
                    .lang(&p)
                    .and_then(|l| l.map.get(&key))
                    .or_else(|| builtin.all.map.get(&key))
                    .or_else(|| builtin.symbols.map.get(&key))
                    .copied()
                    .unwrap_or_default();
                let set = |e: &mut Entry| {
                    *e = Entry {
                        valence: w,
                        prior: false,
                        ..base
                    };
                };
                let target = if universal {
                    &mut added_universal
                } else {
                    added.entry(p.clone()).or_default()
                };
                target
                    .update(word, set)
                    .map_err(|e| Error::definition(format!("{path}: {e}")))?;
                added_all
                    .update(word, set)
                    .map_err(|e| Error::definition(format!("{path}: {e}")))?;
            }
        }
        let mut chains: Vec<(ChainOf, OnceLock<Merged>)> = (0..BUILTIN_LANGUAGES.len())
            .map(|i| (ChainOf::Builtin(i), OnceLock::new()))
            .collect();
        for k in added.keys() {
            if !BUILTIN_LANGUAGES.contains(&k.as_str()) {
                chains.push((ChainOf::Added(k.clone()), OnceLock::new()));
            }
        }
        chains.push((ChainOf::Other, OnceLock::new()));
        Ok(SentimentScorer {
            builtin,
            merged: std::sync::Arc::new(chains),
            added,
            added_all,
            added_universal,
        })
    }

    /// The language codes with a built-in or added lexicon.
    pub fn languages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = BUILTIN_LANGUAGES.to_vec();
        for k in self.added.keys() {
            if !v.contains(&k.as_str()) {
                v.push(k);
            }
        }
        v
    }

    /// The tables applied to `lang`, merged.
    fn select(&self, lang: &str) -> &Merged {
        let p = primary(lang);
        let which = match BUILTIN_LANGUAGES.iter().position(|&l| l == p) {
            Some(i) => ChainOf::Builtin(i),
            None if self.added.contains_key(&p) => ChainOf::Added(p),
            None => ChainOf::Other,
        };
        static EMPTY: OnceLock<Merged> = OnceLock::new();
        let Some((_, cell)) = self.merged.iter().find(|(w, _)| *w == which) else {
            // every chain has a slot (see `new`)
            return EMPTY.get_or_init(Merged::default);
        };
        cell.get_or_init(|| Merged::new(self.chain(&which)))
    }

    /// The tables of a chain, most specific first.
    fn chain(&self, which: &ChainOf) -> [Option<&Lexicon>; 4] {
        let b = self.builtin;
        let universal = Some(&self.added_universal);
        let symbols = Some(&b.symbols);
        match which {
            ChainOf::Builtin(i) => {
                let code = BUILTIN_LANGUAGES.get(*i).copied().unwrap_or("");
                [self.added.get(code), b.langs.get(*i), universal, symbols]
            }
            ChainOf::Added(p) => [self.added.get(p), Some(&b.all), universal, symbols],
            ChainOf::Other => [Some(&self.added_all), Some(&b.all), universal, symbols],
        }
    }

    /// Scores `text`; `lang` is an ISO 639-1 code (`"en"`, `"zh"`) or `"und"`.
    pub fn score(&self, text: &str, lang: &str) -> SentimentResult {
        let sel = self.select(lang);
        let toks = tokenize(text);
        let items = segment(&toks, sel);
        let mut acc = [0.0f32; 5];
        let mut sum = valence_sum(&items, &mut acc);

        let bits = self.builtin.signals.find(&toks.low);
        let has = |s: Signal| bits & (1 << s as u8) != 0;
        if has(Signal::PublicComplaint) {
            sum -= 1.0;
        }
        if has(Signal::RepeatContact) {
            sum -= 0.8;
        }
        if has(Signal::LongWait) {
            sum -= 0.8;
        }

        // punctuation emphasis
        let bangs = toks.bangs.min(4) as f32 * 0.292;
        let qs = if toks.questions > 1 {
            if toks.questions <= 3 {
                toks.questions as f32 * 0.18
            } else {
                0.96
            }
        } else {
            0.0
        };
        if sum > 0.0 {
            sum += bangs + qs;
        } else if sum < 0.0 {
            sum -= bangs + qs;
        } else if toks.max_q_run >= 3 {
            sum = -0.6;
        }
        let shouting = toks.caps_words >= 2 && toks.caps_words * 2 >= toks.words_with_letters;
        if shouting && sum < 0.0 {
            sum *= 1.15;
        }

        let mut score = sum / (sum * sum + ALPHA).sqrt();
        if !score.is_finite() {
            score = 0.0;
        }
        let score = score.clamp(-1.0, 1.0);
        let positive = score > 0.05;

        // emotions from signals and emphasis
        let anger = Emo::Anger as usize;
        let anxiety = Emo::Anxiety as usize;
        if has(Signal::Profanity) {
            acc[anger] += if positive { 0.3 } else { 1.0 };
        }
        if has(Signal::CancelThreat) {
            acc[anger] += 0.3;
        }
        if has(Signal::PublicComplaint) {
            acc[anger] += 0.6;
        }
        if has(Signal::RepeatContact) {
            acc[anger] += 0.4;
        }
        if has(Signal::LongWait) {
            acc[anxiety] += 0.5;
            acc[anger] += 0.2;
        }
        if score < 0.0 {
            acc[anger] += 0.1 * toks.bangs.min(4) as f32;
            if shouting {
                acc[anger] += 0.4;
            }
        }
        if toks.max_q_run >= 3 && !positive {
            acc[anger] += 0.15;
            acc[anxiety] += 0.15;
        }
        let emo = |x: f32| {
            if x > 0.0 {
                // libm, not std: the same bits on every platform (std
                // calls the system libm natively, a Rust port on wasm32)
                (1.0 - libm::expf(-x)).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let emotions = Emotions {
            anger: emo(acc[0]),
            anxiety: emo(acc[1]),
            sadness: emo(acc[2]),
            joy: emo(acc[3]),
            gratitude: emo(acc[4]),
        };

        // escalation
        let mut points = 0u32;
        let mut signals: Vec<String> = Vec::new();
        if score < -0.05 {
            points += 1;
        }
        for (i, name) in signals::NAMES.iter().enumerate() {
            if bits & (1 << i) != 0 {
                signals.push((*name).to_string());
            }
        }
        if has(Signal::CancelThreat) {
            // a calm "can I cancel my order?" is a request, not a threat
            points += if score < -0.05 || bits & !(1 << Signal::CancelThreat as u8) != 0 {
                2
            } else {
                1
            };
        }
        if has(Signal::PublicComplaint) {
            points += 2;
        }
        if has(Signal::Profanity) {
            points += if positive { 1 } else { 2 };
        }
        for s in [
            Signal::AsksForHuman,
            Signal::RepeatContact,
            Signal::LongWait,
        ] {
            if has(s) {
                points += 1;
            }
        }
        if emotions.anger >= 0.5 {
            points += 1;
            signals.push("strong_anger".to_string());
        }
        let mut escalation = match points {
            0 => 0,
            1 => 1,
            2 | 3 => 2,
            _ => 3,
        };
        // One soft signal on a mildly negative message ("it still hasn't
        // shipped") is level 1: soft signals already pull the score down, so
        // they would otherwise count twice.
        let soft = [
            Signal::AsksForHuman,
            Signal::RepeatContact,
            Signal::LongWait,
        ]
        .into_iter()
        .filter(|&s| has(s))
        .count();
        let strong = has(Signal::CancelThreat)
            || has(Signal::PublicComplaint)
            || has(Signal::Profanity)
            || emotions.anger >= 0.5;
        if !strong && soft <= 1 && score >= -0.3 {
            escalation = escalation.min(1);
        }
        let label = if score < -0.05 {
            SentimentLabel::Negative
        } else if score > 0.05 {
            SentimentLabel::Positive
        } else {
            SentimentLabel::Neutral
        };
        SentimentResult {
            score,
            label,
            emotions,
            escalation,
            signals,
        }
    }
}

/// Looks the tokens up: longest phrase first for words, longest match for
/// unspaced runs.
/// Arabic prefixes written attached to the next word (conjunctions,
/// prepositions, the article), longest first.
const AR_PREFIXES: &[&str] = &[
    "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك",
];

/// The entry of an Arabic word that has none as written: without its
/// attached prefix (`والسيء` → `سيء`) and/or the alef of the accusative
/// (`جيدا` → `جيد`), keeping at least two letters. `None` for other scripts.
fn arabic_entry<'a>(word: &str, sel: &'a Merged) -> Option<&'a Entry> {
    if !word.starts_with(|c: char| ('\u{0621}'..='\u{064A}').contains(&c)) {
        return None;
    }
    let long_enough = |w: &&str| w.chars().nth(1).is_some();
    let unaccused = |w: &str| {
        w.strip_suffix('\u{0627}')
            .filter(long_enough)
            .and_then(|u| sel.get(u))
    };
    unaccused(word).or_else(|| {
        AR_PREFIXES
            .iter()
            .filter_map(|p| word.strip_prefix(p))
            .filter(long_enough)
            .find_map(|w| sel.get(w).or_else(|| unaccused(w)))
    })
}

fn segment<'a>(toks: &Tokens, sel: &'a Merged) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = Vec::with_capacity(toks.toks.len() + 8);
    let mut key = String::new();
    let mut bounds: Vec<usize> = Vec::new();
    let list = &toks.toks;
    let mut i = 0;
    while i < list.len() {
        let t = list[i];
        let text = &toks.low[t.start..t.end];
        match t.kind {
            TokKind::Break => {
                items.push(Item {
                    e: None,
                    brk: true,
                    caps: false,
                    elong: false,
                });
                i += 1;
            }
            TokKind::Emoji | TokKind::Emoticon => {
                items.push(Item {
                    e: sel.get(text),
                    brk: false,
                    caps: false,
                    elong: false,
                });
                i += 1;
            }
            TokKind::Word => {
                // the longest phrase of up to `max_words` words that has
                // an entry
                key.clear();
                let mut found = None;
                for (n, w) in list[i..].iter().take(sel.max_words).enumerate() {
                    if w.kind != TokKind::Word {
                        break;
                    }
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    key.push_str(&toks.low[w.start..w.end]);
                    let Some(slot) = sel.map.get(key.as_str()) else {
                        break;
                    };
                    if let Some(e) = &slot.entry {
                        found = Some((e, n + 1));
                    }
                    if !slot.more {
                        break;
                    }
                }
                if found.is_none() && t.elong {
                    let two = collapse_runs(text, 2);
                    let one = collapse_runs(text, 1);
                    found = sel.get(&two).or_else(|| sel.get(&one)).map(|e| (e, 1));
                    if one == "no" {
                        found = Some((&NOOO, 1));
                    }
                }
                match found {
                    Some((e, n)) => {
                        let span = &list[i..i + n];
                        items.push(Item {
                            e: Some(e),
                            brk: false,
                            caps: span.iter().any(|w| w.caps),
                            elong: span.iter().any(|w| w.elong),
                        });
                        i += n;
                    }
                    None => {
                        items.push(Item {
                            e: arabic_entry(text, sel),
                            brk: false,
                            caps: t.caps,
                            elong: t.elong,
                        });
                        i += 1;
                    }
                }
            }
            TokKind::Unspaced => {
                bounds.clear();
                bounds.extend(text.char_indices().map(|(b, _)| b));
                bounds.push(text.len());
                let nchars = bounds.len() - 1;
                let mut j = 0;
                while j < nchars {
                    let maxn = sel.max_chars.min(nchars - j);
                    let mut found = None;
                    for n in 1..=maxn {
                        let Some(slot) = sel.map.get(&text[bounds[j]..bounds[j + n]]) else {
                            break;
                        };
                        if let Some(e) = &slot.entry {
                            found = Some((e, n));
                        }
                        if !slot.more {
                            break;
                        }
                    }
                    match found {
                        Some((e, n)) => {
                            items.push(Item {
                                e: Some(e),
                                brk: false,
                                caps: false,
                                elong: false,
                            });
                            j += n;
                        }
                        None => {
                            items.push(Item {
                                e: None,
                                brk: false,
                                caps: false,
                                elong: false,
                            });
                            j += 1;
                        }
                    }
                }
                i += 1;
            }
        }
    }
    items
}

/// Whether the entry at `k` acts as a booster: pure boosters always do,
/// words that are also polar (`pretty`, `好`) only right before a polar word.
fn acts_as_booster(items: &[Item<'_>], k: usize) -> bool {
    let Some(e) = items.get(k).and_then(|it| it.e) else {
        return false;
    };
    if e.boost == 0.0 {
        return false;
    }
    if e.valence == 0.0 {
        return true;
    }
    items
        .get(k + 1)
        .is_some_and(|n| !n.brk && n.valence() != 0.0 && !n.e.is_some_and(|e| e.negator))
}

/// Sums the weighted valences and gathers emotion evidence into `acc`.
fn valence_sum(items: &[Item<'_>], acc: &mut [f32; 5]) -> f32 {
    let n = items.len();
    if n == 0 {
        return 0.0;
    }
    // clause weights
    let mut weights = vec![1.0f32; n];
    if let Some(b) = items
        .iter()
        .rposition(|it| it.e.is_some_and(|e| e.contrast == Contrast::But))
    {
        for (k, w) in weights.iter_mut().enumerate() {
            if k < b {
                *w = 0.5;
            } else if k > b {
                *w = 1.5;
            }
        }
    }
    for k in 0..n {
        if items[k].e.is_some_and(|e| e.contrast == Contrast::Although) {
            for j in k + 1..n {
                if items[j].brk || items[j].is_contrast() {
                    break;
                }
                weights[j] = weights[j].min(0.5);
            }
        }
    }

    let mut sum = 0.0f32;
    for k in 0..n {
        let it = items[k];
        let Some(e) = it.e else { continue };
        let polar = e.valence != 0.0 && !acts_as_booster(items, k);
        if !polar && e.emotion.is_none() {
            continue;
        }
        if e.negator || (e.boost != 0.0 && !polar) {
            continue;
        }
        // look back for negators and boosters
        let mut negs = 0usize;
        let mut neg_d = usize::MAX;
        let mut boosts: [(usize, f32); SCOPE] = [(0, 1.0); SCOPE];
        let mut nb = 0usize;
        for d in 1..=SCOPE.min(k) {
            let p = items[k - d];
            if p.brk || p.is_contrast() {
                break;
            }
            let Some(pe) = p.e else { continue };
            if pe.negator {
                negs += 1;
                neg_d = neg_d.min(d);
            } else if acts_as_booster(items, k - d) {
                let mut b = pe.boost;
                if p.caps {
                    b = 1.0 + (b - 1.0) * 1.5;
                }
                let decay = [1.0, 0.9, 0.8][d - 1];
                if nb < SCOPE {
                    boosts[nb] = (d, 1.0 + (b - 1.0) * decay);
                    nb += 1;
                }
            }
        }
        let negated = negs > 0;
        let mut mult = 1.0f32;
        for &(d, b) in &boosts[..nb] {
            if negated && d < neg_d && b > 1.0 {
                mult /= b;
            } else {
                mult *= b;
            }
        }
        let mut emph = 1.0f32;
        if it.caps {
            emph *= 1.3;
        }
        if it.elong {
            emph *= 1.2;
        }
        let w = weights[k];
        let strength = (emph * mult * w).clamp(0.3, 2.5);
        if polar {
            let mut v = e.valence * SCALE * emph * mult;
            if negated {
                v *= NEGATION;
            }
            sum += v * w;
            let mag = (v.abs() / SCALE) * w;
            match (e.emotion, negated) {
                _ if e.prior => {}
                (Some(_), false) => {}
                (_, true) => {
                    if e.valence > 0.0 {
                        acc[Emo::Sadness as usize] += 0.3 * mag;
                        acc[Emo::Anger as usize] += 0.2 * mag;
                    }
                }
                (None, false) => {
                    if v > 0.0 {
                        acc[Emo::Joy as usize] += 0.5 * mag;
                    } else {
                        acc[Emo::Sadness as usize] += 0.3 * mag;
                        acc[Emo::Anger as usize] += 0.3 * mag;
                    }
                }
            }
        }
        if let (Some((emo, x)), false) = (e.emotion, negated) {
            acc[emo as usize] += x * strength;
        }
    }
    sum
}
