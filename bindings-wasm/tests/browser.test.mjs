// The demo page (examples/web/) in headless Chromium through playwright-core:
// serves it on localhost, types messages, checks the rendered decisions
// against the same package in Node and against the fixtures, edits the
// definition and retrains on the page, and saves a screenshot.
//
// Needs /usr/bin/chromium (Debian's `chromium`; run.sh installs it) or
// KEFU_CHROMIUM; the screenshot goes to KEFU_SCREENSHOT_DIR (default: a new
// temporary directory).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root, fixture, shopBot, fixtureContext } from './helpers.mjs';
import { serve } from '../../examples/web/serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const executablePath = process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium';
let server;
let browser; // a persistent BrowserContext
let page;
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(executablePath), `${executablePath} is missing (apt-get install chromium)`);
  assert.ok(existsSync(path.join(root, 'examples/web/pkg/index.js')), 'run bindings-wasm/build.sh --demo first');
  let url;
  ({ server, url } = await serve(path.join(root, 'examples', 'web'), 0));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'kefu-chromium-'));
  // A fresh profile (--user-data-dir) for every run.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]', { timeout: 30000 });
  assert.equal(await page.getAttribute('#status', 'data-state'), 'ready', await page.textContent('#status'));
  page.setDefaultTimeout(15000);
  await page.click('#context-box summary'); // show the context editor
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Sends `text` with `context` through the page; returns the rendered turn's data and text. */
async function send(text, context) {
  await page.fill('#context', JSON.stringify(context ?? {}));
  const before = await page.locator('#chat > li').count();
  await page.fill('#message', text);
  await page.press('#message', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('#chat > li').length > n, before);
  const turn = page.locator('#chat > li').last();
  return {
    action: await turn.getAttribute('data-action'),
    rule: await turn.getAttribute('data-rule'),
    queue: await turn.getAttribute('data-queue'),
    intent: await turn.getAttribute('data-intent'),
    language: await turn.getAttribute('data-language'),
    reply: await turn.locator('.bot').textContent(),
    decision: await turn.locator('.decision').textContent(),
    text: await turn.textContent(),
  };
}

test('the page renders the same decisions as the package in Node', async () => {
  const node = shopBot();
  // The page sends no blank message (examples/web/app.js), so the fixture's
  // empty-message case has no turn to compare.
  for (const c of fixture.cases.filter((x) => x.text.trim() !== '')) {
    const ctx = fixtureContext(c);
    const want = node.analyze(c.text, ctx);
    const got = await send(c.text, ctx);
    const where = `${c.name}: ${got.text}`;
    assert.equal(got.action, want.decision.action, where);
    assert.equal(got.rule, want.decision.rule, where);
    assert.equal(got.queue, want.decision.queue ?? '', where);
    assert.equal(got.intent, want.intent.top ?? '', where);
    assert.equal(got.language, want.language.code, where);
    assert.equal(got.reply, want.decision.reply ?? '', where);
    assert.ok(got.decision.includes(`rule ${want.decision.rule}`), where);
  }
});

test('typed messages get the fixtures’ decisions on the page', async () => {
  const byName = Object.fromEntries(fixture.cases.map((c) => [c.name, c]));
  for (const name of ['furious_customer_goes_to_senior', 'human_request_after_hours_opens_ticket', 'out_of_scope_to_general_queue']) {
    const c = byName[name];
    const got = await send(c.text, fixtureContext(c));
    assert.equal(got.action, c.expect.action, `${name}: ${got.text}`);
    if ('queue' in c.expect) assert.equal(got.queue, c.expect.queue ?? '', name);
    assert.ok(got.decision.startsWith(c.expect.action), got.decision);
  }
  // A bad context is shown as a typed error, not a crash.
  await page.fill('#context', '{"chanel": "web"}');
  await page.fill('#message', 'hello');
  await page.press('#message', 'Enter');
  const err = page.locator('#chat > li.error').last();
  await err.waitFor();
  assert.match(await err.textContent(), /InvalidInputError \(code 1, invalid_input\): context\.chanel: unknown field `chanel`/);
});

test('edit the definition on the page and retrain', async () => {
  // Route coupon questions to a new marketing queue.
  await page.evaluate(() => {
    const box = document.getElementById('definition');
    const def = JSON.parse(box.value);
    def.policy.source =
      'queue marketing\n\nrule coupons_to_marketing:\n    when intent == "coupon"\n    then handoff queue "marketing" priority 4\n\n' + def.policy.source;
    box.value = JSON.stringify(def, null, 2);
  });
  await page.click('#retrain');
  await page.waitForSelector('#train-status[data-state="trained"], #train-status[data-state="error"]');
  const trained = await page.textContent('#train-status');
  assert.match(trained, /^Trained your definition in \d+ ms/, trained);
  const got = await send('Do you have a discount code for my first order?', { channel: 'web', now: '2026-11-20T03:00:00Z' });
  assert.equal(got.intent, 'coupon', got.text);
  assert.equal(got.action, 'handoff', got.text);
  assert.equal(got.queue, 'marketing', got.text);
  assert.equal(got.rule, 'coupons_to_marketing', got.text);

  // A broken definition: a typed error naming the path; the bot keeps answering.
  await page.fill('#definition', '{"languages": ["en"], "intnets": {}}');
  await page.click('#retrain');
  await page.waitForSelector('#train-status[data-state="error"]');
  assert.match(await page.textContent('#train-status'), /DefinitionError \(code 2, definition\): .*did you mean `intents`/);
  const still = await send('Do you have a discount code?', { now: '2026-11-20T03:00:00Z' });
  assert.equal(still.rule, 'coupons_to_marketing');

  // Back to the demo bot.
  await page.click('#reset');
  await page.waitForFunction(() => document.getElementById('train-status').textContent.startsWith('Retrained the demo bot'));
  const back = await send('Do you have a discount code for my first order?', { channel: 'web', now: '2026-11-20T03:00:00Z' });
  assert.notEqual(back.rule, 'coupons_to_marketing');
});

test('screenshot, and no errors on the page', async () => {
  await page.locator('#chat > li').nth(6).locator('.trace summary').click();
  const dir = process.env.KEFU_SCREENSHOT_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'kefu-demo-'));
  const file = path.join(dir, 'kefu-demo.png');
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(existsSync(file));
  console.log(`# screenshot: ${file}`);
  assert.deepEqual(pageErrors, []);
});
