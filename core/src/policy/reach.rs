//! Rules that can never fire: contradictions, and rules shadowed by earlier
//! rules.
//!
//! The analysis is *sound*: it reports a rule only when no facts whatever
//! can make that rule fire. It is *conservative*: some dead rules go
//! unreported. It works on the three-valued semantics of the evaluator:
//!
//! 1. A condition is put in negation normal form and expanded into a
//!    disjunction of conjunctions of literals (DNF). Kleene logic is a De
//!    Morgan algebra, so this preserves when a condition is *definitely
//!    true*; a literal `L` is definitely true when `L` holds, and `not L` is
//!    definitely true when `L` definitely does not hold, which in both cases
//!    needs the field to be present. A condition is true exactly when one of
//!    its conjunctions has every literal true.
//! 2. Each conjunction becomes a set of constraints: per field, presence
//!    (`has f` / `not has f`) and the set of values the literals allow
//!    (strings: a finite set or the complement of one, closed to the listed
//!    values for `faq.status` and `sentiment.label`; numbers: unions of
//!    intervals over the extended reals plus NaN; bools; list membership).
//!    Regex matches, `has entity(..)` and `within business_hours(..)` are
//!    opaque atoms, equal only to the same clause text.
//! 3. A conjunction whose constraints are empty sets is a contradiction
//!    (`x == "a" and x == "b"`, `x > 5 and x < 3`, `has x and not has x`,
//!    `within business_hours("c") and not within business_hours("c")`).
//! 4. Conjunction `C` implies conjunction `D` when every constraint of `D`
//!    is entailed by one of `C` (same presence, a subset of values, the same
//!    atoms).
//!
//! A rule is reported when its condition text equals an earlier rule's,
//! when every conjunction is a contradiction, when every conjunction is a
//! contradiction or implied by one conjunction of an earlier rule, or when
//! its condition is always true (a conjunction without constraints, such as
//! `has text`), which leaves the rules after it and `default` unreachable.
//! Not detected, among others: coverage that needs several earlier
//! conjunctions at once (`x > 5`, then `x <= 5`, then `has x`), facts the
//! language cannot see (a confidence is never above 1), and rules whose
//! DNF is larger than [`MAX_CONJUNCTS`]. On very large policies the number
//! of implication tests is capped (2,000 per conjunction and
//! [`MAX_IMPLICATION_TESTS`] in all), so that compiling stays fast; what the
//! cap leaves untested is not reported.

use std::collections::{BTreeMap, BTreeSet};

use super::ast::{cond_text, RuleAst};
use super::check::{Builtin, CCond, CRule, Field, Leaf, Test};
use super::lexer::{error_at, CmpOp, Pos};
use crate::error::Result;

/// Conditions whose DNF has more conjunctions than this are not analyzed.
pub(crate) const MAX_CONJUNCTS: usize = 64;
/// Nor are conjunctions with more literals than this.
const MAX_LITERALS: usize = 64;
/// The most index look-ups tried for one conjunction.
const MAX_COMBINATIONS: usize = 4096;
/// The most implication tests for one conjunction (against earlier
/// conjunctions with compatible keys, earliest first).
const MAX_TESTS_PER_CONJUNCTION: usize = 2_000;
/// The most implication tests for a whole policy.
pub(crate) const MAX_IMPLICATION_TESTS: usize = 1_000_000;

// ------------------------------------------------------------ value sets

/// An interval of the extended reals.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Iv {
    lo: f64,
    lo_in: bool,
    hi: f64,
    hi_in: bool,
}

impl Iv {
    fn is_empty(&self) -> bool {
        self.lo > self.hi || (self.lo == self.hi && !(self.lo_in && self.hi_in))
    }
}

/// A set of numbers: intervals of the extended reals, plus NaN.
#[derive(Clone, Debug, PartialEq)]
struct NumSet {
    /// Sorted, disjoint, non-empty, not touching.
    ivs: Vec<Iv>,
    nan: bool,
}

impl NumSet {
    fn universe() -> NumSet {
        NumSet {
            ivs: vec![Iv {
                lo: f64::NEG_INFINITY,
                lo_in: true,
                hi: f64::INFINITY,
                hi_in: true,
            }],
            nan: true,
        }
    }

