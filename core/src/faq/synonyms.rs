//! Synonym groups from the bot definition, applied to FAQ matching:
//! see [`Synonyms`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_stemmers::Algorithm;

use super::stem;
use crate::error::{Error, Result};
use crate::text;

use crate::validate::limits::{
    MAX_SYNONYM_GROUPS as MAX_GROUPS, MAX_SYNONYM_WORDS as MAX_MEMBER_TOKENS, MAX_TEXT_BYTES,
};

/// Compiled synonym groups from the bot definition, applied to FAQ
/// matching.
///
/// A bot's author lists words or phrases that mean the same thing to its
/// customers: each *canonical* form with its alternatives (`synonyms:
/// {"strikethrough": ["crossed out"], "退款": ["退钱"]}`). A canonical form
/// and its alternatives are a *group*, and each of them a *member*. Before
/// FAQ questions and answers are indexed, and before a query is scored,
/// every occurrence of a member is replaced by its group's canonical form.
/// Both sides then share the canonical words, so "crossed out" finds a
/// question about strikethrough in the word channel and in the character
/// channel alike.
///
/// Matching is by [tokens](crate::text::tokens) of the
/// [matching form](crate::text::matching_form): case, width, accents' NFKC
/// forms and Traditional / Simplified script do not matter, members match
/// whole words only (`out` never matches inside `outage`), and CJK members
/// match inside a run of characters, which has no spaces. The longest
/// member wins where two start at the same token. In an FAQ index, words
/// also match through the index's Snowball stemmers, so the member
/// `voucher` matches `vouchers`; [`Synonyms::new`] alone matches exact
/// words.
///
/// ```
/// use kefu::faq::Synonyms;
/// let groups = [("strikethrough".to_string(), vec!["crossed out".to_string()])].into();
/// let s = Synonyms::new(&groups)?;
/// let r = s.rewrite("text crossed out on github");
/// assert_eq!(kefu::text::tokens(&r), ["text", "strikethrough", "on", "github"]);
/// assert_eq!(s.rewrite("no member here"), "no member here");
/// # Ok::<(), kefu::Error>(())
/// ```
///
/// Lookups go through sorted `u64` keys (a 32-bit hash above a 32-bit
/// index) and are confirmed on the words: sorts and searches of plain
/// integers add no code to the WASM engine, whose size is budgeted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Synonyms {
    /// The groups in matching form: canonical form → alternatives.
    groups: BTreeMap<String, Vec<String>>,
    /// The canonical form of each group, in `groups` order.
    canonical: Vec<String>,
    /// Every member's tokens and group.
    members: Vec<(Vec<String>, usize)>,
    /// `hash(key) << 32 | member` for every key of every member's first
    /// token (its surface form and its stem under each of `stemmers`),
    /// sorted.
    by_first: Vec<u64>,
    /// The first two characters ([`prefix`]) of members' first tokens,
    /// sorted: other words are not stemmed for a lookup.
    initials: Vec<u64>,
    /// Stemmers under which words match (empty: exact words).
    stemmers: Vec<Algorithm>,
}

/// The first two characters of a word as one key (stemming keeps them,
/// in the languages kefu stems).
fn prefix(word: &str) -> u64 {
    let mut cs = word.chars();
    let a = cs.next().map_or(0, u64::from);
    let b = cs.next().map_or(0, u64::from);
    a << 21 | b
}

/// The 32-bit lookup hash of a key.
fn key_hash(key: &str) -> u64 {
    text::hash64(0x5359_4e53, key.as_bytes()) >> 32
}

impl Synonyms {
    /// Compiles `groups` (canonical form → alternatives, as written in a
    /// definition). Each group needs at least one alternative, and each
    /// member at least one word; a member may belong to one group only.
    /// Errors name the place (`synonyms.coupon[1]`) and, for a member
    /// listed twice, both places.
    pub fn new(groups: &BTreeMap<String, Vec<String>>) -> Result<Synonyms> {
        Self::with_stemmers(groups, &[])
    }

