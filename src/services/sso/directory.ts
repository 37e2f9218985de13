/**
 * Identity Center's administration, the domain behind sso-admin and identitystore (and the state file):
 * identity-store users (with a password and optional MFA for the device-approval page) and groups,
 * permission sets (managed + inline policies, session duration) and account assignments. An assignment
 * provisions the permission set's role in the target account (AWSReservedSSO_..., IAM's
 * provisionReservedRole), as AWS does; ProvisionPermissionSet brings every such role up to date.
 */
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../core/errors.js';
import type { Deps } from '../../server/deps.js';
import type { SsoGroupsTable, SsoPermissionSetsTable, SsoUsersTable } from '../../store/schema-sso.js';
import { hashPassword, isUniqueViolation, managedDocument, newSeed, provisionReservedRole, validateDocument } from '../iam/api.js';
import { AdminErrors } from './errors.js';
import { durationSeconds, newPermissionSetArn, reservedRoleName, ssoProviderArn } from './names.js';

export const passwordAad = (userId: string) => `sso-user-password:${userId}`;
export const mfaAad = (userId: string) => `sso-user-mfa:${userId}`;

const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const PS_NAME = /^[\w+=,.@-]{1,32}$/;
const MAX_MANAGED = 20;
const MAX_INLINE = 32768;

export interface NewUser {
  userName: string;
  displayName: string;
  email?: string | undefined;
  password?: string | undefined;
  /** A TOTP seed (base32) to enrol, or true for a fresh one. */
  mfaSeed?: string | true | undefined;
}

