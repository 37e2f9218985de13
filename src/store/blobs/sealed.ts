/**
 * Sealed blobs: object bytes encrypted at rest (S3's SSE-S3 and SSE-C). Each blob has its own random 256-bit
 * data key, wrapped by a key the blob never holds in clear (the key ring's current key for SSE-S3; a key
 * derived from the customer's key for SSE-C), with the blob's id as associated data, so a file renamed to
 * another blob's id does not open. The bytes are AES-256-GCM in fixed-size segments, each with its own tag: a
 * ranged read opens only the segments it needs, and no byte leaves a segment whose tag failed. New blobs have
 * SEGMENT-byte segments; the size is recorded in each blob's header (blobs written before 1 MiB segments have
 * 64 KiB ones, and still open).
 *
 * File layout:
 *   "TSB1" | kind (u8) | segment size (u32 BE) | wrapped key length (u16 BE) | wrapped key
 *   segment 0 ciphertext | tag (16) | segment 1 ciphertext | tag | ...
 * Segment i's nonce is its index (u64 BE) followed by a final flag (u8: 1 on the last segment, which may be
 * empty) and three zero bytes: segments cannot be reordered, dropped from the end or appended to. A data key
 * seals one blob only, so no nonce repeats under a key. The segment size in the header is not authenticated
 * on its own, and need not be: read with another size, segment i's bytes and tag are not those sealed under
 * nonce i, so the first segment read fails its tag.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BlobReader } from './objectStore.js';
import { openOffThread } from './opener.js';

/**
 * The segment size of new blobs. 1 MiB rather than 64 KiB: a GET then creates a decipher, allocates a
 * plaintext buffer and writes to the socket 16 times less often, which was most of what decryption added to
 * a large GET besides the cipher itself; a ranged GET opens at most two segments more than it returns.
 */
export const SEGMENT = 1024 * 1024;
/** Segment sizes a reader accepts: powers of two in this range (64 KiB: blobs written before 1 MiB segments). */
const MIN_SEGMENT = 16 * 1024;
const MAX_SEGMENT = 16 * 1024 * 1024;
/** About how many bytes one read of a sealed blob asks for (whole segments, at least one). */
const RUN_BYTES = 2 * 1024 * 1024;
/**
 * How many bytes one cipher update() takes. A segment passes through the cipher in pieces of this size
 * rather than whole: each update() allocates its output (Node copies it once more), and a 1 MiB output is
 * above glibc's default mmap threshold (fresh pages to fault in, and more GC of external memory) where 64 KiB
 * ones reuse the heap. Measured (AES-256-GCM, 1 MiB segments, pieces taking turns in one process): a median
 * 1,069 ms of CPU per GiB whole, 577 in 64 KiB pieces; 16 and 32 KiB were slower, 128 KiB (at the
 * threshold) about the same.
 */
const PIECE = 64 * 1024;
/** How many runs a long read has under way at once (read, or being opened on the opener thread). */
const DEPTH = 5;
const TAG = 16;
const MAGIC = Buffer.from('TSB1', 'latin1');
const FIXED = 4 + 1 + 4 + 2;

/** A sealed blob refused: altered, truncated, or its data key does not open under the key given. */
export class SealedBlobError extends Error {
  constructor(message: string, readonly reason: 'tampered' | 'wrong-key' = 'tampered') {
    super(message);
  }
}

/** How a blob's data key is wrapped and unwrapped. `kind` is recorded in the blob so a reader can refuse a mismatch. */
export interface BlobKeys {
  readonly kind: number;
  wrap(dataKey: Buffer, blobId: string): Buffer;
  /** The data key, or null when the wrapped key does not open (altered, or another key). */
  unwrap(wrapped: Buffer, blobId: string): Promise<Buffer | null>;
}

/** The key ring's shape as the blob layer uses it (src/auth/keyring.ts satisfies it). */
export interface SealingRing {
  sealBytes(plaintext: Buffer, aad: string): string;
  openBytes(sealed: string, aad: string): Promise<Buffer | null>;
}

const aadOf = (blobId: string) => `s3-blob:${blobId}`;

