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

mod chat;
mod cjk;
mod ja_kanji;
mod profile;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::analysis::SecondaryLanguage;
use crate::error::{did_you_mean, Error, Result};
use crate::text;
use crate::text::FastMap;

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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Detection {
    /// ISO 639-1 code, or `"und"`.
    pub code: String,
    /// ISO 15924 script when known.
    pub script: Option<String>,
    /// Confidence in 0..1.
    pub confidence: f32,
    /// Whether the detection is reliable enough to act on.
    pub reliable: bool,
    /// A second language of a mixed message ("hola amigo, where is my
    /// order?", "这个 invoice 的 amount 不对吗 please check"), when a
    /// clause or script run of enough letters is confidently in another
    /// language than `code`. See [`LanguageDetector::detect`].
    pub secondary: Option<SecondaryLanguage>,
}

impl Detection {
    fn undetermined() -> Detection {
        Detection {
            code: "und".into(),
            script: None,
            confidence: 0.0,
            reliable: false,
            secondary: None,
        }
    }
}

/// A clause or script run counts towards a secondary language when it has
/// at least this many letters (CJK characters count double)…
pub const MIN_SECONDARY_LETTERS: usize = 6;

/// …and the secondary language holds at least this share of the message's
/// letters.
pub const MIN_SECONDARY_SHARE: f32 = 0.2;

/// Parts of a long text beyond this many are not looked at.
const MAX_SECONDARY_PARTS: usize = 32;

/// A part is detected confidently enough to name a secondary language from
/// this confidence.
const SECONDARY_CONFIDENCE: f32 = 0.5;

/// Splits normalized text into parts for mixed-language detection: at
/// clause punctuation, and where the text switches between CJK and other
/// letters. Returns each part with its letter weight (CJK characters count
/// double: one carries about as much as two Latin letters).
fn parts<'a>(norm: &'a str) -> Vec<(&'a str, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Cjk,
        Other,
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut kind: Option<Kind> = None;
    let mut weight = 0usize;
    let push = |from: usize, to: usize, weight: usize, out: &mut Vec<(&'a str, usize)>| {
        if weight > 0 {
            if let Some(p) = norm.get(from..to) {
                out.push((p, weight));
            }
        }
    };
    for (i, c) in norm.char_indices() {
        if matches!(
            c,
            '.' | ','
                | '!'
                | '?'
                | ';'
                | ':'
                | '\n'
                | '，'
                | '。'
                | '！'
                | '？'
                | '；'
                | '：'
                | '、'
        ) {
            push(start, i, weight, &mut out);
            start = i + c.len_utf8();
            kind = None;
            weight = 0;
            continue;
        }
        if !c.is_alphabetic() {
            continue;
        }
        let k = if text::is_unspaced(c) {
            Kind::Cjk
        } else {
            Kind::Other
        };
        if kind.is_some_and(|prev| prev != k) {
            push(start, i, weight, &mut out);
            start = i;
            weight = 0;
        }
        kind = Some(k);
        weight += if k == Kind::Cjk { 2 } else { 1 };
    }
    push(start, norm.len(), weight, &mut out);
    out
}

/// Below this confidence a detection is reported as `und`.
pub const CONFIDENCE_FLOOR: f32 = 0.15;

/// Confidence from which a detection of a text with enough letters is
/// `reliable`.
pub const RELIABLE_CONFIDENCE: f32 = 0.8;

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

    /// Each known word with the share of its occurrences seen in each
    /// language (`(index in langs, share)`, in language order, zero counts
    /// left out), for [`LanguageDetector`]'s lookups. Empty below two
    /// languages: one language has nothing to vote between.
    fn shares(&self) -> FastMap<Box<str>, Box<[(usize, f32)]>> {
        let mut out = FastMap::default();
        if self.langs.len() < 2 {
            return out;
        }
        for (w, counts) in &self.words {
            let total = counts.iter().fold(0u32, |a, &c| a.wrapping_add(c));
            if total == 0 {
                continue;
            }
            let shares: Box<[(usize, f32)]> = counts
                .iter()
                .take(self.langs.len())
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(l, &c)| (l, c as f32 / total as f32))
                .collect();
            out.insert(w.as_str().into(), shares);
        }
        out
    }
}

