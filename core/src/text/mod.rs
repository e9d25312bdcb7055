//! Text normalization, tokens and features shared by every capability.
//!
//! Customer messages arrive in every width, case and script. Before any
//! matching, kefu brings them to one *matching form*:
//!
//! 1. **NFKC** folds compatibility characters, which also turns full-width
//!    ASCII (`ＲＥＦＵＮＤ１２`) into half-width (`REFUND12`) and the
//!    ideographic space into a plain space;
//! 2. **case folding** (full Unicode lowercase);
//! 3. **Traditional → Simplified folding** of Chinese characters, so that a
//!    `退貨` question finds a `退货` example. The table comes from OpenCC's
//!    `TSCharacters.txt` (Apache-2.0, see `core/src/text/OPENCC-LICENSE` and
//!    `THIRD_PARTY.md`).
//!
//! [`tokens`] then splits the matching form into words with
//! `unicode-segmentation` (UAX #29), and runs of CJK characters into single
//! characters, from which [`features`] builds word n-grams and character
//! n-grams. Features are hashed with a fixed 64-bit FNV-1a ([`hash64`]), so
//! that models are byte-identical on every platform.
//!
//! ```
//! use kefu::text;
//! assert_eq!(text::normalize("ＲＥＦＵＮＤ　Now"), "refund now");
//! assert_eq!(text::matching_form("我要退貨"), "我要退货");
//! ```

mod hant_table;
mod index;

pub(crate) use index::HashIndex;

/// A hash map with a fast, fixed-seed hasher (foldhash), for lookup tables
/// keyed by short strings or integers on the per-message path. The
/// standard library's SipHash resists collision attacks on keys an attacker
/// chooses; these tables are built from our own lexicons and data, and are
/// only probed with message text.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// NFKC + lowercase + whitespace collapsed to single spaces and trimmed.
///
/// This keeps the script of Chinese text; see [`matching_form`] for the form
/// used by the classifiers.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in nfkc(text) {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The NFKC characters of `text`. Most messages are already in NFKC (the
/// quick check of UAX #15 says so in one pass without allocating); they are
/// returned as they are instead of going through the normalizer.
pub(crate) fn nfkc(text: &str) -> impl Iterator<Item = char> + '_ {
    let normalized = unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes;
    let (fast, slow) = if normalized {
        (Some(text.chars()), None)
    } else {
        (None, Some(text.nfkc()))
    };
    fast.into_iter().flatten().chain(slow.into_iter().flatten())
}

/// The NFKC form of `text`, borrowed when `text` is already in NFKC (the
/// quick check of [`nfkc`] says so), as most messages are.
pub(crate) fn nfkc_str(text: &str) -> std::borrow::Cow<'_, str> {
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfkc().collect())
    }
}

/// [`normalize`] followed by the matching fold of every character
/// ([`fold_char`]): Traditional → Simplified Chinese, and the Arabic letter
/// variants people type interchangeably folded to one letter.
///
/// ```
/// use kefu::text::matching_form;
/// assert_eq!(matching_form("我要退貨"), matching_form("我要退货"));
/// assert_eq!(matching_form("أريد إلغاء الطلبية"), matching_form("اريد الغاء الطلبيه"));
/// ```
pub fn matching_form(text: &str) -> String {
    simplified(&normalize(text))
}

/// The matching fold ([`fold_char`]) of text already [`normalize`]d: the
/// [`matching_form`] of the original text, for callers that need both forms.
/// Byte offsets are kept: every fold maps a character to one of the same
/// UTF-8 length.
pub fn simplified(normalized: &str) -> String {
    normalized.chars().map(fold_char).collect()
}

/// The matching fold of one character: Traditional Chinese to Simplified
/// ([`to_simplified`]); Arabic `أ إ آ ٱ` to `ا`, `ى` and the Persian `ی` to
/// `ي`, and `ة` to `ه`, as Arabic search engines fold them (customers type
/// `اريد` for `أريد` and `طلبيه` for `طلبية`). Other characters are
/// returned unchanged. The result has the same UTF-8 length as `c`.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        '\u{0649}' | '\u{06CC}' => '\u{064A}',
        '\u{0629}' => '\u{0647}',
        c => to_simplified(c),
    }
}

