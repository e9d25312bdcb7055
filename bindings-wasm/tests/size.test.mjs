// The engine (the WASM module, without a bot) stays at most 1 MB gzipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pkgDir } from './helpers.mjs';

const LIMIT = 1_000_000;

test('the engine module is at most 1 MB gzipped', (t) => {
  const wasm = readFileSync(path.join(pkgDir, 'kefu_wasm_bg.wasm'));
  const glue = readFileSync(path.join(pkgDir, 'kefu_wasm.js')).length + readFileSync(path.join(pkgDir, 'index.js')).length;
  const gz = gzipSync(wasm, { level: 9 }).length;
  t.diagnostic(`kefu_wasm_bg.wasm: ${wasm.length} bytes, ${gz} gzipped (-9); JS glue ${glue} bytes`);
  assert.ok(gz <= LIMIT, `${gz} bytes gzipped > ${LIMIT}`);
});
