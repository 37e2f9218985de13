/** ARNs as AWS writes them. Account-scoped IAM entities carry their path: arn:aws:iam::ACCOUNT:user/PATH/NAME. */
export const PARTITION = 'aws';

export const rootArn = (accountId: string) => `arn:${PARTITION}:iam::${accountId}:root`;

export const iamArn = (accountId: string, kind: string, path: string, name: string) =>
  `arn:${PARTITION}:iam::${accountId}:${kind}${path}${name}`;

export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string) =>
  `arn:${PARTITION}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

export const federatedUserArn = (accountId: string, name: string) =>
  `arn:${PARTITION}:sts::${accountId}:federated-user/${name}`;

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN into its six parts; null when it is not one. The resource part may itself contain ':'. */
export function parseArn(arn: string): ParsedArn | null {
  if (!arn.startsWith('arn:')) return null;
  const parts = arn.split(':');
  if (parts.length < 6) return null;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}
