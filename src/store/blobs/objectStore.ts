/**
 * Where object bytes live: one interface, two implementations. `file:DIR` (fileStore.ts: files under the
 * data directory, fsync + rename) and `s3://HOST:PORT/BUCKET[/PREFIX]` (s3/objectStore.ts: objects in an
 * S3-compatible backend such as Ceph's radosgw, through our own client). Object metadata stays in the
 * database; a blob is named by a generated id, never by an object key, and never changes once written.
 *
 * The crash rules every implementation keeps:
 *  - `put` resolves only once the bytes are durable in the backend; the caller commits the metadata that
 *    makes them visible after that, never before. A `put` that fails leaves nothing behind it cannot sweep.
 *  - `list` answers every stored blob with its time, so the orphan sweep (sweep.ts) can remove blobs whose
 *    metadata never committed; it considers only blobs older than `sweepGraceMs` (other writers, other
 *    nodes, may still be about to commit theirs).
 */
import { Readable } from 'node:stream';

/**
 * An opened blob: positioned reads (sealed.ts reads segment batches with them) and a stream of a byte range
 * (inclusive end). One stream per opened blob: with `autoClose` the stream closes the reader when it ends.
 * node:fs's FileHandle is one.
 */
export interface BlobReader {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  createReadStream(opts: { start: number; end: number; highWaterMark?: number; autoClose?: boolean }): Readable;
  close(): Promise<void>;
}

/**
 * What the writer of a blob knows about its bytes besides the stream: their exact length (the stream fails
 * otherwise) and their MD5, which the writer computes in its own pass (the S3 ETag) and which is known once
 * the stream has ended. A store may use them to skip a hash pass of its own (s3/objectStore.ts).
 */
export interface BlobDigest {
  length: number;
  md5: () => Buffer | undefined;
}

export interface ObjectStore {
  readonly kind: 'file' | 's3';
  /** Where the bytes are, for messages (never a secret). */
  readonly location: string;
  /** How old a blob must be before the orphan sweep may consider it (writes in flight are younger). */
  readonly sweepGraceMs: number;
  /** Prepares the store (directories, the backend bucket) and removes what an interrupted write of this node left. */
  init(): Promise<void>;
  /** Streams `source` into blob `id`; resolves (with its byte count) once the bytes are durable. */
  put(id: string, source: AsyncIterable<Buffer>, digest?: BlobDigest): Promise<number>;
  /**
   * Opens blob `id` (an error with code ENOENT when there is none). `first`: the byte range the caller will
   * stream first (createReadStream with exactly it), which a store may start reading at once.
   */
  open(id: string, first?: { start: number; end: number }): Promise<BlobReader>;
  /** The whole of a small blob in one read (ENOENT when there is none). */
  readAll(id: string): Promise<Buffer>;
  /** Removes blob `id` (no error when it is already gone). */
  delete(id: string): Promise<void>;
  /** Every stored blob, with the time it was written (ms). */
  list(): AsyncIterable<{ id: string; modifiedMs: number }>;
  /** Removes leftovers of backend-side uploads older than `olderThanMs` (multipart uploads never completed); answers how many. */
  sweepUploads?(olderThanMs: number): Promise<number>;
  /** Releases connections (the server's shutdown). */
  close(): void;
}

/** A blob id: 32 lower-case hex digits (BlobStore.newId). */
export const BLOB_ID = /^[0-9a-f]{32}$/;

/** The error an absent blob raises, shaped like node:fs's, which the S3 service retries on. */
export function noSuchBlob(id: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`blob ${id} does not exist`);
  e.code = 'ENOENT';
  return e;
}

/** A BlobReader over bytes in memory (a small blob read whole). */
export function bufferReader(bytes: Buffer): BlobReader {
  return {
    async read(buffer, offset, length, position) {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      if (n > 0) bytes.copy(buffer, offset, position, position + n);
      return { bytesRead: n };
    },
    createReadStream({ start, end }) {
      return Readable.from([bytes.subarray(start, end + 1)], { objectMode: false });
    },
    async close() {},
  };
}

export interface ObjectStoreUrl {
  kind: 'file' | 's3';
  /** file: the directory. */
  dir?: string;
  /** s3: the endpoint, bucket and key prefix. */
  protocol?: 'http' | 'https';
  host?: string;
  port?: number;
  bucket?: string;
  prefix?: string;
  region?: string;
}

/**
 * Parses --object-store / TESSERA_OBJECT_STORE: `file:DIR`, `s3://HOST[:PORT]/BUCKET[/PREFIX][?region=R]`
 * or `s3+https://...`. Credentials are never part of the URL (TESSERA_OBJECT_STORE_ACCESS_KEY_ID and
 * TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY).
 */
export function parseObjectStoreUrl(raw: string): ObjectStoreUrl {
  if (raw.startsWith('file:')) {
    const dir = raw.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (dir === '') throw new Error('--object-store file:DIR needs a directory');
    return { kind: 'file', dir };
  }
  const m = /^(s3|s3\+https):\/\/([^/?#@]+)\/([^?#]+?)\/?(?:\?([^#]*))?$/.exec(raw);
  if (!m) throw new Error(`invalid --object-store (file:DIR, s3://HOST:PORT/BUCKET or s3+https://HOST:PORT/BUCKET): ${raw.replace(/\/\/[^/@]*@/, '//…@')}`);
  const protocol = m[1] === 's3' ? 'http' : 'https';
  const hostPort = m[2]!;
  const hp = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!hp) throw new Error(`invalid --object-store host: ${hostPort}`);
  const port = hp[2] ? Number(hp[2]) : protocol === 'https' ? 443 : 80;
  if (port < 1 || port > 65535) throw new Error(`invalid --object-store port: ${hp[2]}`);
  const [bucket, ...rest] = m[3]!.split('/');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket!)) throw new Error(`invalid --object-store bucket name: ${bucket}`);
  const prefix = rest.length ? rest.filter((s) => s !== '').join('/') + '/' : 'blobs/';
  const params = new URLSearchParams(m[4] ?? '');
  for (const k of params.keys()) if (k !== 'region') throw new Error(`unknown --object-store parameter: ${k} (only region)`);
  const region = params.get('region') || 'us-east-1';
  if (!/^[a-z0-9-]{1,32}$/.test(region)) throw new Error(`invalid --object-store region: ${region}`);
  return { kind: 's3', protocol, host: hp[1]!.replace(/^\[|\]$/g, ''), port, bucket: bucket!, prefix: prefix === '/' ? 'blobs/' : prefix, region };
}
