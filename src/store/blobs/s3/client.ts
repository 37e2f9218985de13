/**
 * An outgoing S3 client of our own: requests to an S3-compatible backend (Ceph's radosgw, AWS S3, any
 * path-style endpoint), signed with SigV4 by the same canonicalisation the server verifies with
 * (src/auth/sigv4), over node:http/https with keep-alive. Bodies stream both ways: a GET answers the
 * response stream, a PUT takes a Buffer or a Readable with its length. The object store (objectStore.ts)
 * and the gateway build on `send`, which signs any request (method, encoded path, raw query, headers).
 *
 * The secret key lives in this object only; it is never logged, and errors carry the backend's code and
 * message, never the request's signature.
 */
import { request as httpRequest, Agent as HttpAgent, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import {
  computeSignature,
  getCanonicalRequest,
  getCredentialScope,
  getSigningKey,
  getStringToSign,
  SIGV4_ALGORITHM,
  toAmzDate,
  uriEncode,
  UNSIGNED_PAYLOAD,
  sha256Hex,
} from '../../../auth/sigv4/index.js';

export interface S3Endpoint {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** How long the connection may stay silent during a request (ms; default S3_IDLE_TIMEOUT_MS; --object-store-timeout). */
  timeoutMs?: number;
}

/** An S3 error answer from the backend (status, its code, its message), or a transport failure (status 0). */
export class S3BackendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`object store: ${status} ${code}: ${message}`);
  }
}

/**
 * Whether a backend failure means "try again later" (S3's 503 ServiceUnavailable to our client): the backend
 * asked to slow down or is out of space (radosgw: 507 InsufficientCapacity). Any other failure (unreachable,
 * reset, timed out, another 5xx, a wrong digest) is our client's 500 InternalError.
 */
export function backendBusyOrFull(e: S3BackendError): boolean {
  return e.status === 503 || e.status === 507 || e.code === 'SlowDown' || e.code === 'InsufficientCapacity' || e.code === 'QuotaExceeded';
}

/** A kept-alive connection found closed by the backend before it answered (send retries once). */
class StaleConnection extends Error {}

export interface SendOptions {
  method: string;
  /** The path as sent: already percent-encoded (see objectPath), starting with '/'. */
  path: string;
  /** The query as sent ('' when none), already encoded. */
  query?: string;
  headers?: Record<string, string>;
  /** A buffer (hashed and signed) or a stream of `length` bytes (sent UNSIGNED-PAYLOAD), of chunks or batches of chunks. */
  body?: Buffer | { stream: Readable | AsyncIterable<Buffer> | AsyncIterable<Buffer[]>; length: number };
  /** Statuses answered as they are (the caller reads them); any other non-2xx becomes an S3BackendError. */
  accept?: number[];
}

/** The encoded path of `key` in `bucket` (path-style addressing: no DNS name is needed). */
export const objectPath = (bucket: string, key = ''): string => `/${uriEncode(bucket)}/${uriEncode(key, true)}`;

