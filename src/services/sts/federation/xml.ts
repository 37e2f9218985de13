/**
 * Strict XML parsing for SAML: any DOCTYPE or ENTITY declaration is refused before the parser sees the
 * text (no DTDs, no entity expansion), and any parser error or warning refuses the document.
 */
import { DOMParser } from '@xmldom/xmldom';

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

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

export const isElement = (n: Node | null | undefined): n is Element => !!n && n.nodeType === 1;

/** The element children of `parent` with this namespace and local name. */
export function childrenNS(parent: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n) && n.namespaceURI === ns && n.localName === local) out.push(n);
  }
  return out;
}

/** The single child, undefined when there is none; throws when there are several. */
export function onlyChildNS(parent: Element, ns: string, local: string): Element | undefined {
  const list = childrenNS(parent, ns, local);
  if (list.length > 1) throw new XmlRefused(`more than one ${local}`);
  return list[0];
}

/** Text of an element made of text nodes only (no child elements, comments or processing instructions). */
export function pureText(el: Element): string {
  let out = '';
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 || n.nodeType === 4) out += n.nodeValue ?? '';
    else throw new XmlRefused(`${el.localName} must hold text only`);
  }
  return out;
}

/** True when a comment or processing instruction sits anywhere under `el`. */
export function hasCommentOrPi(el: Node): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 7 || n.nodeType === 8) return true;
    if (isElement(n) && hasCommentOrPi(n)) return true;
  }
  return false;
}

/** Every value of ID-like attributes (ID, Id, id) in the document, to refuse duplicates. */
export function idValues(el: Element, out: string[] = []): string[] {
  for (const name of ['ID', 'Id', 'id']) {
    const v = el.getAttribute(name);
    if (v) out.push(v);
  }
  for (let n = el.firstChild; n; n = n.nextSibling) if (isElement(n)) idValues(n, out);
  return out;
}
