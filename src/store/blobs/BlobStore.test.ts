/** The blob store's small-blob reads: one read, kept in memory, and gone from memory once the blob is removed. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlobStore, SMALL_BLOB } from './BlobStore.js';

async function* chunks(...parts: Buffer[]) {
  yield* parts;
}

test('readSmall: the whole blob, the same bytes from memory, and ENOENT once removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-blobs-'));
  try {
    const blobs = new BlobStore(dir);
    await blobs.init();
    const bytes = Buffer.from('x'.repeat(1000) + 'tail');
    const w = await blobs.write(chunks(bytes.subarray(0, 10), bytes.subarray(10)));
    assert.equal(w.size, bytes.length);
    assert.deepEqual(await blobs.readSmall(w.id, w.size), bytes);
    assert.deepEqual(await blobs.readSmall(w.id, w.size), bytes, 'from memory');
    await blobs.remove([w.id]);
    await assert.rejects(blobs.readSmall(w.id, w.size), { code: 'ENOENT' });
    const big = await blobs.write(chunks(Buffer.alloc(SMALL_BLOB + 1)));
    await assert.rejects(blobs.readSmall(big.id, big.size), /not a small blob/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
