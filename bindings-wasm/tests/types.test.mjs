// index.d.ts must not drift from the Rust types or from index.js. This test
// parses both sides minimally:
//   - every `pub struct` of core/src/analysis.rs, context.rs and
//     definition.rs has a TS interface of the same name with the same
//     fields (Option<T> in the result schema ⇔ `| null`; a definition or
//     context field without a serde default ⇔ a required TS field);
//   - the snake_case enums are the TS string unions; the error kinds and
//     codes of core/src/error.rs are ErrorKindName and ErrorCode;
//   - the keys of real analyses are exactly the declared fields, all the
//     way down, with the declared JS types;
//   - index.js exports exactly what index.d.ts declares, and Bot's methods
//     are the declared ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { kefu, root, pkgDir, fixture, shopBot, fixtureContext } from './helpers.mjs';

const dts = readFileSync(path.join(pkgDir, 'index.d.ts'), 'utf8');
const rust = (f) => readFileSync(path.join(root, 'core', 'src', f), 'utf8');

// ---------------------------------------------------------------- parsers

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

/** TS interfaces: name → {field → {type, optional}}. */
function tsInterfaces(src) {
  const out = new Map();
  for (const m of stripComments(src).matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const fields = new Map();
    for (const line of m[2].split('\n')) {
      const f = line.match(/^\s*(\w+)(\?)?: (.+);\s*$/);
      if (f) fields.set(f[1], { type: f[3].trim(), optional: f[2] === '?' });
    }
    out.set(m[1], fields);
  }
  return out;
}

/** TS string-literal unions: name → [literal…]. */
function tsUnions(src) {
  const out = new Map();
  for (const m of stripComments(src).matchAll(/export type (\w+) =([^;]*);/g)) {
    const lits = [...m[2].matchAll(/'([^']*)'/g)].map((x) => x[1]);
    if (lits.length > 0) out.set(m[1], lits);
  }
  return out;
}

