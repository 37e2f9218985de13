import type { SessionInfo } from '../../../auth/caller.js';
import { assumedRoleArn, parseArn } from '../../../core/arn.js';
import { resourceTagContext } from '../../../authz/context.js';
import { Errors } from '../../../core/errors.js';
import { defineOperation, type AuthzCheck, type OperationContext } from '../../operation.js';
import { StsErrors } from '../errors.js';
import type { RoleInfo } from '../iam.js';
import { checkMfa, issue, expiryAt } from '../issue.js';
import type { IssuedCredentials } from '../session.js';
import { resolveSessionRequest, type ResolvedSessionRequest, type SessionRequest } from '../sessionRequest.js';
import { stsIam } from '../state.js';

interface Input extends SessionRequest {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

interface Output {
  Credentials: IssuedCredentials;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

const DEFAULT_SECONDS = 3_600;
const CHAINED_MAX_SECONDS = 3_600;

/** A trust policy that trusts no one: the role does not exist (AWS answers AccessDenied, not NoSuchEntity). */
const TRUSTS_NO_ONE = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"no-such-role.tessera.invalid"},"Action":"sts:AssumeRole"}]}';

/** What prepare read and verified: the role (undefined: none), the validated session request, the MFA check. */
interface Prepared {
  role: RoleInfo | undefined;
  roleAccount: string;
  request: ResolvedSessionRequest;
  mfaAuthTime: number | undefined;
}

function roleAccountOf(arn: string): string {
  const p = parseArn(arn);
  if (!p || p.service !== 'iam' || !p.resource.startsWith('role/') || !/^\d{12}$/.test(p.account)) {
    throw Errors.validation(`${arn} is invalid`);
  }
  return p.account;
}

/**
 * sts:AssumeRole. One check of kind 'trust': the policy engine evaluates the role's trust policy together
 * with the caller's identity side exactly as AWS does — within one account a trust policy naming the
 * caller directly suffices and one naming the account needs the caller's identity policies to allow
 * sts:AssumeRole; across accounts both must allow. (A separate identity-only check would refuse the
 * same-account direct case AWS allows.) The trust conditions see the request's keys: sts:RoleSessionName,
 * sts:ExternalId, sts:SourceIdentity, aws:RequestTag/*, aws:TagKeys, sts:TransitiveTagKeys, and MFA when
 * SerialNumber + TokenCode were verified (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge).
 * The MFA code is verified (and spent) in prepare: it is authentication, and its outcome is a condition key
 * of the trust check.
 */
export default defineOperation<Input, Output, Prepared>({
  service: 'sts',
  name: 'AssumeRole',
  prepare: async (input, ctx) => {
    if (ctx.caller.type === 'root') throw StsErrors.rootCannotAssumeRole();
    const roleAccount = roleAccountOf(input.RoleArn);
    const request = resolveSessionRequest(input, ctx.caller);
    const role = await stsIam(ctx.deps).findRole(input.RoleArn);
    const mfaAuthTime = await checkMfa(input, ctx);
    return { role, roleAccount, request, mfaAuthTime };
  },
  checks: (input, _ctx, { role, roleAccount, request, mfaAuthTime }) => {
    const context: Record<string, string | string[]> = { ...request.context, 'sts:RoleSessionName': input.RoleSessionName };
    if (input.ExternalId !== undefined) context['sts:ExternalId'] = input.ExternalId;
    if (input.SourceIdentity !== undefined) context['sts:SourceIdentity'] = input.SourceIdentity;
    if (mfaAuthTime !== undefined) {
      context['aws:MultiFactorAuthPresent'] = 'true';
      context['aws:MultiFactorAuthAge'] = '0';
    }
    const withRoleTags = resourceTagContext(role?.tags, context);
    const trustCheck = (action: string): AuthzCheck => ({
      action,
      resource: role?.arn ?? input.RoleArn,
      context: withRoleTags,
      kind: 'trust',
      resourcePolicy: { document: role?.trustPolicy ?? TRUSTS_NO_ONE, id: role?.arn ?? input.RoleArn },
      resourceAccountId: role?.accountId ?? roleAccount,
    });
    // Passing session tags also needs sts:TagSession, setting a source identity sts:SetSourceIdentity
    // (trust policy and caller alike), as on AWS.
    const checks = [trustCheck('sts:AssumeRole')];
    if (input.Tags?.length || input.TransitiveTagKeys?.length) checks.push(trustCheck('sts:TagSession'));
    if (input.SourceIdentity !== undefined) checks.push(trustCheck('sts:SetSourceIdentity'));
    return checks;
  },
  handle: (input, ctx, prepared) => assumeRole(input, ctx, prepared),
});

async function assumeRole(input: Input, ctx: OperationContext, p: Prepared): Promise<Output> {
  if (!p.role) throw Errors.accessDenied();
  const { role, request } = p;
  const { caller } = ctx;
  const chained = caller.type === 'assumed-role';
  if (chained && input.DurationSeconds !== undefined && input.DurationSeconds > CHAINED_MAX_SECONDS) throw StsErrors.chainedDuration();
  if (input.DurationSeconds !== undefined && input.DurationSeconds > role.maxSessionDuration) throw StsErrors.durationExceedsRoleMax();
  const seconds = input.DurationSeconds ?? DEFAULT_SECONDS;

  const inheritedSource = caller.session?.sourceIdentity;
  if (inheritedSource !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== inheritedSource) {
    throw Errors.accessDenied('The source identity of the calling session cannot be changed.');
  }
  const sourceIdentity = inheritedSource ?? input.SourceIdentity;
  const mfaAuthTime = p.mfaAuthTime ?? caller.session?.mfaAuthTime;

  const issuedAt = ctx.now;
  const session: SessionInfo = {
    issuedBy: 'AssumeRole',
    issuedAt,
    expiresAt: expiryAt(issuedAt, seconds),
    sourceArn: caller.arn,
    chainDepth: chained ? (caller.session?.chainDepth ?? 0) + 1 : 0,
  };
  if (mfaAuthTime !== undefined) session.mfaAuthTime = mfaAuthTime;
  if (request.sessionPolicy !== undefined) session.sessionPolicy = request.sessionPolicy;
  if (request.sessionPolicyArns) session.sessionPolicyArns = request.sessionPolicyArns;
  if (request.tags) session.tags = request.tags;
  if (request.transitiveTagKeys) session.transitiveTagKeys = request.transitiveTagKeys;
  if (sourceIdentity !== undefined) session.sourceIdentity = sourceIdentity;

  const sessionName = input.RoleSessionName;
  const arn = assumedRoleArn(role.accountId, role.name, sessionName);
  const userId = `${role.id}:${sessionName}`;
  const credentials = issue(
    ctx,
    { type: 'assumed-role', accountId: role.accountId, arn, userId, roleArn: role.arn, roleName: role.name, roleId: role.id, sessionName },
    session,
  );
  await stsIam(ctx.deps).noteRoleUsed(role, issuedAt);
  const out: Output = { Credentials: credentials, AssumedRoleUser: { AssumedRoleId: userId, Arn: arn } };
  if (input.Policy !== undefined || input.PolicyArns?.length || input.Tags?.length) out.PackedPolicySize = request.packedPercent;
  if (sourceIdentity !== undefined) out.SourceIdentity = sourceIdentity;
  return out;
}
