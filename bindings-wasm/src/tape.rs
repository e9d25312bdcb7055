//! A compact encoding of serde values for one crossing into JavaScript.
//!
//! Building a JS object field by field from Rust costs several calls across
//! the WASM boundary per field (a key string, a value, a property set). An
//! analysis has a few hundred fields, mostly in its decision trace, so that
//! conversion took about a third of `analyze` in Node. A tape crosses once:
//! Rust writes the value as a flat list of numbers plus one string, and the
//! wrapper's `decodeTape` (in `js/index.js`) rebuilds the plain object in
//! JavaScript, where creating objects is cheap.
//!
//! The tape is one byte buffer:
//!
//! * bytes 0..8: `n`, the number of tape entries, as a little-endian `u64`;
//! * bytes 8..8 + 8n: the entries, little-endian `f64`;
//! * the rest: every string of the value, concatenated in UTF-8, in the
//!   order the entries use them.
//!
//! Entries start with the key definitions, then hold the value. Struct
//! field names are `&'static str`s, the same few dozen in every analysis:
//! each gets a number the first time this module instance writes it (op 7,
//! at the head of that tape), and later tapes refer to it by number, so the
//! decoder builds each key string once and never hashes it again. Map keys,
//! which are data, are written as strings.
//!
//! Entries are an op code, sometimes followed by operands:
//!
//! | op | meaning | operands |
//! |---|---|---|
//! | 0 | `null` | — |
//! | 1 | `false` | — |
//! | 2 | `true` | — |
//! | 3 | a number | its value |
//! | 4 | a string | its length in UTF-16 code units |
//! | 5 | an array | its length, then the items |
//! | 6 | an object | its field count, then (key, value) pairs; a key is op 4 (a string) or op 8 (a defined key) |
//! | 7 | define a key | its number, then its length as in op 4 |
//! | 8 | a defined key | its number |
//!
//! The mapping is that of `serde-wasm-bindgen`'s JSON-compatible
//! serializer, which it replaces: `None` and unit are `null`, maps are
//! objects with string keys, `f32` widens to `f64`, integers beyond 2^53 are
//! an error (JavaScript numbers cannot hold them), enums are externally
//! tagged as in JSON.

use foldhash::fast::FixedState;
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

thread_local! {
    /// The numbers of the struct field names written so far by this module
    /// instance, by address and length of the `&'static str` (two equal
    /// names at different addresses get two numbers, which is harmless).
    /// WASM runs one thread per instance, like the wrapper's key table.
    static KEYS: RefCell<HashMap<(usize, usize), u32, FixedState>> =
        const { RefCell::new(HashMap::with_hasher(FixedState::with_seed(0))) };
}

const NULL: f64 = 0.0;
const FALSE: f64 = 1.0;
const TRUE: f64 = 2.0;
const NUMBER: f64 = 3.0;
const STRING: f64 = 4.0;
const ARRAY: f64 = 5.0;
const OBJECT: f64 = 6.0;
const DEFINE_KEY: f64 = 7.0;
const KEY: f64 = 8.0;

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Encodes `value` as a tape (see the module docs).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, TapeError> {
    // Sized for one analysis (about 500 entries and 3 KB of text), so that
    // the buffers rarely grow while writing.
    let mut tape = Tape {
        entries: Vec::with_capacity(1024),
        text: String::with_capacity(8192),
        new_keys: Vec::new(),
    };
    value.serialize(&mut tape)?;
    let (defs, def_text) = KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        let mut defs = Vec::new();
        let mut text = String::new();
        for key in tape.new_keys.drain(..) {
            let id = keys.len() as u32;
            if let std::collections::hash_map::Entry::Vacant(v) =
                keys.entry((key.as_ptr() as usize, key.len()))
            {
                v.insert(id);
                defs.extend([DEFINE_KEY, f64::from(id), utf16_len(key) as f64]);
                text.push_str(key);
            }
        }
        (defs, text)
    });
    let n = defs.len() + tape.entries.len();
    let mut out = Vec::with_capacity(8 + n * 8 + def_text.len() + tape.text.len());
    out.extend_from_slice(&(n as u64).to_le_bytes());
    for e in defs.iter().chain(&tape.entries) {
        out.extend_from_slice(&e.to_le_bytes());
    }
    out.extend_from_slice(def_text.as_bytes());
    out.extend_from_slice(tape.text.as_bytes());
    Ok(out)
}

