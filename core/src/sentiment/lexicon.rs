//! Lexicon types and the construction of lookup tables from the
//! hand-written per-language lists (`lexicon_*.rs`).

use super::tokenize::{tokenize, TokKind, Tokens};

/// The five emotions, in schema order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Emo {
    Anger = 0,
    Anxiety = 1,
    Sadness = 2,
    Joy = 3,
    Gratitude = 4,
}

impl Emo {
    /// The emotion of a schema name (`anger`…), as the symbol table writes it.
    pub fn from_name(name: &str) -> Option<Emo> {
        Some(match name {
            "anger" => Emo::Anger,
            "anxiety" => Emo::Anxiety,
            "sadness" => Emo::Sadness,
            "joy" => Emo::Joy,
            "gratitude" => Emo::Gratitude,
            _ => return None,
        })
    }
}

/// How a lexicon entry shifts the clause weights around it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Contrast {
    /// Not a contrast marker.
    #[default]
    None,
    /// "but": what comes after weighs more, what comes before less.
    But,
    /// "although": the clause it opens weighs less.
    Although,
}

/// What one word, phrase, emoji or emoticon does.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Entry {
    /// Polarity in -1..1 (0 for none).
    pub valence: f32,
    /// Multiplier applied to the next polar word (0 for none; >1 intensifier,
    /// <1 downtoner).
    pub boost: f32,
    /// Flips the polarity of the words in its scope.
    pub negator: bool,
    /// Contrast marker.
    pub contrast: Contrast,
    /// An emotion this entry is a cue for, with a weight.
    pub emotion: Option<(Emo, f32)>,
    /// A derived polarity prior (`lexicon_en_derived.rs`): it moves the
    /// score like any polar word but adds no emotion evidence (emotions stay
    /// with the hand-written cues).
    pub prior: bool,
}

/// One language's hand-written lists.
///
/// Every list is text, one entry per line; blank lines and lines starting
/// with `#` are skipped, and a `  #` comment may end a line. In weighted
/// lists (`polarity`, `boosters`, `emotions`) an entry is the word or
/// phrase, a space and its weight (`pas mal 0.3`). Text rather than Rust
/// arrays of `&str` / `(&str, f32)`: the same ~3,700 entries are about 7 KB
/// smaller in the gzipped WASM module, which has a size budget, and lexicon
/// authors edit plain lines.
pub(super) struct LangData {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// Word or phrase → polarity in -1..1. A 0.0 entry only keeps a phrase
    /// together (e.g. 差不多 "about", so that 差 "bad" is not matched inside).
    pub polarity: &'static str,
    /// Words that flip the polarity of what follows, one per line.
    pub negators: &'static str,
    /// Intensifiers (>1) and downtoners (<1).
    pub boosters: &'static str,
    /// "but"-like words, one per line.
    pub contrast: &'static str,
    /// "although"-like words, one per line.
    pub concessive: &'static str,
    /// Emotion cues: anger, anxiety, sadness, joy, gratitude.
    pub emotions: [&'static str; 5],
}

/// The entries of a list (see [`LangData`]), trimmed, without blank lines
/// and comments, in order.
pub(super) fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(|l| l.split_once("  #").map_or(l, |(entry, _)| entry).trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The entries of a weighted list (see [`LangData`]), in order; a line
/// whose weight does not parse is an error that quotes it.
pub(super) fn weighted(
    list: &'static str,
) -> impl Iterator<Item = Result<(&'static str, f32), String>> {
    entries(list).map(|l| {
        l.rsplit_once(' ')
            .and_then(|(w, v)| Some((w.trim_end(), v.parse::<f32>().ok()?)))
            .filter(|(w, v)| !w.is_empty() && v.is_finite())
            .ok_or_else(|| format!("line `{l}` is not `<word or phrase> <weight>`"))
    })
}

/// A lookup table: normalized key → entry.
///
/// Keys are in matching form (NFKC, lowercase, Traditional folded to
/// Simplified): spaced words joined by one space (`"not bad"`), runs of
/// unspaced script as they are (`"不错"`), emoji and emoticons as written.
#[derive(Clone, Debug, Default)]
pub(super) struct Lexicon {
    pub map: crate::text::FastMap<String, Entry>,
    /// Most words in a spaced key.
    pub max_words: usize,
    /// Most chars in an unspaced key.
    pub max_chars: usize,
}

/// What kind of key a word or phrase normalizes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum KeyKind {
    Words(usize),
    Unspaced(usize),
    Symbol,
}

/// Normalizes a lexicon word or phrase to its lookup key, with the same
/// tokenizer used on messages. Errors say why it cannot be matched.
pub(super) fn normalize_key(word: &str) -> Result<(String, KeyKind), &'static str> {
    let toks: Tokens = tokenize(word);
    let mut words = Vec::new();
    let mut unspaced = None;
    let mut symbol = None;
    for t in &toks.toks {
        let s = &toks.low[t.start..t.end];
        match t.kind {
            TokKind::Word => words.push(s),
            TokKind::Unspaced => {
                if unspaced.is_some() {
                    return Err(
                        "has several runs of Chinese or Japanese text; add them separately",
                    );
                }
                unspaced = Some(s)
            }
            TokKind::Emoji | TokKind::Emoticon => {
                if symbol.is_some() {
                    return Err("has several emoji or emoticons; add them separately");
                }
                symbol = Some(s)
            }
            TokKind::Break => {
                return Err("contains punctuation that messages are split at");
            }
        }
    }
    match (words.is_empty(), unspaced, symbol) {
        (true, None, None) => Err("is empty"),
        (false, None, None) => {
            let n = words.len();
            Ok((words.join(" "), KeyKind::Words(n)))
        }
        (true, Some(u), None) => Ok((u.to_string(), KeyKind::Unspaced(u.chars().count()))),
        (true, None, Some(s)) => Ok((s.to_string(), KeyKind::Symbol)),
        _ => Err("mixes words, Chinese or Japanese text and symbols; add them separately"),
    }
}