    /// [`Synonyms::new`] matching words through `stemmers` as well.
    pub(super) fn with_stemmers(
        groups: &BTreeMap<String, Vec<String>>,
        stemmers: &[Algorithm],
    ) -> Result<Synonyms> {
        if groups.len() > MAX_GROUPS {
            return Err(Error::limit(format!(
                "synonyms: {} groups, the limit is {MAX_GROUPS}",
                groups.len()
            )));
        }
        let mut out = Synonyms {
            stemmers: stemmers.to_vec(),
            ..Synonyms::default()
        };
        // Per member: its place in the definition, and `hash << 32 | index`
        // of its words, for finding members listed twice.
        let mut places = Vec::new();
        let mut whole = Vec::new();
        for (g, (canonical, alternatives)) in groups.iter().enumerate() {
            if alternatives.is_empty() {
                return Err(Error::definition(format!(
                    "synonyms.{canonical}: give at least one alternative"
                )));
            }
            let mut forms = Vec::with_capacity(alternatives.len() + 1);
            for (j, member) in std::iter::once(canonical).chain(alternatives).enumerate() {
                let path = match j {
                    0 => format!("synonyms.{canonical}"),
                    _ => format!("synonyms.{canonical}[{}]", j - 1),
                };
                if member.len() > MAX_TEXT_BYTES {
                    return Err(Error::limit(format!(
                        "{path}: text is {} bytes, the limit is {MAX_TEXT_BYTES}",
                        member.len()
                    )));
                }
                let m = text::matching_form(member);
                let toks: Vec<String> = text::tokens(&m).into_iter().map(str::to_owned).collect();
                if toks.is_empty() {
                    return Err(Error::definition(format!(
                        "{path}: `{member}` has no word to match"
                    )));
                }
                if toks.len() > MAX_MEMBER_TOKENS {
                    return Err(Error::limit(format!(
                        "{path}: {} words, the limit is {MAX_MEMBER_TOKENS}",
                        toks.len()
                    )));
                }
                let i = out.members.len() as u64;
                for key in out.keys(&toks[0]) {
                    out.by_first.push(key_hash(&key) << 32 | i);
                }
                out.initials.push(prefix(&toks[0]));
                let joined = toks.join(" ");
                whole.push(key_hash(&joined) << 32 | i);
                forms.push(joined);
                places.push((path, member));
                out.members.push((toks, g));
            }
            let canonical = forms.remove(0);
            out.canonical.push(canonical.clone());
            out.groups.insert(canonical, forms);
        }
        // A member listed twice: the earliest second listing is named,
        // with its first.
        whole.sort_unstable();
        let mut twice: Option<(usize, usize)> = None;
        for (a, run) in whole.chunk_by(|x, y| x >> 32 == y >> 32).flat_map(|run| {
            run.iter()
                .enumerate()
                .map(move |(n, &a)| (a, &run[n + 1..]))
        }) {
            for &b in run {
                let (a, b) = ((a & 0xFFFF_FFFF) as usize, (b & 0xFFFF_FFFF) as usize);
                if out.members[a].0 == out.members[b].0 && twice.is_none_or(|t| b < t.1) {
                    twice = Some((a, b));
                }
            }
        }
        if let Some((a, b)) = twice {
            let ((first, _), (path, member)) = (&places[a], &places[b]);
            return Err(Error::definition(format!(
                "{path}: `{member}` is already a member at {first}"
            )));
        }
        out.by_first.sort_unstable();
        out.initials.sort_unstable();
        out.initials.dedup();
        Ok(out)
    }

