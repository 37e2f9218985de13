/**
 * Reads the operations share: an entity by name (NoSuchEntity otherwise), the resource an authorization
 * check names (its ARN with the entity's real path, and its tags as iam:ResourceTag / aws:ResourceTag),
 * the user an optional UserName designates, managed policies by ARN (customer or AWS managed).
 */
import type { Caller } from '../../auth/caller.js';
import { parseArn } from '../../core/arn.js';
import { Errors } from '../../core/errors.js';
import type { AuthzCheck } from '../operation.js';
import type { Deps } from '../../server/deps.js';
import type { IamEntitiesTable, IamPoliciesTable } from '../../store/schema-iam.js';
import { IamErrors, type Kind } from './errors.js';
import { awsManagedPolicy, isAwsManagedArn, type AwsManagedPolicy } from './managed/index.js';

export async function requireEntity(deps: Deps, accountId: string, kind: Kind, name: string): Promise<IamEntitiesTable> {
  const row = await deps.store.repos.entities.get(accountId, kind, name);
  if (!row) throw IamErrors.noSuch(kind, name);
  return row;
}

/** The account-wide resource ARN for actions AWS lists without a resource type. */
export const star = (action: string, context?: Record<string, string | string[]>): AuthzCheck =>
  context && Object.keys(context).length > 0 ? { action, resource: '*', context } : { action, resource: '*' };

export type UserTarget = { kind: 'user'; name: string } | { kind: 'root' };

/**
 * The user an optional UserName designates: the named user, else the calling IAM user, else the account root
 * (access keys, MFA) — other callers must name a user, as on AWS.
 */
export function userTarget(userName: string | undefined, caller: Caller): UserTarget {
  if (userName) return { kind: 'user', name: userName };
  if (caller.type === 'user' && caller.userName) return { kind: 'user', name: caller.userName };
  if (caller.type === 'root') return { kind: 'root' };
  throw Errors.validation('Must specify userName when calling with non-User credentials');
}

export interface ManagedPolicyInfo {
  arn: string;
  name: string;
  awsManaged: boolean;
  row?: IamPoliciesTable;
  aws?: AwsManagedPolicy;
}

/** A managed policy by ARN in the caller's account or AWS's; undefined when there is none. */
export async function findManagedPolicy(deps: Deps, accountId: string, arn: string): Promise<ManagedPolicyInfo | undefined> {
  if (isAwsManagedArn(arn)) {
    const aws = awsManagedPolicy(arn);
    return aws ? { arn, name: aws.name, awsManaged: true, aws } : undefined;
  }
  const p = parseArn(arn);
  if (!p || p.account !== accountId) return undefined;
  const row = await deps.store.repos.policies.get(arn);
  return row ? { arn, name: row.name, awsManaged: false, row } : undefined;
}

/** The default version's document of a managed policy (AWS or customer). */
export async function managedDocument(deps: Deps, arn: string): Promise<string | undefined> {
  if (isAwsManagedArn(arn)) return awsManagedPolicy(arn)?.document;
  return deps.store.repos.policies.defaultDocument(arn);
}

export function requirePolicyArn(arn: string) {
  const p = parseArn(arn);
  if (!p || p.service !== 'iam' || !p.resource.startsWith('policy/')) throw IamErrors.invalidArn(arn);
  return p;
}

/** Topics: `iam:ACCOUNT` drops cached compiled policies; `user:ID` drops cached credentials of that user. */
export const iamTopic = (accountId: string) => `iam:${accountId}`;
export const userTopic = (userId: string) => `user:${userId}`;

export async function publish(deps: Deps, ...topics: string[]) {
  for (const t of topics) await deps.store.publish(t);
}
