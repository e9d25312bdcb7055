//! Snowball stemming of the word channel (`rust-stemmers`), so that
//! `archived`, `archiving` and `archive` are one term.
//!
//! Documents are stemmed with the algorithm of their language tag; a query
//! (whose language the index does not know) is stemmed with each algorithm
//! the index uses, default language first, and the first form found in the
//! dictionary is used. Only alphabetic words of spaced scripts of at most
//! [`MAX_STEM_BYTES`] bytes are stemmed; others stay as they are.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// Longest word (in bytes) that is stemmed.
pub(super) const MAX_STEM_BYTES: usize = 40;

/// The Snowball algorithm of a BCP 47 language tag (by its primary subtag),
/// if kefu stems that language.
///
/// Stemmed: the cross-border languages kefu's lexicons cover that have a
/// Snowball stemmer (en, es, fr, de, pt, ar). Other Snowball languages are
/// left out on purpose: each algorithm is code in every build, and the WASM
/// module has a size budget (1 MB gzipped for the engine). Their words are
/// matched unstemmed, with typo tolerance, as before stemming existed.
pub(super) fn algorithm(lang: &str) -> Option<Algorithm> {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    Some(match primary.to_ascii_lowercase().as_str() {
        "ar" => Algorithm::Arabic,
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "pt" => Algorithm::Portuguese,
        "es" => Algorithm::Spanish,
        _ => return None,
    })
}

/// Whether `word` (in matching form) is stemmed at all.
pub(super) fn stemmable(word: &str) -> bool {
    word.len() <= MAX_STEM_BYTES
        && word
            .chars()
            .all(|c| c.is_alphabetic() && !crate::text::is_unspaced(c))
}

/// `word` stemmed by `algo` (unchanged when not [`stemmable`]).
pub(super) fn stem(algo: Option<Algorithm>, word: &str) -> String {
    stem_cow(algo, word).into_owned()
}

/// [`stem`] without a copy when the word is its own stem.
pub(super) fn stem_cow(algo: Option<Algorithm>, word: &str) -> Cow<'_, str> {
    match algo {
        Some(a) if stemmable(word) => stemmer(a).map_or(Cow::Borrowed(word), |s| s.stem(word)),
        _ => Cow::Borrowed(word),
    }
}

/// The stemmer of one of the algorithms [`algorithm`] returns. Each arm
/// names its algorithm as a constant, so that the build links only these
/// six of rust-stemmers' 18 algorithms (`Stemmer::create` with a runtime
/// value links them all: about 13 KB of the gzipped WASM module).
fn stemmer(algo: Algorithm) -> Option<Stemmer> {
    Some(match algo {
        Algorithm::Arabic => Stemmer::create(Algorithm::Arabic),
        Algorithm::English => Stemmer::create(Algorithm::English),
        Algorithm::French => Stemmer::create(Algorithm::French),
        Algorithm::German => Stemmer::create(Algorithm::German),
        Algorithm::Portuguese => Stemmer::create(Algorithm::Portuguese),
        Algorithm::Spanish => Stemmer::create(Algorithm::Spanish),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_by_language_and_leaves_other_words() {
        let en = algorithm("en-GB");
        assert_eq!(stem(en, "archiving"), "archiv");
        assert_eq!(stem(en, "archived"), stem(en, "archive"));
        let es = algorithm("es");
        assert_eq!(stem(es, "pagos"), stem(es, "pago"));
        assert_eq!(algorithm("zh-Hans"), None);
        assert_eq!(algorithm("tr"), None); // not stemmed: see `algorithm`
        assert_eq!(stem(None, "archiving"), "archiving");
        // numbers, codes and over-long words are kept as they are
        assert_eq!(stem(en, "so-123"), "so-123");
        let long = "a".repeat(MAX_STEM_BYTES + 1);
        assert_eq!(stem(en, &long), long);
        // odd scripts and combining marks do not panic
        for w in ["ǉadfadfadf", "éé", "ﬁsh", "straße", "ß", "\u{301}", "ıi̇"] {
            let _ = stem(en, w);
            let _ = stem(algorithm("ar"), w);
        }
    }
}
