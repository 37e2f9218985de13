/**
 * The Identity Center portal (sso): what a bearer access token from CreateToken may see and get. The
 * accounts and roles are the user's assignments (its own and its groups'); a role is named by its
 * permission set's name, as on AWS. GetRoleCredentials issues real temporary credentials for the
 * provisioned AWSReservedSSO_ role through STS's session sealing: the caller is
 * arn:aws:sts::ACCOUNT:assumed-role/AWSReservedSSO_<ps>_<hex>/<user name> for every policy, log and the
 * simulator.
 */
import type { SessionInfo } from '../../auth/caller.js';
import { assumedRoleArn } from '../../core/arn.js';
import type { Deps } from '../../server/deps.js';
import type { SsoPermissionSetsTable, SsoUsersTable } from '../../store/schema-sso.js';
import { getRole } from '../iam/api.js';
import { sealSession } from '../sts/api.js';
import { provisionRole } from './directory.js';
import { PortalErrors } from './errors.js';
import { durationSeconds, reservedRoleName, sameHash, secretHash } from './names.js';

const PAGE_MAX = 100;

/** The user an access token stands for; UnauthorizedException when it is unknown, revoked or expired. */
export async function userOfToken(deps: Deps, token: unknown, now: number): Promise<{ user: SsoUsersTable; tokenHash: string }> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 512) throw PortalErrors.unauthorized();
  const h = secretHash(token);
  const t = await deps.store.repos.ssoTokens.getToken(h);
  if (!t || !sameHash(h, t.token_hash) || t.kind !== 'access' || t.revoked_at !== null || t.expires_at <= now) throw PortalErrors.unauthorized();
  const user = await deps.store.repos.ssoDirectory.getUser(t.account_id, t.user_id);
  if (!user) throw PortalErrors.unauthorized();
  return { user, tokenHash: h };
}

/** Every (account, permission set) the user is assigned, directly or through its groups. */
async function entitlements(deps: Deps, user: SsoUsersTable): Promise<Array<{ accountId: string; ps: SsoPermissionSetsTable }>> {
  const dir = deps.store.repos.ssoDirectory;
  const ids = [user.id, ...(await dir.groupIdsOfUser(user.id))];
  const out = new Map<string, { accountId: string; ps: SsoPermissionSetsTable }>();
  for (const a of await dir.assignmentsFor(ids)) {
    if (a.account_id !== user.account_id) continue;
    const ps = await dir.getPermissionSet(user.account_id, a.permission_set_arn);
    if (ps) out.set(`${a.target_account_id}|${ps.arn}`, { accountId: a.target_account_id, ps });
  }
  return [...out.values()];
}

function page<T>(items: T[], nextToken: unknown, maxResults: unknown): { items: T[]; nextToken?: string } {
  const start = typeof nextToken === 'string' && /^\d{1,6}$/.test(nextToken) ? Number(nextToken) : nextToken === undefined ? 0 : NaN;
  if (!Number.isSafeInteger(start)) throw PortalErrors.invalidRequest('Invalid nextToken');
  const max = maxResults === undefined ? PAGE_MAX : Number(maxResults);
  if (!Number.isInteger(max) || max < 1 || max > PAGE_MAX) throw PortalErrors.invalidRequest(`maxResults must be 1 to ${PAGE_MAX}`);
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, nextToken: String(start + max) } : { items: slice };
}

export async function listAccounts(deps: Deps, input: { accessToken?: unknown; nextToken?: unknown; maxResults?: unknown }, now: number) {
  const { user } = await userOfToken(deps, input.accessToken, now);
  const ids = [...new Set((await entitlements(deps, user)).map((e) => e.accountId))].sort();
  const accounts = [];
  for (const id of ids) {
    const a = await deps.store.repos.accounts.get(id);
    accounts.push({ accountId: id, accountName: a?.name ?? id });
  }
  const p = page(accounts, input.nextToken, input.maxResults);
  return { accountList: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
}

export async function listAccountRoles(deps: Deps, input: { accessToken?: unknown; accountId?: unknown; nextToken?: unknown; maxResults?: unknown }, now: number) {
  const { user } = await userOfToken(deps, input.accessToken, now);
  if (typeof input.accountId !== 'string') throw PortalErrors.invalidRequest('accountId is required');
  const roles = (await entitlements(deps, user))
    .filter((e) => e.accountId === input.accountId)
    .map((e) => ({ roleName: e.ps.name, accountId: e.accountId }))
    .sort((a, b) => a.roleName.localeCompare(b.roleName));
  const p = page(roles, input.nextToken, input.maxResults);
  return { roleList: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
}

export async function getRoleCredentials(deps: Deps, input: { accessToken?: unknown; accountId?: unknown; roleName?: unknown }, now: number) {
  const { user } = await userOfToken(deps, input.accessToken, now);
  if (typeof input.accountId !== 'string' || typeof input.roleName !== 'string') throw PortalErrors.invalidRequest('accountId and roleName are required');
  const match = (await entitlements(deps, user)).find((e) => e.accountId === input.accountId && e.ps.name === input.roleName);
  if (!match) throw PortalErrors.forbidden('No access');
  const name = reservedRoleName(match.ps.name, match.ps.arn, match.accountId);
  let role = await getRole(deps, match.accountId, name);
  if (!role) {
    // Deleted behind Identity Center's back (or never provisioned): provision it again, as AWS would on the next assignment.
    await provisionRole(deps, match.ps, match.accountId, now);
    role = await getRole(deps, match.accountId, name);
    if (!role) throw PortalErrors.notFound('The role of this permission set is not provisioned');
  }
  const seconds = durationSeconds(match.ps.session_duration) ?? 3600;
  const sessionName = user.user_name;
  const expiresAt = Math.ceil((now + seconds * 1000) / 1000) * 1000;
  const session: SessionInfo = { issuedBy: 'GetRoleCredentials', issuedAt: now, expiresAt, chainDepth: 0 };
  const arn = assumedRoleArn(role.accountId, role.name, sessionName);
  const creds = sealSession(
    deps.keyring,
    { type: 'assumed-role', accountId: role.accountId, arn, userId: `${role.id}:${sessionName}`, roleArn: role.arn, roleName: role.name, roleId: role.id, sessionName },
    session,
  );
  deps.usage?.noteRole(role.id, now, deps.config.region);
  return { roleCredentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken, expiration: creds.Expiration } };
}

export async function logout(deps: Deps, input: { accessToken?: unknown }, now: number) {
  const { tokenHash } = await userOfToken(deps, input.accessToken, now);
  await deps.store.repos.ssoTokens.revoke(tokenHash, now);
  return {};
}
