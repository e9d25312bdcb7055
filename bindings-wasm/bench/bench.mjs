// Speed of the WASM package in Node on the demo shop bot (a bench, not a
// test: no timed assertions).
//
//   bindings-wasm/build.sh --demo          # the package and examples/web/shop.kefu
//   node bindings-wasm/bench/bench.mjs [--json] [--seconds S]
//
// Measures: module load (init), loading the demo bot's bundle, training the
// demo bot from its definition (the fixture seed), and analyze / analyzeBatch
// throughput over the demo conversation (examples/shop/demo.jsonl) and the
// fixture messages, with their contexts (so `now` is given, as in an app).
import { fixture as readFixture, importPackage, messages as readMessages, shopBundle } from './workload.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const seconds = Number(args[args.indexOf('--seconds') + 1] ?? 0) || 2;

const t0 = performance.now();
const kefu = await importPackage();
await kefu.init();
const initMs = performance.now() - t0;

const bundle = shopBundle();
const fixture = readFixture();
const messages = readMessages();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU milliseconds of this process (user + system): less sensitive to other load than wall time. */
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timeRepeated(fn, warmup, runs) {
  for (let i = 0; i < warmup; i++) fn();
  const ms = [];
  const cpu0 = cpuMs();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return { median: median(ms), min: Math.min(...ms), cpu: (cpuMs() - cpu0) / runs };
}

const cold0 = performance.now();
const bot = kefu.Bot.fromBytes(bundle);
const fromBytesColdMs = performance.now() - cold0;
const definition = bot.definition();
const cold1 = performance.now();
kefu.Bot.train(definition, { seed: fixture.seed }).free();
const trainColdMs = performance.now() - cold1;
const load = timeRepeated(() => kefu.Bot.fromBytes(bundle).free(), 2, 10);
const train = timeRepeated(() => kefu.Bot.train(definition, { seed: fixture.seed }).free(), 2, 10);

/** Messages per second, by wall time and by CPU time. */
function throughput(step) {
  // warm up, then run for `seconds`
  const until0 = performance.now() + 300;
  while (performance.now() < until0) step();
  let n = 0;
  const start = performance.now();
  const cpu0 = cpuMs();
  const until = start + seconds * 1000;
  while (performance.now() < until) n += step();
  return { wall: (n / (performance.now() - start)) * 1000, cpu: (n / (cpuMs() - cpu0)) * 1000 };
}

let i = 0;
const single = throughput(() => {
  const m = messages[i++ % messages.length];
  bot.analyze(m.text, m.context);
  return 1;
});
let j = 0;
const noContext = throughput(() => {
  bot.analyze(messages[j++ % messages.length].text);
  return 1;
});
const batch = Array.from({ length: 100 }, (_, k) => messages[k % messages.length]);
const batched = throughput(() => bot.analyzeBatch(batch).length);

const mean = messages.reduce((s, m) => s + new TextEncoder().encode(m.text).length, 0) / messages.length;
const result = {
  node: process.version,
  messages: messages.length,
  mean_message_bytes: Math.round(mean),
  init_ms: +initMs.toFixed(1),
  bundle_bytes: bundle.length,
  from_bytes_cold_ms: +fromBytesColdMs.toFixed(1),
  from_bytes_ms: +load.median.toFixed(2),
  train_cold_ms: +trainColdMs.toFixed(1),
  train_ms_median: +train.median.toFixed(1),
  train_ms_min: +train.min.toFixed(1),
  train_cpu_ms: +train.cpu.toFixed(1),
  analyze_msgs_per_s: Math.round(single.wall),
  analyze_us_per_msg: +(1e6 / single.wall).toFixed(1),
  analyze_msgs_per_cpu_s: Math.round(single.cpu),
  analyze_no_context_msgs_per_s: Math.round(noContext.wall),
  analyze_batch_msgs_per_s: Math.round(batched.wall),
  analyze_batch_msgs_per_cpu_s: Math.round(batched.cpu),
};
bot.free();

if (json) {
  console.log(JSON.stringify(result));
} else {
  console.log(`kefu WASM bench (Node ${result.node}), demo shop bot, ${messages.length} messages (mean ${result.mean_message_bytes} bytes)`);
  console.log(`  init (compile + instantiate)   ${result.init_ms} ms`);
  console.log(`  Bot.fromBytes (${bundle.length} bytes)  ${result.from_bytes_ms} ms (median of 10); first call ${result.from_bytes_cold_ms} ms`);
  console.log(`  Bot.train (demo bot)           ${result.train_ms_median} ms median, ${result.train_ms_min} ms min (10 runs); ${result.train_cpu_ms} ms CPU; first call ${result.train_cold_ms} ms`);
  console.log(`  analyze (with context)         ${result.analyze_msgs_per_s} msgs/s (${result.analyze_us_per_msg} µs/msg); ${result.analyze_msgs_per_cpu_s} per CPU second`);
  console.log(`  analyze (no context: now=clock) ${result.analyze_no_context_msgs_per_s} msgs/s`);
  console.log(`  analyzeBatch (100 per call)    ${result.analyze_batch_msgs_per_s} msgs/s; ${result.analyze_batch_msgs_per_cpu_s} per CPU second`);
}
