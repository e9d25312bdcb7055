// Determinism across platforms (issue 12): the demo bot trained natively
// (x86_64, examples/rust/native_analyses.rs, run by tests/run.sh into
// KEFU_NATIVE_DIR) and trained here under wasm32 from the same definition
// and seed gives a byte-identical bundle, and the two bots' analyses of every
// fixture and demo message are equal.
//
// Numbers: the native side wrote JSON (f32 fields printed in their shortest
// f32 form), the WASM side hands f32 fields to JS widened exactly to f64. Two
// numbers are equal when they are the same f64, or when the native one,
// rounded to f32, is exactly the WASM one — the same f32 bits. No tolerance.
// Objects must have exactly the same keys (a missing key is not `null`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { kefu } from './helpers.mjs';

const { Bot } = kefu;
const dir = process.env.KEFU_NATIVE_DIR;

/** The first difference between `native` and `wasm`, or null. */
function diff(native, wasm, at = '') {
  if (typeof native === 'number' && typeof wasm === 'number') {
    if (native === wasm || Math.fround(native) === wasm) return null;
    return `${at}: native ${native}, wasm ${wasm}`;
  }
  if (native === null || wasm === null || typeof native !== 'object' || typeof wasm !== 'object') {
    return native === wasm ? null : `${at}: native ${JSON.stringify(native)}, wasm ${JSON.stringify(wasm)}`;
  }
  if (Array.isArray(native) !== Array.isArray(wasm)) return `${at}: array vs object`;
  const [nk, wk] = [Object.keys(native).sort(), Object.keys(wasm).sort()];
  if (nk.join() !== wk.join()) return `${at}: keys native ${nk.join()}, wasm ${wk.join()}`;
  for (const k of nk) {
    const d = diff(native[k], wasm[k], `${at}.${k}`);
    if (d) return d;
  }
  return null;
}

test('the number comparison is exact', () => {
  assert.equal(diff(0.1, Math.fround(0.1)), null);
  assert.notEqual(diff(0.1, 0.1000001), null);
  assert.notEqual(diff({ a: [1, 2] }, { a: [1, 3] }), null);
  assert.notEqual(diff({ a: 'x' }, { a: 'y' }), null);
  assert.notEqual(diff({ a: 1, b: null }, { a: 1 }), null, 'a missing key is not null');
});

test('native (x86_64) and wasm32 training: byte-identical bundles, equal analyses', () => {
  assert.ok(dir, 'KEFU_NATIVE_DIR is not set: run bindings-wasm/tests/run.sh, which writes it');
  const nativeBundle = new Uint8Array(readFileSync(path.join(dir, 'shop.kefu')));
  const definition = readFileSync(path.join(dir, 'definition.json'), 'utf8');
  const native = JSON.parse(readFileSync(path.join(dir, 'analyses.json'), 'utf8'));
  const bot = Bot.train(definition, { seed: native.seed });
  try {
    const wasmBundle = bot.toBytes();
    assert.equal(wasmBundle.length, nativeBundle.length, 'bundle sizes differ');
    assert.ok(Buffer.from(wasmBundle).equals(Buffer.from(nativeBundle)), 'bundles differ');
    assert.ok(native.messages.length >= 30, `only ${native.messages.length} native analyses`);
    const bad = [];
    for (const m of native.messages) {
      const ctx = m.context ?? {};
      const a = bot.analyze(m.text, 'now' in ctx ? ctx : { ...ctx, now: null });
      const d = diff(m.analysis, a, m.name);
      if (d) bad.push(d);
    }
    assert.deepEqual(bad, [], `${bad.length} analyses differ between x86_64 and wasm32`);
  } finally {
    bot.free();
  }
});