/// A candidate language of a detector.
#[derive(Clone, Debug)]
struct Candidate {
    /// Primary subtag.
    code: &'static str,
    /// Index in the n-gram profiles, when the language has one.
    profile: Option<usize>,
    /// whatlang's language, when whatlang knows it.
    whatlang: Option<whatlang::Lang>,
}

/// Detects the language of short messages. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct LanguageDetector {
    languages: Vec<String>,
    booster: Booster,
    /// The booster's words, prepared ([`Booster::shares`]).
    boost: FastMap<Box<str>, Box<[(usize, f32)]>>,
    /// Per set of profiled candidates that one script gives (a bit per
    /// table language), a [`profile::Restricted`] table built on first use.
    ngram_tables: Vec<(u64, OnceLock<Option<profile::Restricted>>)>,
    /// The allowed languages (every known language for an empty list).
    cands: Vec<Candidate>,
    /// Chinese scripts the allow-list accepts: (Hans, Hant).
    zh_scripts: (bool, bool),
}

/// Weight of n-gram log-likelihoods: the five orders overlap, so their sum
/// counts the same evidence several times.
const NGRAM_SCALE: f32 = 0.25;
/// Bonus (nats) of a language for each chat word of it in the message.
const CHAT_BONUS: f32 = 2.0;
/// Extra chat-word bonus (nats), divided by the message's word count.
const CHAT_SHORT_BONUS: f32 = 6.0;
/// Bonus (nats) per in-domain word, times the word's share in the language.
const BOOST_BONUS: f32 = 2.5;
/// Bonus (nats) of Japanese per kanji that only Japanese writes.
const JA_ONLY_BONUS: f32 = 6.0;
/// Prior (nats) for Japanese in Han-only text of two to four characters;
/// it falls by one per further character.
const JA_PRIOR: f32 = 1.0;
/// Most words scored per message: language is settled long before.
const MAX_WORDS: usize = 1000;

impl LanguageDetector {
    /// A detector restricted to `languages` (tags such as `"en"`,
    /// `"zh-Hant"`). An empty list allows every language. Unknown tags are
    /// ignored; see [`LanguageDetector::try_new`] for a checked constructor.
    pub fn new(languages: &[String]) -> LanguageDetector {
        LanguageDetector::with_booster(languages, Booster::default())
    }

    /// Like [`LanguageDetector::new`], but an allow-list naming a language
    /// kefu does not know is an [`ErrorKind::InvalidInput`] error that names
    /// the tag and suggests the nearest known code.
    ///
    /// [`ErrorKind::InvalidInput`]: crate::ErrorKind::InvalidInput
    pub fn try_new(languages: &[String]) -> Result<LanguageDetector> {
        LanguageDetector::try_with_booster(languages, Booster::default())
    }

    /// [`LanguageDetector::try_new`] with an in-domain [`Booster`].
    pub fn try_with_booster(languages: &[String], booster: Booster) -> Result<LanguageDetector> {
        for (i, tag) in languages.iter().enumerate() {
            if !is_known_language(tag) {
                return Err(Error::invalid_input(format!(
                    "languages[{i}]: unknown language `{tag}`{}",
                    did_you_mean(&primary(tag).to_ascii_lowercase(), known_codes())
                )));
            }
        }
        Ok(LanguageDetector::with_booster(languages, booster))
    }

