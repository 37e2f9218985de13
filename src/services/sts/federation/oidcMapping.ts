/**
 * From a verified web identity token to a role session: the trust policy's keys (`ISSUER:aud`,
 * `ISSUER:sub`, `ISSUER:amr`, `ISSUER:oaud` when the token names other audiences too, with ISSUER the
 * provider's host and path), session tags and transitive keys from the `https://aws.amazon.com/tags`
 * claim, and the source identity from `https://aws.amazon.com/source_identity`.
 */
import type { JWTPayload } from 'jose';
import { FederationErrors } from './errors.js';
import { issuerKey } from './providers.js';

const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

export interface WebIdentitySession {
  context: Record<string, string | string[]>;
  tags: { Key: string; Value: string }[];
  transitiveTagKeys: string[];
  sourceIdentity: string | undefined;
}

export function mapWebIdentity(payload: JWTPayload, providerUrl: string, audience: string): WebIdentitySession {
  const k = issuerKey(providerUrl);
  const context: Record<string, string | string[]> = { [`${k}:aud`]: audience, [`${k}:sub`]: String(payload.sub) };
  const auds = Array.isArray(payload.aud) ? payload.aud : [];
  if (auds.length > 1) context[`${k}:oaud`] = auds;
  const amr = payload.amr;
  if (Array.isArray(amr)) context[`${k}:amr`] = amr.map(String);
  else if (typeof amr === 'string') context[`${k}:amr`] = [amr];

  const tags: { Key: string; Value: string }[] = [];
  let transitiveTagKeys: string[] = [];
  const claim = payload[TAGS_CLAIM];
  if (claim !== undefined) {
    const c = claim as { principal_tags?: Record<string, unknown>; transitive_tag_keys?: unknown };
    if (typeof c !== 'object' || c === null) throw FederationErrors.invalidToken(`Invalid ${TAGS_CLAIM} claim`);
    for (const [key, v] of Object.entries(c.principal_tags ?? {})) {
      const value = Array.isArray(v) && v.length === 1 ? v[0] : v;
      if (typeof value !== 'string' || !TAG_KEY.test(key) || !TAG_VALUE.test(value)) throw FederationErrors.invalidToken(`Invalid session tag in token: ${key}`);
      tags.push({ Key: key, Value: value });
    }
    if (c.transitive_tag_keys !== undefined) {
      if (!Array.isArray(c.transitive_tag_keys) || c.transitive_tag_keys.some((x) => typeof x !== 'string')) {
        throw FederationErrors.invalidToken(`Invalid ${TAGS_CLAIM} claim`);
      }
      transitiveTagKeys = c.transitive_tag_keys as string[];
    }
  }
  if (tags.length > 50) throw FederationErrors.invalidToken('The token passes more than 50 session tags');
  const si = payload[SOURCE_IDENTITY_CLAIM];
  if (si !== undefined && (typeof si !== 'string' || !SOURCE_IDENTITY.test(si))) throw FederationErrors.invalidToken('Invalid source identity in token');
  return { context, tags, transitiveTagKeys, sourceIdentity: si as string | undefined };
}
