import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletedUploads, REPEAT_WINDOW_MS } from './completedUploads.js';

const up = (key: string) => ({ bucket: 'b', key, etag: 'e', headers: {}, xml: `<x>${key}</x>` });

test('completed uploads are remembered for the window only', () => {
  const c = new CompletedUploads();
  c.remember('u1', up('k1'), 1000);
  for (const [at, found] of [
    [1000, true],
    [1000 + REPEAT_WINDOW_MS, true],
    [1001 + REPEAT_WINDOW_MS, false],
    [1000, false], // dropped once seen past the window
  ] as const) {
    assert.equal(c.get('u1', at)?.key === 'k1', found, String(at));
  }
  assert.equal(c.get('never', 1000), undefined);
  // Remembering drops the entries already past the window.
  c.remember('old', up('old'), 0);
  c.remember('new', up('new'), REPEAT_WINDOW_MS + 1);
  assert.equal(c.get('old', 0), undefined);
  assert.equal(c.get('new', REPEAT_WINDOW_MS + 1)?.xml, '<x>new</x>');
});
