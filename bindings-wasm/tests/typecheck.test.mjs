// index.d.ts compiles under `tsc --strict` and types a real use of every
// function (tests/typecheck/usage.mts), with wrong uses rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { root } from './helpers.mjs';

test('index.d.ts type-checks a use of every function (tsc --strict)', () => {
  const dir = path.join(root, 'bindings-wasm');
  const tsc = path.join(dir, 'node_modules', '.bin', 'tsc');
  let out = '';
  try {
    out = execFileSync(tsc, ['-p', path.join(dir, 'tests', 'typecheck')], { cwd: dir, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  assert.equal(out.trim(), '');
});
