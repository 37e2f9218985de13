/**
 * Objects as the operations share them: stored headers (Content-Type, user metadata, ...) from a request,
 * the response headers for a stored object, reading an object's blobs (whole or a byte range), conditional
 * requests and Range parsing.
 */
import { Readable } from 'node:stream';
import type { S3ObjectsTable } from '../../store/schema-s3.js';
import type { BlobRef, BlobStore } from '../../store/blobs/BlobStore.js';
import type { BlobReader } from '../../store/blobs/objectStore.js';
import { readSealedRuns, type BlobKeys, type PlainRun, type SealedFile } from '../../store/blobs/sealed.js';
import { checksumHeader, type ChecksumAlgorithm } from './checksums.js';
import { S3Errors } from './errors.js';
import { httpDate } from '../../protocol/restxml/encode.js';
import { storedHeadersOf } from './storedHeaders.js';

/** Headers stored with an object and returned with it. */
const STORED = ['content-encoding', 'content-disposition', 'content-language', 'cache-control', 'expires', 'x-amz-website-redirect-location', 'x-amz-storage-class'];

export const MAX_METADATA_BYTES = 2048;

/** One RFC 2047 encoded-word: =?charset?B|Q?text?= */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const ONLY_ENCODED_WORDS = /^\s*=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*\s*$/;

/**
 * A user metadata value as S3 stores it (User Guide, "Working with object metadata"): a value made of RFC 2047
 * encoded-words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`; the whitespace between words ignored) is decoded before
 * it is stored; any other value is kept as it came (header bytes read as ISO-8859-1, one character each). A
 * word in a charset Node cannot decode, or not valid in its charset, leaves the value as sent.
 */
export function decodeMetadataValue(v: string): string {
  if (!ONLY_ENCODED_WORDS.test(v)) return v;
  let out = '';
  for (const m of v.matchAll(ENCODED_WORD)) {
    const [, charset, encoding, text] = m as unknown as [string, string, string, string];
    let bytes: Buffer;
    if (encoding === 'B' || encoding === 'b') {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return v;
      bytes = Buffer.from(text, 'base64');
    } else {
      if (/=(?![0-9A-Fa-f]{2})/.test(text)) return v;
      bytes = Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    }
    try {
      out += new TextDecoder(charset.split('*')[0]!, { fatal: true }).decode(bytes);
    } catch {
      return v;
    }
  }
  return out;
}

/**
 * A stored user metadata value as S3 answers it in GET and HEAD: as it is when it is all US-ASCII, else
 * RFC 2047-encoded (`=?UTF-8?B?<base64 of its UTF-8>?=`) to be a valid header.
 */
export function encodeMetadataValue(v: string): string {
  return /[^\x00-\x7f]/.test(v) ? `=?UTF-8?B?${Buffer.from(v, 'utf8').toString('base64')}?=` : v;
}

/** The headers a PUT (or CreateMultipartUpload, or CopyObject with REPLACE) stores. */
export function storedHeadersFrom(header: (n: string) => string | undefined, rawHeaders: string[]): { contentType: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const h of STORED) {
    const v = header(h);
    if (v !== undefined) headers[h] = v;
  }
  if (headers['content-encoding']) {
    // aws-chunked is a transfer detail, not the object's encoding; any other value is kept as sent.
    const all = headers['content-encoding'].split(',').map((s) => s.trim());
    const enc = all.filter((s) => s && s !== 'aws-chunked');
    if (enc.length === 0) delete headers['content-encoding'];
    else if (enc.length !== all.length) headers['content-encoding'] = enc.join(', ');
  }
  let metaSize = 0;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const n = rawHeaders[i]!.toLowerCase();
    if (!n.startsWith('x-amz-meta-')) continue;
    const v = decodeMetadataValue(rawHeaders[i + 1]!);
    headers[n] = headers[n] !== undefined ? `${headers[n]},${v}` : v;
    metaSize += Buffer.byteLength(n.slice('x-amz-meta-'.length)) + Buffer.byteLength(v);
  }
  if (metaSize > MAX_METADATA_BYTES) throw S3Errors.metadataTooLarge(metaSize);
  return { contentType: header('content-type') ?? 'binary/octet-stream', headers };
}