    fn from_ivs(mut ivs: Vec<Iv>, nan: bool) -> NumSet {
        ivs.retain(|i| !i.is_empty() && !i.lo.is_nan() && !i.hi.is_nan());
        ivs.sort_by(|a, b| a.lo.total_cmp(&b.lo).then(b.lo_in.cmp(&a.lo_in)));
        let mut out: Vec<Iv> = Vec::with_capacity(ivs.len());
        for iv in ivs {
            if let Some(last) = out.last_mut() {
                let overlaps = iv.lo < last.hi || (iv.lo == last.hi && (iv.lo_in || last.hi_in));
                if overlaps {
                    if iv.hi > last.hi || (iv.hi == last.hi && iv.hi_in) {
                        last.hi = iv.hi;
                        last.hi_in = iv.hi_in;
                    }
                    continue;
                }
            }
            out.push(iv);
        }
        NumSet { ivs: out, nan }
    }

    fn point(x: f64) -> Iv {
        Iv {
            lo: x,
            lo_in: true,
            hi: x,
            hi_in: true,
        }
    }

    /// The values for which `value OP lit` holds.
    fn cmp(op: CmpOp, lit: f64) -> NumSet {
        let (ninf, pinf) = (f64::NEG_INFINITY, f64::INFINITY);
        let iv = |lo, lo_in, hi, hi_in| Iv {
            lo,
            lo_in,
            hi,
            hi_in,
        };
        match op {
            CmpOp::Eq => NumSet::from_ivs(vec![NumSet::point(lit)], false),
            CmpOp::Ne => NumSet::from_ivs(vec![NumSet::point(lit)], false).complement(),
            CmpOp::Lt => NumSet::from_ivs(vec![iv(ninf, true, lit, false)], false),
            CmpOp::Le => NumSet::from_ivs(vec![iv(ninf, true, lit, true)], false),
            CmpOp::Gt => NumSet::from_ivs(vec![iv(lit, false, pinf, true)], false),
            CmpOp::Ge => NumSet::from_ivs(vec![iv(lit, true, pinf, true)], false),
        }
    }

    fn is_empty(&self) -> bool {
        self.ivs.is_empty() && !self.nan
    }

    fn complement(&self) -> NumSet {
        let mut out = Vec::with_capacity(self.ivs.len() + 1);
        let (mut lo, mut lo_in) = (f64::NEG_INFINITY, true);
        for iv in &self.ivs {
            out.push(Iv {
                lo,
                lo_in,
                hi: iv.lo,
                hi_in: !iv.lo_in,
            });
            lo = iv.hi;
            lo_in = !iv.hi_in;
        }
        out.push(Iv {
            lo,
            lo_in,
            hi: f64::INFINITY,
            hi_in: true,
        });
        NumSet::from_ivs(out, !self.nan)
    }

    fn intersect(&self, other: &NumSet) -> NumSet {
        let mut out = Vec::new();
        for a in &self.ivs {
            for b in &other.ivs {
                let (lo, lo_in) = if a.lo > b.lo {
                    (a.lo, a.lo_in)
                } else if b.lo > a.lo {
                    (b.lo, b.lo_in)
                } else {
                    (a.lo, a.lo_in && b.lo_in)
                };
                let (hi, hi_in) = if a.hi < b.hi {
                    (a.hi, a.hi_in)
                } else if b.hi < a.hi {
                    (b.hi, b.hi_in)
                } else {
                    (a.hi, a.hi_in && b.hi_in)
                };
                out.push(Iv {
                    lo,
                    lo_in,
                    hi,
                    hi_in,
                });
            }
        }
        NumSet::from_ivs(out, self.nan && other.nan)
    }

    /// Both sets are normalized, so each interval of `self` must lie in a
    /// single interval of `other`.
    fn is_subset(&self, other: &NumSet) -> bool {
        let within = |a: &Iv, b: &Iv| {
            (b.lo < a.lo || (b.lo == a.lo && (b.lo_in || !a.lo_in)))
                && (a.hi < b.hi || (a.hi == b.hi && (b.hi_in || !a.hi_in)))
        };
        (!self.nan || other.nan)
            && self
                .ivs
                .iter()
                .all(|a| other.ivs.iter().any(|b| within(a, b)))
    }
}

