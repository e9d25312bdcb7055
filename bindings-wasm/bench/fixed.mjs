// A fixed amount of analysis work in Node, for instruction counts
// (instructions.sh): loads the demo bot's bundle and analyzes the demo
// conversation and the fixture messages, with their contexts, round-robin,
// N times. Prints nothing.
//
//   node bindings-wasm/bench/fixed.mjs N
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const n = Number(process.argv[2]);
if (!Number.isSafeInteger(n) || n < 0) {
  console.error('usage: node bindings-wasm/bench/fixed.mjs N');
  process.exit(2);
}
const kefu = await import(path.join(process.env.KEFU_WASM_PKG ?? path.join(root, 'bindings-wasm', 'pkg'), 'index.js'));
await kefu.init();
const bot = kefu.Bot.fromBytes(new Uint8Array(readFileSync(path.join(root, 'examples', 'web', 'shop.kefu'))));
const fixture = JSON.parse(readFileSync(path.join(root, 'examples', 'fixtures', 'shop_cases.json'), 'utf8'));
const demo = readFileSync(path.join(root, 'examples', 'shop', 'demo.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
// The same messages, in the same order, as bench.mjs.
const messages = [
  ...demo.map((m) => ({ text: m.text, context: m.context ?? {} })),
  ...fixture.cases.map((c) => ({ text: c.text, context: 'now' in (c.context ?? {}) ? c.context : { ...c.context, now: null } })),
];
for (let i = 0; i < n; i++) {
  const m = messages[i % messages.length];
  bot.analyze(m.text, m.context);
}
bot.free();
