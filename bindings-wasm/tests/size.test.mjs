// Size budget of the WASM module (without a bot):
//  - the engine itself stays at most 1 MB gzipped (issue 10);
//  - the language-detection profiles compiled into it (core/src/lang/*.bin,
//    issue 5) have their own budget of 1.5 MB gzipped.
// The module is checked against the sum; each part against its own budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pkgDir, root as repoRoot } from './helpers.mjs';

const ENGINE_LIMIT = 1_000_000;
const LANG_DATA_LIMIT = 1_500_000;
const LANG_DATA = ['core/src/lang/profiles.bin', 'core/src/lang/cjk_bigrams.bin'];

test('the module is at most 1 MB gzipped plus the language profiles (at most 1.5 MB gzipped)', (t) => {
  const wasm = readFileSync(path.join(pkgDir, 'kefu_wasm_bg.wasm'));
  const glue = readFileSync(path.join(pkgDir, 'kefu_wasm.js')).length + readFileSync(path.join(pkgDir, 'index.js')).length;
  const gz = gzipSync(wasm, { level: 9 }).length;
  const langGz = LANG_DATA.map((f) => gzipSync(readFileSync(path.join(repoRoot, f)), { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
  t.diagnostic(`kefu_wasm_bg.wasm: ${wasm.length} bytes, ${gz} gzipped (-9); language profiles ${langGz} gzipped; engine ≈ ${gz - langGz}; JS glue ${glue} bytes`);
  assert.ok(langGz <= LANG_DATA_LIMIT, `language profiles ${langGz} bytes gzipped > ${LANG_DATA_LIMIT}`);
  assert.ok(gz <= ENGINE_LIMIT + langGz, `${gz} bytes gzipped > ${ENGINE_LIMIT} + ${langGz} (profiles)`);
});
