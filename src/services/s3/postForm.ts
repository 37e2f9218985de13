/**
 * A browser-form upload's body (multipart/form-data, RFC 7578) read as S3 reads it: the fields before the
 * `file` field are buffered (at most MAX_PRE_DATA bytes, or MaxPostPreDataLengthExceeded), the file's bytes
 * stream (never held whole), and anything after the file is ignored. Our own small reader: no dependency.
 */
import { ServiceError } from '../../core/errors.js';

/** What S3 allows before the file: the fields, their part headers and delimiters together. */
export const MAX_PRE_DATA = 20 * 1024;
const MAX_PART_HEADERS = 8 * 1024;

export const malformedPost = () => new ServiceError('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', 400);
const preDataTooLarge = () => new ServiceError('MaxPostPreDataLengthExceeded', 'Your POST request fields preceding the upload file were too large.', 400);

export interface FormFields {
  /** Field names lower-cased (S3 compares them case-insensitively); the first value of a name wins. */
  values: Map<string, string>;
  /** The fields in order, names as sent (x-amz-meta-* keep their case in the stored metadata). */
  raw: Array<[string, string]>;
  /** The file part: its filename and Content-Type. */
  file: { filename: string; contentType: string | undefined };
}

/**
 * The form's key with ${filename} replaced by the file's name (its last path segment); undefined without a
 * key field. S3 expands it before checking the POST policy and uses the expanded key.
 */
export function formKey(fields: FormFields): string | undefined {
  return fields.values.get('key')?.split('${filename}').join(fields.file.filename.replace(/^.*[\\/]/, ''));
}

/** The boundary of a multipart/form-data Content-Type; undefined for any other type. */
export function formBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function dispositionOf(headers: string): { name: string; filename?: string } {
  const line = headers.split('\r\n').find((l) => /^content-disposition\s*:/i.test(l));
  if (!line || !/:\s*form-data\s*(;|$)/i.test(line)) throw malformedPost();
  const param = (p: string) => {
    const m = new RegExp(`;\\s*${p}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(line) ?? new RegExp(`;\\s*${p}=([^;\\s]*)`, 'i').exec(line);
    return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
  };
  const name = param('name');
  if (name === undefined) throw malformedPost();
  const filename = param('filename');
  return filename === undefined ? { name } : { name, filename };
}

const contentTypeOf = (headers: string) => headers.split('\r\n').find((l) => /^content-type\s*:/i.test(l))?.replace(/^[^:]*:\s*/, '').trim();

/** Reads a multipart/form-data stream: the fields up to the file, then the file's bytes. */
export class FormReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer>;
  private eof = false;
  /** Bytes of the body consumed before the file's data. */
  private preData = 0;
  private readonly delimiter: Buffer;

  constructor(source: AsyncIterable<Buffer>, boundary: string) {
    this.it = source[Symbol.asyncIterator]();
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const r = await this.it.next();
    if (r.done) {
      this.eof = true;
      return false;
    }
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as Uint8Array);
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }

  /** Consumes up to `needle` (pre-data: capped); returns what came before it. */
  private async until(needle: Buffer, cap: number): Promise<Buffer> {
    for (;;) {
      const at = this.buf.indexOf(needle);
      if (at >= 0) {
        const before = this.buf.subarray(0, at);
        this.take(at + needle.length);
        return before;
      }
      if (this.buf.length > cap || this.preData + this.buf.length > MAX_PRE_DATA + needle.length) throw preDataTooLarge();
      if (!(await this.fill())) throw malformedPost();
    }
  }

  private take(n: number) {
    this.preData += n;
    if (this.preData > MAX_PRE_DATA) throw preDataTooLarge();
    this.buf = this.buf.subarray(n);
  }

  private async bytes(n: number): Promise<Buffer> {
    while (this.buf.length < n) if (!(await this.fill())) throw malformedPost();
    const b = this.buf.subarray(0, n);
    this.take(n);
    return b;
  }

  /** The fields before the file (InvalidArgument when there is no file). */
  async fields(): Promise<FormFields> {
    const values = new Map<string, string>();
    const raw: Array<[string, string]> = [];
    // The first delimiter has no CRLF before it (a preamble, if any, is skipped).
    this.buf = Buffer.concat([Buffer.from('\r\n'), this.buf]);
    this.preData -= 2;
    await this.until(this.delimiter, MAX_PRE_DATA);
    for (;;) {
      const after = (await this.bytes(2)).toString('latin1');
      if (after === '--') break;
      if (after !== '\r\n') throw malformedPost();
      const headers = (await this.until(Buffer.from('\r\n\r\n'), MAX_PART_HEADERS)).toString('utf8');
      const { name, filename } = dispositionOf(headers);
      if (name.toLowerCase() === 'file') {
        return { values, raw, file: { filename: filename ?? '', contentType: contentTypeOf(headers) } };
      }
      const value = (await this.until(this.delimiter, MAX_PRE_DATA)).toString('utf8');
      raw.push([name, value]);
      if (!values.has(name.toLowerCase())) values.set(name.toLowerCase(), value);
    }
    throw new ServiceError('InvalidArgument', 'POST requires exactly one file upload per request.', 400, { extra: { ArgumentName: 'file', ArgumentValue: '0' } });
  }

  /** The file's bytes, up to the delimiter that ends it (MalformedPOSTRequest if the body ends first). */
  async *file(): AsyncGenerator<Buffer> {
    const keep = this.delimiter.length - 1;
    for (;;) {
      const at = this.buf.indexOf(this.delimiter);
      if (at >= 0) {
        if (at > 0) yield this.buf.subarray(0, at);
        // S3 ignores what follows the file; a short rest is read so the connection can serve the next request.
        for (let rest = this.buf.length - at; rest <= MAX_PRE_DATA && (await this.fill()); rest = this.buf.length - at);
        this.buf = Buffer.alloc(0);
        return;
      }
      if (this.buf.length > keep) {
        const out = this.buf.subarray(0, this.buf.length - keep);
        this.buf = this.buf.subarray(this.buf.length - keep);
        yield out;
      }
      if (!(await this.fill())) throw malformedPost();
    }
  }
}
