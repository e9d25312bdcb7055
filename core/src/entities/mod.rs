//! Entity extraction and PII redaction.
//!
//! [`EntityExtractor`] compiles **one** multi-pattern
//! [`regex_automata::meta::Regex`] for every enabled built-in kind and every
//! custom kind of the bot, with NFA size limits. Searching is linear in the
//! length of the text: every built-in pattern is bounded in length, no
//! attempt looks more than [`MAX_ENTITY_LEN`] bytes ahead (whatever the
//! custom patterns), and retrying after a rejected candidate costs a
//! bounded amount.
//!
//! # Built-in kinds
//!
//! | kind | matches | `value` |
//! |---|---|---|
//! | `email` | `Ann@Example.com` | lowercased: `ann@example.com` |
//! | `phone` | `+CC …` with spaces, dashes, dots, parentheses (8–15 digits); mainland China mobiles `1[3-9]xxxxxxxxx` with optional `86`/`+86`; North American `(415) 555-2671`, `415-555-2671` | E.164: `+8613800138000` |
//! | `card` | 13–19 digits in groups (spaces or dashes) passing the Luhn check | last four only: `****1111` |
//! | `iban` | country code, check digits, up to 30 alphanumerics, passing mod-97 | compact, upper case |
//! | `money` | `$12.50`, `US$5`, `HK$30`, `€30`, `30 €`, `¥ 199`, `100元`, `100 块`, `EUR 12,50`, `20 usd`… | `12.50 USD`, `100 CNY` (¥ is read as CNY) |
//! | `date` | `2026-11-20`, `20/11/2026` (day first unless impossible), `Nov 20`, `20 de noviembre`, `2026年11月20日`, `11月20日`; relative `today`, `yesterday`, `last friday`, `next week`, `3 days ago`, `今天`, `前天`, `上周五`, `上個星期五`, `三天前`, `hoy`, `ayer`, `el próximo lunes`… | `2026-11-20`; `--11-20` without a year; `relative:-1d`, `relative:+2d`, `relative:last:fri`, `relative:next:mon`, `relative:-1w`, `relative:0m` (there is no clock in the core) |
//! | `url` | `http://…`, `https://…`, `www.…` (trailing punctuation trimmed) | as written |
//! | `ip` | IPv4, IPv6 | IPv4 as written, IPv6 in canonical form |
//!
//! Card, IBAN, date, phone and IP candidates are validated after matching;
//! a rejected candidate is not an entity, and the search resumes one
//! character after its start so that it hides nothing else.
//!
//! Full-width ASCII (`１３８…`, `＠`, `＄`) and `￥` are folded to
//! half-width before matching, for built-in and custom patterns alike; spans
//! always refer to the original text.
//!
//! # Overlaps
//!
//! At the leftmost position where any pattern matches, every pattern is
//! tried there, and the longest valid match wins (ties go to custom kinds,
//! then to the order of [`BUILTIN_KINDS`]). Entities never overlap and come
//! out ordered by `start`.
//!
//! # Redaction
//!
//! [`EntityExtractor::redact`] replaces each redacted entity with `[KIND]`
//! (`[EMAIL]`, `[PHONE]`, `[ORDER_ID]`…). Overlapping spans are merged, and
//! any other occurrence of a redacted entity's text left in the output is
//! replaced too, so the output never contains the matched text of a
//! redacted entity. The default redacted kinds are [`DEFAULT_REDACT`].
//!
//! ```
//! use kefu::definition::EntityConfig;
//! use kefu::entities::EntityExtractor;
//!
//! let x = EntityExtractor::new(&EntityConfig::default())?;
//! let text = "我的邮箱是 Ann@Example.com，电话 138 0013 8000";
//! let found = x.extract(text);
//! assert_eq!(found[0].kind, "email");
//! assert_eq!(found[0].value, "ann@example.com");
//! assert_eq!(&text[found[0].start..found[0].end], "Ann@Example.com");
//! assert_eq!(found[1].value, "+8613800138000");
//! assert_eq!(x.redact(text, &found), "我的邮箱是 [EMAIL]，电话 [PHONE]");
//! # Ok::<(), kefu::Error>(())
//! ```

