import type { SessionInfo } from '../../../auth/caller.js';
import { federatedUserArn } from '../../../core/arn.js';
import { defineOperation } from '../../operation.js';
import { StsErrors } from '../errors.js';
import { issue, expiryAt } from '../issue.js';
import type { IssuedCredentials } from '../session.js';
import { requestTagContext, resolveSessionRequest, type SessionRequest } from '../sessionRequest.js';

interface Input extends SessionRequest {
  Name: string;
  DurationSeconds?: number;
}

interface Output {
  Credentials: IssuedCredentials;
  FederatedUser: { FederatedUserId: string; Arn: string };
  PackedPolicySize?: number;
}

const DEFAULT_SECONDS = 43_200;
const ROOT_MAX_SECONDS = 3_600;

/**
 * sts:GetFederationToken on arn:aws:sts::ACCOUNT:federated-user/NAME, with long-term credentials only.
 * The federated user's permissions are the passed session policies ∩ the calling user's policies (no
 * session policy passed: no permissions, as on AWS); for the root user, the session policies alone.
 * 900–129,600 s, default 43,200; root at most 3,600.
 */
export default defineOperation<Input, Output>({
  service: 'sts',
  name: 'GetFederationToken',
  // Passing session tags also needs sts:TagSession; both checks see the tags as aws:RequestTag / aws:TagKeys.
  checks: (input, { caller }) => {
    const resource = federatedUserArn(caller.accountId, input.Name);
    const context = requestTagContext(input.Tags);
    if (!input.Tags?.length) return [{ action: 'sts:GetFederationToken', resource }];
    return [
      { action: 'sts:GetFederationToken', resource, context },
      { action: 'sts:TagSession', resource, context },
    ];
  },
  handle: async (input, ctx) => {
    const { caller } = ctx;
    if (caller.session) throw StsErrors.sessionCredentials('GetFederationToken');
    const request = resolveSessionRequest(input, caller);
    let seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
    if (caller.type === 'root') seconds = Math.min(seconds, ROOT_MAX_SECONDS);
    const issuedAt = ctx.now;
    const session: SessionInfo = {
      issuedBy: 'GetFederationToken',
      issuedAt,
      expiresAt: expiryAt(issuedAt, seconds),
      sourceArn: caller.arn,
    };
    if (caller.type === 'user') {
      session.sourceUserId = caller.userId;
      if (caller.userName) session.sourceUserName = caller.userName;
    }
    if (request.sessionPolicy !== undefined) session.sessionPolicy = request.sessionPolicy;
    if (request.sessionPolicyArns) session.sessionPolicyArns = request.sessionPolicyArns;
    if (request.tags) session.tags = request.tags;
    const arn = federatedUserArn(caller.accountId, input.Name);
    const federatedUserId = `${caller.accountId}:${input.Name}`;
    const credentials = issue(ctx, { type: 'federated-user', accountId: caller.accountId, arn, userId: federatedUserId, userName: input.Name }, session);
    const out: Output = { Credentials: credentials, FederatedUser: { FederatedUserId: federatedUserId, Arn: arn } };
    if (input.Policy !== undefined || input.PolicyArns?.length || input.Tags?.length) out.PackedPolicySize = request.packedPercent;
    return out;
  },
});
