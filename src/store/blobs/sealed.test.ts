/** Sealed blobs: round trips, ranges over segment boundaries, and every alteration refused. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlobStore } from './BlobStore.js';
import { customerKeyMatches, customerKeyVerifier, readSealed, ringKeys, SealedBlobError, SEGMENT, sealedBodySize, type SealingRing } from './sealed.js';

/** A key ring stand-in with the real ring's contract (AES-GCM under one key, bound to the associated data). */
function ring(): SealingRing {
  const sealed = new Map<string, { plain: Buffer; aad: string }>();
  return {
    sealBytes(plain, aad) {
      const id = randomBytes(8).toString('hex');
      sealed.set(id, { plain, aad });
      return `k.${id}`;
    },
    async openBytes(s, aad) {
      const e = sealed.get(s.slice(2));
      return e && e.aad === aad ? e.plain : null;
    },
  };
}

async function* chunks(b: Buffer, size: number) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function readAll(blobs: BlobStore, id: string, size: number, keys: ReturnType<typeof ringKeys>, from: number, to: number) {
  const f = await blobs.openSealed(id, () => keys);
  try {
    const out: Buffer[] = [];
    for await (const p of readSealed(f, size, from, to, 2)) out.push(p);
    return Buffer.concat(out);
  } finally {
    await f.fh.close();
  }
}

test('sealed blobs: whole and ranged reads equal the plaintext; the file holds none of it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sealed-'));
  try {
    const blobs = new BlobStore(dir);
    await blobs.init();
    const keys = ringKeys(ring());
    for (const size of [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 5 * SEGMENT + 77]) {
      const plain = Buffer.alloc(size, 'plaintext-marker ');
      const w = await blobs.write(chunks(plain, 10_000), keys);
      assert.equal(w.size, size);
      const file = readFileSync(blobs.pathOf(w.id));
      assert.ok(file.length > sealedBodySize(size), 'header + body + tags');
      if (size > 20) assert.equal(file.indexOf('plaintext-marker'), -1, 'no plaintext at rest');
      if (size === 0) continue;
      const ranges: Array<[number, number]> = [[0, size - 1], [0, 0], [size - 1, size - 1], [Math.floor(size / 3), Math.floor((2 * size) / 3)]];
      if (size > SEGMENT) ranges.push([SEGMENT - 3, SEGMENT + 3], [SEGMENT, size - 1]);
      for (const [a, b] of ranges) assert.deepEqual(await readAll(blobs, w.id, size, keys, a, b), plain.subarray(a, b + 1), `${size}: ${a}-${b}`);
      assert.deepEqual(await blobs.readSmall(w.id, size, { keysFor: () => keys, cache: false }).catch(() => 'big'), size <= 64 * 1024 ? plain : 'big');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sealed blobs: a flipped byte, a truncation, or a file under another id is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sealed-'));
  try {
    const blobs = new BlobStore(dir);
    await blobs.init();
    const keys = ringKeys(ring());
    const size = 3 * SEGMENT;
    const plain = randomBytes(size);
    const write = () => blobs.write(chunks(plain, 65_000), keys);
    const flipped = await write();
    const file = readFileSync(blobs.pathOf(flipped.id));
    file[file.length - SEGMENT] ^= 1;
    writeFileSync(blobs.pathOf(flipped.id), file);
    await assert.rejects(readAll(blobs, flipped.id, size, keys, 0, size - 1), SealedBlobError);
    assert.deepEqual(await readAll(blobs, flipped.id, size, keys, 0, SEGMENT - 1), plain.subarray(0, SEGMENT), 'untouched segments still read');
    const cut = await write();
    const c = readFileSync(blobs.pathOf(cut.id));
    writeFileSync(blobs.pathOf(cut.id), c.subarray(0, c.length - SEGMENT - 16));
    await assert.rejects(readAll(blobs, cut.id, size, keys, 0, size - 1), SealedBlobError);
    await assert.rejects(readAll(blobs, cut.id, 2 * SEGMENT, keys, 0, 2 * SEGMENT - 1), SealedBlobError, 'the last segment kept must be the final one');
    const a = await write();
    const b = await write();
    renameSync(blobs.pathOf(a.id), blobs.pathOf(b.id));
    await assert.rejects(blobs.openSealed(b.id, () => keys), SealedBlobError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('customer key verifier: salted, matches only its key', () => {
  const k = randomBytes(32);
  const v = customerKeyVerifier(k);
  assert.notEqual(v, customerKeyVerifier(k));
  assert.equal(customerKeyMatches(k, v), true);
  assert.equal(customerKeyMatches(randomBytes(32), v), false);
  assert.equal(customerKeyMatches(k, 'garbage'), false);
});
