import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ServiceError } from '../../core/errors.js';
import { computeSignature } from './computeSignature.js';
import { AuthErrors } from './errors.js';
import { getChunkStringToSign } from './getChunkStringToSign.js';
import { getCanonicalTrailers, getTrailerStringToSign } from './getTrailerStringToSign.js';
import { safeEqual } from './safeEqual.js';

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

const MAX_LINE = 4096;
const malformedTrailer = () =>
  new ServiceError(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
    400,
  );

type State = 'header' | 'data' | 'dataCrlf' | 'trailer' | 'done';

/** `hex-size[;chunk-signature=sig]`: the size and the (lower-case) signature, '' when none. */
function parseChunkHeader(text: string): { size: number; signature: string } {
  const semi = text.indexOf(';');
  const sizeText = (semi < 0 ? text : text.slice(0, semi)).trim();
  if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw AuthErrors.malformedChunk();
  const size = parseInt(sizeText, 16);
  if (!Number.isSafeInteger(size)) throw AuthErrors.malformedChunk();
  let signature = '';
  if (semi >= 0) {
    for (const ext of text.slice(semi + 1).split(';')) {
      const eq = ext.indexOf('=');
      if (eq > 0 && ext.slice(0, eq).trim() === 'chunk-signature') signature = ext.slice(eq + 1).trim().toLowerCase();
    }
  }
  return { size, signature };
}

/** Collects one CRLF-terminated line across input buffers, at most MAX_LINE bytes. */
class LineReader {
  private parts: Buffer[] = [];
  private length = 0;
  /** The line's text (CR dropped) and where the next byte is, or null when `buf` ended mid-line. */
  take(buf: Buffer, from: number): { text: string; next: number } | null {
    const nl = buf.indexOf(0x0a, from);
    if (nl < 0) {
      const piece = buf.subarray(from);
      this.length += piece.length;
      if (this.length > MAX_LINE) throw AuthErrors.malformedChunk();
      this.parts.push(piece);
      return null;
    }
    this.length += nl - from;
    if (this.length > MAX_LINE + 1) throw AuthErrors.malformedChunk();
    this.parts.push(buf.subarray(from, nl));
    const whole = this.drain();
    if (whole.length === 0 || whole[whole.length - 1] !== 0x0d) throw AuthErrors.malformedChunk();
    return { text: whole.subarray(0, whole.length - 1).toString('latin1'), next: nl + 1 };
  }
  /** Whatever is held (an unterminated last line), emptying the reader. */
  drain(): Buffer {
    const whole = Buffer.concat(this.parts);
    this.parts = [];
    this.length = 0;
    return whole;
  }
}

/** The trailer section: `name: value` lines, each name once, x-amz-trailer-signature (if any) last. */
class TrailerLines {
  /** Lower-case names; x-amz-trailer-signature excluded. */
  readonly values = new Map<string, string>();
  signature: string | undefined;
  add(text: string): void {
    const c = text.indexOf(':');
    if (c <= 0) throw malformedTrailer();
    const name = text.slice(0, c).trim().toLowerCase();
    const value = text.slice(c + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      if (this.signature !== undefined) throw malformedTrailer();
      this.signature = value.toLowerCase();
    } else {
      if (this.signature !== undefined || this.values.has(name)) throw malformedTrailer();
      this.values.set(name, value);
    }
  }
}

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
 * Decodes an aws-chunked body (`hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;chunk-signature=sig]\r\n`
 * then the trailer lines and an empty line), verifying each chunk signature chained from the seed signature.
 * A signed chunk is held until its signature checks, so at most one chunk is ever buffered; unsigned data
 * passes straight through. Failures are emitted as ServiceErrors named as S3 names them.
 */