/// A set of strings: finite, or all strings but a finite set.
#[derive(Clone, Debug, PartialEq)]
enum StrSet {
    In(BTreeSet<String>),
    NotIn(BTreeSet<String>),
}

impl StrSet {
    /// Turns `NotIn` into `In` for a field with a closed set of values.
    fn closed(self, values: Option<&[&str]>) -> StrSet {
        match (self, values) {
            (StrSet::NotIn(ex), Some(all)) => StrSet::In(
                all.iter()
                    .filter(|v| !ex.contains(**v))
                    .map(|v| v.to_string())
                    .collect(),
            ),
            (s, _) => s,
        }
    }

    fn complement(self) -> StrSet {
        match self {
            StrSet::In(s) => StrSet::NotIn(s),
            StrSet::NotIn(s) => StrSet::In(s),
        }
    }

    fn intersect(&self, other: &StrSet) -> StrSet {
        match (self, other) {
            (StrSet::In(a), StrSet::In(b)) => StrSet::In(a.intersection(b).cloned().collect()),
            (StrSet::In(a), StrSet::NotIn(b)) | (StrSet::NotIn(b), StrSet::In(a)) => {
                StrSet::In(a.difference(b).cloned().collect())
            }
            (StrSet::NotIn(a), StrSet::NotIn(b)) => StrSet::NotIn(a.union(b).cloned().collect()),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, StrSet::In(s) if s.is_empty())
    }

    fn is_subset(&self, other: &StrSet) -> bool {
        match (self, other) {
            (StrSet::In(a), StrSet::In(b)) => a.is_subset(b),
            (StrSet::In(a), StrSet::NotIn(b)) => a.is_disjoint(b),
            (StrSet::NotIn(_), StrSet::In(_)) => false,
            (StrSet::NotIn(a), StrSet::NotIn(b)) => b.is_subset(a),
        }
    }
}

/// Bool values as bits.
const TRUE: u8 = 1;
const FALSE: u8 = 2;

/// The values a field may take in a conjunction.
#[derive(Clone, Debug, PartialEq)]
enum VSet {
    Str(StrSet),
    Num(NumSet),
    Bool(u8),
    /// A list that contains every string of `has` and none of `lacks`.
    List {
        has: BTreeSet<String>,
        lacks: BTreeSet<String>,
    },
}

impl VSet {
    fn universe_like(&self, closed: Option<&[&str]>) -> VSet {
        match self {
            VSet::Str(_) => VSet::Str(StrSet::NotIn(BTreeSet::new()).closed(closed)),
            VSet::Num(_) => VSet::Num(NumSet::universe()),
            VSet::Bool(_) => VSet::Bool(TRUE | FALSE),
            VSet::List { .. } => VSet::List {
                has: BTreeSet::new(),
                lacks: BTreeSet::new(),
            },
        }
    }

    fn is_universe(&self, closed: Option<&[&str]>) -> bool {
        *self == self.universe_like(closed)
    }

    /// `None` when the two are of different kinds (cannot happen: a field
    /// has one type).
    fn intersect(&self, other: &VSet) -> Option<VSet> {
        Some(match (self, other) {
            (VSet::Str(a), VSet::Str(b)) => VSet::Str(a.intersect(b)),
            (VSet::Num(a), VSet::Num(b)) => VSet::Num(a.intersect(b)),
            (VSet::Bool(a), VSet::Bool(b)) => VSet::Bool(a & b),
            (VSet::List { has: h1, lacks: l1 }, VSet::List { has: h2, lacks: l2 }) => VSet::List {
                has: h1.union(h2).cloned().collect(),
                lacks: l1.union(l2).cloned().collect(),
            },
            _ => return None,
        })
    }

    fn is_empty(&self) -> bool {
        match self {
            VSet::Str(s) => s.is_empty(),
            VSet::Num(n) => n.is_empty(),
            VSet::Bool(b) => *b == 0,
            VSet::List { has, lacks } => !has.is_disjoint(lacks),
        }
    }

    fn is_subset(&self, other: &VSet) -> bool {
        match (self, other) {
            (VSet::Str(a), VSet::Str(b)) => a.is_subset(b),
            (VSet::Num(a), VSet::Num(b)) => a.is_subset(b),
            (VSet::Bool(a), VSet::Bool(b)) => a & !b == 0,
            (VSet::List { has: h1, lacks: l1 }, VSet::List { has: h2, lacks: l2 }) => {
                h2.is_subset(h1) && l2.is_subset(l1)
            }
            _ => false,
        }
    }
}

