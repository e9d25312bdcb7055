// The JS API's contract: typed errors with stable codes and messages that
// name the place, input checks, the clock, seeds, free() and
// FinalizationRegistry cleanup, and the package files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { kefu, pkgDir, shopBot, shopBundle } from './helpers.mjs';

const { Bot, KefuError, ErrorCode } = kefu;

const TINY = {
  languages: ['en'],
  intents: {
    greet: { examples: { en: ['hello there', 'hi', 'good morning'] }, responses: { en: 'Hello!' } },
    bye: { examples: { en: ['goodbye now', 'bye', 'see you later'] }, responses: { en: 'Bye!' } },
  },
  context: { attributes: { cart_value: 'number' } },
};

/** Asserts that `fn` throws the KefuError subclass `cls` with `code`, `kind` and a message matching `re`. */
function throwsKefu(fn, cls, re) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected a ${cls.name}`);
  assert.ok(caught instanceof cls, `expected a ${cls.name}, got ${caught?.name}: ${caught?.message}`);
  assert.ok(caught instanceof KefuError && caught instanceof Error);
  assert.equal(caught.name, cls.name);
  const proto = new cls('');
  assert.equal(caught.code, proto.code);
  assert.equal(caught.kind, proto.kind);
  assert.match(caught.message, re);
  return caught;
}

test('error classes: one per kind, with the stable codes of every binding', () => {
  const expected = [
    ['InvalidInputError', 1, 'invalid_input'],
    ['DefinitionError', 2, 'definition'],
    ['BundleError', 3, 'bundle'],
    ['PolicyError', 4, 'policy'],
    ['LimitError', 5, 'limit'],
    ['TrainingError', 6, 'training'],
    ['IoError', 7, 'io'],
    ['InternalError', 99, 'internal'],
  ];
  for (const [name, code, kind] of expected) {
    const e = new kefu[name]('m');
    assert.ok(e instanceof KefuError && e instanceof Error, name);
    assert.equal(e.name, name);
    assert.equal(e.code, code);
    assert.equal(e.kind, kind);
    assert.equal(ErrorCode[kind.toUpperCase()], code);
  }
  assert.equal(Object.keys(ErrorCode).length, expected.length);
});

test('versions: package.json, the module and the schema', () => {
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(kefu.version(), pkg.version);
  assert.equal(kefu.schemaVersion(), 1);
  assert.equal(typeof kefu.formatVersion(), 'number');
  assert.equal(kefu.DEFAULT_SEED, 42);
});

test('definition errors name the path and the kind', () => {
  throwsKefu(() => Bot.train({ languages: ['en'], intnets: {} }), kefu.DefinitionError, /did you mean `intents`/);
  throwsKefu(
    () => Bot.train({ ...TINY, intents: { ...TINY.intents, greet: { exampels: { en: ['hi'] } } } }),
    kefu.DefinitionError,
    /^intents\.greet.*did you mean `examples`/,
  );
  throwsKefu(() => Bot.train('{"languages": ["en"],'), kefu.DefinitionError, /line 1/);
  throwsKefu(() => Bot.train(null), kefu.DefinitionError, /^definition: must be an object.*null/);
  throwsKefu(() => Bot.train([1]), kefu.DefinitionError, /found an array/);
  throwsKefu(() => Bot.train({ ...TINY, policy: { source: 'rule x:\n    when nonsense ==\n' } }), kefu.PolicyError, /./);
  throwsKefu(
    () => Bot.train({ languages: ['en'], intents: { only: { examples: { en: ['hello'] } } } }),
    kefu.DefinitionError,
    /^intents: a bot needs at least 2 intents/,
  );
  throwsKefu(
    () => Bot.train({ languages: ['en'], intents: { a: { examples: { en: ['!!!'] } }, b: { examples: { en: ['???'] } } } }),
    kefu.TrainingError,
    /no features/,
  );
  const cyclic = { ...TINY };
  cyclic.self = cyclic;
  throwsKefu(() => Bot.train(cyclic), kefu.InvalidInputError, /^definition: cannot be converted to JSON/);
});

test('training options: seeds as numbers or bigints, nothing else', () => {
  const a = Bot.train(TINY, { seed: 7 });
  const b = Bot.train(TINY, { seed: 7n });
  const c = Bot.train(TINY);
  const d = Bot.train(TINY, { seed: 42 });
  assert.deepEqual(a.toBytes(), b.toBytes());
  assert.deepEqual(c.toBytes(), d.toBytes());
  Bot.train(TINY, { seed: (1n << 64n) - 1n }).free();
  for (const bad of [{ seed: -1 }, { seed: 1.5 }, { seed: 1n << 64n }, { seed: '7' }, { sed: 1 }, 7]) {
    throwsKefu(() => Bot.train(TINY, bad), kefu.InvalidInputError, /^options/);
  }
  for (const bot of [a, b, c, d]) bot.free();
});

test('bundle errors are BundleErrors that say what was found', () => {
  const bytes = shopBundle();
  throwsKefu(() => Bot.fromBytes(new Uint8Array(0)), kefu.BundleError, /./);
  throwsKefu(() => Bot.fromBytes(bytes.slice(0, bytes.length / 2)), kefu.BundleError, /./);
  const magic = bytes.slice();
  magic[0] = 'X'.charCodeAt(0);
  throwsKefu(() => Bot.fromBytes(magic), kefu.BundleError, /magic/);
  const flipped = bytes.slice();
  flipped[16 + Math.floor((flipped.length - 16) / 2)] ^= 0x40;
  throwsKefu(() => Bot.fromBytes(flipped), kefu.BundleError, /checksum/);
  throwsKefu(() => Bot.fromBytes('KEFU'), kefu.InvalidInputError, /^bytes: must be a Uint8Array/);
  // ArrayBuffer and other views load too.
  Bot.fromBytes(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).free();
  Bot.fromBytes(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)).free();
});

test('analyze: bad text and contexts are typed errors naming the field', () => {
  const bot = shopBot();
  throwsKefu(() => bot.analyze(42), kefu.InvalidInputError, /^text: must be a string, found a number/);
  throwsKefu(() => bot.analyze(undefined), kefu.InvalidInputError, /^text: must be a string/);
  throwsKefu(() => bot.analyze('a'.repeat(64 * 1024 + 1)), kefu.LimitError, /limit/);
  assert.equal(bot.analyze('ab '.repeat((64 * 1024) / 3) + 'a').schema, 1); // exactly at the limit
  throwsKefu(() => bot.analyze('hi', [1]), kefu.InvalidInputError, /^context: must be an object, found an array/);
  throwsKefu(() => bot.analyze('hi', 'web'), kefu.InvalidInputError, /^context: must be an object, found a string/);
  throwsKefu(() => bot.analyze('hi', { chanel: 'web' }), kefu.InvalidInputError, /^context\.chanel: unknown field `chanel`/);
  throwsKefu(() => bot.analyze('hi', { customer: { tier: 3 } }), kefu.InvalidInputError, /^context\.customer\.tier: /);
  throwsKefu(() => bot.analyze('hi', { now: 'yesterday' }), kefu.InvalidInputError, /^context\.now: /);
  throwsKefu(() => bot.analyze('hi', { now: new Date(Number.NaN) }), kefu.InvalidInputError, /^context\.now: an invalid Date/);
  throwsKefu(
    () => bot.analyze('hi', { customer: { time_zone: 'Mars/Olympus_Mons' } }),
    kefu.InvalidInputError,
    /^context\.customer\.time_zone: /,
  );
  throwsKefu(
    () => bot.analyze('hi', { attributes: { cart_valu: 3 } }),
    kefu.InvalidInputError,
    /^context\.attributes\.cart_valu: .*did you mean `cart_value`/,
  );
  throwsKefu(() => bot.analyze('hi', { attributes: { cart_value: 'big' } }), kefu.InvalidInputError, /declared as number/);
  throwsKefu(() => bot.analyze('hi', { attributes: { cart_value: 3n } }), kefu.InvalidInputError, /cannot be converted to JSON/);
  // Accepted: every declared field, a Date for `now`, and null for "no clock".
  const a = bot.analyze('where is my order?', {
    channel: 'web',
    now: new Date('2026-11-20T03:00:00Z'),
    customer: { id: 'c1', tier: 'vip', lifetime_value: 1200.5, complaints_90d: 1, preferred_language: 'es', time_zone: 'Europe/Madrid' },
    conversation: { turns: 2, failed_bot_turns: 0, previous_intents: ['order_status'] },
    attributes: { cart_value: 30 },
  });
  assert.equal(a.decision.rule, 'vip_customer');
});

test('analyze: lone surrogates and NUL are just text; entity offsets slice as documented', (t) => {
  const bot = shopBot();
  const a = bot.analyze('\uD800 order SO-20261234 \u0000', { now: null });
  assert.equal(a.schema, 1);
  let seen = 0;
  for (const text of [
    '我要查订单 SO-20261234，邮箱 wang.li@example.com',
    '😀 order SO-20261234, card 4111 1111 1111 1111, call +34 612 345 678',
    'Hola, mi correo nuevo es lucía.fernandez@example.com',
  ]) {
    for (const e of bot.analyze(text, { now: null }).entities) {
      seen++;
      assert.equal(Array.from(text).slice(e.char_start, e.char_end).join(''), e.text, `char offsets of ${e.kind}`);
      assert.equal(new TextDecoder().decode(new TextEncoder().encode(text).slice(e.start, e.end)), e.text, `byte offsets of ${e.kind}`);
    }
  }
  if (seen === 0) t.diagnostic('no entity found in any text: the core extracts none yet, offsets unchecked');
});

test('the clock: `now` is filled in when absent, `now: null` means no clock', () => {
  const bot = shopBot();
  const text = 'I want to speak to an agent please';
  const clause = (a) =>
    a.decision.trace.find((s) => s.rule === 'after_hours_ticket').clauses.find((c) => c.clause.includes('business_hours'));
  // No clock: the business-hours clause reads a missing value.
  assert.equal(clause(bot.analyze(text, { now: null })).value, 'missing');
  assert.equal(clause(bot.analyze(text, { channel: 'web', now: null })).value, 'missing');
  // No `now`, or no context at all: the current time.
  for (const a of [bot.analyze(text), bot.analyze(text, { channel: 'web' }), bot.analyze(text, null), bot.analyzeBatch([text])[0]]) {
    assert.notEqual(clause(a).value, 'missing');
  }
  // A given time wins: a Saturday evening in Shanghai is after hours.
  assert.equal(bot.analyze(text, { now: '2026-11-21T12:00:00Z' }).decision.action, 'ticket');
  assert.equal(bot.analyze(text, { now: new Date('2026-11-21T12:00:00Z') }).decision.action, 'ticket');
  assert.equal(bot.analyze(text, { now: '2026-11-20T03:00:00Z' }).decision.action, 'handoff');
  // The caller's context object is not modified.
  const ctx = { channel: 'web' };
  bot.analyze(text, ctx);
  assert.deepEqual(ctx, { channel: 'web' });
});

test('analyzeBatch: strings or {text, context}; errors name messages[i]', () => {
  const bot = shopBot();
  assert.deepEqual(bot.analyzeBatch([]), []);
  const ctx = { channel: 'web', now: '2026-11-20T03:00:00Z' };
  const batch = bot.analyzeBatch([{ text: 'where is my order', context: ctx }, { text: 'hola', context: ctx }]);
  assert.deepEqual(batch, [bot.analyze('where is my order', ctx), bot.analyze('hola', ctx)]);
  throwsKefu(() => bot.analyzeBatch('hi'), kefu.InvalidInputError, /^messages: must be an array/);
  throwsKefu(() => bot.analyzeBatch(['a', 7]), kefu.InvalidInputError, /^messages\[1\]: must be a string or/);
  throwsKefu(() => bot.analyzeBatch(['a', { text: 1 }]), kefu.InvalidInputError, /^messages\[1\]\.text: must be a string/);
  throwsKefu(() => bot.analyzeBatch([{ text: 'a', ctx: {} }]), kefu.InvalidInputError, /^messages\[0\]: unknown key `ctx`/);
  throwsKefu(
    () => bot.analyzeBatch(['a', { text: 'b', context: { customer: { tier: 1 } } }]),
    kefu.InvalidInputError,
    /^messages\[1\]\.context\.customer\.tier: /,
  );
  throwsKefu(
    () => bot.analyzeBatch(['a', 'b', { text: 'c', context: { attributes: { nope: true } } }]),
    kefu.InvalidInputError,
    /^messages\[2\]: context\.attributes\.nope/,
  );
  throwsKefu(() => bot.analyzeBatch(['a', 'x'.repeat(64 * 1024 + 1)]), kefu.LimitError, /^messages\[1\]: /);
});

test('free(): idempotent, and a freed bot throws instead of crashing', () => {
  const bot = Bot.train(TINY);
  assert.equal(bot.analyze('hello there').intent.top, 'greet');
  bot.free();
  bot.free();
  throwsKefu(() => bot.analyze('hello'), kefu.InvalidInputError, /freed/);
  throwsKefu(() => bot.toBytes(), kefu.InvalidInputError, /freed/);
  throwsKefu(() => bot.analyzeBatch(['hello']), kefu.InvalidInputError, /freed/);
  const other = Bot.train(TINY);
  other[Symbol.dispose]();
  throwsKefu(() => other.definition(), kefu.InvalidInputError, /freed/);
  assert.throws(() => new Bot(), TypeError);
});

test('FinalizationRegistry frees bots that are garbage-collected without free()', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const bytes = shopBundle();
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
  };
  // Warm up, then measure what 8 live bots take.
  for (let i = 0; i < 3; i++) Bot.fromBytes(bytes).free();
  const base = kefu.wasmMemoryBytes();
  const live = Array.from({ length: 8 }, () => Bot.fromBytes(bytes));
  const eight = kefu.wasmMemoryBytes() - base;
  live.forEach((b) => b.free());
  // 40 bots dropped without free(): memory must stay near the 8-bot mark.
  const collected = { n: 0 };
  const watch = new FinalizationRegistry(() => collected.n++);
  for (let i = 0; i < 40; i++) {
    watch.register(Bot.fromBytes(bytes), null);
    if (i % 4 === 3) await collect();
  }
  await collect();
  const grown = kefu.wasmMemoryBytes() - base;
  assert.ok(collected.n > 0, 'no bot was garbage-collected');
  assert.ok(grown <= eight * 2 + (1 << 20), `memory grew by ${grown} bytes for 40 dropped bots (8 live bots: ${eight})`);
});

test('the npm package holds exactly its files', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: pkgDir, encoding: 'utf8' });
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'README.md',
    'THIRD_PARTY.md',
    'index.d.ts',
    'index.js',
    'kefu_wasm.js',
    'kefu_wasm_bg.wasm',
    'package.json',
  ]);
});

test('the README example runs and says what it shows', async () => {
  const readme = readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
  const code = readme.match(/```js\n([\s\S]*?)```/)[1].replace(/^import .*$/m, '');
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const a = await new AsyncFunction('init', 'Bot', 'KefuError', `${code}\nreturn a;`)(kefu.init, Bot, KefuError);
  assert.deepEqual(
    [a.language.code, a.language.script, a.language.reply_language, a.intent.top, a.decision.action, a.decision.queue, a.decision.rule],
    ['zh', 'Hant', 'zh-Hans', 'refund', 'handoff', 'billing', 'refunds'],
  );
});

test('using the API before init() is a typed error; concurrent init() calls share one load', async () => {
  // A second instance of the wrapper module, not yet initialized.
  const fresh = await import(`${new URL(`file://${path.join(pkgDir, 'index.js')}`).href}?fresh`);
  assert.throws(() => fresh.Bot.train(TINY), (e) => e instanceof fresh.InvalidInputError && /not initialized/.test(e.message));
  assert.throws(() => fresh.version(), fresh.InvalidInputError);
  const [p1, p2] = [fresh.init(), fresh.init()];
  assert.equal(p1, p2);
  await p1;
  await fresh.init();
  assert.equal(fresh.version(), kefu.version());
  fresh.Bot.train(TINY).free();
});

test('the Node quickstart example runs (bindings-wasm/examples/quickstart.mjs)', () => {
  const script = path.join(pkgDir, '..', 'examples', 'quickstart.mjs');
  const bundle = process.env.KEFU_SHOP_BUNDLE ?? path.join(pkgDir, '..', '..', 'examples', 'web', 'shop.kefu');
  const out = execFileSync(process.execPath, [script, bundle], { encoding: 'utf8' });
  assert.match(out, /^trained \d+ intents, \d+ FAQ entries in \d+ ms$/m);
  assert.match(out, /^language zh Hant$/m);
  assert.match(out, /^decision \w+ via rule \w+$/m);
  assert.match(out, /^error {4}InvalidInputError \(code 1\): context\.customer\.tier: /m);
});