export const parseBlobs = (o: { blobs: string }): BlobRef[] => JSON.parse(o.blobs) as BlobRef[];

export const quoted = (etag: string) => `"${etag}"`;

/** The last stored headers text answered and its answered headers (without Tessera's own, x-tessera-*). */
let lastAnsweredText: string | undefined;
let lastAnswered: Array<[string, string]> = [];

/**
 * A row's stored headers as answered: without Tessera's own (x-tessera-*: an SSE-C key's salted HMAC), user
 * metadata that is not US-ASCII RFC 2047-encoded as S3 answers it.
 */
function answeredStoredHeaders(text: string): Array<[string, string]> {
  if (text !== lastAnsweredText) {
    const entries: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(storedHeadersOf(text))) {
      if (k.startsWith('x-tessera-')) continue;
      entries.push([k, k.startsWith('x-amz-meta-') ? encodeMetadataValue(v) : v]);
    }
    lastAnsweredText = text;
    lastAnswered = entries;
  }
  return lastAnswered;
}

/** Response headers describing a stored object (GetObject, HeadObject). */
export function objectHeaders(o: S3ObjectsTable, withChecksum: boolean): Record<string, string> {
  const h: Record<string, string> = {
    etag: quoted(o.etag),
    'last-modified': httpDate(o.last_modified),
    'content-type': o.content_type,
    'accept-ranges': 'bytes',
  };
  for (const [k, v] of answeredStoredHeaders(o.headers)) h[k] = v;
  if (withChecksum && o.checksum_algorithm && o.checksum_value) {
    h[checksumHeader(o.checksum_algorithm as ChecksumAlgorithm)] = o.checksum_value;
    h['x-amz-checksum-type'] = o.checksum_value.includes('-') ? 'COMPOSITE' : 'FULL_OBJECT';
  }
  return h;
}

/** A multipart object's part `n`'s own checksum headers (stored with its blob at completion), if it has one. */
export function partChecksumHeaders(o: S3ObjectsTable, n: number): Record<string, string> {
  const part = (parseBlobs(o) as Array<BlobRef & { checksum?: string }>)[n - 1];
  if (!o.checksum_algorithm || !o.checksum_value || !part?.checksum) return {};
  return {
    [checksumHeader(o.checksum_algorithm as ChecksumAlgorithm)]: part.checksum,
    'x-amz-checksum-type': o.checksum_value.includes('-') ? 'COMPOSITE' : 'FULL_OBJECT',
  };
}

/** The blobs of a byte range, opened: the bytes stay readable even if the object is deleted or replaced now. */
export interface OpenedObject {
  stream(): Readable;
  /**
   * The same bytes as runs of buffers, for a writer that hands each run to the socket at once and releases
   * it once written (writeBatches in restXml.ts), so its memory serves a later run; only for encrypted
   * objects, whose bytes come from the cipher a run of segments at a time.
   */
  batches?(): AsyncIterable<PlainRun>;
  /** Closes the files when the stream will not be read (HEAD, an error before the body). */
  dispose(): void;
}

/** How an encrypted object's blobs open (sse.ts: `sealedRead`); undefined for an object stored in clear. */
export interface SealedRead {
  keysFor: (kind: number) => BlobKeys;
  /** Whether small plaintexts may be kept in memory (SSE-S3; never SSE-C). */
  cache: boolean;
}

type Piece = { fh: BlobReader; from: number; to: number; sealed?: SealedFile; size: number };

/** One blob's bytes [from, to], read plain or through its segments. */
async function* pieceStream(p: Piece): AsyncIterable<Buffer> {
  if (!p.sealed) {
    yield* p.fh.createReadStream({ start: p.from, end: p.to, highWaterMark: 1 << 20, autoClose: true });
    return;
  }
  // A stream's chunks are its reader's to keep: no run is released for reuse.
  for await (const run of sealedRuns(p)) yield* run.pieces;
}

