// The shared fixtures (examples/fixtures/shop_cases.json) through the WASM
// package, with the same expectations as the Rust runner
// (examples/tests/fixtures.rs): `check` below is a line-by-line port of its
// `check`, and the other tests port its contracts (every decision explains
// itself, bundle round trip, same seed ⇒ byte-identical bundle, here across
// x86_64 and wasm32).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { kefu, fixture, shopBot, shopBundle, fixtureContext } from './helpers.mjs';

const { Bot } = kefu;

/** Port of `check` in examples/tests/fixtures.rs: the mismatches. */
export function check(a, e) {
  const bad = [];
  const show = (v) => JSON.stringify(v);
  const eq = (key, got) => {
    if (Object.hasOwn(e, key) && !isDeepStrictEqual(e[key], got)) {
      bad.push(`${key}: expected ${show(e[key])}, got ${show(got)}`);
    }
  };
  const str = (v) => (typeof v === 'string' ? v : ''); // as_str().unwrap_or_default()
  const u64 = (v) => (Number.isInteger(v) && v >= 0 ? v : undefined); // as_u64()
  eq('language', a.language.code);
  eq('script', a.language.script ?? null);
  eq('reply_language', a.language.reply_language);
  eq('intent', a.intent.top ?? null);
  eq('out_of_scope', a.intent.out_of_scope);
  eq('faq_status', a.faq.status);
  eq('faq_top', a.faq.hits.length > 0 ? a.faq.hits[0].id : null);
  eq('sentiment', a.sentiment.label);
  eq('action', a.decision.action);
  eq('queue', a.decision.queue ?? null);
  eq('locked', a.decision.locked);
  if (Array.isArray(e.entities)) {
    for (const k0 of e.entities) {
      const k = str(k0);
      if (!a.entities.some((x) => x.kind === k)) {
        bad.push(`entities: no \`${k}\` in ${show(a.entities.map((x) => x.kind))}`);
      }
    }
  }
  if (e.entity_values !== null && typeof e.entity_values === 'object' && !Array.isArray(e.entity_values)) {
    for (const [k, v] of Object.entries(e.entity_values)) {
      if (!a.entities.some((x) => x.kind === k && typeof v === 'string' && v === x.value)) {
        bad.push(`entity_values: no \`${k}\` with value ${show(v)}`);
      }
    }
  }
  if (typeof e.redacted_contains === 'string' && !a.redacted_text.includes(e.redacted_contains)) {
    bad.push(`redacted_contains: \`${e.redacted_contains}\` not in \`${a.redacted_text}\``);
  }
  for (const s0 of Array.isArray(e.redacted_excludes) ? e.redacted_excludes : []) {
    const s = str(s0);
    if (a.redacted_text.includes(s)) bad.push(`redacted_excludes: \`${s}\` still in \`${a.redacted_text}\``);
  }
  const least = u64(e.escalation_at_least);
  if (least !== undefined && a.sentiment.escalation < least) {
    bad.push(`escalation ${a.sentiment.escalation} < ${least}`);
  }
  const most = u64(e.escalation_at_most);
  if (most !== undefined && a.sentiment.escalation > most) {
    bad.push(`escalation ${a.sentiment.escalation} > ${most}`);
  }
  for (const s0 of Array.isArray(e.signals_include) ? e.signals_include : []) {
    const s = str(s0);
    if (!a.sentiment.signals.includes(s)) bad.push(`signals: no \`${s}\` in ${show(a.sentiment.signals)}`);
  }
  if (e.emotion_at_least !== null && typeof e.emotion_at_least === 'object' && !Array.isArray(e.emotion_at_least)) {
    const emotions = a.sentiment.emotions;
    for (const [k, v] of Object.entries(e.emotion_at_least)) {
      // f64::from(got) with got an f32: Math.fround is exact for the value the module sends.
      const got = Object.hasOwn(emotions, k) ? Math.fround(emotions[k]) : -1.0;
      if (got < (typeof v === 'number' ? v : 0.0)) bad.push(`emotion ${k}: ${got} < ${v}`);
    }
  }
  const reply = a.decision.reply ?? '';
  if (e.reply_nonempty === true && reply.trim() === '') bad.push('reply is empty');
  if (typeof e.reply_contains === 'string' && !reply.includes(e.reply_contains)) {
    bad.push(`reply_contains: \`${e.reply_contains}\` not in \`${reply}\``);
  }
  if (typeof e.trace_mentions === 'string') {
    // serde_json::to_string(&trace): the trace holds only strings and
    // booleans, which JSON.stringify writes the same way.
    const trace = JSON.stringify(a.decision.trace);
    if (!trace.includes(e.trace_mentions)) bad.push(`trace_mentions: \`${e.trace_mentions}\` not in ${trace}`);
  }
  return bad;
}

const cases = fixture.cases.map((c) => ({
  name: c.name,
  text: c.text,
  context: fixtureContext(c),
  expect: c.expect,
  known: c.known_failure?.keys ?? [],
}));

/**
 * Port of `case_mismatches` in examples/tests/fixtures.rs: the keys of
 * `known_failure` are left out of the check and must each still fail.
 */