/** Reads a whole (small) response body. */
export async function readBody(res: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > limit) {
      res.destroy();
      throw new S3BackendError(0, 'ResponseTooLarge', 'the backend answered more than expected');
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** The text of the first <name>...</name> in an XML answer (the backend's own documents: no DTDs are read). */
export function xmlText(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? unescapeXml(m[1]!) : undefined;
}

/** Every <name>...</name> block of an XML answer, as strings. */
export function xmlBlocks(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1]!);
  return out;
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

/** Writes a chunk, or a batch of chunks as one writev (fewer, larger socket writes: each costs the whole loopback path). */
function writeAll(req: ClientRequest, chunk: Buffer | Buffer[]): boolean {
  if (Buffer.isBuffer(chunk)) return req.write(chunk);
  req.cork();
  let ok = true;
  for (const c of chunk) ok = req.write(c) && ok;
  req.uncork();
  return ok;
}

/** Resolves when `req` takes more bytes, or once it is closed (nothing more will be taken). */
function drainedOrClosed(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

/**
 * How many bytes of a streamed body may wait in the backend connection's buffer before the source waits for
 * it to drain: two socket reads (the connection's own high-water mark, 16 KiB, is below one, so each chunk
 * would wait a turn). Kept small on purpose: every chunk waiting is a 64 KiB buffer alive, and more of them
 * alive at once made the heap grow and shrink (fresh pages, page faults) in measurements.
 */
const WRITE_BUFFER = 128 * 1024;

/** Writes a streamed body into `req`, then ends it; a failing source destroys the request (its error is the caller's). */
function streamBody(req: ClientRequest, src: Readable | AsyncIterable<Buffer> | AsyncIterable<Buffer[]>): void {
  (async () => {
    for await (const chunk of src as AsyncIterable<Buffer | Buffer[]>) {
      // A request the backend already answered (an early error) or that broke takes no more: the source is let go.
      if (req.destroyed) return;
      if (!writeAll(req, chunk) && req.writableLength >= WRITE_BUFFER) await drainedOrClosed(req);
    }
    if (!req.destroyed) req.end();
  })().catch((e: Error) => req.destroy(e));
}

/** An ETag without its quotes (lower-case hex for an MD5). */
export const unquote = (etag: string | undefined): string | undefined => etag?.replace(/^"|"$/g, '').toLowerCase();

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/**
 * The backend connection pool: at most S3_MAX_SOCKETS requests at once (more wait for a connection), at
 * most S3_MAX_FREE_SOCKETS kept alive while idle. A response nobody will read must be destroyed (never
 * left paused): its connection is otherwise held, and a pool held by abandoned downloads makes every later
 * backend request wait.
 */
export const S3_MAX_SOCKETS = 64;
export const S3_MAX_FREE_SOCKETS = 16;

/**
 * How long a backend connection may stay silent (nothing sent nor received) during a request before the
 * request fails (RequestTimeout): a stalled backend never holds a client's request or a connection for ever.
 * The default of --object-store-timeout / TESSERA_OBJECT_STORE_TIMEOUT (S3Endpoint.timeoutMs).
 */
export const S3_IDLE_TIMEOUT_MS = 60_000;


export class S3Client {
  private readonly agent: HttpAgent;
  private readonly hostHeader: string;

  constructor(readonly endpoint: S3Endpoint) {
    const opts = { keepAlive: true, maxSockets: S3_MAX_SOCKETS, maxFreeSockets: S3_MAX_FREE_SOCKETS, scheduling: 'lifo' as const };
    this.agent = endpoint.protocol === 'https' ? new HttpsAgent(opts) : new HttpAgent(opts);
    const defaultPort = endpoint.protocol === 'https' ? 443 : 80;
    this.hostHeader = endpoint.port === defaultPort ? endpoint.host : `${endpoint.host}:${endpoint.port}`;
  }

  /** The pool's state: connections in use, idle ones kept alive, requests waiting for a connection. */
  pool(): { active: number; idle: number; waiting: number } {
    const count = (m: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(m).reduce((n, l) => n + (l?.length ?? 0), 0);
    return { active: count(this.agent.sockets), idle: count(this.agent.freeSockets), waiting: count(this.agent.requests) };
  }

  /** Closes idle connections (the server's shutdown). */
  close(): void {
    this.agent.destroy();
  }

  /** Signs `headers` in place for the request (SigV4, service s3) and answers them. */
  sign(method: string, path: string, query: string, headers: Record<string, string>, payloadHash: string, now = Date.now()): Record<string, string> {
    const amzDate = toAmzDate(now);
    const date = amzDate.slice(0, 8);
    headers['host'] = this.hostHeader;
    headers['x-amz-date'] = amzDate;
    headers['x-amz-content-sha256'] = payloadHash;
    const names = Object.keys(headers)
      .map((h) => h.toLowerCase())
      .filter((h) => h === 'host' || h === 'content-md5' || h === 'content-type' || h === 'range' || h.startsWith('x-amz-'))
      .sort();
    const canonical = getCanonicalRequest(
      { method, rawPath: path, rawQuery: query, headers: Object.entries(headers), payloadHash },
      names,
      { normalizePath: false, doubleEncode: false },
    );
    const scope = getCredentialScope(date, this.endpoint.region, 's3');
    const signature = computeSignature(getSigningKey(this.endpoint.secretAccessKey, date, this.endpoint.region, 's3'), getStringToSign(amzDate, scope, canonical));
    headers['authorization'] = `${SIGV4_ALGORITHM} Credential=${this.endpoint.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
    return headers;
  }

  /**
   * Sends one signed request; answers the response (its body unread) or throws S3BackendError. A request
   * whose body can be sent again that fails before any answer on a kept-alive connection (the backend
   * closed it while idle: a restart, its idle timeout) is sent once more on a new one.
   */
  async send(o: SendOptions): Promise<IncomingMessage> {
    try {
      return await this.sendOnce(o);
    } catch (e) {
      if (!(e instanceof StaleConnection)) throw e;
      return this.sendOnce(o, false);
    }
  }

  private async sendOnce(o: SendOptions, mayRetry = o.body === undefined || Buffer.isBuffer(o.body)): Promise<IncomingMessage> {
    const query = o.query ?? '';
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    let payloadHash: string;
    if (o.body === undefined) payloadHash = sha256Hex('');
    else if (Buffer.isBuffer(o.body)) {
      payloadHash = sha256Hex(o.body);
      headers['content-length'] = String(o.body.length);
    } else {
      payloadHash = UNSIGNED_PAYLOAD;
      headers['content-length'] = String(o.body.length);
    }
    this.sign(o.method, o.path, query, headers, payloadHash);
    let req!: ClientRequest;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      req = (this.endpoint.protocol === 'https' ? httpsRequest : httpRequest)({
        host: this.endpoint.host,
        port: this.endpoint.port,
        method: o.method,
        path: query ? `${o.path}?${query}` : o.path,
        headers: headers as OutgoingHttpHeaders,
        agent: this.agent,
      });
      req.on('response', (r: IncomingMessage) => {
        // A response that breaks later (the backend reset or gone mid-body) emits 'error': whoever reads it
        // sees the failure (for-await, pipeline); one nobody reads any more must not take the process down.
        r.on('error', () => undefined);
        resolve(r);
      });
      req.on('error', (e) => {
        const code = (e as NodeJS.ErrnoException).code ?? 'NetworkError';
        reject(mayRetry && req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE') ? new StaleConnection() : new S3BackendError(0, code, e.message));
      });
      // A backend that stops answering (stalled, or its host gone without a reset) fails the request
      // instead of holding the caller and the connection for ever.
      const timeoutMs = this.endpoint.timeoutMs ?? S3_IDLE_TIMEOUT_MS;
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer from the object store for ${timeoutMs / 1000} s`), { code: 'RequestTimeout' })));
      if (o.body === undefined) req.end();
      else if (Buffer.isBuffer(o.body)) req.end(o.body);
      else streamBody(req, o.body.stream);
    });
    const status = res.statusCode ?? 0;
    if ((status >= 200 && status < 300) || o.accept?.includes(status)) return res;
    const text = o.method === 'HEAD' ? '' : (await readBody(res, 64 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
    if (o.method === 'HEAD') res.resume();
    // An error answered before the whole body went up (a full backend answers on the headers): the rest is
    // not sent, and the connection (in an unknown state) is dropped, which also ends streamBody's loop.
    if (!req.writableFinished) req.destroy();
    throw new S3BackendError(status, xmlText(text, 'Code') ?? (status === 404 ? 'NoSuchKey' : `Http${status}`), xmlText(text, 'Message') ?? res.statusMessage ?? '');
  }

  /** Sends and reads the whole (small) answer as text. */
  async sendForText(o: SendOptions): Promise<{ status: number; text: string; headers: IncomingMessage['headers'] }> {
    const res = await this.send(o);
    const text = (await readBody(res)).toString('utf8');
    return { status: res.statusCode ?? 0, text, headers: res.headers };
  }

  async createBucket(bucket: string): Promise<'created' | 'exists'> {
    const res = await this.send({ method: 'PUT', path: objectPath(bucket).slice(0, -1), accept: [409] });
    const text = (await readBody(res)).toString('utf8');
    if (res.statusCode === 409) {
      const code = xmlText(text, 'Code');
      if (code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists') return 'exists';
      throw new S3BackendError(409, code ?? 'Conflict', xmlText(text, 'Message') ?? '');
    }
    return 'created';
  }

  async putObject(bucket: string, key: string, body: Buffer, headers: Record<string, string> = {}): Promise<string | undefined> {
    const res = await this.send({ method: 'PUT', path: objectPath(bucket, key), headers, body });
    res.resume();
    return res.headers.etag;
  }

  /**
   * Streams exactly `length` bytes into one backend object with one PutObject sent UNSIGNED-PAYLOAD: no
   * hash pass of ours over the bytes. Integrity holds by the ETag instead: the backend answers the MD5 of
   * what it stored (init checked that it does), which must equal `md5()`, the digest the writer computed of
   * the same bytes in its own pass; otherwise the object is removed and the put fails. Each chunk goes to
   * the backend socket as it comes (no copy, no join), except the very last byte: it is held back until
   * `source` has ended (and so has finished verifying what it yielded), so a source that fails never
   * completes the backend object (which has fewer bytes than its Content-Length). A failure of `source`
   * is rethrown as it is.
   */
  async putChecked(bucket: string, key: string, source: AsyncIterable<Buffer>, length: number, md5: () => Buffer | undefined): Promise<number> {
    let failure: unknown;
    let n = 0;
    async function* holdingLastByte(): AsyncGenerator<Buffer> {
      try {
        let held: Buffer | undefined;
        for await (const c of source) {
          if (c.length === 0) continue;
          n += c.length;
          if (n > length) throw new S3BackendError(0, 'IncompleteBody', 'the blob is longer than its declared length');
          if (n < length) {
            yield c;
            continue;
          }
          held = c.subarray(c.length - 1);
          if (c.length > 1) yield c.subarray(0, c.length - 1);
        }
        if (n !== length) throw new S3BackendError(0, 'IncompleteBody', 'the blob is shorter than its declared length');
        if (held) yield held;
      } catch (e) {
        failure = e;
        throw e;
      }
    }
    let res: IncomingMessage;
    try {
      res = await this.send({ method: 'PUT', path: objectPath(bucket, key), body: { stream: holdingLastByte(), length } });
    } catch (e) {
      throw failure ?? e;
    }
    res.resume();
    if (failure) throw failure;
    const want = md5()?.toString('hex');
    if (want === undefined || unquote(res.headers.etag) !== want) {
      await this.deleteObject(bucket, key).catch(() => undefined);
      throw new S3BackendError(0, 'BadDigest', 'the object store answered an ETag that is not the MD5 of the bytes sent');
    }
    return n;
  }

  /** The object's bytes [start, end] (inclusive; the whole object when no range), as the response stream. */
  async getObject(bucket: string, key: string, range?: { start: number; end: number }, accept?: number[]): Promise<IncomingMessage> {
    return this.send({ method: 'GET', path: objectPath(bucket, key), headers: range ? { range: `bytes=${range.start}-${range.end}` } : {}, accept });
  }

  /** The object's size and time, or undefined when there is none. */
  async headObject(bucket: string, key: string): Promise<{ size: number; lastModified: number; etag: string | undefined } | undefined> {
    const res = await this.send({ method: 'HEAD', path: objectPath(bucket, key), accept: [404] });
    res.resume();
    if (res.statusCode === 404) return undefined;
    return { size: Number(res.headers['content-length'] ?? 0), lastModified: Date.parse(String(res.headers['last-modified'] ?? '')), etag: res.headers.etag };
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    const res = await this.send({ method: 'DELETE', path: objectPath(bucket, key), accept: [404] });
    res.resume();
  }

  async createMultipartUpload(bucket: string, key: string): Promise<string> {
    const { text } = await this.sendForText({ method: 'POST', path: objectPath(bucket, key), query: 'uploads=' });
    const id = xmlText(text, 'UploadId');
    if (!id) throw new S3BackendError(0, 'MalformedResponse', 'CreateMultipartUpload answered no UploadId');
    return id;
  }

  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<string> {
    const res = await this.send({ method: 'PUT', path: objectPath(bucket, key), query: `partNumber=${partNumber}&uploadId=${uriEncode(uploadId)}`, body });
    res.resume();
    const etag = res.headers.etag;
    if (!etag) throw new S3BackendError(0, 'MalformedResponse', 'UploadPart answered no ETag');
    return etag;
  }

  async completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<void> {
    const xml =
      '<CompleteMultipartUpload>' +
      parts.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`).join('') +
      '</CompleteMultipartUpload>';
    // A 200 may still carry an error (S3 answers it once the upload is checked).
    const { text } = await this.sendForText({ method: 'POST', path: objectPath(bucket, key), query: `uploadId=${uriEncode(uploadId)}`, body: Buffer.from(xml, 'utf8') });
    if (/<Error>/.test(text)) throw new S3BackendError(200, xmlText(text, 'Code') ?? 'InternalError', xmlText(text, 'Message') ?? '');
  }

  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    const res = await this.send({ method: 'DELETE', path: objectPath(bucket, key), query: `uploadId=${uriEncode(uploadId)}`, accept: [404] });
    res.resume();
  }

  /** One page of ListObjectsV2 under `prefix`. */
  async listObjects(bucket: string, prefix: string, token?: string): Promise<{ objects: Array<{ key: string; size: number; lastModified: number }>; next: string | undefined }> {
    const q = [`continuation-token=${token ? uriEncode(token) : ''}`, 'list-type=2', `max-keys=1000`, `prefix=${uriEncode(prefix)}`];
    if (!token) q.shift();
    const { text } = await this.sendForText({ method: 'GET', path: objectPath(bucket).slice(0, -1), query: q.join('&') });
    const objects = xmlBlocks(text, 'Contents').map((b) => ({ key: xmlText(b, 'Key') ?? '', size: Number(xmlText(b, 'Size') ?? 0), lastModified: Date.parse(xmlText(b, 'LastModified') ?? '') }));
    const truncated = xmlText(text, 'IsTruncated') === 'true';
    return { objects, next: truncated ? xmlText(text, 'NextContinuationToken') : undefined };
  }

  /** The multipart uploads in progress under `prefix` (first page of up to 1000). */
  async listMultipartUploads(bucket: string, prefix: string): Promise<Array<{ key: string; uploadId: string; initiated: number }>> {
    const { text } = await this.sendForText({ method: 'GET', path: objectPath(bucket).slice(0, -1), query: `prefix=${uriEncode(prefix)}&uploads=` });
    return xmlBlocks(text, 'Upload').map((b) => ({ key: xmlText(b, 'Key') ?? '', uploadId: xmlText(b, 'UploadId') ?? '', initiated: Date.parse(xmlText(b, 'Initiated') ?? '') }));
  }

  /**
   * Streams `source` into one backend object: up to `partSize` bytes go up in one PutObject; a longer
   * stream becomes a backend multipart upload of `partSize` parts (S3's floor is 5 MiB), at most two parts
   * in flight, so memory stays near 3 × partSize whatever the size. A failure aborts the backend upload.
   * Answers the number of bytes stored, once the backend has acknowledged them.
   */
  async putStream(bucket: string, key: string, source: AsyncIterable<Buffer>, partSize = 8 * 1024 * 1024): Promise<number> {
    if (partSize < 5 * 1024 * 1024) throw new Error('backend parts must be at least 5 MiB');
    let buf: Buffer[] = [];
    let bufLen = 0;
    let total = 0;
    let uploadId: string | undefined;
    const parts: Array<{ partNumber: number; etag: string }> = [];
    let nextPart = 1;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    // One copy per part: the chunks are joined once; the (small) remainder is copied out so the part's
    // buffer is freed as soon as it has been sent.
    const take = (n: number): Buffer => {
      const all = buf.length === 1 ? buf[0]! : Buffer.concat(buf, bufLen);
      const rest = all.length > n ? Buffer.from(all.subarray(n)) : undefined;
      buf = rest ? [rest] : [];
      bufLen = rest?.length ?? 0;
      return all.subarray(0, n);
    };
    const sendPart = async (body: Buffer) => {
      uploadId ??= await this.createMultipartUpload(bucket, key);
      const partNumber = nextPart++;
      const p = this.uploadPart(bucket, key, uploadId, partNumber, body).then(
        (etag) => void parts.push({ partNumber, etag }),
        (e) => void (failure ??= e),
      );
      const tracked: Promise<void> = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= 2) await Promise.race(inFlight);
      if (failure) throw failure;
    };
    try {
      for await (const chunk of source) {
        buf.push(chunk);
        bufLen += chunk.length;
        total += chunk.length;
        while (bufLen >= partSize + 1) await sendPart(take(partSize));
      }
      if (uploadId === undefined) {
        await this.putObject(bucket, key, take(bufLen));
        return total;
      }
      if (bufLen > 0) await sendPart(take(bufLen));
      await Promise.all(inFlight);
      if (failure) throw failure;
      parts.sort((a, b) => a.partNumber - b.partNumber);
      await this.completeMultipartUpload(bucket, key, uploadId, parts);
      return total;
    } catch (e) {
      await Promise.allSettled(inFlight);
      if (uploadId) await this.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
      throw e;
    }
  }
}
