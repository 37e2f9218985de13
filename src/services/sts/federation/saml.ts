/**
 * AssumeRoleWithSAML's verification, end to end: base64 → XML → signatures against the provider's
 * metadata certificates → the signed assertion's claims, checked for time, audience and recipient.
 */
import { parseSamlMetadata, type SamlMetadata } from '../../iam/api.js';
import { FederationErrors } from './errors.js';
import type { SamlProvider } from './providers.js';
import { checkResponseStatus, readSamlClaims, type SamlClaims } from './samlAssertion.js';
import { SamlRefused, verifySamlResponse } from './samlSignature.js';

const metadataCache = new Map<string, SamlMetadata>();

function metadataOf(provider: SamlProvider): SamlMetadata {
  let md = metadataCache.get(provider.metadata);
  if (!md) {
    try {
      md = parseSamlMetadata(provider.metadata);
    } catch {
      throw FederationErrors.invalidToken('The SAML provider metadata holds no usable signing certificate');
    }
    if (metadataCache.size > 1000) metadataCache.clear();
    metadataCache.set(provider.metadata, md);
  }
  return md;
}

export function decodeSamlResponse(b64: string): string {
  const compact = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) throw FederationErrors.invalidToken('Invalid base64 SAMLResponse');
  const bytes = Buffer.from(compact, 'base64');
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return text.decode(bytes);
  } catch {
    throw FederationErrors.invalidToken('Invalid SAMLResponse: not UTF-8');
  }
}

/** The claims of a SAML Response verified against `provider`; throws AWS's errors. */
export function verifySamlAssertion(samlResponseB64: string, provider: SamlProvider, now: number): SamlClaims {
  if (provider.validUntil <= now) throw FederationErrors.invalidToken('The SAML provider metadata has expired');
  const md = metadataOf(provider);
  const xml = decodeSamlResponse(samlResponseB64);
  let signed;
  try {
    signed = verifySamlResponse(xml, md.certificates);
  } catch (e) {
    if (e instanceof SamlRefused) {
      if (e.kind === 'signature') throw FederationErrors.signatureInvalid();
      throw FederationErrors.invalidToken(`Invalid SAML response: ${e.message}`);
    }
    throw e;
  }
  checkResponseStatus(signed.response);
  return readSamlClaims(signed.assertion, now, md.entityId || undefined);
}
