/**
 * The OIDC device-authorization flow of Identity Center (sso-oidc), RFC 8628 as AWS runs it:
 *
 *   RegisterClient → clientId + clientSecret (90 days)
 *   StartDeviceAuthorization(client, startUrl) → deviceCode (for the client), userCode (for the person),
 *     verificationUri(Complete) on the console's origin, expiresIn 600, interval 1
 *   the person signs in on the approval page and approves (or denies) the user code
 *   CreateToken(device_code grant) → authorization_pending / slow_down / access_denied / expired_token,
 *     then once: accessToken (8 h) + refreshToken (90 days)
 *   CreateToken(refresh_token grant) → a new pair; the refresh token presented is spent
 *
 * Every secret is random, given out once, stored only as its SHA-256 and compared in constant time; device
 * codes and refresh tokens are single use by a conditional update in the store. What unauthenticated
 * callers can make is bounded: live clients in all, pending device authorizations per client.
 */
import type { Deps } from '../../server/deps.js';
import type { SsoDeviceAuthsTable } from '../../store/schema-sso.js';
import { OidcErrors } from './errors.js';
import { newSecret, newUserCode, normalizeUserCode, sameHash, secretHash } from './names.js';

export const CLIENT_LIFETIME_SECONDS = 90 * 24 * 3600;
export const DEVICE_LIFETIME_SECONDS = 600;
export const POLL_INTERVAL_SECONDS = 1;
export const ACCESS_TOKEN_SECONDS = 8 * 3600;
export const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;
/** Bounds on what unauthenticated callers can make. */
export const MAX_LIVE_CLIENTS = 10_000;
export const MAX_PENDING_PER_CLIENT = 50;
/** A poll this much earlier than the interval is still accepted (clients' timers are not exact). */
const POLL_SLACK_MS = 250;

const str = (v: unknown, max = 4096): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

export interface RegisterClientInput {
  clientName?: unknown;
  clientType?: unknown;
  scopes?: unknown;
}

export async function registerClient(deps: Deps, input: RegisterClientInput, now: number) {
  const name = str(input.clientName, 256);
  if (!name) throw OidcErrors.invalidRequest('clientName is required');
  if (input.clientType !== 'public') throw OidcErrors.invalidClientMetadata('Invalid client type: only public clients are supported');
  const repo = deps.store.repos.ssoTokens;
  await repo.deleteExpiredBefore(now);
  if ((await repo.countLiveClients(now)) >= MAX_LIVE_CLIENTS) throw OidcErrors.slowDown();
  const clientId = newSecret('tc-').slice(0, 27);
  const clientSecret = newSecret('tcs-');
  const expiresAt = now + CLIENT_LIFETIME_SECONDS * 1000;
  await repo.insertClient({ client_id: clientId, client_name: name, secret_hash: secretHash(clientSecret), created_at: now, expires_at: expiresAt });
  return { clientId, clientSecret, clientIdIssuedAt: Math.floor(now / 1000), clientSecretExpiresAt: Math.floor(expiresAt / 1000) };
}

/** The registered client the id and secret name, still valid; invalid_client otherwise (same answer for each cause). */
async function authenticateClient(deps: Deps, clientId: unknown, clientSecret: unknown, now: number) {
  const id = str(clientId, 128);
  const secret = str(clientSecret, 4096);
  const row = id ? await deps.store.repos.ssoTokens.getClient(id) : undefined;
  const presented = secretHash(secret ?? '');
  const ok = row !== undefined && sameHash(presented, row.secret_hash) && secret !== undefined;
  if (!ok || row.expires_at <= now) throw OidcErrors.invalidClient();
  return row;
}

export interface StartInput {
  clientId?: unknown;
  clientSecret?: unknown;
  startUrl?: unknown;
}

/** `verificationUri`: the approval page's URL (the console's origin + /_sso/device). */
export async function startDeviceAuthorization(deps: Deps, input: StartInput, verificationUri: string, now: number) {
  const client = await authenticateClient(deps, input.clientId, input.clientSecret, now);
  if (!str(input.startUrl, 2048)) throw OidcErrors.invalidRequest('startUrl is required');
  const repo = deps.store.repos.ssoTokens;
  if ((await repo.countPendingDevices(client.client_id, now)) >= MAX_PENDING_PER_CLIENT) throw OidcErrors.slowDown();
  const deviceCode = newSecret('');
  for (let tries = 0; ; tries++) {
    const userCode = newUserCode();
    try {
      await repo.insertDevice({
        device_hash: secretHash(deviceCode),
        user_code_hash: secretHash(userCode),
        client_id: client.client_id,
        created_at: now,
        expires_at: now + DEVICE_LIFETIME_SECONDS * 1000,
        interval_seconds: POLL_INTERVAL_SECONDS,
        last_poll_at: null,
        status: 'pending',
        user_id: null,
        account_id: null,
      });
      return {
        deviceCode,
        userCode,
        verificationUri,
        verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
        expiresIn: DEVICE_LIFETIME_SECONDS,
        interval: POLL_INTERVAL_SECONDS,
      };
    } catch (e) {
      // A user code already in use (a 1 in 2.5e10 draw): draw again, a few times at most.
      if (tries >= 3) throw e;
    }
  }
}

