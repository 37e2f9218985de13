/**
 * The request body as operations see it: decoded (aws-chunked), verified while it streams (the signed
 * x-amz-content-sha256, chunk and trailer signatures, Content-MD5, a flexible checksum in a header or a
 * trailer), never held whole. Every verification completes at the end of the stream, before the consumer
 * may commit anything: an iteration that ends without throwing delivered exactly what the client sent.
 */
import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createAwsChunkedDecoder, createPayloadHashVerifier, type AwsChunkedDecoder, type PayloadHashVerifier } from '../../auth/sigv4/index.js';
import { ServiceError } from '../../core/errors.js';
import { CHECKSUM_ALGORITHMS, checksumHeader, createChecksummer, DIGEST_LENGTH, parseChecksumAlgorithm, type ChecksumAlgorithm, type Checksummer } from './checksums.js';
import { S3Errors } from './errors.js';
import { sendContinue } from '../../server/continue.js';

export interface BodyPlan {
  /** A hex SHA-256 the body must hash to (signed payload). */
  sha256?: string;
  /** aws-chunked decoding. */
  chunked?: {
    mode: 'signed' | 'signed-trailer' | 'unsigned-trailer';
    signingKey?: Buffer;
    amzDate?: string;
    scope?: string;
    seedSignature?: string;
  };
}

export interface BodyResult {
  size: number;
  md5: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

type Headers = (name: string) => string | undefined;

export class RequestBody {
  private started = false;
  private done = false;
  result: BodyResult | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly header: Headers,
    private readonly plan: BodyPlan,
  ) {}

  get consumed(): boolean {
    return this.done;
  }

  get touched(): boolean {
    return this.started;
  }

  /** The length the decoded body will have, when known up front. */
  declaredLength(): number | undefined {
    const d = this.plan.chunked ? this.header('x-amz-decoded-content-length') : this.header('content-length');
    if (d === undefined) return undefined;
    if (!/^\d+$/.test(d)) throw S3Errors.invalidArgument('Invalid Content-Length', 'Content-Length', d);
    return Number(d);
  }

  /** Which checksum the client asked for: a header value, a trailer, or only the algorithm. */
  private checksumRequest(objectChecksumHeaders: boolean): { algorithm: ChecksumAlgorithm; expected?: string; trailer?: string } | undefined {
    for (const algorithm of objectChecksumHeaders ? [] : CHECKSUM_ALGORITHMS) {
      const expected = this.header(checksumHeader(algorithm));
      if (expected === undefined) continue;
      const raw = Buffer.from(expected, 'base64');
      if (raw.length !== DIGEST_LENGTH[algorithm] || raw.toString('base64') !== expected) throw S3Errors.invalidChecksum(algorithm);
      return { algorithm, expected };
    }
    const trailer = this.header('x-amz-trailer');
    if (trailer) {
      const name = trailer.trim().toLowerCase();
      const algorithm = name.startsWith('x-amz-checksum-') ? parseChecksumAlgorithm(name.slice('x-amz-checksum-'.length)) : undefined;
      if (algorithm) return { algorithm, trailer: name };
    }
    const sdk = parseChecksumAlgorithm(this.header('x-amz-sdk-checksum-algorithm'));
    return sdk ? { algorithm: sdk } : undefined;
  }

