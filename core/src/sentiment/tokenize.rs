//! The sentiment tokenizer: one pass over the NFKC form of a message that
//! builds its matching form (lowercase, Traditional folded to Simplified,
//! whitespace collapsed) and splits it into words, runs of unspaced script,
//! emoji, emoticons and clause breaks, noting ALL CAPS, elongation
//! ("sooo") and `!`/`?` counts on the way.
//!
//! Arabic is folded the way Arabic search engines fold it: harakat and
//! tatweel are dropped, `أ إ آ ٱ` become `ا`, `ى` becomes `ي`, `ة` becomes
//! `ه`, Arabic-Indic digits become ASCII digits and `؟` counts as `?`. The
//! lexicons and the signal patterns go through the same [`fold_char`].

use crate::text::{is_unspaced, to_simplified};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokKind {
    /// A spaced word (letters, digits, inner `'` and `-`).
    Word,
    /// A run of Han, kana or Thai characters, segmented later.
    Unspaced,
    /// One emoji.
    Emoji,
    /// An emoticon such as `:)`.
    Emoticon,
    /// Punctuation: ends negation and intensifier scopes.
    Break,
}

/// One token; `start..end` is a byte range of [`Tokens::low`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// A word of two or more letters, all upper case.
    pub caps: bool,
    /// A word with a letter repeated three or more times in a row.
    pub elong: bool,
}

/// A tokenized message.
#[derive(Clone, Debug, Default)]
pub(super) struct Tokens {
    /// The matching form of the whole message.
    pub low: String,
    pub toks: Vec<Tok>,
    /// Number of `!`.
    pub bangs: usize,
    /// Number of `?`.
    pub questions: usize,
    /// Longest run of `?`/`!` that contains a `?` (e.g. `???`, `?!`).
    pub max_q_run: usize,
    /// Words with two or more letters.
    pub words_with_letters: usize,
    /// ALL CAPS words among them.
    pub caps_words: usize,
}

/// Emoticons, longest first. Matched on the NFKC form, case-sensitively.
pub(super) const EMOTICONS: &[&str] = &[
    ">:-(", ">:(", ":'-(", ":'(", ":-)", ":-(", ":-D", ":-/", ":-P", ":-p", ";-)", "^_^", "T_T",
    "T.T", "QAQ", "-_-", ":))", ":((", ":)", ":(", ":D", ":P", ":p", ":/", ":|", ";)", "=)", "=(",
    "XD", "xD", "^^", "<3", ":@",
];

fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1F3FA | 0x1F400..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF | 0x3030 | 0x303D)
}

/// Invisible emoji helpers: variation selectors, ZWJ, keycap, skin tones, tags.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0E | 0xFE0F | 0x200D | 0x20E3 | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced(c)
}

/// Characters that may start an emoticon.
fn may_start_emoticon(c: char) -> bool {
    matches!(
        c,
        ':' | ';' | '=' | '<' | '>' | '^' | '-' | 'T' | 'Q' | 'X' | 'x'
    )
}

/// A character that may follow an emoticon (so that `http://` is no `:/`).
fn ends_emoticon(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || is_unspaced(c)
                || is_emoji(c)
                || is_emoji_modifier(c)
                || !(c.is_alphanumeric()
                    || matches!(
                        c,
                        '/' | '\\' | ':' | '_' | '@' | '#' | '=' | '<' | '>' | '^' | '-'
                    ))
        }
    }
}

/// A character after which an emoticon may start.
fn starts_emoticon(prev: Option<char>, first: char) -> bool {
    match prev {
        None => true,
        Some(p) if p.is_whitespace() || is_unspaced(p) || is_emoji(p) || is_emoji_modifier(p) => {
            true
        }
        Some(p) if p.is_alphanumeric() => first == ':',
        Some(p) => !matches!(
            p,
            ':' | ';' | '=' | '<' | '>' | '^' | '-' | '_' | '/' | '\\'
        ),
    }
}

