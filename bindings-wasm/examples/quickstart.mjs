// The Rust quickstart (examples/rust/quickstart.rs) in Node, through the npm
// package built in bindings-wasm/pkg:
//
//   bindings-wasm/build.sh --demo       # the package, and examples/web/shop.kefu
//   node bindings-wasm/examples/quickstart.mjs [bundle.kefu]
//
// In an app, import from 'kefu' instead of the relative path.
import { readFileSync } from 'node:fs';
import { init, Bot, KefuError } from '../pkg/index.js';

await init(); // Node reads kefu_wasm_bg.wasm from disk

// Load a bundle trained by `kefu train` (or by Bot.train(...).toBytes()).
const bundlePath = process.argv[2] ?? new URL('../../examples/web/shop.kefu', import.meta.url);
const shop = Bot.fromBytes(readFileSync(bundlePath));

// Its definition is plain JSON: edit it and train a new bot in the process.
const definition = shop.definition();
definition.faq = definition.faq.filter((entry) => entry.id !== 'customs-duties');
const t0 = performance.now();
const bot = Bot.train(definition, { seed: 42 });
console.log(`trained ${Object.keys(definition.intents).length} intents, ${definition.faq.length} FAQ entries in ${(performance.now() - t0).toFixed(0)} ms`);

// Analyze a message with what the app knows about the conversation.
const a = bot.analyze('我要退貨，訂單 SO-20261234', { channel: 'web', now: '2026-11-20T03:00:00Z' });
console.log(`language ${a.language.code} ${a.language.script}`);
console.log(`intent   ${a.intent.top} (${a.intent.confidence.toFixed(2)})`);
console.log(`decision ${a.decision.action} via rule ${a.decision.rule}`);
console.log(`reply    ${a.decision.reply ?? ''}`);

// Errors are typed and name the place.
try {
  bot.analyze('hi', { customer: { tier: 3 } });
} catch (e) {
  if (!(e instanceof KefuError)) throw e;
  console.log(`error    ${e.name} (code ${e.code}): ${e.message}`);
}

bot.free();
shop.free();