export function createAwsChunkedDecoder(opts: AwsChunkedDecoderOptions): AwsChunkedDecoder {
  const signed = opts.mode !== 'unsigned-trailer';
  const withTrailer = opts.mode !== 'signed';
  if (signed && (!opts.signingKey || !opts.amzDate || !opts.scope || !opts.seedSignature))
    throw new TypeError('signed aws-chunked decoding needs signingKey, amzDate, scope and seedSignature');
  const minChunk = opts.minChunkSize ?? (signed ? 8192 : 0);
  const maxChunk = opts.maxChunkSize ?? 16 * 1024 * 1024;

  let state: State = 'header';
  const lines = new LineReader();
  let remaining = 0;
  let chunkSig = '';
  let chunkHash: Hash | undefined;
  let held: Buffer[] = [];
  let crlfSeen = 0;
  let previousSig = opts.seedSignature ?? '';
  let decoded = 0;
  let chunkIndex = 0;
  let lastDataChunkSize = -1;
  const trailerLines = new TrailerLines();
  const trailers = trailerLines.values;

  const verifyChunk = (hashHex: string): void => {
    if (!signed) return;
    const sts = getChunkStringToSign(opts.amzDate!, opts.scope!, previousSig, hashHex);
    const expected = computeSignature(opts.signingKey!, sts);
    if (!safeEqual(expected, chunkSig)) throw AuthErrors.signatureDoesNotMatch('s3');
    previousSig = expected;
  };

  const onHeaderLine = (text: string): void => {
    const header = parseChunkHeader(text);
    const size = header.size;
    chunkSig = header.signature;
    if (signed && !/^[0-9a-f]{64}$/.test(chunkSig)) throw AuthErrors.signatureDoesNotMatch('s3');
    chunkIndex++;
    if (size > 0 && lastDataChunkSize >= 0 && lastDataChunkSize < minChunk)
      throw AuthErrors.invalidChunkSize(chunkIndex - 1, lastDataChunkSize);
    if (size > maxChunk) throw AuthErrors.malformedChunk(`Chunk size ${size} exceeds the maximum of ${maxChunk} bytes.`);
    if (opts.decodedContentLength !== undefined && decoded + size > opts.decodedContentLength)
      throw AuthErrors.malformedChunk('The decoded body is longer than x-amz-decoded-content-length.');
    if (size === 0) {
      verifyChunk(createHash('sha256').digest('hex'));
      state = 'trailer';
      return;
    }
    remaining = size;
    lastDataChunkSize = size;
    chunkHash = signed ? createHash('sha256') : undefined;
    held = [];
    state = 'data';
  };

  const onTrailerLine = (text: string): boolean => {
    if (text === '') return true;
    if (!withTrailer) throw AuthErrors.malformedChunk();
    trailerLines.add(text);
    return false;
  };

  const finishTrailers = (): void => {
    for (const name of opts.expectedTrailers ?? []) if (!trailers.has(name.trim().toLowerCase())) throw malformedTrailer();
    if (opts.mode === 'signed-trailer') previousSig = verifyTrailerSignature(opts, previousSig, trailerLines);
    if (opts.decodedContentLength !== undefined && decoded !== opts.decodedContentLength) throw AuthErrors.incompleteBody();
    state = 'done';
  };

  /** Chunk data from buf[from]: hashed and held when signed, passed on otherwise. Returns the next index. */
  const onData = (buf: Buffer, from: number, push: (b: Buffer) => void): number => {
    const n = Math.min(remaining, buf.length - from);
    const piece = buf.subarray(from, from + n);
    remaining -= n;
    decoded += n;
    if (signed) {
      chunkHash!.update(piece);
      held.push(Buffer.from(piece));
    } else push(Buffer.from(piece));
    if (remaining === 0) {
      state = 'dataCrlf';
      crlfSeen = 0;
    }
    return from + n;
  };

  /** The CRLF after a chunk's data; once whole, a signed chunk is checked and released. */
  const onDataCrlfByte = (byte: number, push: (b: Buffer) => void): void => {
    const want = crlfSeen === 0 ? 0x0d : 0x0a;
    if (byte !== want) throw AuthErrors.malformedChunk();
    if (++crlfSeen === 2) {
      if (signed) {
        verifyChunk(chunkHash!.digest('hex'));
        for (const b of held) push(b);
        held = [];
      }
      state = 'header';
    }
  };

  const decoder = new Transform({
    transform(input: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      try {
        const buf = Buffer.isBuffer(input) ? input : Buffer.from(input);
        const push = (b: Buffer) => void this.push(b);
        let i = 0;
        while (i < buf.length) {
          switch (state) {
            case 'header': {
              const r = lines.take(buf, i);
              if (r === null) return cb();
              i = r.next;
              onHeaderLine(r.text);
              break;
            }
            case 'data':
              i = onData(buf, i, push);
              break;
            case 'dataCrlf':
              onDataCrlfByte(buf[i]!, push);
              i++;
              break;
            case 'trailer': {
              const r = lines.take(buf, i);
              if (r === null) return cb();
              i = r.next;
              if (onTrailerLine(r.text)) finishTrailers();
              break;
            }
            case 'done':
              throw AuthErrors.malformedChunk('Unexpected data after the end of the aws-chunked body.');
          }
        }
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        if (state === 'trailer') {
          // Lenient about a missing final CRLF after the last trailer line (some clients omit it).
          const rest = lines.drain().toString('latin1').replace(/\r$/, '');
          if (rest !== '') onTrailerLine(rest);
          if (rest !== '' || withTrailer || trailers.size === 0) finishTrailers();
        }
        if (state !== 'done') throw AuthErrors.incompleteBody();
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  Object.defineProperty(decoder, 'trailers', { get: () => trailers });
  Object.defineProperty(decoder, 'decodedLength', { get: () => decoded });
  return decoder as AwsChunkedDecoder;
}
