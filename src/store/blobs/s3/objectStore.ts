/**
 * The S3 object store (`s3://HOST:PORT/BUCKET[/PREFIX]`, `s3+https://...`): blob <id> is the backend object
 * PREFIX<id> (PREFIX defaults to "blobs/"). A blob whose length and MD5 the writer knows streams up as one
 * PutObject checked by its ETag (client.ts putChecked); any other goes up as one SHA-256-signed PutObject, or
 * as a backend multipart upload of 8 MiB parts when it is longer (client.ts putStream). Memory stays flat
 * whatever the size either way; `put` resolves
 * once the backend has acknowledged the whole object, which is when it is durable there. Reads are backend
 * GETs of the byte ranges asked for. Sealed (SSE) blobs are sealed before they leave this process: the
 * backend stores ciphertext only.
 *
 * Several nodes share one bucket: the orphan sweep only considers backend objects older than an hour
 * (sweepGraceMs) that no database row names, so another node's write in flight (not yet committed, and
 * younger than that) is never removed; backend multipart uploads are aborted only after a day.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { BLOB_ID, noSuchBlob, type BlobDigest, type BlobReader, type ObjectStore } from '../objectStore.js';
import { readBody, S3BackendError, S3Client, unquote, type S3Endpoint } from './client.js';

export const S3_SWEEP_GRACE_MS = 3_600_000;
/** Backend part size: S3's floor is 5 MiB; 8 MiB parts keep a 5 GiB blob under 1000 parts. */
export const S3_PART_SIZE = 8 * 1024 * 1024;
/** S3's largest single PutObject. */
export const S3_SINGLE_PUT_MAX = 5 * 1024 ** 3;

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly sweepGraceMs = S3_SWEEP_GRACE_MS;
  readonly client: S3Client;
  /** Whether a PutObject's ETag is the MD5 of its bytes here (init's probe). */
  private etagIsMd5 = false;

  constructor(
    endpoint: S3Endpoint,
    readonly bucket: string,
    readonly prefix = 'blobs/',
  ) {
    this.client = new S3Client(endpoint);
  }

  get location(): string {
    const e = this.client.endpoint;
    return `${e.protocol === 'https' ? 's3+https' : 's3'}://${e.host}:${e.port}/${this.bucket}/${this.prefix}`;
  }

  private keyOf(id: string): string {
    if (!BLOB_ID.test(id)) throw new Error('invalid blob id');
    return this.prefix + id;
  }

  async init(): Promise<void> {
    await this.client.createBucket(this.bucket);
    this.etagIsMd5 = await this.probeEtag();
  }

  /**
   * Whether the backend answers a PutObject's ETag as the MD5 of the bytes (Ceph, and S3 unless the bucket
   * encrypts with KMS): one small object written and removed. The probe's key is no blob id, so the orphan
   * sweep never considers it.
   */
  private async probeEtag(): Promise<boolean> {
    const key = `${this.prefix}etag-probe`;
    const bytes = Buffer.from('tessera object store ETag probe\n');
    const etag = await this.client.putObject(this.bucket, key, bytes);
    await this.client.deleteObject(this.bucket, key);
    return unquote(etag) === createHash('md5').update(bytes).digest('hex');
  }

  /**
   * With the bytes' length and MD5 known (`digest`) and a backend whose ETags are MD5s, one streaming
   * PutObject checked by its ETag (client.ts putChecked: no hash pass and no copy of ours); otherwise
   * SHA-256-signed PutObject or parts (putStream).
   */
  put(id: string, source: AsyncIterable<Buffer>, digest?: BlobDigest): Promise<number> {
    if (digest && this.etagIsMd5 && digest.length <= S3_SINGLE_PUT_MAX) return this.client.putChecked(this.bucket, this.keyOf(id), source, digest.length, digest.md5);
    return this.client.putStream(this.bucket, this.keyOf(id), source, S3_PART_SIZE);
  }

  /**
   * With `first` (the range the caller streams first), that ranged GET starts now: its answer tells whether
   * the blob exists (ENOENT before the caller answers anything) and its body is the first stream, so a read
   * costs one backend round trip, not a HEAD and then a GET. Without it, a HEAD checks that the blob exists.
   * Reads past the end answer no bytes (the backend's 416). A stream's backend response is destroyed as soon
   * as the stream is (a client gone mid-download frees the connection at once).
   */
  async open(id: string, first?: { start: number; end: number }): Promise<BlobReader> {
    const key = this.keyOf(id);
    const client = this.client;
    const bucket = this.bucket;
    const get = async (start: number, end: number, accept?: number[], exact = true) => {
      let res: IncomingMessage;
      try {
        res = await client.getObject(bucket, key, { start, end }, accept);
      } catch (e) {
        if (e instanceof S3BackendError && e.status === 404) throw noSuchBlob(id);
        throw e;
      }
      // A stream gets the bytes asked for, or fails before anything is answered: a shorter answer would
      // otherwise end the client's download early with a valid-looking end. (read() may ask past the end.)
      if (exact && Number(res.headers['content-length']) !== end - start + 1) {
        res.destroy();
        throw new S3BackendError(0, 'IncompleteBody', `the object store answered ${String(res.headers['content-length'])} bytes for a range of ${end - start + 1}`);
      }
      return res;
    };
    let held: { start: number; end: number; res: IncomingMessage } | undefined;
    if (first && first.end >= first.start) held = { ...first, res: await get(first.start, first.end) };
    else if (!(await client.headObject(bucket, key))) throw noSuchBlob(id);
    const release = () => {
      held?.res.destroy();
      held = undefined;
    };
    return {
      async read(buffer, offset, length, position) {
        if (length === 0) return { bytesRead: 0 };
        const res = await get(position, position + length - 1, [416], false);
        if (res.statusCode === 416) {
          res.resume();
          return { bytesRead: 0 };
        }
        let n = 0;
        try {
          for await (const c of res as AsyncIterable<Buffer>) {
            const take = Math.min(c.length, length - n);
            c.copy(buffer, offset + n, 0, take);
            n += take;
          }
        } finally {
          if (!res.complete) res.destroy();
        }
        return { bytesRead: n };
      },
      createReadStream({ start, end, highWaterMark }) {
        if (end < start) return Readable.from([]);
        if (held && held.start === start && held.end === end) {
          // The GET open() started has answered: its response is the stream itself (no hop of every chunk
          // through another stream). Destroying it (the client went away) drops its connection.
          const res = held.res;
          held = undefined;
          return res;
        }
        release();
        return Readable.from(
          (async function* () {
            const res = await get(start, end);
            try {
              for await (const c of res as AsyncIterable<Buffer>) yield c;
            } finally {
              if (!res.complete) res.destroy();
            }
          })(),
          { objectMode: false, highWaterMark: highWaterMark ?? 1 << 20 },
        );
      },
      async close() {
        release();
      },
    };
  }

  async readAll(id: string): Promise<Buffer> {
    try {
      return await readBody(await this.client.getObject(this.bucket, this.keyOf(id)), 64 * 1024 * 1024);
    } catch (e) {
      if (e instanceof S3BackendError && e.status === 404) throw noSuchBlob(id);
      throw e;
    }
  }

  async delete(id: string): Promise<void> {
    await this.client.deleteObject(this.bucket, this.keyOf(id));
  }

  async *list(): AsyncIterable<{ id: string; modifiedMs: number }> {
    let token: string | undefined;
    do {
      const page = await this.client.listObjects(this.bucket, this.prefix, token);
      for (const o of page.objects) {
        const id = o.key.slice(this.prefix.length);
        if (o.key.startsWith(this.prefix) && BLOB_ID.test(id) && Number.isFinite(o.lastModified)) yield { id, modifiedMs: o.lastModified };
      }
      token = page.next;
    } while (token);
  }

  async sweepUploads(olderThanMs: number): Promise<number> {
    let n = 0;
    for (const u of await this.client.listMultipartUploads(this.bucket, this.prefix)) {
      if (!(u.initiated < Date.now() - olderThanMs)) continue;
      await this.client.abortMultipartUpload(this.bucket, u.key, u.uploadId);
      n++;
    }
    return n;
  }

  close(): void {
    this.client.close();
  }
}
