//! The analysis tape: how an [`Analysis`] crosses into JavaScript.
//!
//! Building a JS object field by field from Rust costs several calls across
//! the WASM boundary per field, and an analysis has a few hundred fields,
//! mostly in its decision trace. JSON text crosses once but makes V8 parse
//! keys and numbers back from text. The tape crosses once and carries only
//! the values: Rust writes them in the order of the result schema's fields,
//! and the wrapper's `decodeAnalysis` (in `js/index.js`) reads them in the
//! same order into object literals, so JavaScript never reads a key or an
//! op code. That is twice as fast to decode as a self-describing tape of
//! ops and keys, and four times cheaper to write than its serde encoding.
//!
//! The tape is one byte buffer:
//!
//! * bytes 0..8: `n`, the number of values, as a little-endian `u64`;
//! * bytes 8..8 + 8n: the values, little-endian `f64`;
//! * the rest: every string, concatenated in UTF-8, in the order the values
//!   use them.
//!
//! Values, by Rust type:
//!
//! | field | values |
//! |---|---|
//! | number (`f32` widened, integers) | the number |
//! | `bool` | 1 or 0 |
//! | `String`, enum name | its length in UTF-16 code units (its text is next in the strings), or a symbol |
//! | `Option<String>` | as a string, or −1 for `null` |
//! | symbol | −2 − its number |
//! | `Option` of a struct | 1 then the struct, or 0 for `null` |
//! | `Vec` | its length, then the items |
//! | struct | its fields in declaration order |
//!
//! The values start with the tape's new symbols: their count, then the
//! UTF-16 length of each (their text comes first in the strings).
//! `analyzeBatch`'s tape continues with the number of analyses, then each
//! analysis.
//!
//! **Symbols.** Most strings of an analysis are the bot's own: intent names,
//! FAQ ids, questions and answers, rule names and clauses, signals, enum
//! names. They are the bulk of its text, and the same from one message to
//! the next. The first time this module instance writes one, it numbers it
//! (a symbol, defined at the head of that tape) and later tapes send the
//! number; the decoder keeps the symbols' strings, so it neither decodes
//! nor allocates them again. Only those fields are symbols, never the
//! message's own text (the redacted text, entity texts, clause values);
//! the table stops growing at [`MAX_SYMBOLS`] strings or
//! [`MAX_SYMBOL_BYTES`] bytes, after which new strings are written out.
//!
//! The order here and in `decodeAnalysis` is the schema's declaration
//! order in `kefu::analysis`, and the objects are built with their keys in
//! that order, as serde writes them. Two tests hold the three together: a
//! Rust port of the decoder below must turn every analysis into what
//! `serde_json` makes of it, and the Node tests compare `analyze` with the
//! JSON of the same analysis (`bindings-wasm/tests/`).

use std::cell::RefCell;

use kefu::analysis::{
    Analysis, Decision, Entity, FaqResult, IntentResult, LanguageResult, SentimentResult,
};

/// Most symbols one module instance numbers.
pub const MAX_SYMBOLS: usize = 16_384;
/// Most bytes of symbol text one module instance keeps.
pub const MAX_SYMBOL_BYTES: usize = 4 << 20;

/// The symbol table of this module instance (the decoder's mirror is
/// `symbols` in `js/index.js`). WASM runs one thread per instance.
///
/// A hash table of its own rather than a `HashMap`: the strings looked up
/// are long (FAQ answers) and nearly all found, so [`sym_hash`] reads only
/// their length and three words of them, and a lookup compares the full
/// hash, then the bytes eight at a time ([`same`]). On wasm32 that is
/// several times cheaper than hashing every byte with foldhash.
#[derive(Default)]
struct Symbols {
    /// Open addressing, linear probing: 1 + the number of the symbol
    /// there, 0 for none; a power of two long, at most half full.
    slots: Vec<u32>,
    /// Each symbol's hash and text, by number.
    keys: Vec<(u64, Box<str>)>,
    bytes: usize,
}

