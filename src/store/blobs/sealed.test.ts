/** Sealed blobs: round trips, ranges over segment boundaries, and every alteration refused. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BlobStore } from './BlobStore.js';
import { customerKeyMatches, customerKeyVerifier, customerKeys, readSealed, readSealedRuns, ringKeys, SealedBlobError, SEGMENT, sealedBodySize, type BlobKeys, type SealingRing } from './sealed.js';

const fixtureDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'test', 'fixtures', 'sealed');

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

async function readAll(blobs: BlobStore, id: string, size: number, keys: BlobKeys, from: number, to: number) {
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

test('sealed blobs: a long read through released runs reuses a few buffers; runs not released are never overwritten', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sealed-'));
  try {
    const blobs = new BlobStore(dir);
    await blobs.init();
    const keys = ringKeys(ring());
    const size = 31 * SEGMENT + 12_345;
    const plain = randomBytes(size);
    const w = await blobs.write(chunks(plain, 100_000), keys);
    for (const [from, to] of [[0, size - 1], [SEGMENT + 7, 29 * SEGMENT - 3]]) {
      // Released as soon as copied: the bytes are right, and a released run's memory goes to a later run
      // (handed to the opener thread again, the views yielded before are left empty: detached).
      let f = await blobs.openSealed(w.id, () => keys);
      const copied: Buffer[] = [];
      const yielded: Buffer[] = [];
      for await (const run of readSealedRuns(f, size, from, to)) {
        for (const p of run.pieces) copied.push(Buffer.from(p));
        yielded.push(...run.pieces);
        run.release();
      }
      await f.fh.close();
      assert.ok(Buffer.concat(copied).equals(plain.subarray(from, to + 1)), `released, ${from}-${to}`);
      const reused = yielded.filter((p) => p.buffer.byteLength === 0).length;
      assert.ok(reused >= yielded.length - 7, `${reused} of ${yielded.length} runs' memory reused`);
      // Never released: every run's bytes stay as they were yielded, to the end of the read.
      f = await blobs.openSealed(w.id, () => keys);
      const kept: Buffer[] = [];
      for await (const run of readSealedRuns(f, size, from, to)) kept.push(...run.pieces);
      await f.fh.close();
      assert.ok(Buffer.concat(kept).equals(plain.subarray(from, to + 1)), `kept, ${from}-${to}`);
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
    // A segment passes through the cipher in pieces, but none of a run's bytes is yielded before all its
    // segments verify: a flip in the last piece of a segment, read alone or in a run after a good segment.
    const late = await write();
    const lb = readFileSync(blobs.pathOf(late.id));
    const body = lb.length - sealedBodySize(size);
    lb[body + (SEGMENT + 16) + SEGMENT - 5] ^= 1; // segment 1, 5 bytes before its tag
    writeFileSync(blobs.pathOf(late.id), lb);
    for (const [from, batch] of [[SEGMENT, 1], [0, 2], [SEGMENT - 10, 3]] as Array<[number, number]>) {
      const f = await blobs.openSealed(late.id, () => keys);
      let yielded = 0;
      try {
        await assert.rejects(async () => {
          for await (const p of readSealed(f, size, from, size - 1, batch)) yielded += p.length;
        }, SealedBlobError);
      } finally {
        await f.fh.close();
      }
      assert.equal(yielded, 0, `from ${from}, ${batch} segments a read: nothing of the run yielded`);
    }
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

test('sealed blobs: new blobs have 1 MiB segments; one read with a changed segment size is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sealed-'));
  try {
    const blobs = new BlobStore(dir);
    await blobs.init();
    const keys = ringKeys(ring());
    assert.equal(SEGMENT, 1024 * 1024);
    const size = 2 * SEGMENT + 5;
    const plain = randomBytes(size);
    const w = await blobs.write(chunks(plain, 100_000), keys);
    const file = readFileSync(blobs.pathOf(w.id));
    assert.equal(file.readUInt32BE(5), SEGMENT, 'the header records the segment size');
    assert.equal(file.length - (11 + file.readUInt16BE(9)), sealedBodySize(size), 'three segments, three tags');
    // Another valid size (64 KiB) reads the segments' bytes at the wrong places: the first tag fails.
    const resized = Buffer.from(file);
    resized.writeUInt32BE(64 * 1024, 5);
    writeFileSync(blobs.pathOf(w.id), resized);
    await assert.rejects(readAll(blobs, w.id, size, keys, 0, 0), SealedBlobError);
    await assert.rejects(readAll(blobs, w.id, size, keys, SEGMENT, SEGMENT + 10), SealedBlobError);
    // Not a power of two, or out of range: the header itself is refused.
    for (const bad of [SEGMENT + 1, 1024, 32 * SEGMENT]) {
      resized.writeUInt32BE(bad, 5);
      writeFileSync(blobs.pathOf(w.id), resized);
      await assert.rejects(blobs.openSealed(w.id, () => keys), (e: unknown) => e instanceof SealedBlobError && /header is damaged/.test(e.message), String(bad));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sealed blobs: a blob written with 64 KiB segments (test/fixtures/sealed) still opens, and refuses alterations', async () => {
  const fx = (await import(pathToFileURL(join(fixtureDir, 'fixture.mjs')).href)) as { FIXTURE_ID: string; fixtureKey: Buffer; fixturePlaintext: Buffer };
  const original = readFileSync(join(fixtureDir, '64k-segments.blob'));
  assert.equal(original.readUInt32BE(5), 64 * 1024, 'the fixture has 64 KiB segments');
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sealed-'));
  try {
    const blobs = new BlobStore(dir);
    await blobs.init();
    const keys = customerKeys(fx.fixtureKey);
    const plain = fx.fixturePlaintext;
    const size = plain.length;
    const place = (bytes: Buffer) => {
      mkdirSync(dirname(blobs.pathOf(fx.FIXTURE_ID)), { recursive: true });
      writeFileSync(blobs.pathOf(fx.FIXTURE_ID), bytes);
    };
    place(original);
    const K = 64 * 1024;
    for (const [a, b] of [[0, size - 1], [0, 0], [K - 1, K], [K - 3, 2 * K + 3], [2 * K, size - 1], [size - 1, size - 1]] as Array<[number, number]>) {
      for (const batch of [1, 3, undefined]) {
        const f = await blobs.openSealed(fx.FIXTURE_ID, () => keys);
        const out: Buffer[] = [];
        for await (const p of readSealed(f, size, a, b, batch)) out.push(p);
        await f.fh.close();
        assert.deepEqual(Buffer.concat(out), plain.subarray(a, b + 1), `${a}-${b}, ${batch ?? 'default'} a read`);
      }
    }
    await assert.rejects(blobs.openSealed(fx.FIXTURE_ID, () => customerKeys(randomBytes(32))), (e: unknown) => e instanceof SealedBlobError && e.reason === 'wrong-key');
    // A flipped byte in the second segment: ranges over it are refused, the first segment still reads.
    const header = 11 + original.readUInt16BE(9);
    const flipped = Buffer.from(original);
    flipped[header + (K + 16) + 100] ^= 1;
    place(flipped);
    await assert.rejects(readAll(blobs, fx.FIXTURE_ID, size, keys, 0, size - 1), SealedBlobError);
    await assert.rejects(readAll(blobs, fx.FIXTURE_ID, size, keys, K + 5, K + 5), SealedBlobError);
    assert.deepEqual(await readAll(blobs, fx.FIXTURE_ID, size, keys, 0, K - 1), plain.subarray(0, K));
    // The first two segments swapped: neither opens at the other's index.
    const swapped = Buffer.from(original);
    original.copy(swapped, header, header + K + 16, header + 2 * (K + 16));
    original.copy(swapped, header + K + 16, header, header + K + 16);
    place(swapped);
    await assert.rejects(readAll(blobs, fx.FIXTURE_ID, size, keys, 0, 10), SealedBlobError);
    await assert.rejects(readAll(blobs, fx.FIXTURE_ID, size, keys, K, K + 10), SealedBlobError);
    // The final segment cut off: the last one kept is not marked final.
    place(original.subarray(0, header + 2 * (K + 16)));
    await assert.rejects(readAll(blobs, fx.FIXTURE_ID, 2 * K, keys, 0, 2 * K - 1), SealedBlobError);
    // Read as if it had 1 MiB segments (the size new blobs have): refused.
    const resized = Buffer.from(original);
    resized.writeUInt32BE(SEGMENT, 5);
    place(resized);
    await assert.rejects(readAll(blobs, fx.FIXTURE_ID, size, keys, 0, 0), SealedBlobError);
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
