/** Access keys of IAM users and of the account root, in the access_keys table the credential cache reads. */
import type { AccessKeysTable } from '../../store/schema.js';
import type { OperationContext } from '../operation.js';
import { IamErrors } from './errors.js';
import { requireEntity, userTarget, type UserTarget } from './lookups.js';

export const ACCESS_KEYS_PER_USER = 2;

export interface KeyOwner {
  target: UserTarget;
  userId: string | null;
  userName: string | null;
}

export async function keyOwner(ctx: OperationContext, userName: string | undefined): Promise<KeyOwner> {
  const target = userTarget(userName, ctx.caller);
  if (target.kind === 'root') return { target, userId: null, userName: null };
  const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', target.name);
  return { target, userId: u.id, userName: u.name };
}

export function keysOf(ctx: OperationContext, owner: KeyOwner): Promise<AccessKeysTable[]> {
  return ctx.deps.store.repos.accessKeys.listOwned(ctx.caller.accountId, owner.userId);
}

/** The owner's key with this id; NoSuchEntity when the key is not theirs. */
export async function ownedKey(ctx: OperationContext, owner: KeyOwner, accessKeyId: string): Promise<AccessKeysTable> {
  const row = await ctx.deps.store.repos.accessKeys.get(accessKeyId);
  const mine =
    row &&
    row.account_id === ctx.caller.accountId &&
    (owner.userId ? row.user_id === owner.userId : row.principal_type === 'root');
  if (!mine) throw IamErrors.noSuchAccessKey(accessKeyId);
  return row;
}

export const keyMetadata = (k: AccessKeysTable) => ({
  ...(k.user_name ? { UserName: k.user_name } : {}),
  AccessKeyId: k.access_key_id,
  Status: k.status,
  CreateDate: k.created_at,
});