/// Maps one Traditional Chinese character to its Simplified form; other
/// characters are returned unchanged.
pub fn to_simplified(c: char) -> char {
    if (c as u32) < 0x3400 {
        return c;
    }
    match hant_table::HANT_TO_HANS.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => hant_table::HANT_TO_HANS[i].1,
        Err(_) => c,
    }
}

/// Counts of characters that only occur in Traditional and only in
/// Simplified script, used to tell `zh-Hant` from `zh-Hans`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Characters that fold to a different Simplified character.
    pub traditional: usize,
    /// Characters that are written only in Simplified script.
    pub simplified: usize,
    /// All Han characters seen.
    pub han: usize,
    /// Hiragana and katakana characters seen.
    pub kana: usize,
    /// Hangul syllables and jamo seen.
    pub hangul: usize,
}

/// Counts script evidence in `text`.
pub fn script_counts(text: &str) -> ScriptCounts {
    let mut s = ScriptCounts::default();
    for c in text.chars() {
        if is_han(c) {
            s.han += 1;
            if to_simplified(c) != c {
                s.traditional += 1;
            } else if hant_table::HANS_ONLY.binary_search(&c).is_ok() {
                s.simplified += 1;
            }
        } else if is_kana(c) {
            s.kana += 1;
        } else if is_hangul(c) {
            s.hangul += 1;
        }
    }
    s
}

/// True for CJK unified ideographs (including extensions and compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// True for hiragana and katakana (including the prolonged sound mark).
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// True for Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

/// True for characters written without spaces between words (Han, kana,
/// Thai), which kefu splits into characters and character n-grams.
pub fn is_unspaced(c: char) -> bool {
    is_han(c) || is_kana(c) || matches!(c as u32, 0x0E00..=0x0E7F)
}

/// Splits already-normalized text into tokens: UAX #29 words, with runs of
/// unspaced scripts (CJK, Thai) split into single characters. Punctuation
/// and whitespace are dropped.
pub fn tokens(normalized: &str) -> Vec<&str> {
    if normalized.is_ascii() {
        return ascii_words(normalized);
    }
    let mut out = Vec::with_capacity(normalized.len() / 4 + 1);
    for w in normalized.unicode_words() {
        if w.chars().any(is_unspaced) {
            let mut start = None;
            for (i, c) in w.char_indices() {
                if is_unspaced(c) {
                    if let Some(s) = start.take() {
                        out.push(&w[s..i]);
                    }
                    out.push(&w[i..i + c.len_utf8()]);
                } else if start.is_none() {
                    start = Some(i);
                }
            }
            if let Some(s) = start {
                out.push(&w[s..]);
            }
        } else {
            out.push(w);
        }
    }
    out
}

/// The UAX #29 words of ASCII text, as `unicode_words` gives them: runs
/// of letters, digits and `_`, joined across one `:`, `.` or `'` between
/// two letters (`don't`, `a.m`) and one `,`, `;`, `.` or `'` between two
/// digits (`1,000.50`); segments without a letter or digit (`_`) are left
/// out. The rules (WB5–WB13b) are the ones ASCII characters take part in.
fn ascii_words(text: &str) -> Vec<&str> {
    #[derive(Clone, Copy, PartialEq)]
    enum C {
        Letter,
        Digit,
        Under,
        /// `:` (MidLetter): joins letters.
        MidLetter,
        /// `,` `;` (MidNum): joins digits.
        MidNum,
        /// `.` `'` (MidNumLet, Single_Quote): joins letters or digits.
        MidBoth,
        Other,
    }
    fn class(b: u8) -> C {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => C::Letter,
            b'0'..=b'9' => C::Digit,
            b'_' => C::Under,
            b':' => C::MidLetter,
            b',' | b';' => C::MidNum,
            b'.' | b'\'' => C::MidBoth,
            _ => C::Other,
        }
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4 + 1);
    let mut i = 0;
    while i < b.len() {
        let c = class(b[i]);
        if !matches!(c, C::Letter | C::Digit | C::Under) {
            i += 1;
            continue;
        }
        let start = i;
        let mut alnum = c != C::Under;
        let mut prev = c;
        i += 1;
        while i < b.len() {
            let c = class(b[i]);
            match c {
                C::Letter | C::Digit | C::Under => {
                    alnum |= c != C::Under;
                    prev = c;
                    i += 1;
                }
                C::MidLetter | C::MidNum | C::MidBoth => {
                    let next = b.get(i + 1).map_or(C::Other, |&n| class(n));
                    let joins = match (prev, next) {
                        (C::Letter, C::Letter) => c != C::MidNum,
                        (C::Digit, C::Digit) => c != C::MidLetter,
                        _ => false,
                    };
                    if !joins {
                        break;
                    }
                    prev = next;
                    i += 2;
                }
                C::Other => break,
            }
        }
        if alnum {
            if let Some(w) = text.get(start..i) {
                out.push(w);
            }
        }
    }
    out
}

