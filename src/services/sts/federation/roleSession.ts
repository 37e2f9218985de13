/**
 * The role session both federation operations issue: assumed-role principal, sealed session (tags,
 * transitive keys, session policies, source identity, the claims' condition keys), and the common part
 * of the answer.
 */
import type { SessionInfo } from '../../../auth/caller.js';
import { assumedRoleArn, parseArn } from '../../../core/arn.js';
import type { OperationContext } from '../../operation.js';
import { StsErrors } from '../errors.js';
import type { RoleInfo } from '../iam.js';
import { issue } from '../issue.js';
import type { IssuedCredentials } from '../session.js';
import type { ResolvedSessionRequest } from '../sessionRequest.js';
import { FederationErrors } from './errors.js';

export const DEFAULT_SECONDS = 3_600;

export interface RoleSessionOutput {
  Credentials: IssuedCredentials;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

/** The account of a role ARN; ValidationError when it is not one. */
export function roleAccountOf(arn: string): string {
  const p = parseArn(arn);
  if (!p || p.service !== 'iam' || !p.resource.startsWith('role/') || !/^\d{12}$/.test(p.account)) {
    throw FederationErrors.validation('Request ARN is invalid');
  }
  return p.account;
}

/** DurationSeconds asked for explicitly may not exceed the role's maximum (AWS's ValidationError). */
export function checkRequestedDuration(requested: number | undefined, role: RoleInfo): void {
  if (requested !== undefined && requested > role.maxSessionDuration) throw StsErrors.durationExceedsRoleMax();
}

export function issueRoleSession(
  ctx: OperationContext,
  p: {
    role: RoleInfo;
    sessionName: string;
    seconds: number;
    /** An absolute end the session may not outlive (SAML SessionNotOnOrAfter). */
    endsBy?: number | undefined;
    request: ResolvedSessionRequest;
    sourceIdentity: string | undefined;
    issuedBy: 'AssumeRoleWithSAML' | 'AssumeRoleWithWebIdentity';
    providerArn: string;
    contextKeys: Record<string, string | string[]>;
    packed: boolean;
  },
): RoleSessionOutput {
  const { role, request } = p;
  const issuedAt = ctx.now;
  // Whole seconds, so that the Expiration the client sees is the exact expiry.
  let expiresAt = Math.ceil((issuedAt + p.seconds * 1000) / 1000) * 1000;
  if (p.endsBy !== undefined) expiresAt = Math.min(expiresAt, Math.floor(p.endsBy / 1000) * 1000);
  const session: SessionInfo = { issuedBy: p.issuedBy, issuedAt, expiresAt, sourceArn: p.providerArn, chainDepth: 0, contextKeys: p.contextKeys };
  if (request.sessionPolicy !== undefined) session.sessionPolicy = request.sessionPolicy;
  if (request.sessionPolicyArns) session.sessionPolicyArns = request.sessionPolicyArns;
  if (request.tags) session.tags = request.tags;
  if (request.transitiveTagKeys) session.transitiveTagKeys = request.transitiveTagKeys;
  if (p.sourceIdentity !== undefined) session.sourceIdentity = p.sourceIdentity;

  const arn = assumedRoleArn(role.accountId, role.name, p.sessionName);
  const userId = `${role.id}:${p.sessionName}`;
  const credentials = issue(
    ctx,
    { type: 'assumed-role', accountId: role.accountId, arn, userId, roleArn: role.arn, roleName: role.name, roleId: role.id, sessionName: p.sessionName },
    session,
  );
  const out: RoleSessionOutput = { Credentials: credentials, AssumedRoleUser: { AssumedRoleId: userId, Arn: arn } };
  if (p.packed) out.PackedPolicySize = request.packedPercent;
  if (p.sourceIdentity !== undefined) out.SourceIdentity = p.sourceIdentity;
  return out;
}
