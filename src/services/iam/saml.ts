/**
 * SAML metadata validation: parsed by the one strict XML parser (no DTDs or entities, no parser warning), and
 * it must name an IdP with a signing certificate (a KeyDescriptor with use="signing" or no use, holding an
 * X509Certificate).
 */
import { parseStrictXml } from '../../protocol/strictXml.js';
import { invalidInput } from './errors.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SamlMetadata {
  entityId: string;
  certificates: string[];
  validUntil?: number;
}

export function parseSamlMetadata(xml: string): SamlMetadata {
  let doc: Document;
  try {
    doc = parseStrictXml(xml);
  } catch {
    throw invalidInput('Could not parse metadata');
  }
  const root = doc.documentElement;
  const entities = root.localName === 'EntityDescriptor' && root.namespaceURI === MD ? [root] : Array.from(doc.getElementsByTagNameNS(MD, 'EntityDescriptor'));
  for (const e of entities) {
    const idps = Array.from(e.getElementsByTagNameNS(MD, 'IDPSSODescriptor'));
    const certificates: string[] = [];
    for (const idp of idps) {
      for (const kd of Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))) {
        const use = kd.getAttribute('use');
        if (use && use !== 'signing') continue;
        for (const c of Array.from(kd.getElementsByTagNameNS(DS, 'X509Certificate'))) {
          const text = (c.textContent ?? '').replace(/\s+/g, '');
          if (text) certificates.push(text);
        }
      }
    }
    if (certificates.length > 0) {
      const vu = e.getAttribute('validUntil') ?? root.getAttribute('validUntil');
      const out: SamlMetadata = { entityId: e.getAttribute('entityID') ?? '', certificates };
      if (vu && Number.isFinite(Date.parse(vu))) out.validUntil = Date.parse(vu);
      return out;
    }
  }
  throw invalidInput('Could not find a signing certificate in the IdP metadata (a KeyDescriptor with use="signing" in an IDPSSODescriptor).');
}