// ----------------------------------------------------------- conjunctions

/// What a constraint is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FKey {
    Builtin(Builtin),
    Attr(String),
    /// `context.now`, read by `within business_hours(..)`.
    Now,
}

impl FKey {
    fn of(field: &Field) -> FKey {
        match field {
            Field::Builtin(b) => FKey::Builtin(*b),
            Field::Attr(name, _) => FKey::Attr(name.clone()),
        }
    }

    fn always_present(&self) -> bool {
        matches!(self, FKey::Builtin(b) if b.always_present())
    }

    fn closed_values(&self) -> Option<&'static [&'static str]> {
        match self {
            FKey::Builtin(b) => b.closed_values(),
            _ => None,
        }
    }
}

/// The constraints on one field.
#[derive(Clone, Debug, Default)]
struct FCon {
    /// `Some(true)`: must be present; `Some(false)`: must be missing.
    present: Option<bool>,
    /// The values allowed (implies present).
    val: Option<VSet>,
    /// Indices of the literals that constrain this field.
    lits: Vec<usize>,
}

impl FCon {
    fn requires_presence(&self) -> bool {
        self.present == Some(true) || self.val.is_some()
    }
}

/// A literal: a leaf clause, positive or negated.
type Literal<'a> = (&'a Leaf, bool);

/// One conjunction of literals, as constraints.
#[derive(Debug, Default)]
struct Conj {
    fields: BTreeMap<FKey, FCon>,
    /// Opaque atoms by clause text: required truth value and literals.
    atoms: BTreeMap<String, (bool, Vec<usize>)>,
    /// The literals that contradict each other, when they do.
    conflict: Option<Vec<usize>>,
}

/// A literal's effect on a conjunction.
enum Effect {
    Value(FKey, VSet),
    Presence(FKey, bool),
    /// An opaque atom that also needs `FKey` present (regexes, hours).
    Atom(String, bool, Option<FKey>),
}

fn str_set(items: impl IntoIterator<Item = String>) -> StrSet {
    StrSet::In(items.into_iter().collect())
}

/// What literal `(leaf, positive)` requires.
fn effect(leaf: &Leaf, positive: bool) -> Effect {
    // `flip`: complement the set where the test holds.
    let value = |field: &Field, set: VSet, flip: bool| {
        let key = FKey::of(field);
        let closed = key.closed_values();
        let set = if flip {
            match set {
                VSet::Str(s) => VSet::Str(s.complement()),
                VSet::Num(n) => VSet::Num(n.complement()),
                VSet::Bool(b) => VSet::Bool(!b & (TRUE | FALSE)),
                VSet::List { has, lacks } => VSet::List {
                    has: lacks,
                    lacks: has,
                },
            }
        } else {
            set
        };
        let set = match set {
            VSet::Str(s) => VSet::Str(s.closed(closed)),
            other => other,
        };
        Effect::Value(key, set)
    };
    match &leaf.test {
        Test::StrEq {
            field,
            lit,
            negated,
        } => value(
            field,
            VSet::Str(str_set([lit.clone()])),
            *negated == positive,
        ),
        Test::BoolEq {
            field,
            lit,
            negated,
        } => value(
            field,
            VSet::Bool(if *lit { TRUE } else { FALSE }),
            *negated == positive,
        ),
        Test::NumCmp { field, op, lit } => {
            value(field, VSet::Num(NumSet::cmp(*op, *lit)), !positive)
        }
        Test::StrIn {
            field,
            items,
            negated,
        } => value(
            field,
            VSet::Str(str_set(items.iter().cloned())),
            *negated == positive,
        ),
        Test::NumIn {
            field,
            items,
            negated,
        } => value(
            field,
            VSet::Num(NumSet::from_ivs(
                items.iter().map(|&x| NumSet::point(x)).collect(),
                false,
            )),
            *negated == positive,
        ),
        Test::Contains { field, item } => {
            // A list holds only strings; a single item is a one-element set.
            let one: BTreeSet<String> = [item.clone()].into();
            let (has, lacks) = if positive {
                (one, BTreeSet::new())
            } else {
                (BTreeSet::new(), one)
            };
            Effect::Value(FKey::of(field), VSet::List { has, lacks })
        }
        Test::Is { field } => value(field, VSet::Bool(TRUE), !positive),
        Test::Present { field } => Effect::Presence(FKey::of(field), positive),
        Test::Matches { field, .. } => {
            Effect::Atom(leaf.text.clone(), positive, Some(FKey::of(field)))
        }
        Test::HasEntity { .. } => Effect::Atom(leaf.text.clone(), positive, None),
        Test::Within { .. } => Effect::Atom(leaf.text.clone(), positive, Some(FKey::Now)),
    }
}