/** SSE-S3: data keys wrapped by the key ring's current key. */
export function ringKeys(ring: SealingRing): BlobKeys {
  return {
    kind: 1,
    wrap: (dataKey, blobId) => Buffer.from(ring.sealBytes(dataKey, aadOf(blobId)), 'utf8'),
    unwrap: (wrapped, blobId) => ring.openBytes(wrapped.toString('utf8'), aadOf(blobId)),
  };
}

/** SSE-C: data keys wrapped by a key derived (HKDF-SHA256, a fresh salt per blob) from the customer's key. */
export function customerKeys(customerKey: Buffer): BlobKeys {
  const kek = (salt: Buffer) => Buffer.from(hkdfSync('sha256', customerKey, salt, 'tessera sse-c blob key', 32));
  return {
    kind: 2,
    wrap(dataKey, blobId) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', kek(salt), iv);
      c.setAAD(Buffer.from(aadOf(blobId)));
      const body = Buffer.concat([c.update(dataKey), c.final()]);
      return Buffer.concat([salt, iv, body, c.getAuthTag()]);
    },
    async unwrap(wrapped, blobId) {
      if (wrapped.length !== 16 + 12 + 32 + TAG) return null;
      try {
        const d = createDecipheriv('aes-256-gcm', kek(wrapped.subarray(0, 16)), wrapped.subarray(16, 28));
        d.setAAD(Buffer.from(aadOf(blobId)));
        d.setAuthTag(wrapped.subarray(wrapped.length - TAG));
        return Buffer.concat([d.update(wrapped.subarray(28, wrapped.length - TAG)), d.final()]);
      } catch {
        return null;
      }
    },
  };
}

/** A salted HMAC of a customer key (what is stored to check later requests' keys; never the key). */
export function customerKeyVerifier(customerKey: Buffer, salt = randomBytes(16)): string {
  return `${salt.toString('base64url')}.${createHmac('sha256', salt).update(customerKey).digest('base64url')}`;
}

/** Whether `customerKey` is the key `verifier` was made from (constant time). */
export function customerKeyMatches(customerKey: Buffer, verifier: string): boolean {
  const [salt, mac] = verifier.split('.');
  if (!salt || !mac) return false;
  const want = Buffer.from(mac, 'base64url');
  const got = createHmac('sha256', Buffer.from(salt, 'base64url')).update(customerKey).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

function segmentNonce(index: number, final: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 0);
  n[8] = final ? 1 : 0;
  return n;
}

/** A segment's ciphertext (in PIECE-byte pieces) and its tag. */
function sealSegment(key: Buffer, index: number, final: boolean, plain: Buffer): Buffer[] {
  const c = createCipheriv('aes-256-gcm', key, segmentNonce(index, final));
  const out: Buffer[] = [];
  for (let off = 0; off < plain.length; off += PIECE) out.push(c.update(plain.subarray(off, Math.min(plain.length, off + PIECE))));
  c.final();
  out.push(c.getAuthTag());
  return out;
}

/** The header of a new sealed blob (of `segment`-byte segments) and its data key. */
export function newSealedHeader(keys: BlobKeys, blobId: string, segment = SEGMENT): { header: Buffer; dataKey: Buffer } {
  const dataKey = randomBytes(32);
  const wrapped = keys.wrap(dataKey, blobId);
  const header = Buffer.alloc(FIXED + wrapped.length);
  MAGIC.copy(header, 0);
  header[4] = keys.kind;
  header.writeUInt32BE(segment, 5);
  header.writeUInt16BE(wrapped.length, 9);
  wrapped.copy(header, FIXED);
  return { header, dataKey };
}

/**
 * Seals a plaintext stream into segments (yields ciphertext and tags). A full segment is held until the next
 * byte arrives, because whether it is the last one is part of its nonce.
 */
export async function* sealStream(source: AsyncIterable<Buffer>, dataKey: Buffer, segment = SEGMENT): AsyncGenerator<Buffer> {
  const seg = Buffer.allocUnsafe(segment);
  let filled = 0;
  let index = 0;
  for await (const chunk of source) {
    let off = 0;
    while (off < chunk.length) {
      if (filled === segment) {
        yield* sealSegment(dataKey, index++, false, seg);
        filled = 0;
      }
      const n = Math.min(segment - filled, chunk.length - off);
      chunk.copy(seg, filled, off, off + n);
      filled += n;
      off += n;
    }
  }
  yield* sealSegment(dataKey, index, true, seg.subarray(0, filled));
}

