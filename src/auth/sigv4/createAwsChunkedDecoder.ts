import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { computeSignature } from './computeSignature.js';
import { AuthErrors } from './errors.js';
import { getChunkStringToSign } from './getChunkStringToSign.js';
import { getCanonicalTrailers, getTrailerStringToSign } from './getTrailerStringToSign.js';
import { safeEqual } from './safeEqual.js';
import { LineReader, malformedTrailer, parseChunkHeader, TrailerLines } from './awsChunkedFraming.js';

export interface AwsChunkedDecoderOptions {
  /**
   * signed: STREAMING-AWS4-HMAC-SHA256-PAYLOAD; signed-trailer: ...-PAYLOAD-TRAILER;
   * unsigned-trailer: STREAMING-UNSIGNED-PAYLOAD-TRAILER (no chunk signatures).
   */
  mode: 'signed' | 'signed-trailer' | 'unsigned-trailer';
  /** x-amz-decoded-content-length: the decoded body must be exactly this long. */
  decodedContentLength?: number;
  /** Signed modes: from the verified request (VerifyResult.signingKey / scope, ParsedSignature). */
  signingKey?: Buffer;
  amzDate?: string;
  scope?: string;
  /** The request's own signature (the seed of the chain). */
  seedSignature?: string;
  /** Trailer names the request announced in x-amz-trailer; each must arrive. */
  expectedTrailers?: readonly string[];
  /** Every chunk but the last must be at least this long. Default 8192 for signed modes, 0 otherwise. */
  minChunkSize?: number;
  /** Largest chunk accepted (a signed chunk is held until its signature is checked). Default 16 MiB. */
  maxChunkSize?: number;
}

export interface AwsChunkedDecoder extends Transform {
  /** The trailers (lower-case names, x-amz-trailer-signature excluded); complete once the stream has ended. */
  readonly trailers: ReadonlyMap<string, string>;
  /** Decoded bytes so far. */
  readonly decodedLength: number;
}

type State = 'header' | 'data' | 'dataCrlf' | 'trailer' | 'done';

/** Checks x-amz-trailer-signature, chained from the last chunk's signature; returns it. */
function verifyTrailerSignature(opts: AwsChunkedDecoderOptions, previousSig: string, trailers: TrailerLines): string {
  const sig = trailers.signature;
  if (sig === undefined || !/^[0-9a-f]{64}$/.test(sig)) throw AuthErrors.signatureDoesNotMatch('s3');
  const sts = getTrailerStringToSign(opts.amzDate!, opts.scope!, previousSig, getCanonicalTrailers(trailers.values));
  const expected = computeSignature(opts.signingKey!, sts);
  if (!safeEqual(expected, sig)) throw AuthErrors.signatureDoesNotMatch('s3');
  return expected;
}

/**
 * The decoding state machine: one aws-chunked body, fed buffer by buffer. Emits decoded bytes through `push`
 * and throws a ServiceError (named as S3 names it) at the first fault.
 */
class ChunkedBodyParser {
  private readonly signed: boolean;
  private readonly withTrailer: boolean;
  private readonly minChunk: number;
  private readonly maxChunk: number;
  private state: State = 'header';
  private readonly lines = new LineReader();
  private remaining = 0;
  private chunkSig = '';
  private chunkHash: Hash | undefined;
  private held: Buffer[] = [];
  private crlfSeen = 0;
  private previousSig: string;
  private chunkIndex = 0;
  private lastDataChunkSize = -1;
  readonly trailerLines = new TrailerLines();
  decoded = 0;

  constructor(private readonly opts: AwsChunkedDecoderOptions) {
    this.signed = opts.mode !== 'unsigned-trailer';
    this.withTrailer = opts.mode !== 'signed';
    if (this.signed && (!opts.signingKey || !opts.amzDate || !opts.scope || !opts.seedSignature))
      throw new TypeError('signed aws-chunked decoding needs signingKey, amzDate, scope and seedSignature');
    this.minChunk = opts.minChunkSize ?? (this.signed ? 8192 : 0);
    this.maxChunk = opts.maxChunkSize ?? 16 * 1024 * 1024;
    this.previousSig = opts.seedSignature ?? '';
  }

  /** Feeds one input buffer. */
  consume(buf: Buffer, push: (b: Buffer) => void): void {
    let i = 0;
    while (i < buf.length) {
      switch (this.state) {
        case 'header': {
          const r = this.lines.take(buf, i);
          if (r === null) return;
          i = r.next;
          this.onHeaderLine(r.text);
          break;
        }
        case 'data':
          i = this.onData(buf, i, push);
          break;
        case 'dataCrlf':
          this.onDataCrlfByte(buf[i]!, push);
          i++;
          break;
        case 'trailer': {
          const r = this.lines.take(buf, i);
          if (r === null) return;
          i = r.next;
          if (this.onTrailerLine(r.text)) this.finishTrailers();
          break;
        }
        case 'done':
          throw AuthErrors.malformedChunk('Unexpected data after the end of the aws-chunked body.');
      }
    }
  }

