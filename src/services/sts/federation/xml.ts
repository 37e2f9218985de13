/**
 * Reading SAML documents: the one strict parser (protocol/strictXml.ts) and the DOM helpers the assertion and
 * signature checks share.
 */
import { XmlRefused } from '../../../protocol/strictXml.js';

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export { parseStrictXml, XmlRefused } from '../../../protocol/strictXml.js';

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