  /** Streams the decoded, verified body. `extra` is fed every chunk too (e.g. an upload's checksum). */
  async *chunks(opts: { wantChecksum?: ChecksumAlgorithm | undefined; objectChecksumHeaders?: boolean } = {}): AsyncGenerator<Buffer> {
    if (this.started) throw new Error('request body read twice');
    this.started = true;
    // The request was authenticated and authorized on its headers: now the body is asked for (Expect: 100-continue).
    sendContinue(this.req);
    const contentMd5 = this.header('content-md5');
    let expectedMd5: Buffer | undefined;
    if (contentMd5 !== undefined) {
      expectedMd5 = Buffer.from(contentMd5, 'base64');
      if (expectedMd5.length !== 16) throw S3Errors.invalidDigest();
    }
    const request = this.checksumRequest(opts.objectChecksumHeaders ?? false);
    const algorithm = request?.algorithm ?? opts.wantChecksum;
    const summer: Checksummer | undefined = algorithm ? createChecksummer(algorithm) : undefined;
    const md5: Hash = createHash('md5');
    const verifier: PayloadHashVerifier | undefined = this.plan.sha256 ? createPayloadHashVerifier(this.plan.sha256, 's3') : undefined;
    let source: Readable = this.req;
    let decoder: AwsChunkedDecoder | undefined;
    const declared = this.declaredLength();
    if (this.plan.chunked) {
      const c = this.plan.chunked;
      const trailer = this.header('x-amz-trailer');
      decoder = createAwsChunkedDecoder({
        mode: c.mode,
        ...(declared !== undefined ? { decodedContentLength: declared } : {}),
        ...(c.signingKey ? { signingKey: c.signingKey, amzDate: c.amzDate!, scope: c.scope!, seedSignature: c.seedSignature! } : {}),
        ...(trailer ? { expectedTrailers: trailer.split(',').map((t) => t.trim().toLowerCase()) } : {}),
      });
      const d = decoder;
      this.req.on('error', (err) => d.destroy(err));
      source = this.req.pipe(decoder);
    }
    let size = 0;
    let ended = false;
    // A client gone before its body ended: neither the request nor the decoder may wait forever (holding a
    // temporary file and its descriptor). Node does not always end or close the request when the socket
    // closes after the last HTTP chunk arrived, so the socket's own 'close' is watched too.
    const onAborted = () => {
      if (!ended) source.destroy(S3Errors.incompleteBody());
    };
    const socket = this.req.socket;
    this.req.once('aborted', onAborted);
    socket.once('close', onAborted);
    // Gone already (while the request was being authorized): those events fired before anyone listened.
    if (this.req.destroyed || socket.destroyed) onAborted();
    try {
      // Each chunk is handed on before it is hashed: a consumer writing it to a socket (the object store's
      // backend) has the kernel move it while this hashes. Nothing is final before the end is verified below.
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length;
        yield chunk;
        md5.update(chunk);
        summer?.update(chunk);
        verifier?.update(chunk);
      }
      ended = true;
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      throw S3Errors.incompleteBody();
    } finally {
      this.req.off('aborted', onAborted);
      socket.off('close', onAborted);
    }
    if (!this.req.complete) throw S3Errors.incompleteBody();
    if (declared !== undefined && !this.plan.chunked && size !== declared) throw S3Errors.incompleteBody();
    verifier?.final();
    const md5sum = md5.digest();
    if (expectedMd5 && !md5sum.equals(expectedMd5)) throw S3Errors.badContentMd5();
    let checksum: BodyResult['checksum'];
    if (summer) {
      const value = summer.digest().toString('base64');
      let expected = request?.expected;
      if (request?.trailer) {
        expected = decoder?.trailers.get(request.trailer);
        if (expected === undefined) throw new ServiceError('MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.', 400);
      }
      if (expected !== undefined && expected !== value) throw S3Errors.badDigest(summer.algorithm.toLowerCase());
      checksum = { algorithm: summer.algorithm, value };
    }
    this.done = true;
    this.result = { size, md5: md5sum, ...(checksum ? { checksum } : {}) };
  }

  /**
   * Reads a small body whole (XML and JSON documents), refusing more than `limit` bytes. With
   * `objectChecksumHeaders`, x-amz-checksum-* headers are the object's (CompleteMultipartUpload), not the body's.
   */
  async readAll(limit: number, opts: { objectChecksumHeaders?: boolean } = {}): Promise<Buffer> {
    const declared = this.declaredLength();
    if (declared !== undefined && declared > limit) throw S3Errors.invalidRequest(`Your request body is too large (at most ${limit} bytes)`);
    const parts: Buffer[] = [];
    let n = 0;
    for await (const c of this.chunks(opts)) {
      n += c.length;
      if (n > limit) throw S3Errors.invalidRequest(`Your request body is too large (at most ${limit} bytes)`);
      parts.push(c);
    }
    return Buffer.concat(parts);
  }
}

export { checksumHeader };
