// The kefu demo page: a chat box in front of the demo shop bot, running in
// the browser through the npm package (copied to ./pkg by
// `bindings-wasm/build.sh --demo`). Nothing leaves the page.
import { init, Bot, KefuError, version } from './pkg/index.js';

const $ = (id) => document.getElementById(id);
const status = $('status');
const chat = $('chat');
const message = $('message');
const definitionBox = $('definition');
const trainStatus = $('train-status');

let bot = null;
let demoDefinition = null;

function setStatus(text, state) {
  status.textContent = text;
  status.dataset.state = state;
}

function showError(where, e) {
  const kind = e instanceof KefuError ? `${e.name} (code ${e.code}, ${e.kind})` : e?.name ?? 'Error';
  where.textContent = `${kind}: ${e?.message ?? e}`;
  where.dataset.state = 'error';
}

function replaceBot(next) {
  bot?.free();
  bot = next;
}

function pct(x) {
  return `${Math.round(x * 100)}%`;
}

function enable() {
  for (const id of ['message', 'send', 'definition', 'retrain', 'reset', 'download', 'load']) $(id).disabled = false;
}

async function start() {
  try {
    const t0 = performance.now();
    await init();
    const t1 = performance.now();
    const res = await fetch('shop.kefu');
    if (!res.ok) throw new Error(`shop.kefu: HTTP ${res.status} (run bindings-wasm/build.sh --demo)`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const t2 = performance.now();
    replaceBot(Bot.fromBytes(bytes));
    const t3 = performance.now();
    demoDefinition = bot.definition();
    definitionBox.value = JSON.stringify(demoDefinition, null, 2);
    enable();
    setStatus(
      `Ready: kefu ${version()}, engine loaded in ${(t1 - t0).toFixed(0)} ms; demo bot (${(bytes.length / 1024).toFixed(0)} KiB bundle) loaded in ${(t3 - t2).toFixed(1)} ms.`,
      'ready',
    );
    message.focus();
  } catch (e) {
    showError(status, e);
  }
}

function contextFromBox() {
  const text = $('context').value.trim();
  if (!text) return undefined;
  return JSON.parse(text);
}

function render(text, a) {
  const li = $('turn-template').content.firstElementChild.cloneNode(true);
  const d = a.decision;
  li.dataset.action = d.action;
  li.dataset.rule = d.rule;
  li.dataset.queue = d.queue ?? '';
  li.dataset.intent = a.intent.top ?? '';
  li.dataset.language = a.language.code;
  li.querySelector('.customer').textContent = text;
  li.querySelector('.bot').textContent = d.reply ?? '';
  li.querySelector('.bot').dataset.action = d.action;
  const lang = a.language;
  li.querySelector('.language').textContent =
    `${lang.code}${lang.script ? `-${lang.script}` : ''} (${pct(lang.confidence)}${lang.reliable ? '' : ', unreliable'}); replies in ${lang.reply_language}`;
  const intent = a.intent;
  li.querySelector('.intent').textContent = intent.out_of_scope
    ? `out of scope (${intent.oos_reason ?? 'below threshold'})`
    : `${intent.top} (${pct(intent.confidence)})${intent.ambiguous ? ', ambiguous' : ''}`;
  const hit = a.faq.hits[0];
  li.querySelector('.faq').textContent =
    a.faq.status === 'no_answer' || !hit ? 'no answer' : `${a.faq.status}: ${hit.id} (${pct(hit.score)}) — ${hit.answer}`;
  const s = a.sentiment;
  li.querySelector('.sentiment').textContent =
    `${s.label} (${s.score.toFixed(2)}), escalation ${s.escalation}${s.signals.length ? `, signals: ${s.signals.join(', ')}` : ''}`;
  li.querySelector('.entities').textContent = a.entities.length
    ? a.entities.map((e) => `${e.kind} “${e.text}”${e.value !== e.text ? ` → ${e.value}` : ''}`).join('; ')
    : 'none';
  li.querySelector('.redacted').textContent = a.redacted_text;
  const decision = li.querySelector('.decision');
  decision.textContent =
    `${d.action}${d.queue ? ` → queue ${d.queue}` : ''}${d.action === 'handoff' || d.action === 'ticket' ? `, priority ${d.priority}` : ''}` +
    `${d.skills.length ? `, skills ${d.skills.join(', ')}` : ''}${d.locked ? ', session locked' : ''}${d.tags.length ? ` [${d.tags.join(', ')}]` : ''}` +
    ` — rule ${d.rule}`;
  decision.dataset.action = d.action;
  const steps = li.querySelector('.trace ol');
  for (const step of d.trace) {
    const item = document.createElement('li');
    item.className = step.matched ? 'matched' : '';
    item.textContent = `${step.rule}: ${step.matched ? 'fired' : 'no'}${step.clauses.length ? ' — ' : ''}${step.clauses
      .map((c) => `${c.clause} → ${c.result} (${c.value})`)
      .join('; ')}`;
    steps.append(item);
  }
  chat.append(li);
  li.scrollIntoView({ block: 'end' });
}

function renderError(text, e) {
  const li = document.createElement('li');
  li.className = 'turn error';
  li.dataset.action = 'error';
  const p = document.createElement('p');
  showError(p, e);
  li.append(Object.assign(document.createElement('div'), { className: 'bubble customer', textContent: text }), p);
  chat.append(li);
}

$('send-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = message.value;
  if (!text.trim() || !bot) return;
  message.value = '';
  try {
    const context = contextFromBox();
    render(text, bot.analyze(text, context));
  } catch (e) {
    renderError(text, e);
  }
});

function train(definition, label) {
  trainStatus.dataset.state = 'training';
  trainStatus.textContent = 'Training…';
  try {
    const t0 = performance.now();
    const next = Bot.train(definition);
    const ms = performance.now() - t0;
    replaceBot(next);
    trainStatus.textContent = `${label} in ${ms.toFixed(0)} ms (${(next.toBytes().length / 1024).toFixed(0)} KiB bundle).`;
    trainStatus.dataset.state = 'trained';
  } catch (e) {
    showError(trainStatus, e);
    trainStatus.textContent += ' — the previous bot is still answering.';
  }
}

$('retrain').addEventListener('click', () => {
  let definition;
  try {
    definition = JSON.parse(definitionBox.value);
  } catch (e) {
    showError(trainStatus, e);
    return;
  }
  train(definition, 'Trained your definition');
});

$('reset').addEventListener('click', () => {
  definitionBox.value = JSON.stringify(demoDefinition, null, 2);
  train(demoDefinition, 'Retrained the demo bot');
});

$('download').addEventListener('click', () => {
  const url = URL.createObjectURL(new Blob([bot.toBytes()], { type: 'application/octet-stream' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'bot.kefu' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

$('load').addEventListener('change', async (ev) => {
  const file = ev.target.files?.[0];
  if (!file) return;
  try {
    replaceBot(Bot.fromBytes(new Uint8Array(await file.arrayBuffer())));
    definitionBox.value = JSON.stringify(bot.definition(), null, 2);
    trainStatus.textContent = `Loaded ${file.name}.`;
    trainStatus.dataset.state = 'trained';
  } catch (e) {
    showError(trainStatus, e);
  }
});

start();