/// Harakat, the superscript alef and tatweel: dropped inside Arabic words.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// The matching form of one lowercase, non-ASCII character: the shared
/// [`text::fold_char`](crate::text::fold_char) (Traditional Chinese to
/// Simplified, Arabic letter variants), plus what only the sentiment
/// tokenizer does: harakat and tatweel dropped (`None`) and Arabic-Indic
/// digits made ASCII (the signal patterns count days with them).
pub(super) fn fold_char(c: char) -> Option<char> {
    Some(match c {
        c if is_arabic_mark(c) => return None,
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        c => crate::text::fold_char(c),
    })
}

fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if c == '\u{2019}' || c == '\u{2018}' {
        out.push('\'');
    } else {
        out.extend(c.to_lowercase().filter_map(fold_char));
    }
}

/// Splits `text` into sentiment tokens. Never panics.
pub(super) fn tokenize(text: &str) -> Tokens {
    let norm = crate::text::nfkc_str(text);
    let mut t = Tokens {
        low: String::with_capacity(norm.len()),
        toks: Vec::with_capacity(norm.len() / 4 + 1),
        ..Tokens::default()
    };
    let mut prev: Option<char> = None;
    let mut pending_space = false;
    let mut q_run = 0usize;
    let mut q_in_run = false;
    let mut i = 0usize;
    let bytes_len = norm.len();
    while i < bytes_len {
        let rest = &norm[i..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        let clen = c.len_utf8();
        // the Arabic question mark counts as `?`
        let c = if c == '\u{061F}' { '?' } else { c };
        // `!`/`?` runs
        if c == '!' || c == '?' {
            if c == '!' {
                t.bangs += 1;
            } else {
                t.questions += 1;
                q_in_run = true;
            }
            q_run += 1;
            if q_in_run {
                t.max_q_run = t.max_q_run.max(q_run);
            }
        } else if !c.is_whitespace() {
            q_run = 0;
            q_in_run = false;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !t.low.is_empty();
            prev = Some(' ');
            i += clen;
            continue;
        }
        if pending_space {
            t.low.push(' ');
            pending_space = false;
        }
        // emoticons
        if may_start_emoticon(c) && starts_emoticon(prev, c) {
            let mut found = None;
            for e in EMOTICONS {
                if rest.starts_with(e) && ends_emoticon(rest[e.len()..].chars().next()) {
                    found = Some(*e);
                    break;
                }
            }
            if let Some(e) = found {
                let start = t.low.len();
                t.low.push_str(e);
                t.toks.push(Tok {
                    kind: TokKind::Emoticon,
                    start,
                    end: t.low.len(),
                    caps: false,
                    elong: false,
                });
                i += e.len();
                prev = e.chars().last();
                continue;
            }
        }
        if is_unspaced(c) || c == '\u{3005}' {
            let start = t.low.len();
            let mut j = i;
            for u in norm[i..].chars() {
                if !(is_unspaced(u) || u == '\u{3005}') {
                    break;
                }
                t.low.push(to_simplified(u));
                j += u.len_utf8();
                prev = Some(u);
            }
            t.toks.push(Tok {
                kind: TokKind::Unspaced,
                start,
                end: t.low.len(),
                caps: false,
                elong: false,
            });
            i = j;
            continue;
        }
        if is_word_char(c) {
            let start = t.low.len();
            let mut j = i;
            let mut letters = 0usize;
            let mut upper = 0usize;
            let mut run_char = '\0';
            let mut run = 0usize;
            let mut elong = false;
            let mut last = '\0';
            let mut it = norm[i..].chars().peekable();
            while let Some(u) = it.next() {
                if is_arabic_mark(u) {
                    j += u.len_utf8();
                } else if is_word_char(u) {
                    if u.is_alphabetic() {
                        letters += 1;
                        if u.is_uppercase() {
                            upper += 1;
                        }
                        if u == run_char {
                            run += 1;
                            if run >= 3 {
                                elong = true;
                            }
                        } else {
                            run_char = u;
                            run = 1;
                        }
                    } else {
                        run_char = '\0';
                        run = 0;
                    }
                    push_lower(&mut t.low, u);
                    j += u.len_utf8();
                    last = u;
                } else if matches!(u, '\'' | '\u{2019}' | '-')
                    && is_word_char(last)
                    && it.peek().is_some_and(|&n| is_word_char(n))
                {
                    push_lower(&mut t.low, u);
                    j += u.len_utf8();
                    last = u;
                    run_char = '\0';
                    run = 0;
                } else {
                    break;
                }
            }
            if t.low.len() == start {
                // only tatweel: nothing to match
                i = j;
                continue;
            }
            let caps = letters >= 2 && upper == letters;
            if letters >= 2 {
                t.words_with_letters += 1;
                if caps {
                    t.caps_words += 1;
                }
            }
            t.toks.push(Tok {
                kind: TokKind::Word,
                start,
                end: t.low.len(),
                caps,
                elong,
            });
            prev = Some(last);
            i = j;
            continue;
        }
        if is_emoji_modifier(c) {
            i += clen;
            continue;
        }
        let start = t.low.len();
        push_lower(&mut t.low, c);
        let kind = if is_emoji(c) {
            TokKind::Emoji
        } else {
            TokKind::Break
        };
        if !(kind == TokKind::Break && t.toks.last().is_some_and(|l| l.kind == TokKind::Break)) {
            t.toks.push(Tok {
                kind,
                start,
                end: t.low.len(),
                caps: false,
                elong: false,
            });
        }
        prev = Some(c);
        i += clen;
    }
    t
}

/// `word` with every run of 3+ identical letters cut to `keep` letters.
pub(super) fn collapse_runs(word: &str, keep: usize) -> String {
    let mut out = String::with_capacity(word.len());
    let mut run_char = '\0';
    let mut run = 0usize;
    for c in word.chars() {
        if c == run_char {
            run += 1;
        } else {
            run_char = c;
            run = 1;
        }
        if run <= keep || !c.is_alphabetic() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(TokKind, String)> {
        let t = tokenize(s);
        t.toks
            .iter()
            .map(|k| (k.kind, t.low[k.start..k.end].to_string()))
            .collect()
    }

    #[test]
    fn splits_words_cjk_emoji_emoticons() {
        use TokKind::*;
        let k = kinds("I don't like it :( 服務太差了😡!!! see http://x.y");
        let want: Vec<(TokKind, String)> = vec![
            (Word, "i".into()),
            (Word, "don't".into()),
            (Word, "like".into()),
            (Word, "it".into()),
            (Emoticon, ":(".into()),
            (Unspaced, "服务太差了".into()),
            (Emoji, "😡".into()),
            (Break, "!".into()),
            (Word, "see".into()),
            (Word, "http".into()),
            (Break, ":".into()),
            (Word, "x".into()),
            (Break, ".".into()),
            (Word, "y".into()),
        ];
        assert_eq!(k, want);
        let t = tokenize("WHY???  is it BAD");
        assert_eq!(t.questions, 3);
        assert_eq!(t.max_q_run, 3);
        assert_eq!(t.caps_words, 2);
        assert_eq!(t.low, "why??? is it bad");
        assert!(t.toks[0].caps);
    }

    #[test]
    fn elongation_and_collapse() {
        let t = tokenize("sooo gooood");
        assert!(t.toks[0].elong && t.toks[1].elong);
        assert_eq!(collapse_runs("sooo", 1), "so");
        assert_eq!(collapse_runs("gooood", 2), "good");
        assert_eq!(collapse_runs("noooo", 1), "no");
    }

    #[test]
    fn emoji_modifiers_are_skipped() {
        let k = kinds("❤️👍🏽");
        assert_eq!(
            k,
            vec![
                (TokKind::Emoji, "❤".to_string()),
                (TokKind::Emoji, "👍".to_string())
            ]
        );
    }
}
