/**
 * The request context: every global condition key, built in ONE place from the authenticated caller and
 * the request. Operation-specific keys (s3:prefix, sts:ExternalId, ...) come from the operation's declared
 * checks and are merged by the authorizer.
 */
import type { Caller } from '../auth/caller.js';

export type RequestContextValues = Record<string, string | string[]>;

export interface RequestFacts {
  now: number; // epoch ms
  sourceIp: string;
  secureTransport: boolean;
  region: string;
  userAgent?: string | undefined;
}

const PRINCIPAL_TYPE: Record<Caller['type'], string> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  anonymous: 'Anonymous',
};

/**
 * The aws:PrincipalTag/<key> keys of an IAM user's or role's own tags. They take part in every decision for
 * that principal (the policy provider hands them to the authorizer with its policies, and drops them when the
 * tags change); a session's tags, in the request context, win over them on the same key (keys compare
 * case-insensitively), as AWS merges a role's tags with session tags.
 */
export function principalTagContext(tags: readonly { Key: string; Value: string }[]): RequestContextValues | undefined {
  if (tags.length === 0) return undefined;
  const c: RequestContextValues = {};
  for (const t of tags) c[`aws:PrincipalTag/${t.Key}`] = t.Value;
  return c;
}

/**
 * The aws:ResourceTag/<key> and iam:ResourceTag/<key> keys of a tagged IAM resource (a user, a role, a policy,
 * an MFA device, a provider, ...), for the check on it; `extra` are the check's other keys.
 */
export function resourceTagContext(tags: readonly { Key: string; Value: string }[] | undefined, extra: RequestContextValues = {}): RequestContextValues {
  const c: RequestContextValues = { ...extra };
  for (const t of tags ?? []) {
    c[`aws:ResourceTag/${t.Key}`] = t.Value;
    c[`iam:ResourceTag/${t.Key}`] = t.Value;
  }
  return c;
}

let timeSecond = NaN;
let timeText = '';

/** aws:CurrentTime, ISO 8601 to the second: its text changes once a second, so it is built once a second. */
function currentTimeText(second: number): string {
  if (second !== timeSecond) {
    timeSecond = second;
    timeText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return timeText;
}

export function buildRequestContext(caller: Caller, req: RequestFacts): RequestContextValues {
  const second = Math.floor(req.now / 1000);
  const c: RequestContextValues = {
    'aws:CurrentTime': currentTimeText(second),
    'aws:EpochTime': String(second),
    'aws:SecureTransport': req.secureTransport ? 'true' : 'false',
    'aws:SourceIp': req.sourceIp,
    'aws:RequestedRegion': req.region,
    'aws:ViaAWSService': 'false',
  };
  if (req.userAgent) c['aws:UserAgent'] = req.userAgent;
  if (caller.type === 'anonymous') return c;

  c['aws:PrincipalArn'] = caller.type === 'assumed-role' && caller.roleArn ? caller.roleArn : caller.arn;
  c['aws:PrincipalAccount'] = caller.accountId;
  c['aws:PrincipalType'] = PRINCIPAL_TYPE[caller.type];
  c['aws:userid'] = caller.userId;
  if (caller.type === 'user' && caller.userName) c['aws:username'] = caller.userName;
  if (caller.type === 'federated-user' && caller.userName) c['aws:FederatedProvider'] = 'arn:aws:iam::' + caller.accountId + ':root';

  const s = caller.session;
  if (s) {
    // aws:MultiFactorAuthPresent is present only for temporary credentials (absent for long-term keys,
    // which is why AWS's own policies use BoolIfExists).
    c['aws:MultiFactorAuthPresent'] = s.mfaAuthTime !== undefined ? 'true' : 'false';
    if (s.mfaAuthTime !== undefined) c['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((req.now - s.mfaAuthTime) / 1000)));
    c['aws:TokenIssueTime'] = new Date(s.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (s.sourceIdentity) c['aws:SourceIdentity'] = s.sourceIdentity;
    if (s.tags) {
      for (const [k, v] of Object.entries(s.tags)) c[`aws:PrincipalTag/${k}`] = v;
    }
    if (s.contextKeys) Object.assign(c, s.contextKeys);
  }
  return c;
}
