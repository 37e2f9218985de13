/**
 * What the administration operations (sso-admin, identitystore) share: the caller's own instance and
 * identity store (one per account here: other ARNs and ids are not found), the resources their checks name,
 * and the shapes they answer with.
 */
import type { AuthzCheck } from '../../operation.js';
import type { SsoPermissionSetsTable, SsoUsersTable } from '../../../store/schema-sso.js';
import { AdminErrors } from '../errors.js';
import { identityStoreId, instanceArn } from '../names.js';

export function requireInstance(accountId: string, arn: string): void {
  if (arn !== instanceArn(accountId)) throw AdminErrors.notFound(`Instance ${arn} does not exist`);
}

export function requireStore(accountId: string, id: string): void {
  if (id !== identityStoreId(accountId)) throw AdminErrors.notFound(`IdentityStore ${id} does not exist`);
}

export const identityStoreArn = (accountId: string) => `arn:aws:identitystore::${accountId}:identitystore/${identityStoreId(accountId)}`;

/** sso:<action> on the instance (and a permission set / account, when the action names one, as AWS's reference lists them). */
export const ssoCheck = (action: string, instance: string, ...more: string[]): AuthzCheck[] => [instance, ...more].map((resource) => ({ action: `sso:${action}`, resource }));

export const identityStoreCheck = (action: string, accountId: string): AuthzCheck[] => [{ action: `identitystore:${action}`, resource: identityStoreArn(accountId) }];

export const permissionSetOut = (ps: SsoPermissionSetsTable) => ({
  Name: ps.name,
  PermissionSetArn: ps.arn,
  ...(ps.description !== null ? { Description: ps.description } : {}),
  CreatedDate: ps.created_at,
  SessionDuration: ps.session_duration,
  ...(ps.relay_state !== null ? { RelayState: ps.relay_state } : {}),
});

export const userOut = (u: SsoUsersTable, storeId: string) => ({
  IdentityStoreId: storeId,
  UserId: u.id,
  UserName: u.user_name,
  DisplayName: u.display_name,
  ...(u.email ? { Emails: [{ Value: u.email, Type: 'work', Primary: true }] } : {}),
});

/** A page of `items` from the offset a NextToken carries. */
export function pageAt<T>(items: T[], nextToken: string | undefined, max: number | undefined, cap = 100): { page: T[]; NextToken?: string } {
  const start = nextToken === undefined ? 0 : /^\d{1,7}$/.test(nextToken) ? Number(nextToken) : NaN;
  if (!Number.isSafeInteger(start)) throw AdminErrors.validation('Invalid NextToken');
  const n = Math.min(max ?? cap, cap);
  return start + n < items.length ? { page: items.slice(start, start + n), NextToken: String(start + n) } : { page: items.slice(start, start + n) };
}
