/**
 * Instance profiles: a named container of at most one role (AWS's quota InstanceSessionsPerInstanceProfile
 * is 1 and cannot be raised). The profile an operation names is read by `prepare` (loadProfile); its check
 * names the profile's ARN with its real path and its tags as aws:ResourceTag keys.
 */
import { iamArn } from '../../core/arn.js';
import type { IamInstanceProfilesTable } from '../../store/schema-iam-more.js';
import type { AuthzCheck, OperationContext } from '../operation.js';
import { alreadyExists, noSuchEntity } from './errors.js';
import { roleOut } from './model.js';
import { taggedCheck } from './targets.js';
import { parseTags } from './util.js';

export interface ProfileTarget {
  accountId: string;
  name: string;
  row: IamInstanceProfilesTable | undefined;
}

export const ProfileErrors = {
  noSuch: (name: string) => noSuchEntity(`Instance Profile ${name} cannot be found.`),
  exists: (name: string) => alreadyExists(`Instance Profile ${name} already exists.`),
};

export const profileArn = (accountId: string, path: string, name: string) => iamArn(accountId, 'instance-profile', path, name);

export async function loadProfile(ctx: OperationContext, name: string): Promise<ProfileTarget> {
  const accountId = ctx.caller.accountId;
  return { accountId, name, row: await ctx.deps.store.repos.instanceProfiles.get(accountId, name) };
}

export const profileCheck = (t: ProfileTarget, action: string, extra: Record<string, string | string[]> = {}): AuthzCheck =>
  taggedCheck(action, profileArn(t.accountId, t.row?.path ?? '/', t.row?.name ?? t.name), t.row ? parseTags(t.row.tags) : undefined, extra);

/** The profile prepare read; NoSuchEntity when there is none. */
export function requireProfile(t: ProfileTarget): IamInstanceProfilesTable {
  if (!t.row) throw ProfileErrors.noSuch(t.name);
  return t.row;
}

/** The model's InstanceProfile: its role (as ListRoles shows roles) and, with `withTags`, its tags. */
export async function profileOut(ctx: OperationContext, p: IamInstanceProfilesTable, withTags = true) {
  const role = p.role_id ? await ctx.deps.store.repos.entities.getById(p.role_id) : undefined;
  const tags = parseTags(p.tags);
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: profileArn(p.account_id, p.path, p.name),
    CreateDate: p.created_at,
    Roles: role ? [roleOut(role, false)] : [],
    ...(withTags && tags.length > 0 ? { Tags: tags } : {}),
  };
}
