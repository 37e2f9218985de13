/**
 * PolicySourceArn as an operation's target: a user, group or role of the API caller's account is read
 * (row undefined when it does not exist, or has another path: NoSuchEntity after the permission check); one of
 * another account is checked as a cross-account resource, which IAM entities (no resource-based policy) never allow.
 */
import type { AuthzCheck, OperationContext } from '../../operation.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { rowArn } from '../util.js';
import { principalRef } from './principal.js';

export interface SourceTarget extends EntityTarget {
  /** The source is in another account than the API caller's. */
  foreign: boolean;
}

export async function sourceTarget(ctx: OperationContext, arn: string): Promise<SourceTarget> {
  const ref = principalRef(arn);
  if (ref.accountId !== ctx.caller.accountId) return { kind: ref.kind, accountId: ref.accountId, name: ref.name, row: undefined, foreign: true };
  const target = await loadEntity(ctx, ref.kind, ref.name);
  // The ARN names the entity with its path: one with another path names no entity.
  if (target.row && rowArn(target.row) !== arn) target.row = undefined;
  return { ...target, foreign: false };
}

export function sourceCheck(target: SourceTarget, action: string): AuthzCheck {
  const check = entityCheck(target, action);
  return target.foreign ? { ...check, resourceAccountId: target.accountId } : check;
}
