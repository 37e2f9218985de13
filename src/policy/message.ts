// AccessDenied message wording (IAM User Guide, "Troubleshoot access denied error messages"):
//   User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no TYPE policy allows the ACTION action
//   User: ARN is not authorized to perform: ACTION on resource: RESOURCE with an explicit deny in a TYPE policy
import type { Decision, PolicyType } from './types.js';

export interface MessageOptions {
  /** Quote the resource ARN, as S3 does ("arn:aws:s3:::b"); IAM and STS print it bare. Default true. */
  readonly quoteResource?: boolean;
  /** Appended as ": ARN" after an explicit deny, as AWS does for managed policies. */
  readonly policyArn?: string;
}

function denyPhrase(type: PolicyType, trust: boolean): string {
  switch (type) {
    case 'identity-based':
      return 'with an explicit deny in an identity-based policy';
    case 'resource-based':
      return trust ? 'with an explicit deny in the role trust policy' : 'with an explicit deny in a resource-based policy';
    case 'permissions boundary':
      return 'with an explicit deny in a permissions boundary';
    case 'session':
      return 'with an explicit deny in a session policy';
  }
}

function implicitPhrase(type: PolicyType, trust: boolean, action: string): string {
  switch (type) {
    case 'identity-based':
      return `because no identity-based policy allows the ${action} action`;
    case 'resource-based':
      return trust
        ? `because no role trust policy allows the ${action} action`
        : `because no resource-based policy allows the ${action} action`;
    case 'permissions boundary':
      return `because no permissions boundary allows the ${action} action`;
    case 'session':
      return `because no session policy allows the ${action} action`;
  }
}

export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string,
  decision: Decision,
  options: MessageOptions = {},
): string {
  const quote = options.quoteResource !== false;
  const on = resource === '*' || resource === '' ? '' : ` on resource: ${quote ? `"${resource}"` : resource}`;
  const head = `User: ${principalArn} is not authorized to perform: ${action}${on}`;
  const type = decision.decidingType ?? 'identity-based';
  const trust = decision.trustPolicy === true;
  if (decision.effect === 'ExplicitDeny') {
    const arn = options.policyArn ? `: ${options.policyArn}` : '';
    return `${head} ${denyPhrase(type, trust)}${arn}`;
  }
  return `${head} ${implicitPhrase(type, trust, action)}`;
}
