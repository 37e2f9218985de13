/**
 * The object-store conformance cases: what every ObjectStore (file:, s3://) must do, run by
 * objectStore.conformance.test.ts against each. Bytes round-trip exactly (empty, small, longer than a
 * backend part), positioned reads and range streams answer exactly the bytes asked for, a failed write
 * leaves no blob, a removed blob answers ENOENT, listings see every blob with its time, sealed (SSE) blobs
 * reach the store as ciphertext only, and the orphan sweep removes only old unreferenced blobs.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { Store } from '../store.js';
import { BlobStore } from './BlobStore.js';
import type { ObjectStore } from './objectStore.js';
import { customerKeys, readSealed, SealedBlobError } from './sealed.js';
import { sweepOrphans } from './sweep.js';
import { S3_MAX_FREE_SOCKETS } from './s3/client.js';
import { S3ObjectStore } from './s3/objectStore.js';

export interface ObjectStoreEnv {
  name: string;
  objects: ObjectStore;
  /** A metadata store (for the sweep's references). */
  store: Store;
}

async function* pieces(b: Buffer, size: number) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function collect(s: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c);
  return Buffer.concat(out);
}

/** Bytes with a pattern (every offset distinguishable), so a shifted range cannot pass. */
function patterned(n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32BE(i, i);
  for (let i = n - (n % 4); i < n; i++) b[i] = i & 255;
  return b;
}