impl Lexicon {
    /// Inserts or updates `word` with `f`. Returns the normalization error.
    pub fn update(&mut self, word: &str, f: impl FnOnce(&mut Entry)) -> Result<(), &'static str> {
        let (key, kind) = normalize_key(word)?;
        match kind {
            KeyKind::Words(n) => self.max_words = self.max_words.max(n),
            KeyKind::Unspaced(n) => self.max_chars = self.max_chars.max(n),
            KeyKind::Symbol => {}
        }
        f(self.map.entry(key).or_default());
        Ok(())
    }

    /// Builds the table of one language.
    pub fn from_lang(data: &LangData) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        lex.add_lang(data)?;
        Ok(lex)
    }

    /// Adds one language's lists (later entries update earlier ones).
    pub fn add_lang(&mut self, data: &LangData) -> Result<(), String> {
        let err = |w: &str, e: &str| format!("built-in {} lexicon: `{w}` {e}", data.code);
        let list_err = |e: String| format!("built-in {} lexicon: {e}", data.code);
        for entry in weighted(data.polarity) {
            let (w, v) = entry.map_err(list_err)?;
            self.update(w, |e| e.valence = v).map_err(|e| err(w, e))?;
        }
        for w in entries(data.negators) {
            self.update(w, |e| e.negator = true)
                .map_err(|e| err(w, e))?;
        }
        for entry in weighted(data.boosters) {
            let (w, b) = entry.map_err(list_err)?;
            self.update(w, |e| e.boost = b).map_err(|e| err(w, e))?;
        }
        for w in entries(data.contrast) {
            self.update(w, |e| e.contrast = Contrast::But)
                .map_err(|e| err(w, e))?;
        }
        for w in entries(data.concessive) {
            self.update(w, |e| e.contrast = Contrast::Although)
                .map_err(|e| err(w, e))?;
        }
        let emos = [
            Emo::Anger,
            Emo::Anxiety,
            Emo::Sadness,
            Emo::Joy,
            Emo::Gratitude,
        ];
        for (list, emo) in data.emotions.iter().zip(emos) {
            for entry in weighted(list) {
                let (w, x) = entry.map_err(list_err)?;
                self.update(w, |e| e.emotion = Some((emo, x)))
                    .map_err(|e| err(w, e))?;
            }
        }
        Ok(())
    }

    /// Adds a derived polarity table (`(weight × 100, space-separated
    /// words)` groups) for the words `self` lacks: entries already present,
    /// hand-written ones included, always win. Each weight becomes
    /// `weight / 100 × scale`, clamped to -1..1.
    pub fn add_derived(&mut self, groups: &[(i8, &str)], scale: f32) -> Result<(), String> {
        for &(q, words) in groups {
            let v = (f32::from(q) / 100.0 * scale).clamp(-1.0, 1.0);
            for w in words.split(' ').filter(|w| !w.is_empty()) {
                let (key, _) = normalize_key(w).map_err(|e| format!("`{w}` {e}"))?;
                if !self.map.contains_key(&key) {
                    self.update(w, |e| {
                        e.valence = v;
                        e.prior = true;
                    })
                    .map_err(|e| format!("`{w}` {e}"))?;
                }
            }
        }
        Ok(())
    }

    /// Merges `other` into `self`; entries already in `self` win.
    pub fn merge_under(&mut self, other: &Lexicon) {
        for (k, v) in &other.map {
            self.map.entry(k.clone()).or_insert(*v);
        }
        self.max_words = self.max_words.max(other.max_words);
        self.max_chars = self.max_chars.max(other.max_chars);
    }
}

/// The built-in languages, in the order their lexicons take precedence when
/// all are applied (`und`).
pub(super) fn languages() -> [&'static LangData; 8] {
    [
        &super::lexicon_en::EN,
        &super::lexicon_zh::ZH,
        &super::lexicon_es::ES,
        &super::lexicon_fr::FR,
        &super::lexicon_de::DE,
        &super::lexicon_pt::PT,
        &super::lexicon_ja::JA,
        &super::lexicon_ar::AR,
    ]
}
