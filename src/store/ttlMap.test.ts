import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TtlMap } from './ttlMap.js';

test('an entry is served until its age reaches the TTL, then dropped', async () => {
  const m = new TtlMap<string, number>(40, 10);
  m.set('a', 1);
  assert.equal(m.get('a'), 1);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(m.get('a'), undefined);
  assert.equal(m.size, 0);
});

test('a set after a delete or clear that happened during the load is ignored', () => {
  const m = new TtlMap<string, number>(60_000, 10);
  const g = m.generation;
  m.delete('other');
  m.set('a', 1, g);
  assert.equal(m.get('a'), undefined);
  const g2 = m.generation;
  m.set('a', 2, g2);
  assert.equal(m.get('a'), 2);
  const g3 = m.generation;
  m.clear();
  m.set('b', 3, g3);
  assert.equal(m.get('b'), undefined);
});

test('TTL 0 caches nothing; the size stays bounded', () => {
  const none = new TtlMap<string, number>(0, 10);
  none.set('a', 1);
  assert.equal(none.get('a'), undefined);
  const m = new TtlMap<number, number>(60_000, 3);
  for (let i = 0; i < 10; i++) m.set(i, i);
  assert.ok(m.size <= 3);
  m.deleteWhere((k) => k === 9);
  assert.equal(m.get(9), undefined);
});