impl Conj {
    /// Builds the constraints of a conjunction; `None` when it cannot be
    /// analyzed.
    fn build(lits: &[Literal<'_>]) -> Option<Conj> {
        let mut c = Conj::default();
        for (i, &(leaf, positive)) in lits.iter().enumerate() {
            let ok = match effect(leaf, positive) {
                Effect::Value(key, set) => c.value(key, set, i)?,
                Effect::Presence(key, p) => c.presence(key, p, i),
                Effect::Atom(text, p, needs) => {
                    let ok = match needs {
                        Some(key) => c.presence(key, true, i),
                        None => true,
                    };
                    ok && c.atom(text, p, i)
                }
            };
            if !ok {
                return Some(c);
            }
        }
        // Drop what always holds: presence of fields that are never missing,
        // and value sets that allow every value of such a field.
        c.fields.retain(|key, con| {
            if key.always_present() {
                if con.present == Some(true) {
                    con.present = None;
                }
                if con
                    .val
                    .as_ref()
                    .is_some_and(|v| v.is_universe(key.closed_values()))
                {
                    con.val = None;
                }
            }
            con.present.is_some() || con.val.is_some()
        });
        Some(c)
    }

    fn conflict(&mut self, mut lits: Vec<usize>, i: usize) -> bool {
        lits.push(i);
        self.conflict = Some(lits);
        false
    }

    /// Adds a value constraint; `Some(false)` on a contradiction.
    fn value(&mut self, key: FKey, set: VSet, i: usize) -> Option<bool> {
        let con = self.fields.entry(key).or_default();
        if con.present == Some(false) {
            let lits = con.lits.clone();
            return Some(self.conflict(lits, i));
        }
        let merged = match &con.val {
            Some(v) => v.intersect(&set)?,
            None => set,
        };
        let empty = merged.is_empty();
        con.val = Some(merged);
        if empty {
            // A literal that is unsatisfiable alone (`x in []`) names itself.
            let lits = con.lits.clone();
            return Some(self.conflict(lits, i));
        }
        con.lits.push(i);
        Some(true)
    }

    fn presence(&mut self, key: FKey, present: bool, i: usize) -> bool {
        let never_missing = key.always_present();
        let con = self.fields.entry(key).or_default();
        let clash = if present {
            con.present == Some(false)
        } else {
            never_missing || con.requires_presence()
        };
        if clash {
            let lits = con.lits.clone();
            return self.conflict(lits, i);
        }
        con.present = Some(present);
        con.lits.push(i);
        true
    }

    fn atom(&mut self, text: String, value: bool, i: usize) -> bool {
        match self.atoms.get_mut(&text) {
            Some((v, lits)) if *v != value => {
                let lits = lits.clone();
                self.conflict(lits, i)
            }
            Some((_, lits)) => {
                lits.push(i);
                true
            }
            None => {
                self.atoms.insert(text, (value, vec![i]));
                true
            }
        }
    }

    fn is_tautology(&self) -> bool {
        self.conflict.is_none() && self.fields.is_empty() && self.atoms.is_empty()
    }

    /// True when every fact set satisfying `self` satisfies `d` too.
    fn implies(&self, d: &Conj) -> bool {
        for (key, dc) in &d.fields {
            let cc = self.fields.get(key);
            if dc.present == Some(false) {
                if cc.is_some_and(|c| c.present == Some(false)) {
                    continue;
                }
                return false;
            }
            let present = key.always_present() || cc.is_some_and(FCon::requires_presence);
            if !present {
                return false;
            }
            if let Some(dv) = &dc.val {
                let ok = match cc.and_then(|c| c.val.as_ref()) {
                    Some(cv) => cv.is_subset(dv),
                    None => dv.universe_like(key.closed_values()).is_subset(dv),
                };
                if !ok {
                    return false;
                }
            }
        }
        d.atoms
            .iter()
            .all(|(text, (v, _))| self.atoms.get(text).is_some_and(|(cv, _)| cv == v))
    }
}

// ------------------------------------------------------------------ DNF

/// The DNF of `c` (negated when `!positive`); `None` when it is too large.
fn dnf(c: &CCond, positive: bool) -> Option<Vec<Vec<Literal<'_>>>> {
    match c {
        CCond::Leaf(leaf) => Some(vec![vec![(leaf.as_ref(), positive)]]),
        CCond::Not(inner) => dnf(inner, !positive),
        CCond::All(items) | CCond::Any(items) => {
            let conjunction = matches!(c, CCond::All(_)) == positive;
            if conjunction {
                let mut acc: Vec<Vec<Literal<'_>>> = vec![Vec::new()];
                for item in items {
                    let d = dnf(item, positive)?;
                    if acc.len().saturating_mul(d.len()) > MAX_CONJUNCTS {
                        return None;
                    }
                    let mut next = Vec::with_capacity(acc.len() * d.len());
                    for a in &acc {
                        for b in &d {
                            if a.len() + b.len() > MAX_LITERALS {
                                return None;
                            }
                            let mut both = a.clone();
                            both.extend_from_slice(b);
                            next.push(both);
                        }
                    }
                    acc = next;
                }
                Some(acc)
            } else {
                let mut acc = Vec::new();
                for item in items {
                    acc.extend(dnf(item, positive)?);
                    if acc.len() > MAX_CONJUNCTS {
                        return None;
                    }
                }
                Some(acc)
            }
        }
    }
}