/** A sealed blob's bytes [from, to], a run of segments at a time (readSealedRuns); closes its file. */
async function* sealedRuns(p: Piece): AsyncIterable<PlainRun> {
  try {
    yield* readSealedRuns(p.sealed!, p.size, p.from, p.to);
  } finally {
    await p.fh.close().catch(() => undefined);
  }
}

/**
 * Opens bytes [start, end] (inclusive) of an object stored as consecutive blobs. Throws (ENOENT) when a blob
 * is gone: the object was replaced or deleted after its row was read; the caller reads the row again.
 * Sealed blobs have their data keys opened here, before any byte is answered (SealedBlobError).
 */
export async function openObject(blobs: BlobStore, refs: BlobRef[], start: number, end: number, sealed?: SealedRead): Promise<OpenedObject> {
  const pieces: Piece[] = [];
  try {
    let offset = 0;
    for (const ref of refs) {
      const s = offset;
      const e = offset + ref.size - 1;
      offset += ref.size;
      if (ref.size === 0 || e < start || s > end) continue;
      const from = Math.max(start, s) - s;
      const to = Math.min(end, e) - s;
      if (sealed) {
        const f = await blobs.openSealed(ref.id, sealed.keysFor);
        pieces.push({ fh: f.fh, from, to, sealed: f, size: ref.size });
      } else {
        // The first piece's range is read at once (an object store starts its GET now); the others open
        // with a check only (the s3 store: a HEAD), so a many-part object does not hold a backend connection
        // per part.
        pieces.push({ fh: await blobs.openFile(ref.id, pieces.length === 0 ? { start: from, end: to } : undefined), from, to, size: ref.size });
      }
    }
  } catch (err) {
    for (const p of pieces) void p.fh.close().catch(() => undefined);
    throw err;
  }
  let used = false;
  return {
    dispose() {
      if (used) return;
      used = true;
      for (const p of pieces) void p.fh.close().catch(() => undefined);
    },
    stream() {
      used = true;
      if (pieces.length === 1 && !pieces[0]!.sealed) {
        const p = pieces[0]!;
        return p.fh.createReadStream({ start: p.from, end: p.to, highWaterMark: 1 << 20, autoClose: true });
      }
      // One piece after the other. When the reader goes away (the client disconnected: pipeline destroys
      // this stream), the piece being read is destroyed with it (its backend response or file released)
      // and the pieces not started are closed; nothing waits for a 'drain' that will never come.
      let next = 0;
      const out = Readable.from(
        (async function* () {
          for (; next < pieces.length; ) yield* pieceStream(pieces[next++]!);
        })(),
        { objectMode: false, highWaterMark: 1 << 20 },
      );
      out.once('close', () => {
        for (let j = next; j < pieces.length; j++) void pieces[j]!.fh.close().catch(() => undefined);
        next = pieces.length;
      });
      return out;
    },
    ...(sealed && {
      // One piece after the other, as stream() does; when the writer stops early (the client went away, a
      // segment failed), the piece being read closes its file and the pieces not started are closed.
      async *batches() {
        used = true;
        let next = 0;
        try {
          for (; next < pieces.length; ) yield* sealedRuns(pieces[next++]!);
        } finally {
          for (let j = next; j < pieces.length; j++) void pieces[j]!.fh.close().catch(() => undefined);
        }
      },
    }),
  };
}

/** Streams bytes [start, end] (inclusive) of an object (copies: the source row was just read). */
export async function readObject(blobs: BlobStore, refs: BlobRef[], start: number, end: number, sealed?: SealedRead): Promise<Readable> {
  return (await openObject(blobs, refs, start, end, sealed)).stream();
}

/** Parses a single byte range against the object's size; undefined = whole object (no or ignorable Range). */
export function parseRange(range: string | undefined, size: number): { start: number; end: number } | undefined {
  if (range === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // malformed or multiple ranges: S3 ignores them
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) throw S3Errors.invalidRange(size, range);
    if (size === 0) return undefined; // the last N bytes of an empty object: the (empty) whole, 200
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  let end = m[2] === '' ? size - 1 : Number(m[2]);
  if (m[2] !== '' && end < start) return undefined;
  if (start >= size) throw S3Errors.invalidRange(size, range);
  if (end >= size) end = size - 1;
  return { start, end };
}

