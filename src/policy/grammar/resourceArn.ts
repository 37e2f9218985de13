// Shape checks of Resource / NotResource values ("IAM JSON policy elements: Resource"; ARN format
// "arn:partition:service:region:account-id:resource"), in the order AWS reports them (AWS-recorded):
// not an ARN at all, the partition, the legacy parser (an "arn:" value with four or five fields, or
// an empty service), a missing service, then IAM's and S3's own rules. A `${...}` policy variable is
// one field whatever colons it holds.
import { Messages } from '../errors.js';

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
/** IAM resource types ("Resource types defined by AWS Identity and Access Management"). */
const IAM_PREFIXES = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/',
  'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];

/** Splits on ':' outside `${...}`; at most six fields (the resource field keeps its colons). */
export function arnFields(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < value.length && out.length < 5; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}

const wild = (s: string) => /[*?]|\$\{/.test(s);

/** Whether AWS's legacy parser refuses an "arn:" value. */
function legacyRefuses(value: string, f: readonly string[]): boolean {
  if (!value.startsWith('arn:')) return false;
  if (f.length >= 3 && f[2] === '') return true;
  return (f.length === 4 || f.length === 5) && !value.endsWith('*');
}

/** null when AWS accepts the value, else AWS's message. */
export function resourceError(value: string): string | null {
  if (value === '*') return null;
  if (!value.includes(':')) return Messages.resourceArn(value);
  const f = arnFields(value);
  const given = f.length;
  const legacy = legacyRefuses(value, f);
  f[0] = 'arn';
  while (f.length < 6) f.push('*');
  const [, partition, vendor, region, account, resource] = f as [string, string, string, string, string, string];
  if (!PARTITIONS.has(partition) && !wild(partition)) return Messages.partition(partition, f.join(':'));
  if (legacy) return Messages.legacy;
  if (given < 3 && value.startsWith('arn:')) return Messages.resourceVendor;
  const regional = region !== '' && region !== '*';
  if (vendor === 'iam') {
    if (regional) return Messages.iamRegion(value);
    if (resource !== '*' && resource !== 'root' && !IAM_PREFIXES.some((p) => resource.startsWith(p)) && !wild(resource.split('/')[0]!)) {
      return Messages.iamPath(IAM_PREFIXES);
    }
  }
  if (vendor === 's3' && regional && account === '') return Messages.s3Region(value);
  return null;
}