/** The size on disk of a sealed blob of `size` plaintext bytes (without its header). */
export const sealedBodySize = (size: number, segment = SEGMENT) => size + Math.max(1, Math.ceil(size / segment)) * TAG;

export interface SealedFile {
  fh: BlobReader;
  headerLength: number;
  segment: number;
  dataKey: Buffer;
  /** SSE-S3 or SSE-C (BlobKeys.kind). */
  kind: number;
}

/** Reads a sealed blob's header and opens its data key with `keysFor(kind)`. */
export async function openSealed(fh: BlobReader, blobId: string, keysFor: (kind: number) => BlobKeys): Promise<SealedFile> {
  const head = Buffer.alloc(512);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  if (bytesRead < FIXED || !head.subarray(0, 4).equals(MAGIC)) throw new SealedBlobError('not a sealed blob');
  const kind = head[4]!;
  const segment = head.readUInt32BE(5);
  const len = head.readUInt16BE(9);
  if (!segmentSizeValid(segment) || FIXED + len > bytesRead) throw new SealedBlobError('a sealed blob header is damaged');
  const keys = keysFor(kind);
  if (keys.kind !== kind) throw new SealedBlobError('the blob is sealed under another kind of key', 'wrong-key');
  const dataKey = await keys.unwrap(head.subarray(FIXED, FIXED + len), blobId);
  if (!dataKey) throw new SealedBlobError("the blob's data key does not open", kind === 2 ? 'wrong-key' : 'tampered');
  return { fh, headerLength: FIXED + len, segment, dataKey, kind };
}

const segmentSizeValid = (n: number) => n >= MIN_SEGMENT && n <= MAX_SEGMENT && (n & (n - 1)) === 0;

/**
 * Plaintext bytes [from, to] (inclusive) of a sealed blob of `size` bytes: only the segments they span are
 * read, `batch` segments a read (about RUN_BYTES), and a run yields nothing unless all its segments verify.
 */
export async function* readSealed(f: SealedFile, size: number, from: number, to: number, batch?: number): AsyncGenerator<Buffer> {
  // The pieces are the caller's to keep: no run is released for reuse.
  for await (const run of readSealedRuns(f, size, from, to, batch)) yield* run.pieces;
}

/**
 * A run's plaintext, the bytes asked for in order. `release()` says they have been written (or copied) and
 * will not be read again: the read may then reuse their memory for a later run. Not calling it is safe.
 */
export interface PlainRun {
  pieces: Buffer[];
  release(): void;
}

/**
 * readSealed's bytes a run at a time, each run's yielded once all its segments have verified; a writer can
 * hand its pieces to the socket in one batch.
 *
 * A read of one run opens it on the event loop (the cipher's 64 KiB pieces). A longer read is opened on the
 * opener thread (opener.ts): up to DEPTH runs are under way at once, each read into a buffer of its own,
 * then opened in place beside the event loop (the cipher runs while the socket drains the runs before it),
 * and yielded as that buffer. A buffer released comes back for a later run: a reader that releases what it
 * has written reads a long object through a few buffers, allocated once.
 */
