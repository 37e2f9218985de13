/**
 * From a verified assertion to a role session, as AWS maps SAML attributes: the Role pairs must name the
 * requested role and provider; RoleSessionName (required), SessionDuration, PrincipalTag:KEY,
 * TransitiveTagKeys and SourceIdentity; the trust policy's saml:* keys; Subject, SubjectType and
 * NameQualifier as AWS computes them.
 */
import { createHash } from 'node:crypto';
import { FederationErrors } from './errors.js';
import type { SamlClaims } from './samlAssertion.js';

const ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const NAMEID_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** saml:* keys AWS derives from well-known attribute OIDs (eduPerson, inetOrgPerson). */
const OID_KEYS: Record<string, string> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'saml:edupersonaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': 'saml:edupersonnickname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': 'saml:edupersonorgdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': 'saml:edupersonorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'saml:edupersonprimaryaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'saml:edupersonprincipalname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': 'saml:edupersonentitlement',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': 'saml:edupersonprimaryorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'saml:edupersonscopedaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'saml:edupersontargetedid',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': 'saml:edupersonassurance',
  'urn:oid:0.9.2342.19200300.100.1.1': 'saml:uid',
  'urn:oid:0.9.2342.19200300.100.1.3': 'saml:mail',
  'urn:oid:2.5.4.3': 'saml:cn',
  'urn:oid:2.5.4.4': 'saml:sn',
  'urn:oid:2.5.4.42': 'saml:givenName',
  'urn:oid:2.5.4.45': 'saml:x500UniqueIdentifier',
};

export interface SamlSession {
  sessionName: string;
  /** The SessionDuration attribute, seconds. */
  sessionDuration: number | undefined;
  tags: { Key: string; Value: string }[];
  transitiveTagKeys: string[];
  sourceIdentity: string | undefined;
  subjectType: string;
  nameQualifier: string;
  /** saml:* condition keys for the trust policy (and the session's later requests). */
  context: Record<string, string | string[]>;
}

/** BASE64(SHA1(issuer + account id + "/" + provider name)), as AWS documents NameQualifier. */
export const nameQualifierOf = (issuer: string, accountId: string, providerName: string): string =>
  createHash('sha1').update(issuer + accountId + '/' + providerName, 'utf8').digest('base64');

export const subjectTypeOf = (format: string | undefined): string => {
  const f = format ?? UNSPECIFIED;
  return f.startsWith(NAMEID_PREFIX) ? f.slice(NAMEID_PREFIX.length) : f;
};

/** True when some Role attribute value pairs exactly this role and this provider (either order). */
export function rolePairAsserted(claims: SamlClaims, roleArn: string, providerArn: string): boolean {
  for (const value of claims.attributes.get(`${ATTR}Role`) ?? []) {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.length !== 2) continue;
    const [a, b] = parts as [string, string];
    if ((a === roleArn && b === providerArn) || (a === providerArn && b === roleArn)) return true;
  }
  return false;
}

function single(claims: SamlClaims, name: string): string | undefined {
  const values = claims.attributes.get(`${ATTR}${name}`);
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw FederationErrors.invalidToken(`The SAML attribute ${name} must have one value`);
  return values[0];
}

export function mapSamlClaims(claims: SamlClaims, provider: { accountId: string; name: string; arn: string }): SamlSession {
  const sessionName = single(claims, 'RoleSessionName');
  if (sessionName === undefined || !SESSION_NAME.test(sessionName)) throw FederationErrors.sessionName();

  let sessionDuration: number | undefined;
  const durationText = single(claims, 'SessionDuration');
  if (durationText !== undefined) {
    sessionDuration = /^\d{1,6}$/.test(durationText) ? Number(durationText) : NaN;
    if (!(sessionDuration >= 900 && sessionDuration <= 43_200)) {
      throw FederationErrors.invalidToken('SessionDuration in AuthnResponse must be a number between 900 and 43200');
    }
  }

  const tags: { Key: string; Value: string }[] = [];
  const tagPrefix = `${ATTR}PrincipalTag:`;
  for (const [name, values] of claims.attributes) {
    if (!name.startsWith(tagPrefix)) continue;
    const key = name.slice(tagPrefix.length);
    if (values.length !== 1 || !TAG_KEY.test(key) || !TAG_VALUE.test(values[0]!)) {
      throw FederationErrors.invalidToken(`Invalid session tag in SAML assertion: ${key}`);
    }
    tags.push({ Key: key, Value: values[0]! });
  }
  if (tags.length > 50) throw FederationErrors.invalidToken('The SAML assertion passes more than 50 session tags');
  const transitiveTagKeys = claims.attributes.get(`${ATTR}TransitiveTagKeys`) ?? [];

  const sourceIdentity = single(claims, 'SourceIdentity');
  if (sourceIdentity !== undefined && !SESSION_NAME.test(sourceIdentity)) {
    throw FederationErrors.invalidToken('SourceIdentity in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  }

  const subjectType = subjectTypeOf(claims.nameIdFormat);
  const nameQualifier = nameQualifierOf(claims.issuer, provider.accountId, provider.name);
  const context: Record<string, string | string[]> = {
    'saml:aud': claims.recipient,
    'saml:sub': claims.nameId,
    'saml:sub_type': subjectType,
    'saml:iss': claims.issuer,
    'saml:namequalifier': nameQualifier,
    'saml:doc': `${provider.accountId}/${provider.name}`,
  };
  for (const [name, values] of claims.attributes) {
    const key = OID_KEYS[name];
    if (key && values.length > 0) context[key] = values.length === 1 ? values[0]! : values;
  }
  return { sessionName, sessionDuration, tags, transitiveTagKeys, sourceIdentity, subjectType, nameQualifier, context };
}
