/**
 * ACL grants as resource-based policy statements, so they take part in authorization exactly where the
 * bucket policy does (resources.ts: s3Check), with its explicit denies still winning. The mapping of ACL
 * permissions to actions is AWS's ("Mapping of ACL permissions and access policy permissions").
 */
import { ALL_USERS, AUTHENTICATED_USERS, type Grant, type Permission } from './model.js';

const BUCKET: Record<Permission, string[]> = {
  READ: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
  WRITE: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
  READ_ACP: ['s3:GetBucketAcl'],
  WRITE_ACP: ['s3:PutBucketAcl'],
  FULL_CONTROL: [],
};
BUCKET.FULL_CONTROL = [...BUCKET.READ, ...BUCKET.WRITE, ...BUCKET.READ_ACP, ...BUCKET.WRITE_ACP];

const OBJECT: Record<Permission, string[]> = {
  READ: ['s3:GetObject', 's3:GetObjectVersion'],
  WRITE: [],
  READ_ACP: ['s3:GetObjectAcl', 's3:GetObjectVersionAcl'],
  WRITE_ACP: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
  FULL_CONTROL: [],
};
OBJECT.FULL_CONTROL = [...OBJECT.READ, ...OBJECT.READ_ACP, ...OBJECT.WRITE_ACP];

type Statement = Record<string, unknown>;

/**
 * The statements of `grants` of a bucket or object ACL. A statement's Resource is '*': the statements are
 * built for one check, whose resource is the bucket or object the ACL belongs to. An account grantee is
 * named by its root (as a bucket policy naming an account: its IAM identities still need their own
 * permission); AllUsers is '*'; AuthenticatedUsers is '*' limited to signed requests. LogDelivery grants
 * name a service Tessera does not run: nothing.
 */
export function aclStatements(grants: readonly Grant[], target: 'bucket' | 'object'): Statement[] {
  const table = target === 'bucket' ? BUCKET : OBJECT;
  const out: Statement[] = [];
  for (const g of grants) {
    const actions = table[g.permission];
    if (actions.length === 0) continue;
    const st: Statement = { Effect: 'Allow', Action: actions, Resource: '*' };
    if ('account' in g.grantee) st.Principal = { AWS: `arn:aws:iam::${g.grantee.account}:root` };
    else if (g.grantee.group === ALL_USERS) st.Principal = '*';
    else if (g.grantee.group === AUTHENTICATED_USERS) Object.assign(st, { Principal: '*', Condition: { Null: { 'aws:PrincipalAccount': 'false' } } });
    else continue;
    out.push(st);
  }
  return out;
}