export function caseMismatches(a, e, known) {
  const rest = { ...e };
  const bad = [];
  for (const k of known) {
    if (!Object.hasOwn(rest, k)) {
      bad.push(`known_failure: \`${k}\` is not an expectation of the case`);
      continue;
    }
    const one = { [k]: rest[k] };
    delete rest[k];
    if (check(a, one).length === 0) {
      bad.push(`known_failure: \`${k}\` now holds; remove it from the case's known_failure`);
    }
  }
  return bad.concat(check(a, rest));
}

test('every fixture case holds (examples/fixtures/shop_cases.json)', async (t) => {
  const bot = shopBot();
  const failing = [];
  for (const c of cases) {
    await t.test(c.name, () => {
      const a = bot.analyze(c.text, c.context);
      assert.equal(a.schema, kefu.schemaVersion());
      const bad = caseMismatches(a, c.expect, c.known);
      if (bad.length > 0) failing.push(c.name);
      assert.deepEqual(bad, [], `${c.name}: ${bad.length} fixture mismatch(es):\n${bad.join('\n')}`);
    });
  }
  t.diagnostic(`fixtures: ${cases.length - failing.length}/${cases.length} cases hold`);
  if (failing.length > 0) t.diagnostic(`failing cases: ${failing.join(', ')}`);
});

// `error_cases`: each call fails with a KefuError of the case's kind and
// code, as in the Rust, C and Python suites.
test('every error case fails with its kind (error_cases)', async (t) => {
  const bot = shopBot();
  for (const c of fixture.error_cases) {
    await t.test(c.name, () => {
      const call = () => {
        if (c.op === 'train') {
          return Bot.train(c.definition_text ?? JSON.stringify(c.definition), { seed: fixture.seed });
        }
        if (c.op === 'load') return Bot.fromBytes(new Uint8Array(Buffer.from(c.bundle_hex, 'hex')));
        if (c.op === 'analyze') {
          const text = c.text ?? c.text_repeat[0].repeat(c.text_repeat[1]);
          return bot.analyze(text, c.context);
        }
        throw new Error(`unknown op ${c.op}`);
      };
      assert.throws(call, (e) => {
        assert.ok(e instanceof kefu.KefuError, `${c.name}: not a KefuError: ${e}`);
        assert.equal(e.kind, c.error, `${c.name}: ${e.message}`);
        assert.equal(e.code, fixture.error_codes[c.error], c.name);
        assert.ok(e.message.includes(c.message_contains), `${c.name}: \`${c.message_contains}\` not in \`${e.message}\``);
        return true;
      });
    });
  }
});

test('every decision explains itself', () => {
  const bot = shopBot();
  for (const c of cases) {
    const d = bot.analyze(c.text, c.context).decision;
    const fired = d.trace.find((s) => s.rule === d.rule);
    assert.ok(fired?.matched === true, `${c.name}: rule \`${d.rule}\` is not a matched step of the trace`);
  }
});

test('training in WASM: deterministic, and the same bot as `kefu train` gives', () => {
  const definition = shopBot().definition();
  assert.equal(typeof definition.policy.source, 'string', 'the policy comes inline');
  const trained = Bot.train(definition, { seed: fixture.seed });
  const bytes = Buffer.from(trained.toBytes());
  try {
    const fromText = Bot.train(JSON.stringify(definition), { seed: BigInt(fixture.seed) });
    assert.ok(Buffer.from(fromText.toBytes()).equals(bytes), 'training from the JSON text gives another bundle');
    fromText.free();
    const other = Bot.train(definition, { seed: fixture.seed + 1 });
    assert.ok(!Buffer.from(other.toBytes()).equals(bytes), 'the seed reaches the model');
    other.free();
    for (const c of cases) {
      assert.deepEqual(trained.analyze(c.text, c.context), shopBot().analyze(c.text, c.context), c.name);
    }
  } finally {
    trained.free();
  }
});

// DESIGN.md: same definition + seed => byte-identical bundles on x86_64 and
// wasm32. (fst's builder output differs between 32- and 64-bit targets, so
// the bundle stores the FAQ's sorted words and builds the fst on load.)
test('training in WASM gives the CLI bundle byte for byte (same seed, x86_64 vs wasm32)', () => {
  const trained = Bot.train(shopBot().definition(), { seed: fixture.seed });
  const same = Buffer.from(trained.toBytes()).equals(Buffer.from(shopBundle()));
  trained.free();
  assert.ok(same, 'the wasm-trained bundle differs from `kefu train`');
});

test('bundle round trip and batch give identical analyses', () => {
  const bot = shopBot();
  const bytes = bot.toBytes();
  assert.ok(bytes instanceof Uint8Array);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(shopBundle())), 'a loaded bot writes the same bundle');
  const back = Bot.fromBytes(bytes);
  const single = cases.map((c) => bot.analyze(c.text, c.context));
  assert.deepEqual(
    cases.map((c) => back.analyze(c.text, c.context)),
    single,
  );
  assert.deepEqual(back.analyzeBatch(cases.map((c) => ({ text: c.text, context: c.context }))), single);
  back.free();
});