mod builtin;
mod redact;

#[cfg(test)]
mod tests;

use std::fmt;

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, MatchKind, PatternID, PatternSet};

use crate::analysis::Entity;
use crate::definition::EntityConfig;
use crate::error::{did_you_mean, Error, ErrorKind, Result};

use builtin::Check;

/// The built-in entity kinds.
pub const BUILTIN_KINDS: &[&str] = &[
    "email", "phone", "card", "iban", "money", "date", "url", "ip",
];

/// The kinds redacted when [`EntityConfig::redact`] is `None`.
pub const DEFAULT_REDACT: &[&str] = &["email", "phone", "card", "iban", "ip"];

/// NFA size limit for one custom pattern, in bytes.
pub const CUSTOM_PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// NFA size limit for all patterns together, in bytes.
pub const TOTAL_SIZE_LIMIT: usize = 16 << 20;

/// The longest entity, in bytes (of the text with full-width folded).
/// Custom patterns should be bounded; whatever they are, no match attempt
/// looks further than this, which keeps extraction linear on any input.
pub const MAX_ENTITY_LEN: usize = 1024;

/// Room for the lazy DFAs' states, per regex and per thread. Digit-heavy
/// text visits many states of the combined patterns; with the default
/// 2 MB the cache is cleared and rebuilt over and over.
const HYBRID_CACHE: usize = 8 << 20;

/// The stretch one search looks at before moving on.
const WINDOW: usize = 16 * MAX_ENTITY_LEN;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// What a pattern of the combined regex is.
#[derive(Clone, Copy, Debug)]
struct Pat {
    /// Index into `EntityExtractor::kinds`.
    kind: usize,
    /// `None` for custom kinds.
    check: Option<Check>,
}

/// Extracts entities with one multi-pattern automaton and redacts them.
#[derive(Clone)]
pub struct EntityExtractor {
    /// Enabled kinds: built-ins in [`BUILTIN_KINDS`] order, then custom
    /// kinds by name.
    kinds: Vec<String>,
    /// Per kind: whether it is redacted.
    redacted: Vec<bool>,
    /// Kinds redacted (also kinds that are not enabled).
    redact_kinds: Vec<String>,
    /// The patterns with leftmost-first semantics (to find where the
    /// next entity starts), and with all-matches semantics (to learn which
    /// patterns match there).
    re: Option<(Regex, Regex)>,
    pats: Vec<Pat>,
}

impl fmt::Debug for EntityExtractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntityExtractor")
            .field("kinds", &self.kinds)
            .field("redact", &self.redact_kinds)
            .field("patterns", &self.pats.len())
            .finish()
    }
}

/// The pattern list last compiled, with its two automata. Compiling is most
/// of the cost of [`EntityExtractor::new`] (about 60 M instructions for the
/// built-ins), and a definition is usually compiled more than once: it is
/// validated, then trained (twice per `Bot::train` of a parsed definition),
/// and retrained after edits that leave the entities alone. A list is
/// remembered only once every custom pattern in it passed its own checks,
/// so a list found here skips them. A [`Regex`]
/// clone shares the compiled automaton and gets its own search cache, so
/// the clones behave exactly as fresh compilations.
type Compiled = (Vec<String>, Regex, Regex);

static LAST_COMPILED: std::sync::Mutex<Option<Compiled>> = std::sync::Mutex::new(None);

fn last_compiled(patterns: &[String]) -> Option<(Regex, Regex)> {
    let last = LAST_COMPILED.lock().ok()?;
    let (p, re, set) = last.as_ref()?;
    (p.as_slice() == patterns).then(|| (re.clone(), set.clone()))
}

fn remember_compiled(patterns: &[String], re: &Regex, set: &Regex) {
    if let Ok(mut last) = LAST_COMPILED.lock() {
        *last = Some((patterns.to_vec(), re.clone(), set.clone()));
    }
}