// ---------------------------------------------------------------- index

/// A key of the index of earlier conjunctions. For `C` to imply `D`, every
/// key of `D` must be one `C` offers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum IKey {
    Field(FKey),
    /// A field constrained to exactly one string.
    FieldIs(FKey, String),
    Atom(String, bool),
}

fn single_string(con: &FCon) -> Option<&String> {
    match &con.val {
        Some(VSet::Str(StrSet::In(s))) if s.len() == 1 => s.iter().next(),
        _ => None,
    }
}

/// The index key set of an earlier conjunction.
fn signature(d: &Conj) -> Vec<IKey> {
    let mut keys: Vec<IKey> = d
        .fields
        .iter()
        .map(|(k, con)| match single_string(con) {
            Some(s) => IKey::FieldIs(k.clone(), s.clone()),
            None => IKey::Field(k.clone()),
        })
        .chain(d.atoms.iter().map(|(t, (v, _))| IKey::Atom(t.clone(), *v)))
        .collect();
    keys.sort();
    keys
}

/// The keys a conjunction offers, one group per constraint: an implied
/// conjunction's signature takes at most one key from each group.
fn offers(c: &Conj) -> Vec<Vec<IKey>> {
    c.fields
        .iter()
        .map(|(k, con)| {
            let mut opts = vec![IKey::Field(k.clone())];
            if let Some(s) = single_string(con) {
                opts.push(IKey::FieldIs(k.clone(), s.clone()));
            }
            opts
        })
        .chain(
            c.atoms
                .iter()
                .map(|(t, (v, _))| vec![IKey::Atom(t.clone(), *v)]),
        )
        .collect()
}

struct Index<'r> {
    /// Signature → (rule index, conjunction).
    by_signature: BTreeMap<Vec<IKey>, Vec<(usize, Conj)>>,
    rules: &'r [CRule],
    budget: usize,
}

