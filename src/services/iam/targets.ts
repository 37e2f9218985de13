/**
 * The IAM entity an operation acts on, as its `prepare` reads it and its `checks` name it: the check's
 * resource is the entity's ARN with its real path ('/' when it does not exist), and its tags are the
 * check's iam:ResourceTag / aws:ResourceTag keys. Reading is `prepare`'s; building the check is pure.
 */
import { resourceTagContext } from '../../authz/context.js';
import { iamArn } from '../../core/arn.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';
import type { AuthzCheck, OperationContext } from '../operation.js';
import type { Kind } from './errors.js';
import { userTarget } from './lookups.js';
import { parseTags, type Tag } from './util.js';

/** A user, group or role by name in the caller's account; `row` is undefined when there is none. */
export interface EntityTarget {
  kind: Kind;
  accountId: string;
  name: string;
  row: IamEntitiesTable | undefined;
}

/** The account root, for the operations on "the user" that the root's own credentials designate. */
export interface RootTarget {
  kind: 'root';
  arn: string;
}

export async function loadEntity(ctx: OperationContext, kind: Kind, name: string): Promise<EntityTarget> {
  const accountId = ctx.caller.accountId;
  return { kind, accountId, name, row: await ctx.deps.store.repos.entities.get(accountId, kind, name) };
}

/** The user an optional UserName designates (lookups.ts userTarget): the named user, the caller, or the root. */
export async function loadUserTarget(ctx: OperationContext, userName: string | undefined): Promise<EntityTarget | RootTarget> {
  const t = userTarget(userName, ctx.caller);
  if (t.kind === 'root') return { kind: 'root', arn: ctx.caller.arn };
  return loadEntity(ctx, 'user', t.name);
}

/**
 * A check on a tagged resource: the resource's tags are its `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>`
 * keys (any taggable IAM resource: users, roles, policies, MFA devices, identity providers, instance profiles,
 * server certificates), with the operation's `extra` keys.
 */
export function taggedCheck(action: string, resource: string, tags: readonly Tag[] | undefined, extra: Record<string, string | string[]> = {}): AuthzCheck {
  const context = resourceTagContext(tags, extra);
  const check: AuthzCheck = { action, resource };
  if (Object.keys(context).length > 0) check.context = context;
  return check;
}

/** The check of `action` on the target, with `extra` condition keys. */
export function entityCheck(target: EntityTarget | RootTarget, action: string, extra: Record<string, string | string[]> = {}): AuthzCheck {
  if (target.kind === 'root') return { action, resource: target.arn };
  const { row } = target;
  const tags = row && target.kind !== 'group' ? parseTags(row.tags) : undefined;
  return taggedCheck(action, iamArn(target.accountId, target.kind, row?.path ?? '/', row?.name ?? target.name), tags, extra);
}
