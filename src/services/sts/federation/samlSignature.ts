/**
 * Which assertion a SAML Response vouches for, decided by its XML signatures (xml-crypto) and nothing else.
 *
 * Hardening against signature wrapping and canonicalization tricks:
 *  - no DTD or entity declaration (refused before parsing), no comment or processing instruction anywhere;
 *  - the root is a samlp:Response with exactly one saml:Assertion in the whole document, a direct child;
 *    ID values are unique across the document;
 *  - only two signature places count: a ds:Signature child of the Response and one of the Assertion; each
 *    must carry exactly one Reference whose URI is "#" + the ID of the element it sits in (enveloped);
 *    every signature present must verify, and at least one must;
 *  - keys come only from the provider's metadata (the signature's own KeyInfo is ignored);
 *  - the assertion that is read is parsed from the canonical XML xml-crypto verified (getSignedReferences),
 *    never looked up again in the received document.
 */
import { SignedXml } from 'xml-crypto';
import { childrenNS, hasCommentOrPi, idValues, NS, onlyChildNS, parseStrictXml, XmlRefused } from './xml.js';

export interface SignedSamlResponse {
  /** The received Response's root (its Status and Destination; signed only when responseSigned). */
  response: Element;
  /** The assertion as signed (parsed from the verified canonical XML). */
  assertion: Element;
  responseSigned: boolean;
  assertionSigned: boolean;
}

export class SamlRefused extends Error {
  constructor(
    message: string,
    readonly kind: 'malformed' | 'signature' = 'malformed',
  ) {
    super(message);
  }
}

const toPem = (b64: string) => `-----BEGIN CERTIFICATE-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;

/** The canonical XML the signature covers, when it verifies with one of `certs`; undefined otherwise. */
function verifyEnveloped(xml: string, signature: Element, parent: Element, certs: string[]): string | undefined {
  const id = parent.getAttribute('ID');
  if (!id) return undefined;
  const signedInfo = onlyChildNS(signature, NS.ds, 'SignedInfo');
  if (!signedInfo) return undefined;
  const refs = childrenNS(signedInfo, NS.ds, 'Reference');
  if (refs.length !== 1 || refs[0]!.getAttribute('URI') !== `#${id}`) return undefined;
  for (const cert of certs) {
    try {
      const sx = new SignedXml({ publicCert: toPem(cert), getCertFromKeyInfo: () => null });
      sx.loadSignature(signature);
      if (sx.checkSignature(xml) !== true) continue;
      const signed = sx.getSignedReferences();
      if (signed.length === 1) return signed[0];
    } catch {
      // not this certificate (or not a valid signature at all)
    }
  }
  return undefined;
}

/** Verifies a decoded SAML Response against the IdP's signing certificates (base64 DER). */
export function verifySamlResponse(xml: string, certs: string[]): SignedSamlResponse {
  let doc: Document;
  try {
    doc = parseStrictXml(xml);
  } catch (e) {
    throw new SamlRefused(e instanceof XmlRefused ? e.message : 'malformed XML');
  }
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.samlp || root.localName !== 'Response') throw new SamlRefused('not a SAML Response');
  if (hasCommentOrPi(root)) throw new SamlRefused('comments and processing instructions are not allowed');
  const ids = idValues(root);
  if (new Set(ids).size !== ids.length) throw new SamlRefused('duplicate ID values');
  if (doc.getElementsByTagNameNS(NS.saml, 'EncryptedAssertion').length > 0) throw new SamlRefused('encrypted assertions are not supported');
  const all = doc.getElementsByTagNameNS(NS.saml, 'Assertion');
  const direct = childrenNS(root, NS.saml, 'Assertion');
  if (all.length !== 1 || direct.length !== 1) throw new SamlRefused('a SAML Response must hold exactly one Assertion');
  const original = direct[0]!;

  let responseSig: Element | undefined;
  let assertionSig: Element | undefined;
  try {
    responseSig = onlyChildNS(root, NS.ds, 'Signature');
    assertionSig = onlyChildNS(original, NS.ds, 'Signature');
  } catch {
    throw new SamlRefused('more than one signature on one element', 'signature');
  }
  if (!responseSig && !assertionSig) throw new SamlRefused('the SAML Response is not signed', 'signature');

  let assertion: Element | undefined;
  if (responseSig) {
    const signedResponse = verifyEnveloped(xml, responseSig, root, certs);
    if (signedResponse === undefined) throw new SamlRefused('Response signature invalid', 'signature');
    const inner = childrenNS(parseStrictXml(signedResponse).documentElement, NS.saml, 'Assertion');
    if (inner.length !== 1) throw new SamlRefused('a SAML Response must hold exactly one Assertion');
    assertion = inner[0]!;
  }
  if (assertionSig) {
    const signedAssertion = verifyEnveloped(xml, assertionSig, original, certs);
    if (signedAssertion === undefined) throw new SamlRefused('Assertion signature invalid', 'signature');
    try {
      assertion = parseStrictXml(signedAssertion).documentElement;
    } catch {
      throw new SamlRefused('malformed signed assertion');
    }
  }
  if (!assertion || assertion.namespaceURI !== NS.saml || assertion.localName !== 'Assertion' || assertion.getAttribute('ID') !== original.getAttribute('ID')) {
    throw new SamlRefused('the signed element is not the assertion', 'signature');
  }
  return { response: root, assertion, responseSigned: !!responseSig, assertionSigned: !!assertionSig };
}
