/**
 * The one strict XML parser for documents that carry trust (SAML responses and assertions, SAML metadata): any
 * DOCTYPE or ENTITY declaration is refused before the parser sees the text (no DTDs, no entity expansion), and
 * any parser error or warning refuses the document.
 */
import { DOMParser } from '@xmldom/xmldom';

export class XmlRefused extends Error {}

/** Parses XML text; throws XmlRefused for a DTD, an entity declaration or malformed XML. */
export function parseStrictXml(text: string): Document {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new XmlRefused('DTDs are not allowed');
  let failed: string | undefined;
  const doc = new DOMParser({
    errorHandler: {
      warning: (m: string) => (failed ??= m),
      error: (m: string) => (failed ??= m),
      fatalError: (m: string) => (failed ??= m),
    },
  }).parseFromString(text, 'text/xml') as unknown as Document;
  if (failed !== undefined || !doc?.documentElement) throw new XmlRefused(`malformed XML${failed ? `: ${failed}` : ''}`);
  return doc;
}

