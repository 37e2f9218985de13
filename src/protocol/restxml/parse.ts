/**
 * Parsing S3 request bodies (CreateBucketConfiguration, Delete, CompleteMultipartUpload). Untrusted input:
 * no DTD is accepted and no entity is expanded (fast-xml-parser with entity processing off, and any
 * <!DOCTYPE refused before parsing). Anything that does not parse is S3's MalformedXML.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ServiceError } from '../../core/errors.js';

export const malformedXml = () =>
  new ServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);

const ARRAYS = new Set(['Delete.Object', 'CompleteMultipartUpload.Part']);

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  // Keys may begin or end with spaces: values are kept as sent (callers trim where S3's schema allows).
  trimValues: false,
  isArray: (_name, jpath) => ARRAYS.has(String(jpath)),
});

export type XmlNode = { [name: string]: XmlNode | XmlNode[] | string | undefined };

/** Parses `text` and returns its root element's content, checking the root element's name. */
export function parseXmlDocument(text: string, root: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw malformedXml();
  if (XMLValidator.validate(text) !== true) throw malformedXml();
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch {
    throw malformedXml();
  }
  const node = doc[root];
  if (node === undefined) throw malformedXml();
  return (typeof node === 'object' && node !== null ? node : {}) as XmlNode;
}

/** An element's text, exactly as sent; undefined when absent. Entity references are decoded for the five XML ones. */
export function textOf(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return decodeBasicEntities(v);
  if (Array.isArray(v)) throw malformedXml();
  return typeof v === 'object' && Object.keys(v).length === 0 ? '' : String(v['#text'] ?? '');
}

export function listOf(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'object' ? x : ({ '#text': x } as XmlNode)));
}

/** The predefined XML entities and numeric references only; anything else stays as written. */
export function decodeBasicEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (m, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const cp = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
    }
  });
}