impl Symbols {
    /// The number of `s` (whose hash is `h`), or the free slot where it
    /// would go.
    fn find(&self, s: &str, h: u64) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let mut i = (h >> 40) as usize & mask;
        loop {
            match self.slots[i].checked_sub(1) {
                None => return Err(i),
                Some(id) => {
                    let (kh, k) = &self.keys[id as usize];
                    if *kh == h && same(k.as_bytes(), s.as_bytes()) {
                        return Ok(id);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Numbers `s` (not in the table; `slot` is from [`Symbols::find`]).
    fn insert(&mut self, s: &str, h: u64, slot: usize) -> u32 {
        let id = self.keys.len() as u32;
        self.keys.push((h, s.into()));
        self.bytes += s.len();
        if self.keys.len() * 2 > self.slots.len() {
            // Grow (64 slots at first) and place every symbol again.
            self.slots = vec![0; (self.slots.len() * 2).max(64)];
            let mask = self.slots.len() - 1;
            for (n, (kh, _)) in self.keys.iter().enumerate() {
                let mut i = (kh >> 40) as usize & mask;
                while self.slots[i] != 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = n as u32 + 1;
            }
        } else {
            self.slots[slot] = id + 1;
        }
        id
    }
}

/// The little-endian `u64` of 8 bytes.
fn word(b: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(b);
    u64::from_le_bytes(w)
}

/// A hash of a symbol's length and of three words of it: its first, last
/// and middle 8 bytes (the bytes it has, when shorter). Strings alike in
/// those share a hash and are told apart by [`same`].
fn sym_hash(s: &[u8]) -> u64 {
    let n = s.len();
    let (a, b, c) = if n >= 8 {
        let mid = n / 2 - 4;
        (word(&s[..8]), word(&s[n - 8..]), word(&s[mid..mid + 8]))
    } else {
        let mut w = [0; 8];
        w[..n].copy_from_slice(s);
        (u64::from_le_bytes(w), 0, 0)
    };
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (a ^ (n as u64)).wrapping_mul(K) ^ b.rotate_left(21);
    let h = (h ^ (h >> 29)).wrapping_mul(K) ^ c.rotate_left(43);
    (h ^ (h >> 32)).wrapping_mul(K)
}

/// Whether two byte strings are equal, compared eight bytes at a time (a
/// byte loop in wasm32's `memcmp`); the last eight bytes cover what is left.
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return a == b;
    }
    a.chunks_exact(8)
        .zip(b.chunks_exact(8))
        .all(|(x, y)| word(x) == word(y))
        && word(&a[n - 8..]) == word(&b[n - 8..])
}

thread_local! {
    static SYMBOLS: RefCell<Symbols> = RefCell::new(Symbols::default());
}

/// Encodes one analysis (see the module docs).
pub fn encode_analysis(a: &Analysis) -> Vec<u8> {
    SYMBOLS.with(|symbols| {
        let mut symbols = symbols.borrow_mut();
        let mut w = Writer::new(1, &mut symbols);
        w.analysis(a);
        w.finish()
    })
}

/// Encodes analyses: their count, then each (see the module docs).
pub fn encode_analyses(all: &[Analysis]) -> Vec<u8> {
    SYMBOLS.with(|symbols| {
        let mut symbols = symbols.borrow_mut();
        let mut w = Writer::new(all.len(), &mut symbols);
        w.len(all.len());
        for a in all {
            w.analysis(a);
        }
        w.finish()
    })
}

/// The length of `s` in UTF-16 code units: one per char, two for chars
/// outside the BMP (whose UTF-8 lead byte is 0xF0 or more).
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.bytes()
        .map(|b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// The tape being written.
struct Writer<'s> {
    /// 16 bytes for the value count and the new symbols' count (written
    /// at the end), then the values so far, little-endian.
    out: Vec<u8>,
    text: String,
    symbols: &'s mut Symbols,
    /// The UTF-16 lengths of the symbols this tape defines, in number order.
    new_lens: Vec<f64>,
    /// Their text.
    new_text: String,
}

impl<'s> Writer<'s> {
    /// Sized for `analyses` analyses of about 200 values and 1 KB of text,
    /// so that the buffers rarely grow.
    fn new(analyses: usize, symbols: &'s mut Symbols) -> Self {
        let n = analyses.clamp(1, 1024);
        let mut out = Vec::with_capacity(16 + (256 * 8 + 1024) * n);
        out.resize(16, 0);
        Writer {
            out,
            text: String::with_capacity(1024 * n),
            symbols,
            new_lens: Vec::new(),
            new_text: String::new(),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        let values = (self.out.len() - 16) / 8;
        let n = 1 + self.new_lens.len() + values;
        if self.new_lens.is_empty() {
            // The usual case: the values are in place, after a zero count
            // of new symbols (0.0 is eight zero bytes).
            self.out[..8].copy_from_slice(&(n as u64).to_le_bytes());
            self.out.extend_from_slice(self.text.as_bytes());
            return self.out;
        }
        let mut out = Vec::with_capacity(8 + n * 8 + self.new_text.len() + self.text.len());
        out.extend_from_slice(&(n as u64).to_le_bytes());
        let head = self.new_lens.len() as f64;
        for v in std::iter::once(&head).chain(&self.new_lens) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.out[16..]);
        out.extend_from_slice(self.new_text.as_bytes());
        out.extend_from_slice(self.text.as_bytes());
        out
    }

    /// A string of the bot's own (see the module docs): by number once
    /// it has one.
    fn sym(&mut self, s: &str) {
        let h = sym_hash(s.as_bytes());
        match self.symbols.find(s, h) {
            Ok(id) => self.num(-2.0 - f64::from(id)),
            Err(slot) => self.new_sym(s, h, slot),
        }
    }

    /// A string of the bot's own met for the first time: numbered, unless
    /// the table is full.
    #[cold]
    #[inline(never)]
    fn new_sym(&mut self, s: &str, h: u64, slot: usize) {
        let table = &mut *self.symbols;
        if table.keys.len() >= MAX_SYMBOLS || table.bytes + s.len() > MAX_SYMBOL_BYTES {
            return self.str(s);
        }
        let id = table.insert(s, h, slot);
        self.new_lens.push(utf16_len(s) as f64);
        self.new_text.push_str(s);
        self.num(-2.0 - f64::from(id));
    }

    fn opt_sym(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.sym(s),
            None => self.num(-1.0),
        }
    }

    fn syms(&mut self, v: &[String]) {
        self.len(v.len());
        for s in v {
            self.sym(s);
        }
    }

    fn num(&mut self, v: f64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn f32(&mut self, v: f32) {
        self.num(f64::from(v));
    }

    fn flag(&mut self, b: bool) {
        self.num(if b { 1.0 } else { 0.0 });
    }

    /// A length or an offset: a `usize` of a message in memory, far below
    /// 2^53, so exact as an `f64`.
    fn len(&mut self, n: usize) {
        self.num(n as f64);
    }

    fn str(&mut self, s: &str) {
        self.len(utf16_len(s));
        self.text.push_str(s);
    }

    fn analysis(&mut self, a: &Analysis) {
        self.num(f64::from(a.schema));
        self.language(&a.language);
        self.intent(&a.intent);
        self.faq(&a.faq);
        self.sentiment(&a.sentiment);
        self.len(a.entities.len());
        for e in &a.entities {
            self.entity(e);
        }
        self.str(&a.redacted_text);
        self.decision(&a.decision);
    }

    fn language(&mut self, l: &LanguageResult) {
        self.sym(&l.code);
        self.opt_sym(l.script.as_deref());
        self.sym(&l.reply_language);
        self.f32(l.confidence);
        self.flag(l.reliable);
        match &l.secondary {
            Some(s) => {
                self.flag(true);
                self.sym(&s.code);
                self.opt_sym(s.script.as_deref());
                self.f32(s.share);
            }
            None => self.flag(false),
        }
    }

    fn intent(&mut self, i: &IntentResult) {
        self.opt_sym(i.top.as_deref());
        self.f32(i.confidence);
        self.flag(i.out_of_scope);
        self.flag(i.ambiguous);
        self.opt_sym(i.oos_reason.as_deref());
        self.len(i.ranking.len());
        for r in &i.ranking {
            self.sym(&r.intent);
            self.f32(r.confidence);
        }
    }

    fn faq(&mut self, f: &FaqResult) {
        self.sym(f.status.as_str());
        self.len(f.hits.len());
        for h in &f.hits {
            self.sym(&h.id);
            self.f32(h.score);
            self.sym(&h.question);
            self.sym(&h.answer);
        }
    }

    fn sentiment(&mut self, s: &SentimentResult) {
        self.f32(s.score);
        self.sym(s.label.as_str());
        let e = &s.emotions;
        for v in [e.anger, e.anxiety, e.sadness, e.joy, e.gratitude] {
            self.f32(v);
        }
        self.num(f64::from(s.escalation));
        self.syms(&s.signals);
    }

    fn entity(&mut self, e: &Entity) {
        self.sym(&e.kind);
        self.len(e.start);
        self.len(e.end);
        self.len(e.char_start);
        self.len(e.char_end);
        self.str(&e.text);
        self.str(&e.value);
        self.flag(e.redacted);
    }

    fn decision(&mut self, d: &Decision) {
        self.sym(d.action.as_str());
        self.opt_sym(d.queue.as_deref());
        self.num(f64::from(d.priority));
        self.syms(&d.skills);
        self.syms(&d.preferred_skills);
        self.opt_sym(d.reply.as_deref());
        self.syms(&d.tags);
        self.opt_sym(d.script.as_deref());
        self.flag(d.locked);
        self.sym(&d.rule);
        // Read borrowed: the rules' names and clauses are the policy's own
        // strings, and each value is rendered straight into the text.
        self.len(d.trace.len());
        for step in d.trace.iter_ref() {
            self.sym(step.rule());
            self.flag(step.matched());
            let clauses = step.clauses();
            self.len(clauses.len());
            for c in clauses {
                self.sym(c.clause());
                let start = self.text.len();
                c.write_value(&mut self.text);
                self.len(utf16_len(&self.text[start..]));
                self.flag(c.result());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The encoder against a Rust port of the wrapper's `decodeAnalysis`:
    //! every analysis must decode to what `serde_json` makes of it.
    use super::*;
    use serde::Serialize;
    use serde_json::{json, Map, Value};

    /// Reads a tape like `decodeAnalysis` in `js/index.js`, with the
    /// symbols of the tapes read before.
    struct Reader<'a> {
        values: Vec<f64>,
        text: Vec<u16>,
        i: usize,
        p: usize,
        symbols: &'a mut Vec<String>,
    }

    impl<'a> Reader<'a> {
        fn new(bytes: &[u8], symbols: &'a mut Vec<String>) -> Self {
            let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
            let values = bytes[8..8 + n * 8]
                .chunks(8)
                .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
                .collect();
            let text = std::str::from_utf8(&bytes[8 + n * 8..])
                .unwrap()
                .encode_utf16()
                .collect();
            let mut r = Reader {
                values,
                text,
                i: 0,
                p: 0,
                symbols,
            };
            for _ in 0..r.next() as usize {
                let n = r.next() as usize;
                let s = String::from_utf16(&r.text[r.p..r.p + n]).unwrap();
                r.p += n;
                r.symbols.push(s);
            }
            r
        }

        fn done(&self) {
            assert_eq!(self.i, self.values.len(), "values left over");
            assert_eq!(self.p, self.text.len(), "text left over");
        }

        fn next(&mut self) -> f64 {
            self.i += 1;
            self.values[self.i - 1]
        }

        fn num(&mut self) -> Value {
            json!(self.next())
        }

        fn flag(&mut self) -> Value {
            Value::Bool(self.next() == 1.0)
        }

        fn str(&mut self) -> Value {
            let n = self.next();
            if n == -1.0 {
                return Value::Null;
            }
            if n < 0.0 {
                return Value::String(self.symbols[(-2.0 - n) as usize].clone());
            }
            let s = String::from_utf16(&self.text[self.p..self.p + n as usize]).unwrap();
            self.p += n as usize;
            Value::String(s)
        }

        fn list(&mut self, mut item: impl FnMut(&mut Self) -> Value) -> Value {
            let n = self.next() as usize;
            Value::Array((0..n).map(|_| item(self)).collect())
        }

        fn obj(fields: Vec<(&str, Value)>) -> Value {
            let mut o = Map::new();
            for (k, v) in fields {
                o.insert(k.to_string(), v);
            }
            Value::Object(o)
        }

        fn analysis(&mut self) -> Value {
            let schema = self.num();
            let language = Self::obj(vec![
                ("code", self.str()),
                ("script", self.str()),
                ("reply_language", self.str()),
                ("confidence", self.num()),
                ("reliable", self.flag()),
                ("secondary", {
                    if self.next() == 1.0 {
                        Self::obj(vec![
                            ("code", self.str()),
                            ("script", self.str()),
                            ("share", self.num()),
                        ])
                    } else {
                        Value::Null
                    }
                }),
            ]);
            let intent = Self::obj(vec![
                ("top", self.str()),
                ("confidence", self.num()),
                ("out_of_scope", self.flag()),
                ("ambiguous", self.flag()),
                ("oos_reason", self.str()),
                (
                    "ranking",
                    self.list(|r| Self::obj(vec![("intent", r.str()), ("confidence", r.num())])),
                ),
            ]);
            let faq = Self::obj(vec![
                ("status", self.str()),
                (
                    "hits",
                    self.list(|r| {
                        Self::obj(vec![
                            ("id", r.str()),
                            ("score", r.num()),
                            ("question", r.str()),
                            ("answer", r.str()),
                        ])
                    }),
                ),
            ]);
            let sentiment = Self::obj(vec![
                ("score", self.num()),
                ("label", self.str()),
                (
                    "emotions",
                    Self::obj(vec![
                        ("anger", self.num()),
                        ("anxiety", self.num()),
                        ("sadness", self.num()),
                        ("joy", self.num()),
                        ("gratitude", self.num()),
                    ]),
                ),
                ("escalation", self.num()),
                ("signals", self.list(Self::str)),
            ]);
            let entities = self.list(|r| {
                Self::obj(vec![
                    ("kind", r.str()),
                    ("start", r.num()),
                    ("end", r.num()),
                    ("char_start", r.num()),
                    ("char_end", r.num()),
                    ("text", r.str()),
                    ("value", r.str()),
                    ("redacted", r.flag()),
                ])
            });
            let redacted_text = self.str();
            let decision = Self::obj(vec![
                ("action", self.str()),
                ("queue", self.str()),
                ("priority", self.num()),
                ("skills", self.list(Self::str)),
                ("preferred_skills", self.list(Self::str)),
                ("reply", self.str()),
                ("tags", self.list(Self::str)),
                ("script", self.str()),
                ("locked", self.flag()),
                ("rule", self.str()),
                (
                    "trace",
                    self.list(|r| {
                        Self::obj(vec![
                            ("rule", r.str()),
                            ("matched", r.flag()),
                            (
                                "clauses",
                                r.list(|r| {
                                    Self::obj(vec![
                                        ("clause", r.str()),
                                        ("value", r.str()),
                                        ("result", r.flag()),
                                    ])
                                }),
                            ),
                        ])
                    }),
                ),
            ]);
            Self::obj(vec![
                ("schema", schema),
                ("language", language),
                ("intent", intent),
                ("faq", faq),
                ("sentiment", sentiment),
                ("entities", entities),
                ("redacted_text", redacted_text),
                ("decision", decision),
            ])
        }
    }

    /// `serde_json::to_value(v)` with every number as an `f64`: JavaScript
    /// has one number type.
    fn expected<T: Serialize>(v: &T) -> Value {
        fn floats(v: Value) -> Value {
            match v {
                Value::Number(n) => json!(n.as_f64().unwrap()),
                Value::Array(a) => Value::Array(a.into_iter().map(floats).collect()),
                Value::Object(o) => {
                    Value::Object(o.into_iter().map(|(k, v)| (k, floats(v))).collect())
                }
                other => other,
            }
        }
        floats(serde_json::to_value(v).unwrap())
    }

    #[test]
    fn analyses_decode_to_what_serde_json_makes_of_them() {
        let def = r#"{"languages": ["en", "zh"],
            "intents": {"refund": {"examples": {"en": ["I want a refund", "refund my order"],
                                                "zh": ["我要退款", "退貨退款"]}},
                        "track": {"examples": {"en": ["where is my parcel", "track my order"],
                                               "zh": ["我的包裹在哪", "查詢物流"]}}},
            "faq": [{"id": "ship", "questions": {"en": ["How long does shipping take?"]},
                     "answer": {"en": "3 to 5 days 🚚"}}]}"#;
        let bot = crate::train(def, 7).unwrap();
        let mut all = Vec::new();
        let mut symbols = Vec::new();
        let mut sizes = Vec::new();
        for text in [
            "where is my parcel SO-20261234? mail me at a@b.co",
            "我要退款！！😡 I want a refund now",
            "how long does shipping take",
            "",
            "?",
            "𝄞 music",
        ] {
            let a = bot.try_analyze(&crate::message(text, "").unwrap()).unwrap();
            let tape = encode_analysis(&a);
            let mut r = Reader::new(&tape, &mut symbols);
            let got = r.analysis();
            r.done();
            assert_eq!(got, expected(&a), "{text}");
            // The same analysis again: every symbol is known now.
            let again = encode_analysis(&a);
            assert!(again.len() <= tape.len());
            let known = symbols.len();
            let mut r = Reader::new(&again, &mut symbols);
            assert_eq!((r.i, r.symbols.len()), (1, known), "no new symbols");
            assert_eq!(r.analysis(), expected(&a), "{text}, again");
            r.done();
            sizes.push((tape.len(), again.len()));
            all.push(a);
        }
        // FAQ answers and questions, intent names and rules are symbols.
        assert!(sizes[0].1 + 500 < sizes[0].0, "{sizes:?}");
        assert!(all.iter().any(|a| !a.entities.is_empty()));
        assert!(all.iter().any(|a| !a.decision.trace.is_empty()));
        assert!(all.iter().any(|a| !a.faq.hits.is_empty()));
        let mut r = Reader::new(&encode_analyses(&all), &mut symbols);
        let got = r.list(Reader::analysis);
        r.done();
        assert_eq!(got, expected(&all));
    }

    #[test]
    fn symbol_table_finds_what_it_numbered() {
        let mut table = Symbols::default();
        let words: Vec<String> = (0..300)
            .map(|i| match i % 4 {
                0 => format!("{i}"),
                1 => format!("same start, same end {i:>4} same end"),
                2 => "x".repeat(i),
                _ => format!("退貨 {i} 🙂"),
            })
            .chain(["".to_string(), "a".to_string()])
            .collect();
        for (n, w) in words.iter().enumerate() {
            let h = sym_hash(w.as_bytes());
            let slot = table.find(w, h).expect_err("not numbered yet");
            assert_eq!(table.insert(w, h, slot), n as u32);
        }
        for (n, w) in words.iter().enumerate() {
            assert_eq!(table.find(w, sym_hash(w.as_bytes())), Ok(n as u32), "{w}");
        }
        for w in [
            "ab",
            "x".repeat(300).as_str(),
            "same start, same end   1 same enD",
        ] {
            assert!(table.find(w, sym_hash(w.as_bytes())).is_err(), "{w}");
        }
        for (a, b) in [
            ("", ""),
            ("abc", "abd"),
            ("12345678", "12345679"),
            ("123456789", "023456789"),
        ] {
            assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b);
            assert!(same(b.as_bytes(), b.as_bytes()));
        }
        let long = "0123456789abcdefghij";
        for i in 0..long.len() {
            let mut other = long.as_bytes().to_vec();
            other[i] ^= 1;
            assert!(!same(long.as_bytes(), &other), "{i}");
        }
    }

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é中"), 2);
        assert_eq!(utf16_len("🙂x"), 3);
        for s in [
            "退貨 🙂 ¿dónde?",
            "𝄞𝄞",
            "a\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
    }
}