    /// A detector with an in-domain [`Booster`].
    pub fn with_booster(languages: &[String], booster: Booster) -> LanguageDetector {
        let profiles = profile::Profiles::get();
        let mut cands: Vec<Candidate> = Vec::new();
        let known: Vec<&'static str> = if languages.iter().any(|l| is_known_language(l)) {
            languages
                .iter()
                .filter_map(|l| known_codes().find(|&c| c == primary(l)))
                .collect()
        } else {
            known_codes().collect()
        };
        for code in known {
            if cands.iter().any(|c| c.code == code) {
                continue;
            }
            cands.push(Candidate {
                code,
                profile: profiles.and_then(|p| p.index_of(code)),
                whatlang: to_whatlang(code),
            });
        }
        let mut zh_scripts = (false, false);
        for l in languages.iter().filter(|l| primary(l) == "zh") {
            match script_subtag(l) {
                Some("Hans") => zh_scripts.0 = true,
                Some("Hant") => zh_scripts.1 = true,
                _ => zh_scripts = (true, true),
            }
        }
        if !zh_scripts.0 && !zh_scripts.1 {
            zh_scripts = (true, true);
        }
        let mut ngram_tables: Vec<(u64, OnceLock<Option<profile::Restricted>>)> = Vec::new();
        for script in whatlang::Script::all() {
            let set = cands
                .iter()
                .filter(|c| c.whatlang.is_some_and(|l| script.langs().contains(&l)))
                .filter_map(|c| c.profile)
                .filter(|&l| l < profile::MAX_LANGUAGES)
                .fold(0u64, |m, l| m | 1 << l);
            let n = set.count_ones() as usize;
            if (2..=profile::MAX_RESTRICTED).contains(&n)
                && !ngram_tables.iter().any(|t| t.0 == set)
            {
                ngram_tables.push((set, OnceLock::new()));
            }
        }
        LanguageDetector {
            languages: languages.to_vec(),
            boost: booster.shares(),
            booster,
            ngram_tables,
            cands,
            zh_scripts,
        }
    }

    /// The in-domain booster.
    pub fn booster(&self) -> &Booster {
        &self.booster
    }

    fn allows(&self, code: &str) -> bool {
        self.cands.iter().any(|c| c.code == code)
    }

    /// Detects the language of `text`.
    ///
    /// Junk is left out first: tokens with digits (order numbers, prices,
    /// times), URLs, e-mail addresses and @mentions, and tokens such as
    /// `N/A` made of single letters. A message with no letters left is
    /// `und`. Then mostly-CJK text takes the script fast path, and other text
    /// is scored by character n-gram profiles among the allowed languages of
    /// its script, with chat words and in-domain words as extra evidence.
    ///
    /// **Mixed messages.** The text is also cut into parts at clause
    /// punctuation and where it switches between CJK and other letters.
    /// When at least two parts have letters, each part of
    /// [`MIN_SECONDARY_LETTERS`] or more is detected on its own; a language
    /// other than the dominant one that such parts give confidently, with at
    /// least [`MIN_SECONDARY_SHARE`] of the letters, is reported as
    /// [`Detection::secondary`]. The dominant language is the detection of
    /// the whole text.
    pub fn detect(&self, text: &str) -> Detection {
        self.detect_normalized(&text::normalize(text))
    }

    /// [`detect`](Self::detect) for text already in
    /// [`text::normalize`] form, so that a caller that also needs the
    /// normalized text (as [`Bot::analyze`](crate::Bot::analyze) does)
    /// normalizes once.
    pub fn detect_normalized(&self, norm: &str) -> Detection {
        let mut cache = profile::WordScores::default();
        let mut d = self.detect_one(norm, &mut cache);
        if d.code != "und" {
            d.secondary = self.secondary(norm, &d.code, &mut cache);
        }
        d
    }

    /// The best language other than `dominant` among the parts of `norm`.
    fn secondary(
        &self,
        norm: &str,
        dominant: &str,
        cache: &mut profile::WordScores,
    ) -> Option<SecondaryLanguage> {
        let mut parts = parts(norm);
        // like the dominant language, judged on the start of a long text
        parts.truncate(MAX_SECONDARY_PARTS);
        if parts.len() < 2 {
            return None;
        }
        let total: usize = parts.iter().map(|&(_, w)| w).sum();
        let mut by_lang: Vec<(String, Option<String>, usize)> = Vec::new();
        for &(part, weight) in &parts {
            if weight < MIN_SECONDARY_LETTERS {
                continue;
            }
            let d = self.detect_one(part, cache);
            if d.code == "und" || d.code == dominant || d.confidence < SECONDARY_CONFIDENCE {
                continue;
            }
            match by_lang.iter_mut().find(|(c, _, _)| *c == d.code) {
                Some(e) => e.2 += weight,
                None => by_lang.push((d.code, d.script, weight)),
            }
        }
        let (code, script, weight) = by_lang
            .into_iter()
            .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(&a.0)))?;
        let share = weight as f32 / total.max(1) as f32;
        (share >= MIN_SECONDARY_SHARE).then_some(SecondaryLanguage {
            code,
            script,
            share,
        })
    }

    /// [`detect`](Self::detect) without the secondary language, on
    /// normalized text.
    fn detect_one(&self, norm: &str, cache: &mut profile::WordScores) -> Detection {
        let mut clean = String::with_capacity(norm.len() + 1);
        let mut tokens: Vec<&str> = Vec::with_capacity(norm.len() / 4 + 1);
        for tok in norm.split(' ') {
            if tokens.len() >= MAX_WORDS {
                break;
            }
            let t = tok.trim_matches(|c: char| !c.is_alphanumeric());
            if t.is_empty() || is_junk(t) {
                continue;
            }
            tokens.push(t);
            clean.push_str(t);
            clean.push(' ');
        }
        let sc = text::script_counts(&clean);
        let letters = clean.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 {
            return Detection::undetermined();
        }
        let cjk = sc.han + sc.kana + sc.hangul;
        if cjk * 2 >= letters {
            return self.detect_cjk(&clean, sc, letters);
        }
        let Some(script) = whatlang::detect_script(&clean) else {
            return Detection::undetermined();
        };
        let main = clean
            .chars()
            .filter(|&c| c.is_alphabetic() && script_of(c) == Some(script))
            .count();
        let share = main as f32 / letters as f32;
        let script_name = script_code(script);
        let in_script_cands: Vec<&Candidate> = self
            .cands
            .iter()
            .filter(|c| c.whatlang.is_some_and(|l| script.langs().contains(&l)))
            .collect();
        if in_script_cands.is_empty() {
            // No allowed language writes this script: name the language
            // anyway (as kana → ja), unreliable; replies fall back. One
            // unrestricted detector per process: a new one per message would
            // rebuild its restricted n-gram table each time (3.4 ms for an
            // Arabic message to a bot of Latin and Chinese languages).
            static ALL: OnceLock<LanguageDetector> = OnceLock::new();
            let all = ALL.get_or_init(|| LanguageDetector::new(&[]));
            let mut d = all.detect_among(&clean, &tokens, letters, script, share, cache);
            d.reliable = false;
            return d;
        }
        if in_script_cands.len() == 1 {
            let c = in_script_cands[0];
            let confidence = share * (letters as f32 / 4.0).min(1.0);
            return finish(
                c.code,
                Some(script_name),
                confidence,
                letters >= 4 && share >= 0.8,
            );
        }
        self.detect_among(&clean, &tokens, letters, script, share, cache)
    }

    /// Scores the allowed languages of `script` (at least two).
    fn detect_among(
        &self,
        clean: &str,
        tokens: &[&str],
        letters: usize,
        script: whatlang::Script,
        share: f32,
        cache: &mut profile::WordScores,
    ) -> Detection {
        let script_name = script_code(script);
        let cands: Vec<&Candidate> = self
            .cands
            .iter()
            .filter(|c| c.whatlang.is_some_and(|l| script.langs().contains(&l)))
            .collect();
        let profiled: Vec<&Candidate> = cands
            .iter()
            .copied()
            .filter(|c| c.profile.is_some())
            .collect();
        let mut best: Option<(&'static str, f32, bool)> = None;
        if let (Some(profiles), true) = (profile::Profiles::get(), profiled.len() >= 2) {
            let idx: Vec<usize> = profiled.iter().filter_map(|c| c.profile).collect();
            let chars: Vec<char> = clean.chars().collect();
            let words = chars
                .split(|c| !c.is_alphabetic())
                .filter(|w| !w.is_empty());
            let mut score = vec![0f32; idx.len()];
            let wanted = idx
                .iter()
                .filter(|&&l| l < profile::MAX_LANGUAGES)
                .fold(0u64, |m, &l| m | 1 << l);
            let restricted = self
                .ngram_tables
                .iter()
                .find(|t| t.0 == wanted)
                .and_then(|t| t.1.get_or_init(|| profiles.restrict(&idx)).as_ref());
            profiles.score(words, &idx, &mut score, cache, restricted);
            for s in score.iter_mut() {
                *s *= NGRAM_SCALE;
            }
            let mut evidence = false;
            // A chat word weighs most in a message of one or two words.
            let bonus = CHAT_BONUS + CHAT_SHORT_BONUS / tokens.len().max(1) as f32;
            for t in tokens {
                for l in chat::languages_of(t) {
                    if let Some(i) = profiled.iter().position(|c| c.code == *l) {
                        score[i] += bonus;
                        evidence = true;
                    }
                }
            }
            // In-domain words: for each known word, each language's share.
            let mut known = 0usize;
            if !self.boost.is_empty() {
                let slot: Vec<Option<usize>> = self
                    .booster
                    .langs
                    .iter()
                    .map(|l| profiled.iter().position(|c| c.code == l))
                    .collect();
                for w in text::tokens(clean) {
                    let Some(shares) = self.boost.get(w) else {
                        continue;
                    };
                    known += 1;
                    for &(l, share) in shares.iter() {
                        if let Some(Some(i)) = slot.get(l) {
                            score[*i] += BOOST_BONUS * share;
                        }
                    }
                }
            }
            evidence |= known > 0;
            let (bi, p) = softmax_top(&score);
            if let Some(c) = profiled.get(bi) {
                best = Some((c.code, p * share, evidence));
            }
        }
        if profiled.len() < cands.len() || best.is_none() {
            // Languages without a profile: whatlang among the candidates.
            let list: Vec<whatlang::Lang> = cands.iter().filter_map(|c| c.whatlang).collect();
            if let Some(info) = whatlang::Detector::with_allowlist(list).detect(clean) {
                let code = from_whatlang(info.lang());
                let unprofiled = cands.iter().any(|c| c.code == code && c.profile.is_none());
                if best.is_none() || (unprofiled && info.is_reliable()) {
                    best = Some((code, info.confidence() as f32 * share, false));
                }
            }
        }
        match best {
            Some((code, confidence, evidence)) => {
                let reliable =
                    confidence >= RELIABLE_CONFIDENCE && (letters >= 8 || evidence) && share >= 0.8;
                finish(code, Some(script_name), confidence, reliable)
            }
            None => Detection::undetermined(),
        }
    }

    /// The script fast path for mostly-CJK text.
    fn detect_cjk(&self, clean: &str, sc: text::ScriptCounts, letters: usize) -> Detection {
        let cjk = sc.han + sc.kana + sc.hangul;
        let share = (cjk as f32 / letters as f32).min(1.0);
        let reliable = cjk >= 2;
        // Script-specific characters decide; only text written with shared
        // characters takes the bot's one Chinese script (or Hans).
        let hanzi_script = |sc: &text::ScriptCounts| {
            if sc.traditional > sc.simplified {
                "Hant"
            } else if sc.simplified > sc.traditional {
                "Hans"
            } else {
                match self.zh_scripts {
                    (false, true) => "Hant",
                    _ => "Hans",
                }
            }
        };
        // Kana and Hangul are unambiguous evidence: they decide even when
        // the language is outside the allow-list (the reply language then
        // falls back), rather than mislabelling Japanese as Chinese.
        if sc.kana > 0 {
            return finish("ja", Some("Jpan"), share, reliable);
        }
        if sc.hangul > sc.han {
            return finish("ko", Some("Kore"), share, reliable);
        }
        let (zh, ja) = (self.allows("zh"), self.allows("ja"));
        if ja && !zh {
            return finish("ja", Some("Jpan"), share, reliable);
        }
        if !ja || sc.han == 0 {
            return finish("zh", Some(hanzi_script(&sc)), share, reliable);
        }
        // Han only, and both Chinese and Japanese allowed.
        let p_ja = ja_probability(clean, &sc, self.zh_scripts);
        if p_ja > 0.5 {
            finish("ja", Some("Jpan"), share * p_ja, reliable && p_ja >= 0.9)
        } else {
            let p = 1.0 - p_ja;
            finish(
                "zh",
                Some(hanzi_script(&sc)),
                share * p,
                reliable && p >= 0.9,
            )
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

/// A detection, or `und` below the confidence floor.
fn finish(code: &str, script: Option<&str>, confidence: f32, reliable: bool) -> Detection {
    if code == "und" || confidence.is_nan() || confidence < CONFIDENCE_FLOOR {
        return Detection::undetermined();
    }
    Detection {
        code: code.to_string(),
        script: script.map(str::to_string),
        confidence: confidence.min(1.0),
        reliable,
        secondary: None,
    }
}

/// The index of the highest score and its softmax probability.
fn softmax_top(score: &[f32]) -> (usize, f32) {
    let mut bi = 0;
    for (i, &s) in score.iter().enumerate() {
        if s > score[bi] {
            bi = i;
        }
    }
    let Some(&top) = score.get(bi) else {
        return (0, 0.0);
    };
    // libm: bit-identical on every platform (see bundle.rs)
    let sum: f32 = score.iter().map(|&s| libm::expf(s - top)).sum();
    (bi, 1.0 / sum.max(1.0))
}

/// True for a token that says nothing about language: anything with a
/// digit (order numbers, SKUs, prices, times), URLs and domain names, e-mail
/// addresses and @mentions, and runs of single letters split by symbols
/// (`N/A`, `w/o`).
fn is_junk(t: &str) -> bool {
    if t.chars()
        .any(|c| text::is_unspaced(c) || text::is_hangul(c))
    {
        // Unspaced scripts make one token of a whole sentence, numbers and all.
        return false;
    }
    if t.chars().any(|c| c.is_numeric()) || t.contains('@') || t.contains("://") {
        return true;
    }
    if t.starts_with("www.") {
        return true;
    }
    let mut parts = t
        .split(|c: char| !c.is_alphabetic())
        .filter(|p| !p.is_empty());
    let first = parts.next();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    if first
        .into_iter()
        .chain(rest.iter().copied())
        .all(|p| p.chars().count() == 1)
    {
        return true;
    }
    // domain.tld, shop.example.co.uk: dotted ASCII with a 2–6 letter end.
    let ascii_dotted = t.contains('.')
        && !t.contains(' ')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/' | '_'));
    if ascii_dotted {
        let host = t.split('/').next().unwrap_or(t);
        let labels: Vec<&str> = host.split('.').collect();
        if let Some(tld) = labels.last() {
            return labels.len() >= 2
                && labels.iter().all(|l| !l.is_empty())
                && (2..=6).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_alphabetic())
                && labels[0].len() >= 2;
        }
    }
    false
}

/// The whatlang script of one letter, by block for the common scripts.
fn script_of(c: char) -> Option<whatlang::Script> {
    use whatlang::Script;
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Some(Script::Latin),
        0x400..=0x52F => Some(Script::Cyrillic),
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Some(Script::Arabic),
        0x900..=0x97F => Some(Script::Devanagari),
        0x370..=0x3FF => Some(Script::Greek),
        0x590..=0x5FF => Some(Script::Hebrew),
        0xE00..=0xE7F => Some(Script::Thai),
        _ => whatlang::detect_script(c.encode_utf8(&mut [0u8; 4])),
    }
}

/// The probability that Han-only text is Japanese rather than Chinese.
///
/// Evidence: kanji that only Japanese writes (shinjitai and kokuji such as
/// 発 駅 込, [`ja_kanji::JA_ONLY`]); Traditional-only characters when the
/// allow-list accepts only Simplified Chinese (Japanese kanji look
/// Traditional); and character and bigram log-ratios ([`cjk`]).
fn ja_probability(clean: &str, sc: &text::ScriptCounts, zh_scripts: (bool, bool)) -> f32 {
    let hans = clean
        .chars()
        .filter(|c| text::is_han(*c))
        .collect::<Vec<char>>();
    let ja_only = hans
        .iter()
        .filter(|c| ja_kanji::JA_ONLY.binary_search(c).is_ok())
        .count();
    let mut d = cjk::ja_minus_zh(clean) + JA_ONLY_BONUS * ja_only as f32;
    if zh_scripts == (true, false) {
        // A Simplified-Chinese writer would not use Traditional forms.
        d += 2.0 * sc.traditional as f32;
    }
    // A lone character is most likely Chinese; in a longer Han-only
    // fragment, a Japanese-looking word is more often Japanese (Chinese
    // text shows Chinese-only characters and bigrams soon).
    d += match hans.len() {
        0 | 1 => -2.0,
        2..=4 => JA_PRIOR,
        n => (JA_PRIOR - (n - 4) as f32).max(-2.0),
    };
    let d = (-d).clamp(-30.0, 30.0);
    1.0 / (1.0 + libm::expf(d))
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

    const CS15: &[&str] = &[
        "en", "zh", "es", "fr", "de", "pt", "ja", "ko", "ru", "ar", "it", "id", "vi", "th", "tr",
    ];

    #[test]
    fn junk_is_undetermined() {
        for d in [
            det(CS15),
            det(&[]),
            det(&["en", "zh-Hans", "zh-Hant", "es"]),
        ] {
            for t in [
                "",
                "   ",
                "N/A",
                "n/a",
                "SO-20261234",
                "12345",
                "+1 (555) 010-9999",
                "https://example.com/track?id=12",
                "www.lumen-goods.example",
                "lumen-goods.com",
                "shop@example.com",
                "😀😀👍",
                "🙏",
                "$19.99",
                "#123",
                "2026-11-20 03:00",
                "...",
                "???",
                "A1B2C3",
            ] {
                let r = d.detect(t);
                assert_eq!(r.code, "und", "{t:?} gave {r:?}");
                assert!(!r.reliable);
            }
        }
    }

    #[test]
    fn junk_around_words_is_ignored() {
        let d = det(CS15);
        assert_eq!(
            d.detect("where is SO-20261234 https://x.example/a").code,
            "en"
        );
        assert_eq!(d.detect("我的订单SO-12345678到哪了").code, "zh");
    }

    #[test]
    fn chat_lines() {
        let d = det(CS15);
        let lines = [
            ("hey", "en"),
            ("thx", "en"),
            ("can u help", "en"),
            ("merci", "fr"),
            ("servus", "de"),
            ("hola", "es"),
            ("obrigado", "pt"),
            ("grazie", "it"),
            ("terima kasih", "id"),
            ("merhaba", "tr"),
            ("xin chào", "vi"),
            ("danke", "de"),
            ("bonjour", "fr"),
        ];
        let wrong: Vec<(&str, String)> = lines
            .iter()
            .map(|(t, _)| (*t, d.detect(t).code))
            .filter(|(t, c)| lines.iter().any(|(u, l)| u == t && c != l))
            .collect();
        assert!(wrong.len() * 10 <= lines.len(), "{wrong:?}");
        let shop = det(&["en", "zh-Hans", "zh-Hant", "es"]);
        for (t, l) in [
            ("hey", "en"),
            ("thx", "en"),
            ("pedido atrasado", "es"),
            ("gracias", "es"),
        ] {
            assert_eq!(shop.detect(t).code, l, "{t}");
        }
    }

    #[test]
    fn chat_fixture_is_mostly_right() {
        let src = include_str!("../../../examples/fixtures/lang/chat.jsonl");
        let d = det(CS15);
        let (mut ok, mut n) = (0, 0);
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("fixture row");
            n += 1;
            ok += usize::from(d.detect(v["text"].as_str().unwrap_or("")).code == v["lang"]);
        }
        assert!(ok * 10 >= n * 9, "{ok} of {n}");
    }

    #[test]
    fn kanji_only_japanese() {
        let d = det(&["ja", "zh-Hans", "zh-Hant"]);
        for t in ["補修工事", "見積書", "領収書", "発送予定日", "最寄駅"] {
            assert_eq!(d.detect(t).code, "ja", "{t}");
        }
        // Japanese-only forms decide; Chinese stays Chinese.
        assert_eq!(d.detect("駅").code, "ja");
        assert_eq!(d.detect("我要退货").code, "zh");
        assert_eq!(d.detect("請問發票怎麼開").code, "zh");
        // A Simplified-only allow-list: Traditional-looking kanji are Japanese.
        let hans = det(&["ja", "zh-Hans"]);
        assert_eq!(hans.detect("場合").code, "ja");
    }

    #[test]
    fn zh_scripts_fixture() {
        let src = include_str!("../../../examples/fixtures/lang/zh_scripts.jsonl");
        let d = det(&["en", "zh-Hans", "zh-Hant", "es"]);
        let (mut ok, mut n) = (0, 0);
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("fixture row");
            let r = d.detect(v["text"].as_str().unwrap_or(""));
            n += 1;
            ok += usize::from(r.code == "zh" && r.script.as_deref() == v["script"].as_str());
        }
        assert!(ok * 100 >= n * 99, "{ok} of {n}");
    }

    #[test]
    fn mixed_messages_name_a_secondary_language() {
        let src = include_str!("../../../examples/fixtures/lang/mixed.jsonl");
        let d = det(CS15);
        let mut wrong = Vec::new();
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("fixture row");
            let text = v["text"].as_str().unwrap_or("");
            let r = d.detect(text);
            let got = (
                r.code.as_str(),
                r.secondary.as_ref().map(|s| s.code.as_str()),
            );
            if got != (v["lang"].as_str().unwrap_or(""), v["secondary"].as_str()) {
                wrong.push(format!("{text:?}: {got:?}"));
            }
            if let Some(s) = &r.secondary {
                assert!(
                    s.share >= MIN_SECONDARY_SHARE && s.share < 0.6,
                    "{text}: {s:?}"
                );
                assert_ne!(s.code, r.code);
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        // nothing to split: no secondary, and undetermined text has none
        assert_eq!(d.detect("where is my order").secondary, None);
        assert_eq!(d.detect("SO-12345678, 123").secondary, None);
        assert_eq!(
            parts("abc, 我们 def。"),
            [("abc", 3), (" 我们 ", 4), ("def", 3)]
        );
    }

    #[test]
    fn unknown_language_in_allow_list_is_a_typed_error() {
        let e = LanguageDetector::try_new(&["en".into(), "esp".into()]).expect_err("esp");
        assert!(e.is_invalid_input());
        assert!(e.message().contains("`esp`"), "{}", e.message());
        assert!(e.message().contains("did you mean `es`"), "{}", e.message());
        assert!(LanguageDetector::try_new(&["en".into(), "zh-Hant".into()]).is_ok());
        assert!(LanguageDetector::try_new(&[]).is_ok());
    }

    #[test]
    fn long_input_is_handled() {
        let d = det(CS15);
        let big = "where is my order, it has been two weeks ".repeat(25_000);
        assert!(big.len() >= 1_000_000);
        let r = d.detect(&big);
        assert_eq!(r.code, "en");
        assert!(r.reliable);
        let zh = "我的订单到哪里了".repeat(50_000);
        assert_eq!(d.detect(&zh).code, "zh");
        let junk = "SO-12345678 ".repeat(100_000);
        assert_eq!(d.detect(&junk).code, "und");
    }

    #[test]
    fn sentences_are_reliable_and_short_words_less_so() {
        let d = det(CS15);
        let s = d.detect("Je voudrais savoir quand ma commande sera livrée, merci.");
        assert_eq!(s.code, "fr");
        assert!(s.reliable && s.confidence > 0.9);
        let w = d.detect("pedido");
        assert!(w.confidence < s.confidence);
    }

    #[test]
    fn other_scripts() {
        let d = det(CS15);
        assert_eq!(d.detect("спасибо большое").code, "ru");
        assert_eq!(d.detect("شكرا جزيلا").code, "ar");
        assert_eq!(d.detect("ขอบคุณมากครับ").code, "th");
        assert_eq!(d.detect("감사합니다").code, "ko");
        // Outside the allow-list, the script's language is named, unreliable.
        let r = det(&["en", "es"]).detect("где мой заказ");
        assert_eq!(r.code, "ru");
        assert!(!r.reliable);
    }
}