/** Creates an identity-store user; returns it and the MFA seed when one was enrolled. */
export async function createUser(deps: Deps, accountId: string, u: NewUser, now: number): Promise<{ user: SsoUsersTable; mfaSeed?: string }> {
  if (!USER_NAME.test(u.userName)) throw AdminErrors.validation('UserName must be 1 to 128 printable characters without spaces');
  if (!u.displayName || u.displayName.length > 1024) throw AdminErrors.validation('DisplayName must be 1 to 1024 characters');
  if (u.password !== undefined && (u.password.length < 8 || u.password.length > 128)) throw AdminErrors.validation('The password must be 8 to 128 characters');
  const id = randomUUID();
  const seed = u.mfaSeed === true ? newSeed() : u.mfaSeed;
  if (seed !== undefined && !/^[A-Z2-7]{16,128}=*$/.test(seed)) throw AdminErrors.validation('The MFA seed must be base32');
  const row: SsoUsersTable = {
    id,
    account_id: accountId,
    user_name: u.userName,
    user_name_lc: u.userName.toLowerCase(),
    display_name: u.displayName,
    email: u.email ?? null,
    password_cipher: u.password !== undefined ? deps.keyring.encrypt(await hashPassword(u.password), passwordAad(id)) : null,
    mfa_seed_cipher: seed !== undefined ? deps.keyring.encrypt(seed, mfaAad(id)) : null,
    mfa_last_step: null,
    created_at: now,
  };
  try {
    await deps.store.repos.ssoDirectory.insertUser(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw AdminErrors.conflict(`Duplicate UserName: ${u.userName}`);
    throw e;
  }
  return seed !== undefined ? { user: row, mfaSeed: seed } : { user: row };
}

export async function createGroup(deps: Deps, accountId: string, g: { displayName: string; description?: string | undefined }, now: number): Promise<SsoGroupsTable> {
  if (!g.displayName || g.displayName.length > 1024) throw AdminErrors.validation('DisplayName must be 1 to 1024 characters');
  const row: SsoGroupsTable = { id: randomUUID(), account_id: accountId, display_name: g.displayName, display_name_lc: g.displayName.toLowerCase(), description: g.description ?? null, created_at: now };
  try {
    await deps.store.repos.ssoDirectory.insertGroup(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw AdminErrors.conflict(`Duplicate GroupDisplayName: ${g.displayName}`);
    throw e;
  }
  return row;
}

export async function createMembership(deps: Deps, accountId: string, groupId: string, userId: string, now: number): Promise<string> {
  const dir = deps.store.repos.ssoDirectory;
  if (!(await dir.getGroup(accountId, groupId))) throw AdminErrors.notFound(`GROUP not found: ${groupId}`);
  if (!(await dir.getUser(accountId, userId))) throw AdminErrors.notFound(`USER not found: ${userId}`);
  const id = randomUUID();
  try {
    await dir.insertMembership({ membership_id: id, account_id: accountId, group_id: groupId, user_id: userId, created_at: now });
  } catch (e) {
    if (isUniqueViolation(e)) throw AdminErrors.conflict('Member already exists in the group');
    throw e;
  }
  return id;
}

export async function createPermissionSet(
  deps: Deps,
  accountId: string,
  p: { name: string; description?: string | undefined; sessionDuration?: string | undefined; relayState?: string | undefined },
  now: number,
): Promise<SsoPermissionSetsTable> {
  if (!PS_NAME.test(p.name)) throw AdminErrors.validation('Name must be 1 to 32 characters of [\\w+=,.@-]');
  const duration = p.sessionDuration ?? 'PT1H';
  const seconds = durationSeconds(duration);
  if (seconds === undefined || seconds < 3600 || seconds > 43200) throw AdminErrors.validation('SessionDuration must be an ISO-8601 duration from PT1H to PT12H');
  const row: SsoPermissionSetsTable = {
    arn: newPermissionSetArn(accountId),
    account_id: accountId,
    name: p.name,
    name_lc: p.name.toLowerCase(),
    description: p.description ?? null,
    session_duration: duration,
    relay_state: p.relayState ?? null,
    managed_policies: '[]',
    inline_policy: null,
    created_at: now,
  };
  try {
    await deps.store.repos.ssoDirectory.insertPermissionSet(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw AdminErrors.conflict(`PermissionSet with name ${p.name} already exists.`);
    throw e;
  }
  return row;
}

export async function requirePermissionSet(deps: Deps, accountId: string, arn: string): Promise<SsoPermissionSetsTable> {
  const ps = await deps.store.repos.ssoDirectory.getPermissionSet(accountId, arn);
  if (!ps) throw AdminErrors.notFound(`Could not find PermissionSet with arn ${arn}`);
  return ps;
}

export const managedOf = (ps: SsoPermissionSetsTable): string[] => JSON.parse(ps.managed_policies) as string[];

export async function attachManagedPolicy(deps: Deps, accountId: string, arn: string, policyArn: string): Promise<void> {
  const ps = await requirePermissionSet(deps, accountId, arn);
  if ((await managedDocument(deps, policyArn)) === undefined) throw AdminErrors.notFound(`Policy ${policyArn} does not exist`);
  const managed = managedOf(ps);
  if (managed.includes(policyArn)) throw AdminErrors.conflict(`Policy ${policyArn} is already attached to the PermissionSet`);
  if (managed.length >= MAX_MANAGED) throw AdminErrors.quota(`A PermissionSet may have at most ${MAX_MANAGED} managed policies`);
  await deps.store.repos.ssoDirectory.updatePermissionSet(arn, { managed_policies: JSON.stringify([...managed, policyArn]) });
}

export async function putInlinePolicy(deps: Deps, accountId: string, arn: string, document: string): Promise<void> {
  await requirePermissionSet(deps, accountId, arn);
  if (document.length > MAX_INLINE) throw AdminErrors.validation(`InlinePolicy must be at most ${MAX_INLINE} characters`);
  try {
    validateDocument(document, 'identity');
  } catch (e) {
    if (e instanceof ServiceError) throw AdminErrors.validation(`The inline policy is not valid: ${e.message}`);
    throw e;
  }
  await deps.store.repos.ssoDirectory.updatePermissionSet(arn, { inline_policy: document });
}

/** The role of a permission set in an account, created or brought up to date. */
export async function provisionRole(deps: Deps, ps: SsoPermissionSetsTable, targetAccountId: string, now: number) {
  return provisionReservedRole(deps, {
    accountId: targetAccountId,
    roleName: reservedRoleName(ps.name, ps.arn, targetAccountId),
    providerArn: ssoProviderArn(ps.account_id, targetAccountId),
    description: ps.description ?? `Permission set ${ps.name} of IAM Identity Center`,
    maxSessionDuration: durationSeconds(ps.session_duration) ?? 3600,
    managedPolicyArns: managedOf(ps),
    inlinePolicy: ps.inline_policy,
    now,
  });
}

export interface AssignmentKey {
  permissionSetArn: string;
  targetAccountId: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

export async function createAssignment(deps: Deps, accountId: string, a: AssignmentKey, now: number): Promise<void> {
  const ps = await requirePermissionSet(deps, accountId, a.permissionSetArn);
  if (!(await deps.store.repos.accounts.get(a.targetAccountId))) throw AdminErrors.validation(`TargetId ${a.targetAccountId} is not an account of this server`);
  const dir = deps.store.repos.ssoDirectory;
  const principal = a.principalType === 'USER' ? await dir.getUser(accountId, a.principalId) : await dir.getGroup(accountId, a.principalId);
  if (!principal) throw AdminErrors.notFound(`${a.principalType} not found: ${a.principalId}`);
  await provisionRole(deps, ps, a.targetAccountId, now);
  await dir.insertAssignment({
    account_id: accountId,
    permission_set_arn: a.permissionSetArn,
    target_account_id: a.targetAccountId,
    principal_type: a.principalType,
    principal_id: a.principalId,
    created_at: now,
  });
}

export async function deleteAssignment(deps: Deps, accountId: string, a: AssignmentKey): Promise<void> {
  await requirePermissionSet(deps, accountId, a.permissionSetArn);
  const gone = await deps.store.repos.ssoDirectory.deleteAssignment({
    permission_set_arn: a.permissionSetArn,
    target_account_id: a.targetAccountId,
    principal_type: a.principalType,
    principal_id: a.principalId,
  });
  if (!gone) throw AdminErrors.notFound('Could not find the account assignment');
}

/** ProvisionPermissionSet: every account the permission set is assigned in (or just `target`) gets the current policies. */
export async function provisionPermissionSet(deps: Deps, accountId: string, arn: string, target: string | undefined, now: number): Promise<string[]> {
  const ps = await requirePermissionSet(deps, accountId, arn);
  const targets = new Set<string>();
  if (target) targets.add(target);
  else for (const acct of await deps.store.repos.accounts.list()) if ((await deps.store.repos.ssoDirectory.assignmentsOf(arn, acct.id)).length > 0) targets.add(acct.id);
  for (const t of targets) await provisionRole(deps, ps, t, now);
  return [...targets];
}

/**
 * `tessera admin sso-user-password`: sets an identity-store user's password (AWS's API has none: its
 * console sends a one-time password), and with `enrolMfa` a fresh TOTP seed, returned once.
 */
export async function setUserPassword(
  core: Pick<Deps, 'store' | 'keyring'>,
  accountId: string,
  userName: string,
  password: string,
  enrolMfa: boolean,
): Promise<{ userId: string; mfaSeed?: string }> {
  const user = await core.store.repos.ssoDirectory.userByName(accountId, userName);
  if (!user) throw AdminErrors.notFound(`USER not found: ${userName}`);
  if (password.length < 8 || password.length > 128) throw AdminErrors.validation('The password must be 8 to 128 characters');
  const patch: { password_cipher: string; mfa_seed_cipher?: string } = { password_cipher: core.keyring.encrypt(await hashPassword(password), passwordAad(user.id)) };
  const seed = enrolMfa ? newSeed() : undefined;
  if (seed) patch.mfa_seed_cipher = core.keyring.encrypt(seed, mfaAad(user.id));
  await core.store.repos.ssoDirectory.updateUser(user.id, patch);
  return seed ? { userId: user.id, mfaSeed: seed } : { userId: user.id };
}
