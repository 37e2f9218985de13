/**
 * PolicySourceArn as an operation's target: a user, group or role of the API caller's account is read
 * (row undefined when it does not exist: NoSuchEntity after the permission check); one of another account
 * is checked as a cross-account resource, which IAM entities (no resource-based policy) never allow.
 */
import type { AuthzCheck, OperationContext } from '../../operation.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { principalRef } from './principal.js';

export interface SourceTarget extends EntityTarget {
  /** The source is in another account than the API caller's. */
  foreign: boolean;
}

export async function sourceTarget(ctx: OperationContext, arn: string): Promise<SourceTarget> {
  const ref = principalRef(arn);
  if (ref.accountId !== ctx.caller.accountId) return { kind: ref.kind, accountId: ref.accountId, name: ref.name, row: undefined, foreign: true };
  return { ...(await loadEntity(ctx, ref.kind, ref.name)), foreign: false };
}

export function sourceCheck(target: SourceTarget, action: string): AuthzCheck {
  const check = entityCheck(target, action);
  return target.foreign ? { ...check, resourceAccountId: target.accountId } : check;
}