impl Index<'_> {
    /// The earliest rule with a conjunction that `c` implies.
    fn implier(&mut self, c: &Conj) -> Option<usize> {
        let groups = offers(c);
        let combos = groups
            .iter()
            .try_fold(1usize, |n, g| n.checked_mul(g.len() + 1))
            .filter(|&n| n <= MAX_COMBINATIONS)?;
        let mut best: Option<usize> = None;
        let mut tests = 0usize;
        let mut pick = vec![0usize; groups.len()];
        let mut keys = Vec::with_capacity(groups.len());
        for _ in 0..combos {
            keys.clear();
            for (g, &p) in groups.iter().zip(&pick) {
                if p > 0 {
                    keys.push(g[p - 1].clone());
                }
            }
            keys.sort();
            if let Some(cands) = self.by_signature.get(&keys) {
                for (rule, d) in cands {
                    if best.is_some_and(|b| b <= *rule) {
                        break;
                    }
                    if self.budget == 0 || tests == MAX_TESTS_PER_CONJUNCTION {
                        return best;
                    }
                    self.budget -= 1;
                    tests += 1;
                    if c.implies(d) {
                        best = Some(*rule);
                        break;
                    }
                }
            }
            // Next combination (mixed-radix counter).
            for (g, p) in groups.iter().zip(pick.iter_mut()) {
                *p += 1;
                if *p <= g.len() {
                    break;
                }
                *p = 0;
            }
        }
        best
    }

    fn where_is(&self, rule: usize) -> String {
        let r = &self.rules[rule];
        format!("`{}` (line {})", r.name, r.pos.line)
    }
}

// ----------------------------------------------------------------- check

fn literal_text(lits: &[Literal<'_>], i: usize) -> String {
    let (leaf, positive) = lits[i];
    if positive {
        format!("`{}`", leaf.text)
    } else {
        format!("`not {}`", leaf.text)
    }
}

/// Lists `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn later(a: Pos, b: Pos) -> Pos {
    if (b.line, b.col) > (a.line, a.col) {
        b
    } else {
        a
    }
}

