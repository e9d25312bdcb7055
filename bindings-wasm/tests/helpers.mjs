// Shared by the Node tests: loads the built package (bindings-wasm/pkg) and
// the demo bot's bundle trained by the CLI (run.sh passes its path in
// KEFU_SHOP_BUNDLE; build.sh --demo writes examples/web/shop.kefu).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const pkgDir = process.env.KEFU_WASM_PKG ?? path.join(root, 'bindings-wasm', 'pkg');
export const kefu = await import(path.join(pkgDir, 'index.js'));
await kefu.init();

export const fixture = JSON.parse(readFileSync(path.join(root, 'examples', 'fixtures', 'shop_cases.json'), 'utf8'));

export function shopBundle() {
  const p = process.env.KEFU_SHOP_BUNDLE ?? path.join(root, 'examples', 'web', 'shop.kefu');
  return new Uint8Array(readFileSync(p));
}

let shop = null;
/** The demo bot, loaded from the CLI's bundle (shared by the tests of one file). */
export function shopBot() {
  shop ??= kefu.Bot.fromBytes(shopBundle());
  return shop;
}

/**
 * A fixture case's context as Rust reads it: a case without `now` has no
 * clock (`now: null`), where the JS API would otherwise fill the current
 * time.
 */
export function fixtureContext(c) {
  const ctx = c.context ?? {};
  return 'now' in ctx ? ctx : { ...ctx, now: null };
}