export function objectStoreCases(env: () => ObjectStoreEnv) {
  const id = () => BlobStore.newId();

  test('put answers the size once stored; readAll and a positioned read answer the same bytes', async () => {
    const { objects } = env();
    for (const bytes of [Buffer.alloc(0), Buffer.from('x'), randomBytes(70_000)]) {
      const b = id();
      assert.equal(await objects.put(b, pieces(bytes, 1000)), bytes.length);
      assert.ok((await objects.readAll(b)).equals(bytes));
      const r = await objects.open(b);
      const buf = Buffer.alloc(bytes.length + 10);
      const { bytesRead } = await r.read(buf, 0, buf.length, 0);
      assert.equal(bytesRead, bytes.length);
      assert.ok(buf.subarray(0, bytesRead).equals(bytes));
      assert.equal((await r.read(buf, 0, 10, bytes.length)).bytesRead, 0, 'a read at the end answers nothing');
      await r.close();
      await objects.delete(b);
    }
  });

  test('a blob longer than a backend part (20 MiB + 7): exact bytes, ranges across part boundaries', async () => {
    const { objects } = env();
    const bytes = patterned(20 * 1024 * 1024 + 7);
    const b = id();
    assert.equal(await objects.put(b, pieces(bytes, 1 << 20)), bytes.length);
    for (const [s, e] of [
        [0, bytes.length - 1],
        [8 * 1024 * 1024 - 3, 8 * 1024 * 1024 + 3],
        [bytes.length - 1, bytes.length - 1],
      [5, 9_000_000],
    ] as const) {
      // One stream per opened blob: the stream closes it when done.
      const got = await collect((await objects.open(b)).createReadStream({ start: s, end: e, autoClose: true }));
      assert.ok(got.equals(bytes.subarray(s, e + 1)), `bytes ${s}-${e}`);
    }
    const r = await objects.open(b);
    try {
      const buf = Buffer.alloc(100);
      assert.equal((await r.read(buf, 0, 100, 16 * 1024 * 1024 - 50)).bytesRead, 100);
      assert.ok(buf.equals(bytes.subarray(16 * 1024 * 1024 - 50, 16 * 1024 * 1024 + 50)));
    } finally {
      await r.close();
    }
    await objects.delete(b);
  });

  test('a write whose source fails leaves no blob (short, and past a backend part)', async () => {
    const { objects } = env();
    for (const n of [1000, 12 * 1024 * 1024, 20 * 1024 * 1024]) {
      const b = id();
      const failing = (async function* () {
        yield* pieces(Buffer.alloc(n, 1), 1 << 20);
        throw new Error('client went away');
      })();
      await assert.rejects(objects.put(b, failing), /client went away/);
      await assert.rejects(objects.open(b), { code: 'ENOENT' });
      await assert.rejects(objects.readAll(b), { code: 'ENOENT' });
      const listed: string[] = [];
      for await (const x of objects.list()) listed.push(x.id);
      assert.ok(!listed.includes(b));
      if (objects instanceof S3ObjectStore) {
        // Past a backend part the write was a backend multipart upload: it was aborted, none is left.
        const left = await objects.client.listMultipartUploads(objects.bucket, objects.prefix + b);
        assert.deepEqual(left, [], `no backend multipart upload is left for the failed ${n}-byte write`);
      }
    }
  });

  test('a write with its length and MD5 known (the S3 PUT path): exact bytes; a source failing after its last byte, or (s3) a wrong length or MD5, leaves no blob', async () => {
    const { objects } = env();
    const md5 = (b: Buffer) => createHash('md5').update(b).digest();
    const gone = async (b: string) => {
      await assert.rejects(objects.open(b), { code: 'ENOENT' });
      for await (const x of objects.list()) assert.notEqual(x.id, b);
    };
    for (const bytes of [Buffer.alloc(0), Buffer.from('x'), patterned(20 * 1024 * 1024 + 7)]) {
      const b = id();
      assert.equal(await objects.put(b, pieces(bytes, 1 << 20), { length: bytes.length, md5: () => md5(bytes) }), bytes.length);
      assert.ok((await objects.readAll(b)).equals(bytes));
      await objects.delete(b);
    }
    // The writer's verification fails once every byte went by (a bad signature or Content-MD5 at the end).
    const bytes = patterned(3 * 1024 * 1024);
    const late = id();
    const failing = (async function* () {
      yield* pieces(bytes, 1 << 20);
      throw new Error('bad digest at the end');
    })();
    await assert.rejects(objects.put(late, failing, { length: bytes.length, md5: () => md5(bytes) }), /bad digest at the end/);
    await gone(late);
    if (!(objects instanceof S3ObjectStore)) return;
    const wrongMd5 = id();
    await assert.rejects(objects.put(wrongMd5, pieces(bytes, 1 << 20), { length: bytes.length, md5: () => md5(Buffer.from('other')) }), { code: 'BadDigest' });
    await gone(wrongMd5);
    for (const length of [bytes.length - 1, bytes.length + 1]) {
      const wrongLength = id();
      await assert.rejects(objects.put(wrongLength, pieces(bytes, 1 << 20), { length, md5: () => md5(bytes) }), { code: 'IncompleteBody' });
      await gone(wrongLength);
    }
  });

  test('open with the first range: that stream answers exactly it; a missing blob is ENOENT; streams dropped early or mid-way release the store', async () => {
    const { objects } = env();
    const bytes = patterned(10 * 1024 * 1024 + 3);
    const b = id();
    await objects.put(b, pieces(bytes, 1 << 20));
    for (const [s, e] of [
      [0, bytes.length - 1],
      [100, 200],
      [bytes.length - 5, bytes.length - 1],
    ] as const) {
      const got = await collect((await objects.open(b, { start: s, end: e })).createReadStream({ start: s, end: e, autoClose: true }));
      assert.ok(got.equals(bytes.subarray(s, e + 1)), `bytes ${s}-${e}`);
    }
    // A different range than announced still answers its own bytes.
    const other = await objects.open(b, { start: 0, end: 9 });
    assert.ok((await collect(other.createReadStream({ start: 50, end: 59, autoClose: true }))).equals(bytes.subarray(50, 60)));
    await assert.rejects(objects.open(id(), { start: 0, end: 9 }), { code: 'ENOENT' });
    // Opened and closed unread, destroyed before the first read, destroyed after one chunk: 3 × 40 of them.
    for (let i = 0; i < 40; i++) {
      await (await objects.open(b, { start: 0, end: bytes.length - 1 })).close();
      const early = (await objects.open(b, { start: 0, end: bytes.length - 1 })).createReadStream({ start: 0, end: bytes.length - 1, autoClose: true });
      early.destroy();
      const mid = (await objects.open(b, { start: 0, end: bytes.length - 1 })).createReadStream({ start: 0, end: bytes.length - 1, autoClose: true });
      await new Promise<void>((resolve, reject) => mid.once('data', () => resolve()).once('error', reject));
      mid.destroy();
    }
    if (objects instanceof S3ObjectStore) {
      // Every backend response was destroyed: no connection stays in use and none waits for one.
      let pool = objects.client.pool();
      for (let i = 0; i < 100 && pool.active > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        pool = objects.client.pool();
      }
      assert.equal(pool.active, 0, `backend connections still in use: ${JSON.stringify(pool)}`);
      assert.equal(pool.waiting, 0);
      assert.ok(pool.idle <= S3_MAX_FREE_SOCKETS);
    }
    assert.ok((await objects.readAll(b)).equals(bytes), 'the store still answers');
    await objects.delete(b);
  });

  test('delete: the blob answers ENOENT afterwards; deleting again is no error; list sees blobs with their time', async () => {
    const { objects } = env();
    const before = Date.now() - 60_000;
    const a = id();
    const b = id();
    await objects.put(a, pieces(Buffer.from('a'), 1));
    await objects.put(b, pieces(Buffer.from('b'), 1));
    const listed = new Map<string, number>();
    for await (const x of objects.list()) listed.set(x.id, x.modifiedMs);
    assert.ok(listed.has(a) && listed.has(b));
    assert.ok(listed.get(a)! >= before && listed.get(a)! <= Date.now() + 60_000, 'the time is the write time');
    await objects.delete(a);
    await objects.delete(a);
    await assert.rejects(objects.open(a), { code: 'ENOENT' });
    await assert.rejects(objects.readAll(a), { code: 'ENOENT' });
    assert.equal((await objects.readAll(b)).toString(), 'b');
    await objects.delete(b);
  });

  test('sealed blobs (SSE) reach the store as ciphertext, open with their key only, ranges decrypt', async () => {
    const { objects } = env();
    const blobs = new BlobStore(objects);
    const keys = customerKeys(randomBytes(32));
    const plain = patterned(300_000);
    const w = await blobs.write(pieces(plain, 4096), keys);
    assert.equal(w.size, plain.length);
    const stored = await objects.readAll(w.id);
    assert.equal(stored.subarray(0, 4).toString('latin1'), 'TSB1');
    assert.ok(stored.length > plain.length);
    assert.equal(stored.indexOf(plain.subarray(1000, 1064)), -1, 'no plaintext in the store');
    const f = await blobs.openSealed(w.id, () => keys);
    try {
      assert.ok((await collect(readSealed(f, plain.length, 70_000, 200_000))).equals(plain.subarray(70_000, 200_001)));
    } finally {
      await f.fh.close();
    }
    await assert.rejects(blobs.openSealed(w.id, () => customerKeys(randomBytes(32))), SealedBlobError);
    const small = await blobs.write(pieces(Buffer.from('secret words'), 5), keys);
    assert.equal((await blobs.readSmall(small.id, small.size, { keysFor: () => keys, cache: false })).toString(), 'secret words');
    await blobs.remove([w.id, small.id]);
    await assert.rejects(objects.open(w.id), { code: 'ENOENT' });
  });

  test("the orphan sweep removes unreferenced blobs only past the store's grace period, never a write of this process", async () => {
    const { objects, store } = env();
    const blobs = new BlobStore(objects);
    const old = await blobs.write(pieces(Buffer.from('orphan'), 6));
    const startedAt = Date.now() + 1;
    // A file's mtime comes from the kernel's coarse clock, up to a tick (4–10 ms) behind Date.now(): a write
    // 5 ms after startedAt could be stamped before it. 30 ms is past any tick.
    await new Promise((r) => setTimeout(r, 30));
    const mine = await blobs.write(pieces(Buffer.from('in flight'), 9));
    await sweepOrphans(blobs, store, startedAt);
    assert.equal((await objects.readAll(mine.id)).toString(), 'in flight', "this process's write survives");
    if (objects.sweepGraceMs === 0) {
      await assert.rejects(objects.readAll(old.id), { code: 'ENOENT' }, 'an old orphan is removed');
    } else {
      // Shared by nodes: a blob younger than the grace period may be another node's write in flight.
      assert.equal((await objects.readAll(old.id)).toString(), 'orphan');
    }
    await blobs.remove([old.id, mine.id]);
  });
}