/// Reports the first rule that can never fire (see the module docs).
pub(crate) fn check(asts: &[RuleAst], rules: &[CRule]) -> Result<()> {
    let mut index = Index {
        by_signature: BTreeMap::new(),
        rules,
        budget: MAX_IMPLICATION_TESTS,
    };
    let mut texts: BTreeMap<String, usize> = BTreeMap::new();
    for (j, (ast, rule)) in asts.iter().zip(rules).enumerate() {
        let text = cond_text(&ast.when);
        if let Some(&i) = texts.get(&text) {
            return Err(error_at(
                rule.pos,
                format!(
                    "rule `{}` can never fire: it has the same condition as rule {}, which comes first (remove one, or merge their actions)",
                    rule.name,
                    index.where_is(i)
                ),
            ));
        }
        texts.insert(text, j);
        let Some(dnf) = dnf(&rule.cond, true) else {
            continue;
        };
        let Some(conjs) = dnf
            .iter()
            .map(|lits| Conj::build(lits))
            .collect::<Option<Vec<Conj>>>()
        else {
            continue;
        };
        // A contradiction: every way the condition could hold is impossible.
        let first_conflict = dnf
            .iter()
            .zip(&conjs)
            .find_map(|(l, c)| c.conflict.as_ref().map(|k| (l, k)));
        if let (true, Some((lits, conflict))) =
            (conjs.iter().all(|c| c.conflict.is_some()), first_conflict)
        {
            let named: Vec<String> = conflict.iter().map(|&i| literal_text(lits, i)).collect();
            let pos = conflict
                .iter()
                .map(|&i| lits[i].0.pos)
                .fold(rule.pos, later);
            let why = match named.len() {
                1 => format!("{} is never true", named[0]),
                2 => format!("{} cannot both be true", and_list(&named)),
                _ => format!("{} cannot all be true", and_list(&named)),
            };
            let whole = if conjs.len() > 1 {
                " (nor can any other way its condition could hold)"
            } else {
                ""
            };
            return Err(error_at(
                pos,
                format!("rule `{}` can never fire: {why}{whole}", rule.name),
            ));
        }
        // Shadowed: every way it could hold is taken by an earlier rule.
        let mut by = BTreeSet::new();
        let mut covered = true;
        for c in conjs.iter().filter(|c| c.conflict.is_none()) {
            match index.implier(c) {
                Some(i) => {
                    by.insert(i);
                }
                None => {
                    covered = false;
                    break;
                }
            }
        }
        if covered && !by.is_empty() {
            let names: Vec<String> = by.iter().map(|&i| index.where_is(i)).collect();
            let msg = if names.len() == 1 {
                format!(
                    "rule `{}` can never fire: rule {} comes first and fires whenever it would (move `{}` above it, or remove it)",
                    rule.name, names[0], rule.name
                )
            } else {
                format!(
                    "rule `{}` can never fire: rules {} come first and together fire whenever it would (move `{}` above them, or remove it)",
                    rule.name,
                    and_list(&names),
                    rule.name
                )
            };
            return Err(error_at(rule.pos, msg));
        }
        if conjs.iter().any(Conj::is_tautology) {
            return Err(error_at(
                rule.pos,
                format!(
                    "rule `{}` always fires (its condition is always true), so no later rule and not `default` can ever be used; make its action the `default`",
                    rule.name
                ),
            ));
        }
        for c in conjs {
            if c.conflict.is_none() {
                index
                    .by_signature
                    .entry(signature(&c))
                    .or_default()
                    .push((j, c));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(op: CmpOp, x: f64) -> NumSet {
        NumSet::cmp(op, x)
    }

    #[test]
    fn number_sets_complement_intersect_and_subset() {
        let ge2 = num(CmpOp::Ge, 2.0);
        let lt2 = num(CmpOp::Lt, 2.0);
        assert!(ge2.intersect(&lt2).is_empty());
        assert_eq!(ge2.complement().ivs, lt2.ivs);
        assert!(
            ge2.complement().nan,
            "NaN >= 2 is false, so NaN is in the complement"
        );
        assert!(num(CmpOp::Ge, 3.0).is_subset(&ge2));
        assert!(!ge2.is_subset(&num(CmpOp::Ge, 3.0)));
        assert!(num(CmpOp::Eq, 2.0).is_subset(&ge2));
        assert!(!num(CmpOp::Ne, 2.0).is_subset(&num(CmpOp::Lt, 2.0)));
        assert!(num(CmpOp::Gt, 5.0)
            .intersect(&num(CmpOp::Lt, 3.0))
            .is_empty());
        assert!(!num(CmpOp::Ge, 5.0)
            .intersect(&num(CmpOp::Le, 5.0))
            .is_empty());
        assert!(num(CmpOp::Gt, 5.0)
            .intersect(&num(CmpOp::Le, 5.0))
            .is_empty());
        // Not-equal includes NaN, and the infinities.
        let ne = num(CmpOp::Ne, 1.0);
        assert!(ne.nan);
        assert!(NumSet::universe().complement().is_empty());
        assert!(ne.complement().is_subset(&num(CmpOp::Eq, 1.0)));
        let union = NumSet::from_ivs(
            vec![num(CmpOp::Lt, 1.0).ivs[0], num(CmpOp::Ge, 1.0).ivs[0]],
            true,
        );
        assert_eq!(union, NumSet::universe());
    }

    #[test]
    fn subset_agrees_with_intersecting_the_complement() {
        let ops = [
            CmpOp::Eq,
            CmpOp::Ne,
            CmpOp::Lt,
            CmpOp::Le,
            CmpOp::Gt,
            CmpOp::Ge,
        ];
        let mut sets = Vec::new();
        for op in ops {
            for x in [1.0, 2.0, f64::INFINITY] {
                let s = num(op, x);
                sets.push(s.complement());
                sets.push(s);
            }
        }
        sets.push(NumSet::from_ivs(
            vec![NumSet::point(1.0), NumSet::point(3.0)],
            false,
        ));
        let n = sets.len();
        for i in 0..n {
            for j in 0..n {
                let c = sets[i].intersect(&sets[j]);
                for (a, b) in [(&sets[i], &sets[j]), (&c, &sets[i]), (&sets[j], &c)] {
                    assert_eq!(
                        a.is_subset(b),
                        a.intersect(&b.complement()).is_empty(),
                        "{a:?} ⊆ {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn string_sets() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>();
        let a = StrSet::In(s(&["a"]));
        let not_a = StrSet::NotIn(s(&["a"]));
        assert!(a.intersect(&not_a).is_empty());
        assert!(StrSet::In(s(&["b"])).is_subset(&not_a));
        assert!(!not_a.is_subset(&StrSet::In(s(&["b"]))));
        let closed =
            StrSet::NotIn(s(&["answer"])).closed(Some(&["answer", "clarify", "no_answer"]));
        assert_eq!(closed, StrSet::In(s(&["clarify", "no_answer"])));
    }
}
