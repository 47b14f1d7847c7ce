// The local server (scripts/serve.py) serves the built site the way docs/deploy.md tells
// any server to: scripts/deploy-check.mjs, run against it as against nginx or Apache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from './lib.mjs';
import { check } from '../scripts/deploy-check.mjs';

test('the local server sends every built file as docs/deploy.md says (types, br/gzip copies, caching, CSP)', async () => {
  const { checked, failures, warnings } = await check(BASE, process.env.DIST_DIR ?? 'dist');
  assert.ok(checked > 50, `only ${checked} files checked`);
  assert.deepEqual(failures, []);
  assert.deepEqual(warnings, []);
});
