import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from './config.js';

test('TESSERA_CACHE_TTL_SECONDS: 5 s by default, fractions and 0 accepted, anything else refused', () => {
  assert.equal(resolveConfig({}, {}).cacheTtlMs, 5_000);
  assert.equal(resolveConfig({}, { TESSERA_CACHE_TTL_SECONDS: '' }).cacheTtlMs, 5_000);
  assert.equal(resolveConfig({}, { TESSERA_CACHE_TTL_SECONDS: '0.5' }).cacheTtlMs, 500);
  assert.equal(resolveConfig({}, { TESSERA_CACHE_TTL_SECONDS: '0' }).cacheTtlMs, 0);
  for (const bad of ['-1', 'x', '3601', 'Infinity']) {
    assert.throws(() => resolveConfig({}, { TESSERA_CACHE_TTL_SECONDS: bad }), /invalid TESSERA_CACHE_TTL_SECONDS/);
  }
  assert.equal(resolveConfig({}, {}).unsafeIgnoreNotifications, false);
});
