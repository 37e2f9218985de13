/**
 * Block Public Access on a bucket (AWS: "Blocking public access to your Amazon S3 storage") and what
 * "public" means for a bucket policy (AWS: "The meaning of "public""). The account-level configuration is
 * S3 Control's, another endpoint Tessera does not serve. Pure but for the error constructors.
 */
import { ServiceError } from '../../core/errors.js';
import { xmlDocument } from '../../protocol/restxml/encode.js';
import { parseXmlDocument, textOf } from '../../protocol/restxml/parse.js';
import { S3Errors } from './errors.js';

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}
const FIELDS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** S3's default for new buckets: all four on. */
export const DEFAULT_PUBLIC_ACCESS_BLOCK: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export const publicAccessErrors = {
  notFound: (bucket: string) =>
    new ServiceError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, {
      extra: { BucketName: bucket },
    }),
  blocked: (principal: string, action: string, resource: string, setting: 'BlockPublicPolicy' | 'BlockPublicAcls') =>
    new ServiceError(
      'AccessDenied',
      `User: ${principal} is not authorized to perform: ${action} on resource: "${resource}" because public ${
        setting === 'BlockPublicPolicy' ? 'policies' : 'ACLs'
      } are blocked by the ${setting} block public access setting.`,
      403,
    ),
};

/** The stored configuration (JSON text) or null when the bucket has none. */
export function storedPublicAccessBlock(json: string | null | undefined): PublicAccessBlock | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Partial<PublicAccessBlock>;
    return Object.fromEntries(FIELDS.map((f) => [f, v[f] === true])) as unknown as PublicAccessBlock;
  } catch {
    return DEFAULT_PUBLIC_ACCESS_BLOCK;
  }
}

/** <PublicAccessBlockConfiguration>: an absent element is false; anything but true/false is MalformedXML. */
export function parsePublicAccessBlock(text: string): PublicAccessBlock {
  const doc = parseXmlDocument(text, 'PublicAccessBlockConfiguration');
  const out = {} as PublicAccessBlock;
  for (const f of FIELDS) {
    const v = textOf(doc, f)?.trim().toLowerCase();
    if (v !== undefined && v !== 'true' && v !== 'false') throw S3Errors.malformedXml();
    out[f] = v === 'true';
  }
  return out;
}

export const publicAccessBlockXml = (c: PublicAccessBlock) =>
  xmlDocument('PublicAccessBlockConfiguration', FIELDS.map((f) => [f, c[f] ? 'true' : 'false']));

/**
 * Condition keys whose fixed values make a statement with a wildcard principal non-public (AWS: "The
 * meaning of "public"").
 */
const LIMITING_KEYS = new Set(
  [
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    'aws:SourceOrgID',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
);
/** Operators that hold a key to the values listed (a ...IfExists form or a negation does not). */
const FIXING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** A fixed value: no wildcard, no policy variable; for aws:SourceIp, not a /0 range. */
function fixedValue(key: string, v: unknown): boolean {
  if (typeof v !== 'string' || v === '' || /[*?]|\$\{/.test(v)) return false;
  if (key === 'aws:sourceip') return !/\/0$/.test(v.trim());
  return true;
}

function wildcardPrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') return Object.values(p).some((v) => asList(v).some((x) => typeof x === 'string' && x.includes('*')));
  return false;
}

function limitedByCondition(cond: unknown): boolean {
  if (!cond || typeof cond !== 'object') return false;
  for (const [op, block] of Object.entries(cond as Record<string, unknown>)) {
    const operator = op.toLowerCase().replace(/^forallvalues:|^foranyvalue:/, '');
    if (!FIXING_OPERATORS.has(operator) || !block || typeof block !== 'object') continue;
    for (const [k, v] of Object.entries(block as Record<string, unknown>)) {
      const key = k.toLowerCase();
      const values = asList(v);
      if (LIMITING_KEYS.has(key) && values.length > 0 && values.every((x) => fixedValue(key, x))) return true;
    }
  }
  return false;
}

/** Whether a bucket policy is public: an Allow statement with a wildcard principal no fixed-value condition limits. */
export function policyIsPublic(text: string | null | undefined): boolean {
  if (!text) return false;
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(text) as { Statement?: unknown };
  } catch {
    return false;
  }
  return asList(doc.Statement).some((s) => {
    if (!s || typeof s !== 'object') return false;
    const st = s as Record<string, unknown>;
    return st.Effect === 'Allow' && wildcardPrincipal(st.Principal) && !limitedByCondition(st.Condition);
  });
}

/** BlockPublicPolicy: PutBucketPolicy of a public policy is refused (403 AccessDenied). */
export function refusePublicPolicy(b: { name: string; public_access_block?: string | null }, policy: string, principal: string): void {
  if (storedPublicAccessBlock(b.public_access_block)?.BlockPublicPolicy && policyIsPublic(policy)) {
    throw publicAccessErrors.blocked(principal, 's3:PutBucketPolicy', `arn:aws:s3:::${b.name}`, 'BlockPublicPolicy');
  }
}