/// Fixed 64-bit FNV-1a hash of `bytes` with a namespace `seed`.
///
/// Stable across platforms and releases: models store hashed features.
pub fn hash64(seed: u64, bytes: &[u8]) -> u64 {
    fnv_finish(fnv_bytes(fnv_start(seed), bytes))
}

/// The FNV-1a state [`hash64`] starts from for `seed`.
#[inline]
fn fnv_start(seed: u64) -> u64 {
    0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Feeds `bytes` to an FNV-1a state: FNV-1a is a prefix hash, so the
/// n-grams that start at one position share their state.
#[inline]
fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The final avalanche of [`hash64`] (splitmix64 finalizer), so that low
/// bits are usable.
#[inline]
fn fnv_finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Which features [`features`] extracts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeatureSpec {
    /// Word unigrams.
    pub words: bool,
    /// Word bigrams.
    pub word_bigrams: bool,
    /// Character n-gram sizes inside spaced words, with `^`/`$` boundaries
    /// (`min..=max`, 0 disables).
    pub char_ngrams: (u8, u8),
    /// Character n-gram sizes over runs of unspaced (CJK) characters.
    pub cjk_ngrams: (u8, u8),
}

impl FeatureSpec {
    /// The longest n-gram a bundle may ask for (trained specs use at most 5).
    pub const MAX_NGRAM: u8 = 8;

    /// Whether the n-gram sizes are at most [`FeatureSpec::MAX_NGRAM`], so
    /// that feature extraction stays linear with a small constant.
    pub fn is_bounded(&self) -> bool {
        self.char_ngrams.1 <= Self::MAX_NGRAM && self.cjk_ngrams.1 <= Self::MAX_NGRAM
    }
}

/// Whether a model weight read from a bundle is finite and at most `1e6` in
/// magnitude (trained weights are many orders of magnitude smaller), so that
/// sums over any message stay finite.
pub(crate) fn is_sane_weight(x: f32) -> bool {
    x.is_finite() && x.abs() <= 1e6
}

impl Default for FeatureSpec {
    fn default() -> Self {
        FeatureSpec {
            words: true,
            word_bigrams: true,
            char_ngrams: (3, 5),
            cjk_ngrams: (1, 3),
        }
    }
}

const NS_WORD: u64 = 1;
const NS_BIGRAM: u64 = 2;
const NS_CHAR: u64 = 3;
const NS_CJK: u64 = 4;

/// Feature blocks, stored in the top two bits of a feature hash so that a
/// model can normalize each block on its own (words would otherwise drown
/// among the many more character n-grams).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// Word unigrams and bigrams.
    Words = 0,
    /// Character n-grams inside spaced words.
    Chars = 1,
    /// Character n-grams over CJK runs.
    Cjk = 2,
}

/// The block of a feature hash made by [`features`].
pub fn block_of(feature: u64) -> Block {
    match feature >> 62 {
        0 => Block::Words,
        1 => Block::Chars,
        _ => Block::Cjk,
    }
}

fn tag(block: Block, h: u64) -> u64 {
    (h & !(3u64 << 62)) | ((block as u64) << 62)
}

/// Appends the hashed features of `matching` (text already in
/// [`matching_form`]) to `out`. Reuses `out`'s allocation.
pub fn features(matching: &str, spec: &FeatureSpec, out: &mut Vec<u64>) {
    features_of_tokens(&tokens(matching), spec, out);
}

