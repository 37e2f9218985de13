/**
 * Writing S3's XML responses. Shapes are small and fixed, so documents are written directly; a value is
 * either text, a nested list of [name, value] pairs, or undefined (element omitted).
 */
import { escapeXml, XML_DECLARATION } from '../xml.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** An element's content already written as XML (its text escaped). */
export class RawXml {
  constructor(readonly xml: string) {}
}

export type XmlValue = string | number | boolean | undefined | null | XmlChildren | RawXml;
export type XmlChildren = Array<[string, XmlValue]>;

function write(children: XmlChildren, out: string[]) {
  for (const [name, v] of children) {
    if (v === undefined || v === null) continue;
    if (v instanceof RawXml) {
      out.push(`<${name}>${v.xml}</${name}>`);
    } else if (Array.isArray(v)) {
      out.push(`<${name}>`);
      write(v, out);
      out.push(`</${name}>`);
    } else {
      out.push(`<${name}>${typeof v === 'string' ? escapeXml(v) : String(v)}</${name}>`);
    }
  }
}

/** A whole document: <?xml?><Root xmlns="...">children</Root>. */
export function xmlDocument(root: string, children: XmlChildren, xmlns: string | null = S3_XMLNS): string {
  const out: string[] = [XML_DECLARATION, xmlns ? `<${root} xmlns="${xmlns}">` : `<${root}>`];
  write(children, out);
  out.push(`</${root}>`);
  return out.join('');
}

/**
 * A whole document written straight into bytes, for the long ones (a listing page of up to 1,000 entries):
 * each entry goes in as one template string (RawXml text), copied once as UTF-8 into one growing Buffer,
 * instead of a string per element joined into one ~400 KB string that is then encoded again.
 */
export class XmlBytes {
  private buf: Buffer;
  private length = 0;

  /** `capacity`: the bytes expected (the buffer grows past it when needed, copying what it holds). */
  constructor(
    private readonly root: string,
    capacity = 16 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.raw(`${XML_DECLARATION}<${root} xmlns="${S3_XMLNS}">`);
  }

  /** XML text as it is (its values escaped already). */
  raw(xml: string): this {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4): counted exactly
    // only when that bound does not fit.
    if (this.length + xml.length * 3 > this.buf.length && this.length + Buffer.byteLength(xml) > this.buf.length) {
      const need = this.length + Buffer.byteLength(xml);
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.length += this.buf.write(xml, this.length);
    return this;
  }

  /** Elements, written as xmlDocument writes them. */
  children(children: XmlChildren): this {
    const out: string[] = [];
    write(children, out);
    return this.raw(out.join(''));
  }

  /** The document's bytes, its root element closed. */
  end(): Buffer {
    this.raw(`</${this.root}>`);
    return this.buf.subarray(0, this.length);
  }
}

/** A time's text, the last one answered kept: most calls ask for the same time as the call before. */
function lastKept(format: (d: Date) => string): (ms: number) => string {
  let lastMs: number | undefined;
  let lastText = '';
  return (ms) => {
    if (ms !== lastMs) {
      lastText = format(new Date(ms));
      lastMs = ms;
    }
    return lastText;
  };
}

/** S3's timestamp form in XML: 2006-02-03T16:45:09.000Z (a listing's entries often share one). */
export const s3Time = lastKept((d) => d.toISOString());

/** HTTP-date for Last-Modified and friends (a hot object's GETs ask for the same). */
export const httpDate = lastKept((d) => d.toUTCString());
