// The workload of the WASM benches (bench.mjs, fixed.mjs): the package,
// the demo bot's bundle, and the messages analyzed, each with its context
// (so `now` is given, as in an app): the demo conversation
// (examples/shop/demo.jsonl), then the fixture messages
// (examples/fixtures/shop_cases.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package (`KEFU_WASM_PKG`, default bindings-wasm/pkg), not yet initialized. */
export function importPackage() {
  return import(path.join(process.env.KEFU_WASM_PKG ?? path.join(root, 'bindings-wasm', 'pkg'), 'index.js'));
}

/** The demo bot's bundle (`KEFU_SHOP_BUNDLE`, default examples/web/shop.kefu). */
export function shopBundle() {
  return new Uint8Array(readFileSync(process.env.KEFU_SHOP_BUNDLE ?? path.join(root, 'examples', 'web', 'shop.kefu')));
}

/** The fixture file. */
export function fixture() {
  return JSON.parse(readFileSync(path.join(root, 'examples', 'fixtures', 'shop_cases.json'), 'utf8'));
}

/** The messages analyzed: `{text, context}`, in a fixed order. */
export function messages() {
  const demo = readFileSync(path.join(root, 'examples', 'shop', 'demo.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  return [
    ...demo.map((m) => ({ text: m.text, context: m.context ?? {} })),
    ...fixture().cases.map((c) => ({ text: c.text, context: 'now' in (c.context ?? {}) ? c.context : { ...c.context, now: null } })),
  ];
}