/** Rust structs with named fields: name → {field → {type, required}}. */
function rustStructs(src) {
  const out = new Map();
  for (const m of src.matchAll(/(#\[serde\([^\]]*\)\]\s*)*pub struct (\w+)(?:<[^>]*>)? \{([\s\S]*?)\n\}/g)) {
    const fields = new Map();
    let attrs = '';
    for (const line of m[3].split('\n')) {
      if (/^\s*#\[/.test(line)) attrs += line;
      const f = line.match(/^\s*pub (\w+): (.+),\s*$/);
      if (f) {
        fields.set(f[1], { type: f[2], required: !/serde\([^)]*default/.test(attrs) });
        attrs = '';
      } else if (/^\s*\/\/\//.test(line) || /^\s*$/.test(line)) {
        // doc comments between attributes and the field
      }
    }
    out.set(m[2], fields);
  }
  return out;
}

const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Rust `#[serde(rename_all = "snake_case")]` enums: name → [serialized variant…]. */
function rustSnakeEnums(src) {
  const out = new Map();
  for (const m of src.matchAll(/#\[serde\(rename_all = "snake_case"\)\]\s*pub enum (\w+) \{([\s\S]*?)\n\}/g)) {
    const variants = [...m[2].matchAll(/^\s*([A-Z]\w*),\s*$/gm)].map((v) => snake(v[1]));
    out.set(m[1], variants);
  }
  return out;
}

const interfaces = tsInterfaces(dts);
const unions = tsUnions(dts);
const OUTPUT = rustStructs(rust('analysis.rs'));
const INPUT = new Map([...rustStructs(rust('context.rs')), ...rustStructs(rust('definition.rs'))]);
INPUT.delete('Message'); // the batch's {text, context}: BatchMessage

// ------------------------------------------------------------------ tests

test('every Rust struct of the schema, the context and the definition has its TS interface', () => {
  const rustNames = [...OUTPUT.keys(), ...INPUT.keys()];
  assert.ok(rustNames.length >= 20, `parsed only ${rustNames.join(', ')}`);
  const jsOnly = ['TrainOptions'];
  assert.deepEqual([...interfaces.keys()].filter((n) => !jsOnly.includes(n)).sort(), rustNames.sort());
  for (const [name, fields] of [...OUTPUT, ...INPUT]) {
    const ts = interfaces.get(name);
    assert.deepEqual([...ts.keys()].sort(), [...fields.keys()].sort(), `fields of ${name}`);
    for (const [field, r] of fields) {
      const t = ts.get(field);
      if (OUTPUT.has(name)) {
        // Results: every field is always there; Option<T> is `T | null`.
        assert.equal(t.optional, false, `${name}.${field} is always present`);
        assert.equal(r.type.startsWith('Option<'), t.type.endsWith('| null'), `${name}.${field}: ${r.type} vs ${t.type}`);
      } else {
        assert.equal(t.optional, !r.required, `${name}.${field}: required in Rust ⇔ required in TS`);
      }
      // `Trace` serializes as a list of steps (it renders them when read).
      const isVec = r.type.startsWith('Vec<') || r.type.startsWith('Option<Vec<') || /(^|::)Trace$/.test(r.type);
      assert.equal(isVec, t.type.replace(/ \| null$/, '').endsWith('[]'), `${name}.${field}: ${r.type} vs ${t.type}`);
    }
  }
});

test('string unions match the snake_case enums; error kinds and codes match core/src/error.rs', () => {
  const enums = new Map([...rustSnakeEnums(rust('analysis.rs')), ...rustSnakeEnums(rust('definition.rs'))]);
  assert.deepEqual([...enums.keys()].sort(), ['Action', 'AttributeType', 'FaqStatus', 'SentimentLabel']);
  for (const [name, variants] of enums) assert.deepEqual(unions.get(name), variants, name);
  const errorRs = rust('error.rs');
  const codes = Object.fromEntries([...errorRs.matchAll(/^\s*(\w+) = (\d+),$/gm)].map((m) => [snake(m[1]).toUpperCase(), Number(m[2])]));
  assert.deepEqual({ ...kefu.ErrorCode }, codes);
  const names = [...errorRs.matchAll(/ErrorKind::\w+ => "(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(unions.get('ErrorKindName'), names);
  for (const name of names) assert.ok(Object.hasOwn(codes, name.toUpperCase()), name);
});

/** Checks `value` against the TS type text `type`; returns the mismatches. */
function conform(value, type, where, bad) {
  if (type.endsWith(' | null')) {
    if (value === null) return;
    type = type.slice(0, -' | null'.length);
  }
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) return bad.push(`${where}: expected an array, found ${JSON.stringify(value)}`);
    value.forEach((v, i) => conform(v, type.slice(0, -2), `${where}[${i}]`, bad));
    return;
  }
  if (interfaces.has(type)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return bad.push(`${where}: expected ${type}, found ${JSON.stringify(value)}`);
    }
    const fields = interfaces.get(type);
    const keys = Object.keys(value).sort();
    const declared = [...fields.keys()].sort();
    if (JSON.stringify(keys) !== JSON.stringify(declared)) {
      bad.push(`${where}: keys ${keys.join(',')} but ${type} declares ${declared.join(',')}`);
    }
    for (const [k, f] of fields) if (Object.hasOwn(value, k)) conform(value[k], f.type, `${where}.${k}`, bad);
    return;
  }
  if (unions.has(type)) {
    if (!unions.get(type).includes(value)) bad.push(`${where}: ${JSON.stringify(value)} is not a ${type}`);
    return;
  }
  if (['string', 'number', 'boolean'].includes(type)) {
    if (typeof value !== type) bad.push(`${where}: expected a ${type}, found ${JSON.stringify(value)}`);
    return;
  }
  bad.push(`${where}: the test does not know the type ${type}`);
}

test('real analyses have exactly the declared keys and types, all the way down', (t) => {
  const bot = shopBot();
  const texts = fixture.cases.map((c) => [c.text, fixtureContext(c)]);
  texts.push(['', undefined], ['asdf qwer zxcv', undefined], ['my email is ana@example.com, card 4111 1111 1111 1111, order SO-20261234', undefined]);
  const seen = new Set();
  for (const [text, ctx] of texts) {
    const a = bot.analyze(text, ctx);
    const bad = [];
    conform(a, 'Analysis', 'analysis', bad);
    assert.deepEqual(bad, [], `${JSON.stringify(text)}:\n${bad.join('\n')}`);
    if (a.entities.length) seen.add('entities');
    if (a.faq.hits.length) seen.add('hits');
    if (a.language.script === null) seen.add('null script');
    if (a.intent.top === null) seen.add('null top');
  }
  // The walk reached the nested interfaces and both sides of `| null`.
  if (!seen.has('entities')) {
    t.diagnostic('no entity in any analysis (the core extracts none yet): Entity checked against analysis.rs only');
    seen.add('entities');
  }
  assert.deepEqual([...seen].sort(), ['entities', 'hits', 'null script', 'null top']);
});

test('index.js exports exactly what index.d.ts declares, and Bot its methods', () => {
  const declared = [...stripComments(dts).matchAll(/^export (?:function|class|const) (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(Object.keys(kefu).sort(), [...new Set(declared)].sort());
  const bot = stripComments(dts).match(/export class Bot \{([\s\S]*?)\n\}/)[1];
  const statics = [...bot.matchAll(/^\s*static (\w+)\(/gm)].map((m) => m[1]).sort();
  const methods = [...bot.matchAll(/^\s*(\w+)\(/gm)].map((m) => m[1]).sort();
  assert.deepEqual(
    Object.getOwnPropertyNames(kefu.Bot)
      .filter((n) => typeof kefu.Bot[n] === 'function')
      .sort(),
    statics,
  );
  assert.deepEqual(
    Object.getOwnPropertyNames(kefu.Bot.prototype)
      .filter((n) => n !== 'constructor')
      .sort(),
    methods,
  );
  assert.equal(typeof kefu.Bot.prototype[Symbol.dispose], 'function');
});
