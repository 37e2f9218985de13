/**
 * AssumeRoleWithWebIdentity's verification: the JWT's issuer must be an OIDC provider registered in IAM
 * in the role's account; its keys come from the issuer's discovery document
 * (`${iss}/.well-known/openid-configuration` → jwks_uri), both cached (jose's createRemoteJWKSet refetches
 * on an unknown kid, with a cool-down); the signature, `iss`, `aud` (one of the provider's client ids),
 * `exp`, `nbf` and `iat` are checked by jose against the server's clock.
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Deps } from '../../../server/deps.js';
import { FederationErrors } from './errors.js';
import { findOidcProvider, type OidcProvider } from './providers.js';

const HTTP_TIMEOUT_MS = 5_000;
const DISCOVERY_TTL_MS = 10 * 60_000;
const SKEW_S = 60;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const NO_KEY = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

const discoveries = new Map<string, { jwksUri: string; at: number }>();
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

export interface VerifiedWebIdentity {
  provider: OidcProvider;
  payload: JWTPayload;
  /** The client id the token was for. */
  audience: string;
}

async function jwksUriOf(issuer: string, now: number): Promise<string> {
  const hit = discoveries.get(issuer);
  if (hit && hit.at + DISCOVERY_TTL_MS > now) return hit.jwksUri;
  let res: Response;
  try {
    res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS), redirect: 'error' });
  } catch {
    throw FederationErrors.idpCommunication('Couldn\'t connect to the identity provider to retrieve its discovery document');
  }
  if (!res.ok) throw FederationErrors.invalidToken(NO_KEY);
  let doc: { issuer?: unknown; jwks_uri?: unknown };
  try {
    doc = (await res.json()) as typeof doc;
  } catch {
    throw FederationErrors.invalidToken(NO_KEY);
  }
  if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//.test(doc.jwks_uri)) throw FederationErrors.invalidToken(NO_KEY);
  if (typeof doc.issuer === 'string' && doc.issuer.replace(/\/+$/, '') !== issuer) throw FederationErrors.invalidToken(NO_KEY);
  discoveries.set(issuer, { jwksUri: doc.jwks_uri, at: now });
  if (discoveries.size > 1000) discoveries.delete(discoveries.keys().next().value!);
  return doc.jwks_uri;
}

function keySetOf(jwksUri: string) {
  let ks = keySets.get(jwksUri);
  if (!ks) {
    ks = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: HTTP_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: DISCOVERY_TTL_MS });
    if (keySets.size > 1000) keySets.delete(keySets.keys().next().value!);
    keySets.set(jwksUri, ks);
  }
  return ks;
}

const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function mapJoseError(e: unknown, now: number, payload: JWTPayload): never {
  if (e instanceof errors.JWTExpired) {
    throw FederationErrors.expired(`Token expired: current date/time ${iso(Math.floor(now / 1000))} must be before the expiration date/time ${iso(Number(payload.exp))}`);
  }
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') throw FederationErrors.invalidToken('Incorrect token audience');
    if (e.claim === 'iss') throw FederationErrors.invalidToken('Incorrect token issuer');
    if (e.claim === 'nbf') throw FederationErrors.invalidToken('Token is not yet valid (nbf)');
    throw FederationErrors.invalidToken(`Invalid token claim ${e.claim}: ${e.reason}`);
  }
  if (e instanceof errors.JWKSTimeout) throw FederationErrors.idpCommunication('Timed out retrieving the identity provider\'s keys');
  if (e instanceof errors.JWSSignatureVerificationFailed) throw FederationErrors.invalidToken('The token signature could not be verified');
  if (e instanceof errors.JOSEAlgNotAllowed) throw FederationErrors.invalidToken('The token signing algorithm is not supported');
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSInvalid || e instanceof errors.JWKSMultipleMatchingKeys) {
    throw FederationErrors.invalidToken(NO_KEY);
  }
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid) throw FederationErrors.invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  if (e instanceof errors.JOSEError) throw FederationErrors.invalidToken(NO_KEY);
  // fetch() failing underneath (connection refused, DNS, TLS)
  throw FederationErrors.idpCommunication('Couldn\'t connect to the identity provider to retrieve its keys');
}

/** `found`: told the provider of the token's issuer registered in `accountId` (before the token is verified). */
export async function verifyWebIdentity(deps: Deps, token: string, accountId: string, now: number, found?: (provider: OidcProvider) => void): Promise<VerifiedWebIdentity> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw FederationErrors.invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  }
  const iss = typeof unverified.iss === 'string' ? unverified.iss.replace(/\/+$/, '') : '';
  if (!/^https?:\/\/[^\s?#]+$/.test(iss)) throw FederationErrors.invalidToken('The token has no valid issuer (iss)');
  const provider = await findOidcProvider(deps, accountId, iss);
  if (!provider) throw FederationErrors.invalidToken(`No OpenIDConnect provider found in your account for ${iss}`);
  found?.(provider);

  const jwksUri = await jwksUriOf(iss, deps.clock.real()); // a cache age: real time
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySetOf(jwksUri), {
      issuer: [iss, `${iss}/`],
      audience: provider.clientIds,
      currentDate: new Date(now),
      clockTolerance: SKEW_S,
      requiredClaims: ['exp', 'iat', 'sub', 'aud'],
      algorithms: ALGORITHMS,
    }));
  } catch (e) {
    mapJoseError(e, now, unverified);
  }
  if (typeof payload.iat !== 'number' || payload.iat > now / 1000 + SKEW_S) throw FederationErrors.invalidToken('Token issued in the future (iat)');
  const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
  const audience = auds.find((a) => provider.clientIds.includes(a))!;
  return { provider, payload, audience };
}