  /** The input ended: the body must be complete. */
  end(): void {
    if (this.state === 'trailer') {
      // Lenient about a missing final CRLF after the last trailer line (some clients omit it).
      const rest = this.lines.drain().toString('latin1').replace(/\r$/, '');
      if (rest !== '') this.onTrailerLine(rest);
      if (rest !== '' || this.withTrailer || this.trailerLines.values.size === 0) this.finishTrailers();
    }
    if (this.state !== 'done') throw AuthErrors.incompleteBody();
  }

  private verifyChunk(hashHex: string): void {
    if (!this.signed) return;
    const sts = getChunkStringToSign(this.opts.amzDate!, this.opts.scope!, this.previousSig, hashHex);
    const expected = computeSignature(this.opts.signingKey!, sts);
    if (!safeEqual(expected, this.chunkSig)) throw AuthErrors.signatureDoesNotMatch('s3');
    this.previousSig = expected;
  }

  private onHeaderLine(text: string): void {
    const { size, signature } = parseChunkHeader(text);
    this.chunkSig = signature;
    if (this.signed && !/^[0-9a-f]{64}$/.test(signature)) throw AuthErrors.signatureDoesNotMatch('s3');
    this.chunkIndex++;
    if (size > 0 && this.lastDataChunkSize >= 0 && this.lastDataChunkSize < this.minChunk)
      throw AuthErrors.invalidChunkSize(this.chunkIndex - 1, this.lastDataChunkSize);
    if (size > this.maxChunk) throw AuthErrors.malformedChunk(`Chunk size ${size} exceeds the maximum of ${this.maxChunk} bytes.`);
    if (this.opts.decodedContentLength !== undefined && this.decoded + size > this.opts.decodedContentLength)
      throw AuthErrors.malformedChunk('The decoded body is longer than x-amz-decoded-content-length.');
    if (size === 0) {
      this.verifyChunk(createHash('sha256').digest('hex'));
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.lastDataChunkSize = size;
    this.chunkHash = this.signed ? createHash('sha256') : undefined;
    this.held = [];
    this.state = 'data';
  }

  /** Chunk data from buf[from]: hashed and held when signed, passed on otherwise. Returns the next index. */
  private onData(buf: Buffer, from: number, push: (b: Buffer) => void): number {
    const n = Math.min(this.remaining, buf.length - from);
    const piece = buf.subarray(from, from + n);
    this.remaining -= n;
    this.decoded += n;
    if (this.signed) {
      this.chunkHash!.update(piece);
      this.held.push(Buffer.from(piece));
    } else push(Buffer.from(piece));
    if (this.remaining === 0) {
      this.state = 'dataCrlf';
      this.crlfSeen = 0;
    }
    return from + n;
  }

  /** The CRLF after a chunk's data; once whole, a signed chunk is checked and released. */
  private onDataCrlfByte(byte: number, push: (b: Buffer) => void): void {
    const want = this.crlfSeen === 0 ? 0x0d : 0x0a;
    if (byte !== want) throw AuthErrors.malformedChunk();
    if (++this.crlfSeen === 2) {
      if (this.signed) {
        this.verifyChunk(this.chunkHash!.digest('hex'));
        for (const b of this.held) push(b);
        this.held = [];
      }
      this.state = 'header';
    }
  }

  /** One trailer line; true at the empty line that ends the section. */
  private onTrailerLine(text: string): boolean {
    if (text === '') return true;
    if (!this.withTrailer) throw AuthErrors.malformedChunk();
    this.trailerLines.add(text);
    return false;
  }

  private finishTrailers(): void {
    const trailers = this.trailerLines.values;
    for (const name of this.opts.expectedTrailers ?? []) if (!trailers.has(name.trim().toLowerCase())) throw malformedTrailer();
    if (this.opts.mode === 'signed-trailer') this.previousSig = verifyTrailerSignature(this.opts, this.previousSig, this.trailerLines);
    if (this.opts.decodedContentLength !== undefined && this.decoded !== this.opts.decodedContentLength) throw AuthErrors.incompleteBody();
    this.state = 'done';
  }
}

/**
 * Decodes an aws-chunked body (`hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;chunk-signature=sig]\r\n`
 * then the trailer lines and an empty line), verifying each chunk signature chained from the seed signature.
 * A signed chunk is held until its signature checks, so at most one chunk is ever buffered; unsigned data
 * passes straight through. Failures are emitted as ServiceErrors named as S3 names them.
 */
export function createAwsChunkedDecoder(opts: AwsChunkedDecoderOptions): AwsChunkedDecoder {
  const parser = new ChunkedBodyParser(opts);
  const decoder = new Transform({
    transform(input: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      try {
        parser.consume(Buffer.isBuffer(input) ? input : Buffer.from(input), (b) => void this.push(b));
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        parser.end();
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  Object.defineProperty(decoder, 'trailers', { get: () => parser.trailerLines.values });
  Object.defineProperty(decoder, 'decodedLength', { get: () => parser.decoded });
  return decoder as AwsChunkedDecoder;
}
