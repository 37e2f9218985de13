/**
 * The simulator's principals: PolicySourceArn's stored policies (its inline and attached policies, a user's
 * groups' too, and its permissions boundary, as the authorizer applies them) and the simulated caller's
 * identity (its condition keys and the engine's principal).
 */
import { parseArn } from '../../../core/arn.js';
import { parsePolicy, type PolicyKind, type RequestPrincipal } from '../../../policy/index.js';
import { ServiceError } from '../../../core/errors.js';
import type { Deps } from '../../../server/deps.js';
import type { IamEntitiesTable } from '../../../store/schema-iam.js';
import { invalidInput, type Kind } from '../errors.js';
import { isAwsManagedArn } from '../managed/index.js';
import { managedDocument } from '../lookups.js';
import { rowArn } from '../util.js';
import type { SimCaller, SimPolicy, SourcePolicyType } from './input.js';

/** A principal's stored policies. */
export interface StoredPrincipal {
  kind: Kind;
  arn: string;
  identity: SimPolicy[];
  boundary: SimPolicy | undefined;
}

/** user / group / role ARN → kind, name and account; InvalidInput for anything else. */
export function principalRef(arn: string): { kind: Kind; name: string; accountId: string } {
  const p = parseArn(arn);
  const m = p && p.service === 'iam' && /^\d{12}$/.test(p.account) ? /^(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(p.resource) : null;
  if (!p || !m) throw invalidInput(`Invalid ARN: ${arn}. The ARN must be of an IAM user, group or role.`);
  return { kind: m[1] as Kind, name: m[2]!, accountId: p.account };
}

/** AWS's PolicyEvaluation error: a stored policy the simulator cannot evaluate. */
const policyEvaluation = (id: string, message: string) =>
  new ServiceError('PolicyEvaluation', `The policy ${id} could not be evaluated: ${message}`, 500);

function compileStored(id: string, type: SourcePolicyType, text: string, kind: PolicyKind): SimPolicy {
  try {
    return { id, type, text, policy: parsePolicy(text, kind) };
  } catch (e) {
    throw policyEvaluation(id, (e as Error).message);
  }
}

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const managedType = (arn: string): SourcePolicyType => (isAwsManagedArn(arn) ? 'aws-managed' : 'user-managed');

async function storedPolicies(deps: Deps, row: IamEntitiesTable, type: SourcePolicyType, out: SimPolicy[]) {
  const policies = deps.store.repos.policies;
  for (const p of await policies.inlineOf(row.id)) out.push(compileStored(p.name, type, p.document, 'identity'));
  for (const a of await policies.attachmentsOf(row.id)) {
    const text = await managedDocument(deps, a.policy_arn);
    if (text !== undefined) out.push(compileStored(nameOf(a.policy_arn), managedType(a.policy_arn), text, 'identity'));
  }
}

/** The stored principal's policies; `row` was read by the operation's prepare. */
export async function loadPrincipal(deps: Deps, kind: Kind, row: IamEntitiesTable): Promise<StoredPrincipal> {
  const identity: SimPolicy[] = [];
  await storedPolicies(deps, row, kind, identity);
  if (kind === 'user') for (const g of await deps.store.repos.entities.groupsOfUser(row.id)) await storedPolicies(deps, g, 'group', identity);
  let boundary: SimPolicy | undefined;
  if (row.boundary_arn) {
    const text = (await managedDocument(deps, row.boundary_arn)) ?? '{"Version":"2012-10-17","Statement":[]}';
    boundary = compileStored(nameOf(row.boundary_arn), managedType(row.boundary_arn), text, 'boundary');
  }
  return { kind, arn: rowArn(row), identity, boundary };
}

/** The simulated caller's identity keys (ContextEntries may override them) and the engine's principal. */
export function callerIdentity(
  caller: SimCaller | undefined,
  accountId: string,
  userId: string | undefined,
  role?: string,
): { context: Record<string, string>; principal: RequestPrincipal } {
  if (!caller) {
    const principal: RequestPrincipal = role
      ? { type: 'assumed-role', arn: role, accountId, roleArn: role }
      : { type: 'user', arn: `arn:aws:iam::${accountId}:user/`, accountId };
    return { context: {}, principal };
  }
  const context: Record<string, string> = {
    'aws:PrincipalArn': caller.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': 'User',
    'aws:username': caller.userName,
  };
  if (userId) context['aws:userid'] = userId;
  return { context, principal: { type: 'user', arn: caller.arn, accountId: caller.accountId } };
}