/**
 * The bytes of part `n` (GetObject/HeadObject ?partNumber=n): a multipart object's n-th part (its blobs are
 * its parts, in order); any other object is its own part 1. A part the object does not have is InvalidPart.
 * Undefined: the whole object (part 1 of an empty object).
 */
export function partRange(o: Pick<S3ObjectsTable, 'blobs' | 'size' | 'parts_count' | 'etag'>, n: number): { start: number; end: number } | undefined {
  const parts = o.parts_count ? parseBlobs(o).map((b) => b.size) : [Number(o.size)];
  if (n > parts.length) throw S3Errors.invalidPart(n, o.etag);
  const start = parts.slice(0, n - 1).reduce((a, b) => a + b, 0);
  const end = start + parts[n - 1]! - 1;
  return end >= start ? { start, end } : undefined;
}

const etagMatches = (header: string, etag: string) =>
  header.split(',').map((s) => s.trim()).some((t) => t === '*' || t.replace(/^W\//, '').replace(/^"|"$/g, '') === etag);

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * GET/HEAD conditions in S3's order: If-Match / If-Unmodified-Since → 412, If-None-Match /
 * If-Modified-Since → 304 (If-Match true beats If-Unmodified-Since false; If-None-Match false beats
 * If-Modified-Since true).
 */
export function checkReadConditions(header: (n: string) => string | undefined, o: S3ObjectsTable): 'ok' | 'not-modified' {
  const ifMatch = header('if-match');
  const ifNoneMatch = header('if-none-match');
  const ifModifiedSince = header('if-modified-since');
  const ifUnmodifiedSince = header('if-unmodified-since');
  const lm = seconds(o.last_modified);
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, o.etag)) throw S3Errors.preconditionFailed('If-Match');
  } else if (ifUnmodifiedSince !== undefined) {
    const t = Date.parse(ifUnmodifiedSince);
    if (!Number.isNaN(t) && lm > seconds(t)) throw S3Errors.preconditionFailed('If-Unmodified-Since');
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, o.etag)) return 'not-modified';
  } else if (ifModifiedSince !== undefined) {
    const t = Date.parse(ifModifiedSince);
    if (!Number.isNaN(t) && lm <= seconds(t)) return 'not-modified';
  }
  return 'ok';
}

/** Conditional writes: If-None-Match: * (only if absent), If-Match: etag (only if it is the current one). */
export function writePrecondition(header: (n: string) => string | undefined) {
  const ifNoneMatch = header('if-none-match');
  const ifMatch = header('if-match');
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') throw S3Errors.notImplemented('If-None-Match on writes takes only *');
  return (current: S3ObjectsTable | undefined) => {
    if (ifNoneMatch !== undefined && current) throw S3Errors.preconditionFailed('If-None-Match');
    if (ifMatch !== undefined && (!current || !etagMatches(ifMatch, current.etag))) {
      if (!current) throw S3Errors.noSuchKey('');
      throw S3Errors.preconditionFailed('If-Match');
    }
  };
}

/** Characters an HTTP header value may not carry: controls other than tab (CR, LF, NUL, ...) and DEL. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Anything past U+00FF: a header value is ISO-8859-1 on the wire. */
const NOT_LATIN1 = /[^\x00-\xff]/;

/**
 * A response-* value becomes a response header: S3 refuses, with 400 InvalidArgument naming the parameter,
 * what cannot be one (never a 500, and never a header split by CR/LF).
 */
export function checkHeaderValue(param: string, value: string): string {
  if (NOT_LATIN1.test(value)) throw S3Errors.invalidArgument('Header value cannot be represented using ISO-8859-1.', param, value);
  if (CONTROL.test(value)) throw S3Errors.invalidArgument('Header value contains invalid characters.', param, value);
  return value;
}

/** response-* query parameters of GetObject override these response headers. */
export const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};
