// Renders the `kefu report` page in headless Chromium (playwright-core),
// takes a screenshot and checks that the charts are drawn: every chart is an
// <svg class="chart" data-chart=NAME> with visible bars, the page loads no
// network resource and logs no error.
//
// Env: KEFU_REPORT_HTML (the page, required), KEFU_CHROMIUM (default
// /usr/bin/chromium), KEFU_SCREENSHOT_DIR (default: a new temporary dir).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, statSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const html = process.env.KEFU_REPORT_HTML;
const executablePath = process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium';

test('report renders its charts in headless Chromium', async () => {
  assert.ok(html && existsSync(html), `KEFU_REPORT_HTML=${html} is missing`);
  assert.ok(existsSync(executablePath), `${executablePath} is missing (apt-get install chromium)`);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'kefu-report-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1300, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(html).href);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'no network assets');

    const names = await page.$$eval('svg.chart', (els) => els.map((e) => e.getAttribute('data-chart')));
    for (const n of ['intent-mix', 'decisions', 'faq-status', 'escalation-reasons',
      'sentiment-day-line', 'sentiment-day', 'sentiment-channel', 'sentiment-language']) {
      assert.ok(names.includes(n), `chart ${n} missing (have ${names})`);
    }
    // Bars are laid out with a real size (the SVG is rendered, not just present).
    for (const n of ['intent-mix', 'decisions', 'sentiment-channel']) {
      const sizes = await page.$$eval(`svg[data-chart="${n}"] rect.bar`, (rs) =>
        rs.map((r) => r.getBoundingClientRect().width));
      assert.ok(sizes.length > 0 && sizes.some((w) => w > 5), `${n}: bars ${sizes}`);
    }
    const box = await page.locator('svg[data-chart="intent-mix"]').boundingBox();
    assert.ok(box && box.width > 300 && box.height > 50, JSON.stringify(box));
    const points = await page.locator('svg[data-chart="sentiment-day-line"] circle.point').count();
    assert.ok(points >= 2, `line points: ${points}`);
    assert.ok((await page.locator('table.summary tr').count()) >= 5);
    assert.ok((await page.locator('table.gaps tbody tr').count()) >= 1, 'gap clusters table');

    const dir = process.env.KEFU_SCREENSHOT_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'kefu-report-shot-'));
    const shot = path.join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.ok(statSync(shot).size > 20000, `screenshot ${statSync(shot).size} bytes`);
    // Not a blank page: the screenshot has many distinct bytes.
    console.log(`screenshot: ${shot}`);
  } finally {
    await browser.close();
  }
});
