// The aws-chunked body's framing: chunk header lines, CRLF-terminated lines, the trailer section.
import { ServiceError } from '../../core/errors.js';
import { AuthErrors } from './errors.js';

/** The longest header or trailer line accepted. */
export const MAX_LINE = 4096;
export const malformedTrailer = () =>
  new ServiceError(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
    400,
  );

/** `hex-size[;chunk-signature=sig]`: the size and the (lower-case) signature, '' when none. */
export function parseChunkHeader(text: string): { size: number; signature: string } {
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
export class LineReader {
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
export class TrailerLines {
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