/// A kind name a custom entity may have.
fn valid_kind_name(name: &str) -> bool {
    let mut cs = name.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic())
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl EntityExtractor {
    /// Builds an extractor; errors name the path of a bad custom pattern.
    ///
    /// * `builtin: None` enables every built-in kind; unknown names are
    ///   errors naming their place (`entities.builtin[2]`) with a
    ///   suggestion.
    /// * Each custom pattern must compile within
    ///   [`CUSTOM_PATTERN_SIZE_LIMIT`] and must not match the empty string
    ///   (`entities.custom.<name>.pattern: …`); a custom name may not be a
    ///   built-in kind.
    /// * `redact: None` redacts [`DEFAULT_REDACT`]; listed names must be
    ///   built-in or custom kinds (`entities.redact[1]`).
    pub fn new(config: &EntityConfig) -> Result<EntityExtractor> {
        let custom_names: Vec<&str> = config.custom.keys().collect();
        let known = || {
            BUILTIN_KINDS
                .iter()
                .copied()
                .chain(custom_names.iter().copied())
        };

        // built-in kinds
        let mut enabled_builtin: Vec<&str> = Vec::new();
        match &config.builtin {
            None => enabled_builtin.extend(BUILTIN_KINDS),
            Some(list) => {
                for (i, k) in list.iter().enumerate() {
                    if !BUILTIN_KINDS.contains(&k.as_str()) {
                        let hint = if custom_names.contains(&k.as_str()) {
                            " (custom kinds are always enabled)".to_string()
                        } else {
                            did_you_mean(k, BUILTIN_KINDS.iter().copied())
                        };
                        return Err(Error::definition(format!(
                            "entities.builtin[{i}]: unknown built-in kind `{k}`{hint}; the built-in kinds are {}",
                            BUILTIN_KINDS.join(", ")
                        )));
                    }
                }
                for &k in BUILTIN_KINDS {
                    if list.iter().any(|x| x == k) {
                        enabled_builtin.push(k);
                    }
                }
            }
        }

        // one regex: custom patterns first (they win ties), then built-ins
        let mut patterns: Vec<String> = Vec::new();
        let mut pats: Vec<Pat> = Vec::new();
        for (i, (_, c)) in config.custom.iter().enumerate() {
            patterns.push(c.pattern.clone());
            pats.push(Pat {
                kind: enabled_builtin.len() + i,
                check: None,
            });
        }
        for (kind, check, p) in builtin::patterns() {
            if let Some(k) = enabled_builtin.iter().position(|&b| b == kind) {
                patterns.push(p);
                pats.push(Pat {
                    kind: k,
                    check: Some(check),
                });
            }
        }
        // A pattern list compiled before passed every check below.
        let compiled = if patterns.is_empty() {
            None
        } else {
            last_compiled(&patterns)
        };

        // custom kinds
        for (name, c) in config.custom.iter() {
            if BUILTIN_KINDS.contains(&name.as_str()) {
                return Err(Error::definition(format!(
                    "entities.custom.{name}: `{name}` is a built-in kind; give the custom kind another name"
                )));
            }
            if !valid_kind_name(name) {
                return Err(Error::definition(format!(
                    "entities.custom.{name}: a kind name starts with a letter and has only letters, digits, `_` and `-`"
                )));
            }
            if compiled.is_some() {
                continue;
            }
            let single = Regex::builder()
                .configure(Regex::config().nfa_size_limit(Some(CUSTOM_PATTERN_SIZE_LIMIT)))
                .build(&c.pattern)
                .map_err(|e| {
                    Error::definition(format!(
                        "entities.custom.{name}.pattern: {}",
                        build_error(&e)
                    ))
                })?;
            if single.is_match("") {
                return Err(Error::definition(format!(
                    "entities.custom.{name}.pattern: `{}` matches the empty string",
                    c.pattern
                )));
            }
        }

        // redaction
        let redact_kinds: Vec<String> = match &config.redact {
            None => DEFAULT_REDACT.iter().map(|s| s.to_string()).collect(),
            Some(list) => {
                for (i, k) in list.iter().enumerate() {
                    if !known().any(|x| x == k) {
                        return Err(Error::definition(format!(
                            "entities.redact[{i}]: unknown kind `{k}`{}",
                            did_you_mean(k, known())
                        )));
                    }
                }
                list.clone()
            }
        };

        let mut kinds: Vec<String> = enabled_builtin.iter().map(|s| s.to_string()).collect();
        kinds.extend(custom_names.iter().map(|s| s.to_string()));
        let redacted = kinds.iter().map(|k| redact_kinds.contains(k)).collect();

        let re = if patterns.is_empty() {
            None
        } else if let Some(pair) = compiled {
            Some(pair)
        } else {
            let build = |kind: MatchKind| {
                Regex::builder()
                    .configure(
                        Regex::config()
                            .nfa_size_limit(Some(TOTAL_SIZE_LIMIT))
                            .hybrid_cache_capacity(HYBRID_CACHE)
                            .match_kind(kind),
                    )
                    .build_many(&patterns)
                    .map_err(|e| {
                        if config.custom.is_empty() {
                            Error::new(
                                ErrorKind::Internal,
                                format!("built-in entity patterns: {e}"),
                            )
                        } else {
                            Error::definition(format!(
                                "entities.custom: the patterns together are too large: {}",
                                build_error(&e)
                            ))
                        }
                    })
            };
            let re = build(MatchKind::LeftmostFirst)?;
            // the same patterns with "all matches" semantics, to ask which
            // patterns match at a position (leftmost-first semantics may
            // hide some in an overlapping search)
            let set = build(MatchKind::All)?;
            remember_compiled(&patterns, &re, &set);
            Some((re, set))
        };
        Ok(EntityExtractor {
            kinds,
            redacted,
            redact_kinds,
            re,
            pats,
        })
    }

    /// The enabled kinds.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(String::as_str)
    }

    /// The kinds this extractor redacts.
    pub fn redact_kinds(&self) -> impl Iterator<Item = &str> {
        self.redact_kinds.iter().map(String::as_str)
    }

    /// Whether entities of `kind` are redacted.
    pub fn redacts(&self, kind: &str) -> bool {
        self.redact_kinds.iter().any(|k| k == kind)
    }

    /// Finds entities, ordered by start, non-overlapping.
    pub fn extract(&self, text: &str) -> Vec<Entity> {
        let Some((re, set)) = &self.re else {
            return Vec::new();
        };
        let folded = fold(text);
        let hay = folded.as_ref().map_or(text, |(s, _)| s.as_str());
        // (start, end, kind, value) in `hay` offsets
        let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
        let len = hay.len();
        let mut pos = 0usize;
        let mut matching = PatternSet::new(re.pattern_len());
        while pos <= len {
            // search a window, so that no attempt scans more than a bounded
            // stretch (custom patterns may be unbounded)
            let wend = floor_boundary(hay, pos.saturating_add(WINDOW).min(len)).max(pos);
            let Some(m) = re.search(&Input::new(hay).range(pos..wend)) else {
                if wend >= len {
                    break;
                }
                pos = floor_boundary(hay, wend.saturating_sub(MAX_ENTITY_LEN)).max(pos + 1);
                pos = ceil_boundary(hay, pos);
                continue;
            };
            let s = m.start();
            if wend < len && s + MAX_ENTITY_LEN > wend && s > pos {
                pos = s;
                continue;
            }
            let lim = floor_boundary(hay, s.saturating_add(MAX_ENTITY_LEN).min(len)).max(s);
            let mut best: Option<(usize, usize, String)> = None;
            // one anchored overlapping search tells which patterns match at
            // `s` at all; only those are searched for their own match
            matching.clear();
            set.which_overlapping_matches(
                &Input::new(hay).range(s..lim).anchored(Anchored::Yes),
                &mut matching,
            );
            for (i, pat) in self.pats.iter().enumerate() {
                let Ok(pid) = PatternID::new(i) else { continue };
                if !matching.contains(pid) {
                    continue;
                }
                let cand = if i == m.pattern().as_usize() && m.end() <= lim {
                    Some(m)
                } else {
                    re.search(
                        &Input::new(hay)
                            .range(s..lim)
                            .anchored(Anchored::Pattern(pid)),
                    )
                };
                let Some(cand) = cand else { continue };
                if cand.is_empty() {
                    continue;
                }
                let checked = match pat.check {
                    None => hay.get(s..cand.end()).map(|t| (cand.end(), t.to_string())),
                    Some(c) => builtin::check(c, hay, s, cand.end()),
                };
                if let Some((end, value)) = checked {
                    if end > s && best.as_ref().is_none_or(|(e, _, _)| end > *e) {
                        best = Some((end, pat.kind, value));
                    }
                }
            }
            match best {
                Some((end, kind, value)) => {
                    found.push((s, end, kind, value));
                    pos = end;
                }
                None => {
                    pos = s + hay
                        .get(s..)
                        .and_then(|r| r.chars().next())
                        .map_or(1, char::len_utf8);
                }
            }
        }

        // map back to the original text and count chars in one pass
        let mut out = Vec::with_capacity(found.len());
        let mut byte = 0usize;
        let mut chars = 0usize;
        for (s, e, kind, value) in found {
            let (s, e) = match &folded {
                Some((_, map)) => (
                    map.get(s).copied().unwrap_or(text.len()),
                    map.get(e).copied().unwrap_or(text.len()),
                ),
                None => (s, e),
            };
            let (Some(before), Some(inner)) = (text.get(byte..s), text.get(s..e)) else {
                continue;
            };
            let char_start = chars + before.chars().count();
            let char_end = char_start + inner.chars().count();
            byte = e;
            chars = char_end;
            let kind_name = self.kinds.get(kind).cloned().unwrap_or_default();
            out.push(Entity {
                redacted: self.redacted.get(kind).copied().unwrap_or(false),
                kind: kind_name,
                start: s,
                end: e,
                char_start,
                char_end,
                text: inner.to_string(),
                value,
            });
        }
        out
    }

    /// `text` with redacted kinds replaced by `[KIND]`.
    ///
    /// An entity is redacted when its `redacted` flag is set or its kind is
    /// one of [`redact_kinds`](Self::redact_kinds). Spans that do not fit
    /// `text` are ignored, but the entity's `text` is still replaced
    /// wherever it occurs.
    pub fn redact(&self, text: &str, entities: &[Entity]) -> String {
        redact::redact(text, entities, |e| e.redacted || self.redacts(&e.kind))
    }
}

/// A readable regex build error: the syntax error with its position, or
/// the size limit that was exceeded.
fn build_error(e: &regex_automata::meta::BuildError) -> String {
    if let Some(se) = e.syntax_error() {
        se.to_string()
    } else if let Some(limit) = e.size_limit() {
        format!("the compiled pattern exceeds the size limit of {limit} bytes")
    } else {
        e.to_string()
    }
}

/// Folds full-width ASCII (U+FF01–U+FF5E), the ideographic space and
/// full-width currency signs to their half-width forms. Returns `None` when
/// there is nothing to fold, else the folded text and, for each of its
/// bytes (plus one past the end), the offset in `text`.
fn fold(text: &str) -> Option<(String, Vec<usize>)> {
    fn half(c: char) -> Option<char> {
        match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0),
            0x3000 => Some(' '),
            0xFFE0 => Some('¢'),
            0xFFE1 => Some('£'),
            0xFFE5 => Some('¥'),
            0xFFE6 => Some('₩'),
            _ => None,
        }
    }
    if !text.chars().any(|c| half(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let h = half(c).unwrap_or(c);
        out.push(h);
        map.extend(std::iter::repeat_n(i, h.len_utf8()));
    }
    map.push(text.len());
    Some((out, map))
}