/// [`features`] over the [`tokens`] of a text: the same hashes, in the same
/// order, as [`for_each_feature_of_tokens`] gives, without the features'
/// text. The character n-grams that start at one position are hashed in
/// one pass (FNV-1a is a prefix hash), so a word of `k` characters costs
/// about `k × max` byte steps instead of `k × (min + … + max)`.
pub fn features_of_tokens(toks: &[&str], spec: &FeatureSpec, out: &mut Vec<u64>) {
    // byte offsets of the characters of the current word
    let mut bounds: Vec<usize> = Vec::new();
    let mut prev: Option<&str> = None;
    // start (in `toks`) of the current run of unspaced single-character
    // tokens, for CJK n-grams
    let mut run: Option<usize> = None;
    for (i, &t) in toks.iter().enumerate() {
        let unspaced = t.chars().next().is_some_and(is_unspaced);
        if unspaced {
            run.get_or_insert(i);
        } else {
            if let Some(r) = run.take() {
                cjk_ngram_hashes(&toks[r..i], spec.cjk_ngrams, out);
            }
            if spec.words {
                out.push(tag(Block::Words, hash64(NS_WORD, t.as_bytes())));
            }
            char_ngram_hashes(t, spec.char_ngrams, &mut bounds, out);
        }
        if spec.word_bigrams {
            if let Some(p) = prev {
                let h = fnv_bytes(fnv_start(NS_BIGRAM), p.as_bytes());
                let h = fnv_bytes(fnv_bytes(h, b" "), t.as_bytes());
                out.push(tag(Block::Words, fnv_finish(h)));
            }
        }
        prev = Some(t);
    }
    if let Some(r) = run {
        cjk_ngram_hashes(&toks[r..], spec.cjk_ngrams, out);
    }
}

/// Appends the hashes of the `lo..=hi`-grams of a sequence of `n` units in
/// [`for_each_feature_of_tokens`]' order (by size, then by start), where
/// `feed(h, j)` feeds unit `j` to an FNV state.
#[inline]
fn ngram_hashes(
    n: usize,
    (lo, hi): (u8, u8),
    seed: u64,
    block: Block,
    out: &mut Vec<u64>,
    feed: impl Fn(u64, usize) -> u64,
) {
    let (lo, top) = (usize::from(lo), usize::from(hi).min(n));
    if lo == 0 || lo > top {
        return;
    }
    // sizes lo..=top, each with n - size + 1 n-grams, one after the other
    let base = out.len();
    let total: usize = (lo..=top).map(|k| n - k + 1).sum();
    out.resize(base + total, 0);
    let start = fnv_start(seed);
    for s in 0..n {
        let mut h = start;
        let mut at = base;
        for k in 1..=top.min(n - s) {
            h = feed(h, s + k - 1);
            if k >= lo {
                if let Some(x) = out.get_mut(at + s) {
                    *x = tag(block, fnv_finish(h));
                }
                at += n - k + 1;
            }
        }
    }
}

/// The character n-grams of `^word$`.
fn char_ngram_hashes(word: &str, sizes: (u8, u8), bounds: &mut Vec<usize>, out: &mut Vec<u64>) {
    if sizes.0 == 0 {
        return;
    }
    bounds.clear();
    bounds.extend(word.char_indices().map(|(i, _)| i));
    bounds.push(word.len());
    let inner = bounds.len() - 1;
    let bytes = word.as_bytes();
    ngram_hashes(inner + 2, sizes, NS_CHAR, Block::Chars, out, |h, j| {
        if j == 0 {
            fnv_bytes(h, b"^")
        } else if j > inner {
            fnv_bytes(h, b"$")
        } else {
            fnv_bytes(h, bytes.get(bounds[j - 1]..bounds[j]).unwrap_or_default())
        }
    });
}

/// The n-grams of a run of unspaced tokens.
fn cjk_ngram_hashes(run: &[&str], sizes: (u8, u8), out: &mut Vec<u64>) {
    ngram_hashes(run.len(), sizes, NS_CJK, Block::Cjk, out, |h, j| {
        fnv_bytes(h, run.get(j).map_or(&[][..], |t| t.as_bytes()))
    });
}