    /// The lookup keys of a word: itself and its stem under each stemmer.
    fn keys(&self, word: &str) -> Vec<String> {
        let mut keys = vec![word.to_string()];
        for &a in &self.stemmers {
            let k = stem::stem(Some(a), word);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys
    }

    /// Whether query word `q` matches member word `m`: the same word, or
    /// the same stem under one of the stemmers.
    fn same_word(&self, m: &str, q: &str) -> bool {
        m == q
            || self
                .stemmers
                .iter()
                .any(|&a| stem::stem_cow(Some(a), m) == stem::stem_cow(Some(a), q))
    }

    /// Whether there are no groups (then [`Synonyms::rewrite`] returns its
    /// input).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups in matching form (words separated by one space):
    /// canonical form → alternatives.
    pub fn groups(&self) -> &BTreeMap<String, Vec<String>> {
        &self.groups
    }

    /// `matching` (text in matching form) with every member replaced by its
    /// group's canonical form, surrounded by spaces so that it stays apart
    /// from its neighbours. Borrowed when nothing matched.
    pub fn rewrite<'a>(&self, matching: &'a str) -> Cow<'a, str> {
        if self.is_empty() {
            return Cow::Borrowed(matching);
        }
        self.rewrite_tokens(matching, &text::tokens(matching))
    }

    /// [`Synonyms::rewrite`] of `matching` with its [`text::tokens`]
    /// `toks` (slices of `matching`) already at hand.
    pub(super) fn rewrite_tokens<'a>(&self, matching: &'a str, toks: &[&str]) -> Cow<'a, str> {
        if self.is_empty() {
            return Cow::Borrowed(matching);
        }
        let base = matching.as_ptr() as usize;
        let inside = |t: &&str| {
            (t.as_ptr() as usize)
                .checked_sub(base)
                .is_some_and(|s| s + t.len() <= matching.len())
        };
        if !toks.iter().all(inside) {
            // Not the tokens of `matching` after all: take them again.
            return self.rewrite_tokens(matching, &text::tokens(matching));
        }
        // The tokens borrow from `matching`, so offsets are pointer offsets.
        let start_of = |t: &str| t.as_ptr() as usize - base;
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut i = 0;
        while i < toks.len() {
            let Some((len, g)) = self.longest_at(&toks[i..]) else {
                i += 1;
                continue;
            };
            let (first, last) = (toks[i], toks[i + len - 1]);
            let (start, end) = (start_of(first), start_of(last) + last.len());
            let o = out.get_or_insert_with(|| String::with_capacity(matching.len() + 16));
            o.push_str(&matching[copied..start]);
            o.push(' ');
            o.push_str(&self.canonical[g]);
            o.push(' ');
            copied = end;
            i += len;
        }
        match out {
            Some(mut o) => {
                o.push_str(&matching[copied..]);
                Cow::Owned(o)
            }
            None => Cow::Borrowed(matching),
        }
    }

    /// The longest member that `toks` starts with, the first defined among
    /// equally long ones: (its length in tokens, its group).
    fn longest_at(&self, toks: &[&str]) -> Option<(usize, usize)> {
        let first = toks[0];
        // (length, member) of the best match so far; longer, then earlier.
        let mut best: Option<(usize, usize)> = None;
        let mut look = |key: &str| {
            let h = key_hash(key);
            let from = self.by_first.partition_point(|&x| x >> 32 < h);
            for &x in self.by_first[from..].iter().take_while(|&&x| x >> 32 == h) {
                let i = (x & 0xFFFF_FFFF) as usize;
                let m = &self.members[i].0;
                let better = best.is_none_or(|(n, j)| m.len() > n || (m.len() == n && i < j));
                if better
                    && m.len() <= toks.len()
                    && m.iter().zip(toks).all(|(a, b)| self.same_word(a, b))
                {
                    best = Some((m.len(), i));
                }
            }
        };
        look(first);
        if !self.stemmers.is_empty() && self.initials.binary_search(&prefix(first)).is_ok() {
            for &a in &self.stemmers {
                let key = stem::stem_cow(Some(a), first);
                if key != first {
                    look(&key);
                }
            }
        }
        best.map(|(n, i)| (n, self.members[i].1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// Groups from slices, the canonical form first.
    fn groups(gs: &[&[&str]]) -> BTreeMap<String, Vec<String>> {
        gs.iter()
            .map(|g| {
                let alternatives = g[1..].iter().map(|m| m.to_string()).collect();
                (g[0].to_string(), alternatives)
            })
            .collect()
    }

    fn compile(gs: &[&[&str]]) -> Synonyms {
        Synonyms::new(&groups(gs)).expect("valid groups")
    }

    #[test]
    fn members_become_the_canonical_form() {
        let s = compile(&[&["strikethrough", "crossed out", "strike out"]]);
        let m = text::matching_form("Making the text CROSSED OUT, on github");
        let r = s.rewrite(&m);
        assert_eq!(
            text::tokens(&r),
            ["making", "the", "text", "strikethrough", "on", "github"]
        );
        // The canonical member is itself unchanged in meaning.
        let r = s.rewrite("strikethrough please");
        assert_eq!(text::tokens(&r), ["strikethrough", "please"]);
    }

    #[test]
    fn whole_words_only_and_longest_member_first() {
        let s = compile(&[&["out", "gone"], &["sold out", "unavailable"]]);
        assert_eq!(s.rewrite("outage report"), "outage report");
        let r = s.rewrite("it is unavailable");
        assert_eq!(text::tokens(&r), ["it", "is", "sold", "out"]);
        let r = s.rewrite("it is out");
        assert_eq!(text::tokens(&r), ["it", "is", "out"]);
        let r = s.rewrite("unavailable and gone");
        assert_eq!(text::tokens(&r), ["sold", "out", "and", "out"]);
    }

    #[test]
    fn cjk_members_match_inside_runs_and_across_scripts() {
        let s = compile(&[&["退款", "退钱"], &["refund", "返金"]]);
        // Traditional 退錢 folds to Simplified 退钱.
        let m = text::matching_form("我要退錢，可以嗎");
        let r = s.rewrite(&m);
        assert_eq!(text::tokens(&r), ["我", "要", "退", "款", "可", "以", "吗"]);
        // A Latin canonical form stays apart from the CJK text around it.
        let m = text::matching_form("返金したい");
        let r = s.rewrite(&m);
        assert_eq!(text::tokens(&r)[0], "refund");
    }

    #[test]
    fn words_match_through_stemmers_in_an_index() {
        let gs = groups(&[&["coupon", "voucher", "promo code"]]);
        let exact = Synonyms::new(&gs).expect("valid");
        assert_eq!(
            text::tokens(&exact.rewrite("two vouchers")),
            ["two", "vouchers"]
        );
        let en = Synonyms::with_stemmers(&gs, &[Algorithm::English]).expect("valid");
        assert_eq!(text::tokens(&en.rewrite("two vouchers")), ["two", "coupon"]);
        assert_eq!(
            text::tokens(&en.rewrite("promo codes here")),
            ["coupon", "here"]
        );
        // Stems do not make words out of parts of words.
        assert_eq!(
            text::tokens(&en.rewrite("vouch for it")),
            ["vouch", "for", "it"]
        );
    }

    #[test]
    fn tokens_of_another_text_are_taken_again() {
        let s = compile(&[&["coupon", "voucher"]]);
        let other = String::from("a voucher");
        let r = s.rewrite_tokens("my voucher", &text::tokens(&other));
        assert_eq!(text::tokens(&r), ["my", "coupon"]);
    }

    #[test]
    fn nothing_to_do_borrows() {
        let s = compile(&[&["a b", "c"]]);
        assert!(matches!(s.rewrite("x a y b"), Cow::Borrowed(_)));
        assert!(matches!(
            Synonyms::default().rewrite("a b"),
            Cow::Borrowed(_)
        ));
        assert!(Synonyms::default().is_empty());
        assert_eq!(s.groups(), &groups(&[&["a b", "c"]]));
    }

    #[test]
    fn bad_groups_are_typed_errors_that_name_the_place() {
        let err = Synonyms::new(&groups(&[&["a", "b"], &["lonely"]])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Definition);
        assert!(err.to_string().starts_with("synonyms.lonely: "), "{err}");
        let err = Synonyms::new(&groups(&[&["a", "b", "  ?! "]])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Definition);
        assert!(err.to_string().starts_with("synonyms.a[1]: "), "{err}");
        let err = Synonyms::new(&groups(&[&["?!", "b"]])).unwrap_err();
        assert!(err.to_string().starts_with("synonyms.?!: "), "{err}");
        // Keys sort: `Money  Back` is read before `refund`.
        let err = Synonyms::new(&groups(&[
            &["refund", "money back"],
            &["Money  Back", "cash"],
        ]))
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Definition);
        let msg = err.to_string();
        let want = "synonyms.refund[0]: `money back` is already a member at synonyms.Money  Back";
        assert!(msg.starts_with(want), "{msg}");
        let long = vec!["w"; MAX_MEMBER_TOKENS + 1].join(" ");
        let err = Synonyms::new(&groups(&[&["a", &long]])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Limit);
        let many: BTreeMap<String, Vec<String>> = (0..=MAX_GROUPS)
            .map(|i| (format!("w{i}"), vec![format!("v{i}")]))
            .collect();
        assert_eq!(Synonyms::new(&many).unwrap_err().kind(), ErrorKind::Limit);
    }

    #[test]
    fn long_texts_take_linear_time() {
        let s = compile(&[&["strikethrough", "crossed out"]]);
        let t = "crossed out again ".repeat(20_000);
        let started = std::time::Instant::now();
        let r = s.rewrite(&t);
        assert_eq!(text::tokens(&r).len(), 40_000);
        assert!(started.elapsed().as_secs() < 5);
    }
}