export interface CreateTokenInput {
  clientId?: unknown;
  clientSecret?: unknown;
  grantType?: unknown;
  deviceCode?: unknown;
  refreshToken?: unknown;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export async function createToken(deps: Deps, input: CreateTokenInput, now: number) {
  const client = await authenticateClient(deps, input.clientId, input.clientSecret, now);
  if (input.grantType === DEVICE_GRANT) return deviceGrant(deps, client.client_id, input.deviceCode, now);
  if (input.grantType === 'refresh_token') return refreshGrant(deps, client.client_id, input.refreshToken, now);
  throw OidcErrors.unsupportedGrantType(`Unsupported grant type: ${typeof input.grantType === 'string' ? input.grantType.slice(0, 100) : ''}`);
}

async function deviceGrant(deps: Deps, clientId: string, deviceCode: unknown, now: number) {
  const code = str(deviceCode, 256);
  if (!code) throw OidcErrors.invalidRequest('deviceCode is required for the device_code grant');
  const repo = deps.store.repos.ssoTokens;
  const h = secretHash(code);
  const d = await repo.getDevice(h);
  if (!d || !sameHash(h, d.device_hash) || d.client_id !== clientId || d.status === 'redeemed') throw OidcErrors.invalidGrant('Invalid device code provided');
  if (d.expires_at <= now) throw OidcErrors.expiredToken();
  if (d.status === 'denied') throw OidcErrors.accessDenied();
  if (d.status === 'pending') {
    const early = d.last_poll_at !== null && now - d.last_poll_at < d.interval_seconds * 1000 - POLL_SLACK_MS;
    await repo.polled(h, now);
    if (early) throw OidcErrors.slowDown();
    throw OidcErrors.authorizationPending();
  }
  if (!(await repo.redeem(h))) throw OidcErrors.invalidGrant('Invalid device code provided');
  return issueTokens(deps, clientId, d.user_id!, d.account_id!, now);
}

async function refreshGrant(deps: Deps, clientId: string, refreshToken: unknown, now: number) {
  const token = str(refreshToken, 512);
  if (!token) throw OidcErrors.invalidRequest('refreshToken is required for the refresh_token grant');
  const repo = deps.store.repos.ssoTokens;
  const h = secretHash(token);
  const t = await repo.getToken(h);
  if (!t || !sameHash(h, t.token_hash) || t.kind !== 'refresh' || t.client_id !== clientId || t.revoked_at !== null || t.expires_at <= now) throw OidcErrors.invalidGrant('Invalid refresh token provided');
  if (!(await deps.store.repos.ssoDirectory.getUser(t.account_id, t.user_id))) throw OidcErrors.invalidGrant('Invalid refresh token provided');
  if (!(await repo.revoke(h, now))) throw OidcErrors.invalidGrant('Invalid refresh token provided');
  return issueTokens(deps, clientId, t.user_id, t.account_id, now);
}

async function issueTokens(deps: Deps, clientId: string, userId: string, accountId: string, now: number) {
  const accessToken = newSecret('aoa');
  const refreshToken = newSecret('aor');
  const repo = deps.store.repos.ssoTokens;
  const base = { client_id: clientId, user_id: userId, account_id: accountId, created_at: now, revoked_at: null };
  await repo.insertToken({ ...base, token_hash: secretHash(accessToken), kind: 'access', expires_at: now + ACCESS_TOKEN_SECONDS * 1000 });
  await repo.insertToken({ ...base, token_hash: secretHash(refreshToken), kind: 'refresh', expires_at: now + REFRESH_TOKEN_SECONDS * 1000 });
  return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_SECONDS, refreshToken };
}

/** The pending device authorization a typed user code names (undefined: none, expired or decided). */
export async function pendingByUserCode(deps: Deps, typed: string, now: number): Promise<SsoDeviceAuthsTable | undefined> {
  const code = normalizeUserCode(typed);
  if (!code) return undefined;
  const h = secretHash(code);
  const d = await deps.store.repos.ssoTokens.deviceByUserCode(h);
  if (!d || !sameHash(h, d.user_code_hash) || d.status !== 'pending' || d.expires_at <= now) return undefined;
  return d;
}

/** The approval page's decision, by a signed-in identity-store user; false when the code was no longer pending. */
export async function decideDevice(deps: Deps, d: SsoDeviceAuthsTable, approve: boolean, userId: string, accountId: string): Promise<boolean> {
  return deps.store.repos.ssoTokens.decide(d.device_hash, approve ? 'approved' : 'denied', userId, accountId);
}