/// Why a value could not be encoded.
#[derive(Debug)]
pub struct TapeError(String);

impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TapeError {}

impl ser::Error for TapeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TapeError(msg.to_string())
    }
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
#[derive(Default)]
struct Tape {
    entries: Vec<f64>,
    text: String,
    /// Field names not yet numbered when met; numbered by [`encode`].
    new_keys: Vec<&'static str>,
}

impl Tape {
    fn string(&mut self, s: &str) {
        self.entries.push(STRING);
        self.entries.push(utf16_len(s) as f64);
        self.text.push_str(s);
    }

    /// A struct field name: by number when this instance has numbered it.
    fn key(&mut self, key: &'static str) {
        let known = KEYS.with(|keys| {
            keys.borrow()
                .get(&(key.as_ptr() as usize, key.len()))
                .copied()
        });
        match known {
            Some(id) => {
                self.entries.push(KEY);
                self.entries.push(f64::from(id));
            }
            None => {
                // Written as a plain string this time; numbered for next time.
                self.new_keys.push(key);
                self.string(key);
            }
        }
    }

    fn number(&mut self, v: f64) {
        self.entries.push(NUMBER);
        self.entries.push(v);
    }

    fn integer(&mut self, v: u64, negative: bool) -> Result<(), TapeError> {
        if v > MAX_SAFE_INTEGER {
            return Err(TapeError(format!(
                "the integer {}{v} is beyond JavaScript's safe range",
                if negative { "-" } else { "" }
            )));
        }
        self.number(if negative { -(v as f64) } else { v as f64 });
        Ok(())
    }

    /// Starts an array or object whose count is patched by [`Tape::close`].
    fn open(&mut self, op: f64) -> Compound<'_> {
        self.entries.push(op);
        let at = self.entries.len();
        self.entries.push(0.0);
        Compound {
            tape: self,
            at,
            count: 0,
        }
    }

    /// `{"variant": …}`: an object of one field, whose value follows.
    fn variant_tag(&mut self, variant: &'static str) {
        self.entries.push(OBJECT);
        self.entries.push(1.0);
        self.key(variant);
    }
}

/// An array or object being written; counts its items for the header.
struct Compound<'a> {
    tape: &'a mut Tape,
    at: usize,
    count: usize,
}

impl Compound<'_> {
    fn close(self) {
        self.tape.entries[self.at] = self.count as f64;
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TapeError> {
        value.serialize(&mut *self.tape)?;
        self.count += 1;
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.tape.key(key);
        self.item(value)
    }
}

impl<'a> ser::Serializer for &'a mut Tape {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), TapeError> {
        self.entries.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), TapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), TapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), TapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), TapeError> {
        self.integer(v.unsigned_abs(), v < 0)
    }
    fn serialize_i128(self, v: i128) -> Result<(), TapeError> {
        let magnitude = u64::try_from(v.unsigned_abs()).unwrap_or(u64::MAX);
        self.integer(magnitude, v < 0)
    }
    fn serialize_u8(self, v: u8) -> Result<(), TapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), TapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), TapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), TapeError> {
        self.integer(v, false)
    }
    fn serialize_u128(self, v: u128) -> Result<(), TapeError> {
        self.integer(u64::try_from(v).unwrap_or(u64::MAX), false)
    }
    fn serialize_f32(self, v: f32) -> Result<(), TapeError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), TapeError> {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), TapeError> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), TapeError> {
        let mut seq = self.open(ARRAY);
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        seq.close();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), TapeError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), TapeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), TapeError> {
        self.entries.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), TapeError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.variant_tag(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, TapeError> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, TapeError> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, TapeError> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, TapeError> {
        self.variant_tag(variant);
        Ok(self.open(ARRAY))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, TapeError> {
        Ok(self.open(OBJECT))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, TapeError> {
        Ok(self.open(OBJECT))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, TapeError> {
        self.variant_tag(variant);
        Ok(self.open(OBJECT))
    }
}

/// The compound traits whose elements are plain items: arrays.
macro_rules! items {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = TapeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TapeError> {
                self.item(value)
            }
            fn end(self) -> Result<(), TapeError> {
                self.close();
                Ok(())
            }
        }
    )*};
}

/// The compound traits whose elements are named fields: objects.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = TapeError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), TapeError> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), TapeError> {
                self.close();
                Ok(())
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);
fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = TapeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TapeError> {
        key.serialize(MapKey(&mut *self.tape))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TapeError> {
        self.item(value)
    }
    fn end(self) -> Result<(), TapeError> {
        self.close();
        Ok(())
    }
}

