/**
 * Writing S3's XML responses. Shapes are small and fixed, so documents are written directly; a value is
 * either text, a nested list of [name, value] pairs, or undefined (element omitted).
 */
import { escapeXml, XML_DECLARATION } from '../xml.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * An element's content already written as XML (its text escaped): a long list's entries are written in one
 * template each instead of a tree of pairs (ListObjectVersions' 1,000 entries a page).
 */
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

/** S3's timestamp form in XML: 2006-02-03T16:45:09.000Z. */
export const s3Time = (ms: number) => new Date(ms).toISOString();

let lastMs: number | undefined;
let lastText = '';

/** HTTP-date for Last-Modified and friends (the last one answered is kept: a hot object's GETs ask the same). */
export function httpDate(ms: number): string {
  if (ms !== lastMs) {
    lastText = new Date(ms).toUTCString();
    lastMs = ms;
  }
  return lastText;
}