export async function* readSealedRuns(f: SealedFile, size: number, from: number, to: number, batch = Math.max(1, Math.floor(RUN_BYTES / f.segment))): AsyncGenerator<PlainRun> {
  const last = Math.max(0, Math.ceil(size / f.segment) - 1);
  const first = Math.floor(from / f.segment);
  const end = Math.floor(to / f.segment);
  const stride = f.segment + TAG;
  const runBytes = (i: number) => {
    const j = Math.min(end, i + batch - 1);
    return { j, length: Math.min(size, (j + 1) * f.segment) - i * f.segment + (j - i + 1) * TAG };
  };
  const readRun = async (i: number, buf: Buffer) => {
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await f.fh.read(buf, got, buf.length - got, f.headerLength + i * stride + got);
      if (bytesRead === 0) throw new SealedBlobError('a sealed blob is shorter than its recorded size');
      got += bytesRead;
    }
  };
  /** The plaintext bytes [from, to] of the run of segments i..j, held in `plain` from segment i's start. */
  const asked = (i: number, j: number, plain: Buffer) =>
    plain.subarray(Math.max(from - i * f.segment, 0), Math.min(to + 1, (j + 1) * f.segment) - i * f.segment);
  const cap = runBytes(first).length;
  if (end <= first + batch - 1) {
    const buf = Buffer.allocUnsafe(cap);
    await readRun(first, buf);
    const pieces = trimmed(openRun(f.dataKey, first, last, f.segment, buf), from - first * f.segment, to - first * f.segment + 1);
    if (pieces.length > 0) yield { pieces, release: () => undefined };
    return;
  }
  const free: ArrayBuffer[] = [];
  const under: Array<Promise<{ i: number; j: number; buffer: ArrayBuffer; plain?: number }>> = [];
  let nextRun = first;
  const begin = () => {
    const i = nextRun;
    const { j, length } = runBytes(i);
    nextRun = j + 1;
    const buffer = free.pop() ?? new ArrayBuffer(cap);
    const run = readRun(i, Buffer.from(buffer, 0, length)).then(async () => ({ i, j, ...(await openOffThread(f.dataKey, i, last, f.segment, buffer, length)) }));
    // A failure is seen when the run's turn comes; meanwhile (or if the reader stops first) it is not unhandled.
    run.catch(() => undefined);
    under.push(run);
  };
  while (under.length < DEPTH && nextRun <= end) begin();
  while (under.length > 0) {
    const { i, j, buffer, plain } = await under.shift()!;
    if (plain === undefined) throw new SealedBlobError('a sealed blob segment failed its integrity check');
    if (nextRun <= end) begin();
    let released = false;
    const release = () => {
      if (!released) free.push(buffer);
      released = true;
    };
    yield { pieces: [asked(i, j, Buffer.from(buffer, 0, plain))], release };
  }
}

/** The bytes [s, e) of a run's plaintext given as each segment's pieces, as pieces (views, not copies). */
function trimmed(segments: Buffer[][], s: number, e: number): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const piece of segments.flat()) {
    const ps = Math.max(s, at) - at;
    const pe = Math.min(e, at + piece.length) - at;
    at += piece.length;
    if (pe > ps) out.push(ps === 0 && pe === piece.length ? piece : piece.subarray(ps, pe));
    if (at >= e) break;
  }
  return out;
}

/**
 * The plaintext of the segments sealed in `run` (segment `first` and those after it, each of `segment`
 * bytes and its tag; `final`: the blob's last segment's index), each segment's pieces; SealedBlobError
 * when a segment fails its tag.
 */
export function openRun(key: Uint8Array, first: number, final: number, segment: number, run: Buffer): Buffer[][] {
  const stride = segment + TAG;
  const plains: Buffer[][] = [];
  for (let off = 0, k = first; off < run.length; off += stride, k++) {
    plains.push(openSegment(key, k, k === final, run.subarray(off, Math.min(run.length, off + stride))));
  }
  return plains;
}

/**
 * openRun in place: each segment's plaintext written over the run from its start, segment after segment
 * (segment k's lands at k × segment, before segment k + 1's ciphertext, which starts at k × (segment + 16)
 * + segment + 16: nothing is overwritten before it is read). Returns the plaintext's length; SealedBlobError
 * when a segment fails its tag (the run then holds a mix, to be thrown away).
 */
export function openRunInPlace(key: Uint8Array, first: number, final: number, segment: number, run: Buffer): number {
  const stride = segment + TAG;
  let at = 0;
  for (let off = 0, k = first; off < run.length; off += stride, k++) {
    for (const piece of openSegment(key, k, k === final, run.subarray(off, Math.min(run.length, off + stride)))) at += piece.copy(run, at);
  }
  return at;
}

/** A segment's plaintext, in PIECE-byte pieces, once its tag is verified (SealedBlobError when it is not). */
function openSegment(key: Uint8Array, index: number, final: boolean, sealed: Buffer): Buffer[] {
  if (sealed.length < TAG) throw new SealedBlobError('a sealed blob is shorter than its recorded size');
  try {
    const d = createDecipheriv('aes-256-gcm', key, segmentNonce(index, final));
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    const body = sealed.length - TAG;
    const out: Buffer[] = [];
    for (let off = 0; off < body; off += PIECE) out.push(d.update(sealed.subarray(off, Math.min(body, off + PIECE))));
    d.final();
    return out;
  } catch {
    throw new SealedBlobError('a sealed blob segment failed its integrity check');
  }
}