/// Integer map keys are written as their decimal text, as JSON does.
macro_rules! integer_keys {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), TapeError> {
            self.text(&v.to_string())
        }
    )*};
}

/// Writes a map key: JSON object keys are strings, so strings pass and
/// numbers, booleans and chars are written as their text, as JSON does.
struct MapKey<'a>(&'a mut Tape);

impl MapKey<'_> {
    fn text(self, s: &str) -> Result<(), TapeError> {
        self.0.string(s);
        Ok(())
    }
    fn unsupported(what: &str) -> Result<(), TapeError> {
        Err(TapeError(format!(
            "a map key must be a string, found {what}"
        )))
    }
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = ser::Impossible<(), TapeError>;
    type SerializeTuple = ser::Impossible<(), TapeError>;
    type SerializeTupleStruct = ser::Impossible<(), TapeError>;
    type SerializeTupleVariant = ser::Impossible<(), TapeError>;
    type SerializeMap = ser::Impossible<(), TapeError>;
    type SerializeStruct = ser::Impossible<(), TapeError>;
    type SerializeStructVariant = ser::Impossible<(), TapeError>;

    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.text(v)
    }
    fn serialize_char(self, v: char) -> Result<(), TapeError> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<(), TapeError> {
        self.text(if v { "true" } else { "false" })
    }
    integer_keys!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64
    );
    fn serialize_f32(self, _v: f32) -> Result<(), TapeError> {
        Self::unsupported("a float")
    }
    fn serialize_f64(self, _v: f64) -> Result<(), TapeError> {
        Self::unsupported("a float")
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), TapeError> {
        Self::unsupported("bytes")
    }
    fn serialize_none(self) -> Result<(), TapeError> {
        Self::unsupported("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), TapeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), TapeError> {
        Self::unsupported("null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), TapeError> {
        Self::unsupported("null")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), TapeError> {
        Self::unsupported("an enum")
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, TapeError> {
        Err(TapeError(
            "a map key must be a string, found an array".into(),
        ))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, TapeError> {
        Err(TapeError(
            "a map key must be a string, found an array".into(),
        ))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, TapeError> {
        Err(TapeError(
            "a map key must be a string, found an array".into(),
        ))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, TapeError> {
        Err(TapeError(
            "a map key must be a string, found an enum".into(),
        ))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, TapeError> {
        Err(TapeError(
            "a map key must be a string, found an object".into(),
        ))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, TapeError> {
        Err(TapeError(
            "a map key must be a string, found an object".into(),
        ))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, TapeError> {
        Err(TapeError(
            "a map key must be a string, found an enum".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    //! The encoder against a Rust port of the wrapper's `decodeTape`: every
    //! value must decode to what `serde_json` makes of it.
    use super::*;
    use serde::Serialize;
    use serde_json::{json, Map, Value};
    use std::collections::BTreeMap;

    /// Decodes like `decodeTape` in `js/index.js`, with its own key table
    /// (the thread's, as the module instance's in JavaScript).
    fn decode(bytes: &[u8], keys: &mut Vec<String>) -> Value {
        let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let t: Vec<f64> = bytes[8..8 + n * 8]
            .chunks(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let s: Vec<u16> = std::str::from_utf8(&bytes[8 + n * 8..])
            .unwrap()
            .encode_utf16()
            .collect();
        let (mut i, mut p) = (0, 0);
        let mut take = |p: &mut usize, len: f64| {
            let r = String::from_utf16(&s[*p..*p + len as usize]).unwrap();
            *p += len as usize;
            r
        };
        while t[i] == DEFINE_KEY {
            let id = t[i + 1] as usize;
            if keys.len() <= id {
                keys.resize(id + 1, String::new());
            }
            keys[id] = take(&mut p, t[i + 2]);
            i += 3;
        }
        fn value(
            t: &[f64],
            i: &mut usize,
            p: &mut usize,
            keys: &[String],
            take: &mut dyn FnMut(&mut usize, f64) -> String,
        ) -> Value {
            let op = t[*i];
            *i += 1;
            match op as u8 {
                0 => Value::Null,
                1 => Value::Bool(false),
                2 => Value::Bool(true),
                3 => {
                    *i += 1;
                    json!(t[*i - 1])
                }
                4 => {
                    *i += 1;
                    Value::String(take(p, t[*i - 1]))
                }
                5 => {
                    let len = t[*i] as usize;
                    *i += 1;
                    Value::Array((0..len).map(|_| value(t, i, p, keys, take)).collect())
                }
                6 => {
                    let len = t[*i] as usize;
                    *i += 1;
                    let mut o = Map::new();
                    for _ in 0..len {
                        let key = if t[*i] == KEY {
                            *i += 2;
                            keys[t[*i - 1] as usize].clone()
                        } else {
                            *i += 2;
                            take(p, t[*i - 1])
                        };
                        o.insert(key, value(t, i, p, keys, take));
                    }
                    Value::Object(o)
                }
                other => panic!("op {other}"),
            }
        }
        let v = value(&t, &mut i, &mut p, keys, &mut take);
        assert_eq!(i, n, "entries left over");
        assert_eq!(p, s.len(), "text left over");
        v
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

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Unit,
        Newtype(u8),
        Tuple(i32, bool),
        Struct { name: &'static str },
    }

    #[derive(Serialize)]
    struct Sample {
        text: String,
        emoji: &'static str,
        count: u32,
        delta: i64,
        score: f32,
        missing: Option<u8>,
        present: Option<&'static str>,
        kinds: Vec<Kind>,
        map: BTreeMap<String, f64>,
        numbered: BTreeMap<u16, bool>,
        pair: (u8, char),
        unit: (),
    }

    fn sample() -> Sample {
        Sample {
            text: "退貨 SO-20261234, ¿dónde está?".into(),
            emoji: "🙂 and 𝄞 are outside the BMP",
            count: 3,
            delta: -42,
            score: 0.75,
            missing: None,
            present: Some("yes"),
            kinds: vec![
                Kind::Unit,
                Kind::Newtype(7),
                Kind::Tuple(-1, true),
                Kind::Struct { name: "x" },
            ],
            map: BTreeMap::from([("a b".into(), 1.5), ("中".into(), -0.0)]),
            numbered: BTreeMap::from([(1, true), (20, false)]),
            pair: (9, 'é'),
            unit: (),
        }
    }

    #[test]
    fn decodes_to_what_serde_json_makes_of_the_value() {
        let mut keys = Vec::new();
        let expected = expected(&sample());
        // The first tape defines the field names, the second refers to them.
        let first = encode(&sample()).unwrap();
        assert_eq!(decode(&first, &mut keys), expected);
        let second = encode(&sample()).unwrap();
        assert!(second.len() < first.len(), "keys are not repeated");
        assert_eq!(decode(&second, &mut keys), expected);
        // Arrays of values, as analyzeBatch returns.
        let batch = encode(&vec![sample(), sample()]).unwrap();
        assert_eq!(
            decode(&batch, &mut keys),
            Value::Array(vec![expected.clone(), expected])
        );
    }

    #[test]
    fn real_analyses_round_trip() {
        let def = r#"{"languages": ["en", "zh"],
            "intents": {"refund": {"examples": {"en": ["I want a refund", "refund my order"],
                                                "zh": ["我要退款", "退貨退款"]}},
                        "track": {"examples": {"en": ["where is my parcel", "track my order"],
                                               "zh": ["我的包裹在哪", "查詢物流"]}}}}"#;
        let bot = crate::train(def, 7).unwrap();
        let mut keys = Vec::new();
        let mut all = Vec::new();
        for text in ["where is my parcel SO-20261234?", "我要退款！！😡", "", "?"] {
            let a = bot.try_analyze(&crate::message(text, "").unwrap()).unwrap();
            let tape = encode(&a).unwrap();
            assert_eq!(decode(&tape, &mut keys), expected(&a), "{text}");
            all.push(a);
        }
        let tape = encode(&all).unwrap();
        assert_eq!(decode(&tape, &mut keys), expected(&all));
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

    #[test]
    fn integers_beyond_javascript_numbers_are_errors() {
        let err = encode(&(1u64 << 53)).unwrap_err();
        assert!(err.to_string().contains("9007199254740992"), "{err}");
        assert!(encode(&-(1i64 << 53)).is_err());
        assert!(encode(&((1u64 << 53) - 1)).is_ok());
        let bad_key = BTreeMap::from([(vec![1u8], 1)]);
        let err = encode(&bad_key).unwrap_err();
        assert!(
            err.to_string().contains("map key must be a string"),
            "{err}"
        );
    }
}