/// Calls `f(hash, text)` for every feature of `matching`: the hash that
/// [`features`] produces and the feature's text (`refund`, `refund please`,
/// `^re`, `退货`), for explanations.
pub fn for_each_feature(matching: &str, spec: &FeatureSpec, f: impl FnMut(u64, &str)) {
    for_each_feature_of_tokens(&tokens(matching), spec, f);
}

/// [`for_each_feature`] over the [`tokens`] of a text, for callers that
/// tokenize a message once and extract features from it several times.
pub fn for_each_feature_of_tokens(toks: &[&str], spec: &FeatureSpec, mut f: impl FnMut(u64, &str)) {
    let mut buf = String::new();
    let mut idx: Vec<usize> = Vec::new();
    let mut prev: Option<&str> = None;
    // runs of consecutive unspaced single-character tokens, for CJK n-grams
    let mut run: Vec<&str> = Vec::new();
    let flush_run = |run: &mut Vec<&str>, buf: &mut String, f: &mut dyn FnMut(u64, &str)| {
        let (lo, hi) = spec.cjk_ngrams;
        if lo > 0 {
            for n in lo as usize..=hi as usize {
                for win in run.windows(n) {
                    buf.clear();
                    for t in win {
                        buf.push_str(t);
                    }
                    f(tag(Block::Cjk, hash64(NS_CJK, buf.as_bytes())), buf);
                }
            }
        }
        run.clear();
    };
    for &t in toks {
        let unspaced = t.chars().next().is_some_and(is_unspaced);
        if unspaced {
            run.push(t);
        } else {
            flush_run(&mut run, &mut buf, &mut f);
            if spec.words {
                f(tag(Block::Words, hash64(NS_WORD, t.as_bytes())), t);
            }
            let (lo, hi) = spec.char_ngrams;
            if lo > 0 {
                buf.clear();
                buf.push('^');
                buf.push_str(t);
                buf.push('$');
                idx.clear();
                idx.extend(buf.char_indices().map(|(i, _)| i).chain([buf.len()]));
                let nchars = idx.len() - 1;
                for n in lo as usize..=hi as usize {
                    if n > nchars {
                        break;
                    }
                    for s in 0..=nchars - n {
                        let gram = &buf[idx[s]..idx[s + n]];
                        f(tag(Block::Chars, hash64(NS_CHAR, gram.as_bytes())), gram);
                    }
                }
            }
        }
        if spec.word_bigrams {
            if let Some(p) = prev {
                buf.clear();
                buf.push_str(p);
                buf.push(' ');
                buf.push_str(t);
                f(tag(Block::Words, hash64(NS_BIGRAM, buf.as_bytes())), &buf);
            }
        }
        prev = Some(t);
    }
    flush_run(&mut run, &mut buf, &mut f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfkc_folds_full_width_and_case() {
        assert_eq!(normalize("ＯＲＤＥＲ　１２３４"), "order 1234");
        assert_eq!(normalize("  Hello\t\nWORLD  "), "hello world");
        assert_eq!(normalize("ÉCOLE"), "école");
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(matching_form("我要退貨，謝謝"), "我要退货,谢谢");
        assert_eq!(to_simplified('a'), 'a');
        let c = script_counts("我要退貨");
        assert_eq!((c.traditional, c.han), (1, 4));
        let c = script_counts("我要退货");
        assert_eq!(c.traditional, 0);
        assert!(c.simplified >= 1, "货 is simplified-only");
    }

    #[test]
    fn tokens_split_cjk_runs_into_chars() {
        assert_eq!(
            tokens("where is order so-123"),
            ["where", "is", "order", "so", "123"]
        );
        assert_eq!(
            tokens("我的订单abc在哪"),
            ["我", "的", "订", "单", "abc", "在", "哪"]
        );
    }

    #[test]
    fn ascii_words_match_unicode_segmentation() {
        let mut cases: Vec<String> = [
            "where is order so-123, it's 1,000.50 usd; at 3:30 a.m.",
            "don't  won't 'quoted' a.b.c 1.2.3 a1.b 1a.2 x_y _ __ a_ _1 1_ ",
            "a:b 1:2 a,b 1,2 a;1 1.a a'1 1'2 .a a. ..a a.. a.'b e-mail",
            "http://x.example/a?b=c&d=e#f @me #tag $5 100% (a) [b] {c}",
            "",
            "'",
            "a",
            "\t\n a\r\nb",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // every short string over an alphabet of each character class
        let alphabet = ['a', 'B', '1', '_', ':', ',', ';', '.', '\'', ' ', '-', '\n'];
        for n in 1..=4u32 {
            for mut k in 0..alphabet.len().pow(n) {
                let mut s = String::new();
                for _ in 0..n {
                    s.push(alphabet[k % alphabet.len()]);
                    k /= alphabet.len();
                }
                cases.push(s);
            }
        }
        for s in &cases {
            let slow: Vec<&str> = s.unicode_words().collect();
            assert_eq!(ascii_words(s), slow, "{s:?}");
            assert_eq!(tokens(s), slow, "{s:?}");
        }
    }

    #[test]
    fn fast_features_match_the_described_ones() {
        let texts = [
            "",
            "refund please",
            "a",
            "ab cd",
            "我的订单abc在哪 x",
            "退货",
            "where is order so-123, über café ñandú",
            "我要退货谢谢你们的帮助 ok 好的",
            "e\u{301}tude naïve façade",
        ];
        let specs = [
            FeatureSpec::default(),
            FeatureSpec {
                words: false,
                word_bigrams: false,
                char_ngrams: (1, 8),
                cjk_ngrams: (2, 8),
            },
            FeatureSpec {
                words: true,
                word_bigrams: true,
                char_ngrams: (0, 5),
                cjk_ngrams: (0, 0),
            },
            FeatureSpec {
                words: true,
                word_bigrams: false,
                char_ngrams: (4, 2),
                cjk_ngrams: (3, 1),
            },
            FeatureSpec {
                words: false,
                word_bigrams: true,
                char_ngrams: (3, 3),
                cjk_ngrams: (1, 1),
            },
        ];
        for spec in &specs {
            for t in texts {
                let m = matching_form(t);
                let mut slow = Vec::new();
                for_each_feature(&m, spec, |h, _| slow.push(h));
                let mut fast = vec![7];
                features(&m, spec, &mut fast);
                assert_eq!(fast[0], 7, "appends");
                assert_eq!(fast[1..], slow[..], "{t:?} {spec:?}");
            }
        }
    }

    #[test]
    fn features_are_deterministic_and_cover_ngrams() {
        let spec = FeatureSpec::default();
        let mut a = Vec::new();
        features("refund please", &spec, &mut a);
        let mut b = Vec::new();
        features("refund please", &spec, &mut b);
        assert_eq!(a, b);
        // 2 words + 1 bigram + char n-grams of "^refund$" (8 chars: 6+5+4) and "^please$" (6+5+4)
        assert_eq!(a.len(), 2 + 1 + 15 + 15);
        let mut c = Vec::new();
        features("退货", &spec, &mut c);
        // unigrams 2 + bigram 1 + word bigram 1
        assert_eq!(c.len(), 4);
    }

    #[test]
    fn arabic_letter_variants_fold_and_keep_byte_offsets() {
        // hamza seats, alef wasla and madda, alef maqsura, taa marbuta
        assert_eq!(
            matching_form("أريد إلغاء آخر طلبية، ٱلتي إلى"),
            "اريد الغاء اخر طلبيه، التي الي"
        );
        for c in ['أ', 'إ', 'آ', 'ٱ', 'ى', 'ی', 'ة', '貨', 'a', 'é', '😀'] {
            assert_eq!(fold_char(c).len_utf8(), c.len_utf8(), "{c}");
        }
        let norm = normalize("طلبية رقم ١٢٣ إلى");
        assert_eq!(simplified(&norm).len(), norm.len());
        // everything else is unchanged, harakat included (the sentiment
        // tokenizer drops them on its own)
        assert_eq!(fold_char('ب'), 'ب');
        assert_eq!(fold_char('\u{064E}'), '\u{064E}');
    }
}
