// A fixed amount of analysis work in Node, for instruction counts
// (instructions.sh): loads the demo bot's bundle and analyzes the demo
// conversation and the fixture messages, with their contexts, round-robin,
// N times. Prints nothing.
//
//   node bindings-wasm/bench/fixed.mjs N
import { importPackage, messages as readMessages, shopBundle } from './workload.mjs';

const n = Number(process.argv[2]);
if (!Number.isSafeInteger(n) || n < 0) {
  console.error('usage: node bindings-wasm/bench/fixed.mjs N');
  process.exit(2);
}
const kefu = await importPackage();
await kefu.init();
const bot = kefu.Bot.fromBytes(shopBundle());
// The same messages, in the same order, as bench.mjs.
const messages = readMessages();
for (let i = 0; i < n; i++) {
  const m = messages[i % messages.length];
  bot.analyze(m.text, m.context);
}
bot.free();
