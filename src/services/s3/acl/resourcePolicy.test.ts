import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, parsePolicy, type RequestPrincipal } from '../../../policy/index.js';
import type { S3BucketsTable } from '../../../store/schema-s3.js';
import { ALL_USERS, type Grant } from './model.js';
import { resourcePolicyText, type ObjectAclFacts } from './resourcePolicy.js';

const OWNER = '111111111111';
const OTHER = '222222222222';
const publicRead: Grant[] = [
  { grantee: { account: OWNER }, permission: 'FULL_CONTROL' },
  { grantee: { group: ALL_USERS }, permission: 'READ' },
];
const publicPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
const bucket = (over: Partial<S3BucketsTable>): S3BucketsTable => ({ name: 'b', account_id: OWNER, region: 'us-east-1', created_at: 0, policy: null, versioning: null, tags: null, object_lock: null, lifecycle: null, ...over });
const pab = (o: Record<string, boolean>) => JSON.stringify(o);
const anonymous: RequestPrincipal = { type: 'anonymous', arn: '*' };
const otherRoot: RequestPrincipal = { type: 'root', arn: `arn:aws:iam::${OTHER}:root`, accountId: OTHER };

/** Whether GetObject on b/k is allowed for `who` by the resource side built for the bucket and object. */
function allows(b: S3BucketsTable, object: ObjectAclFacts | undefined, who: RequestPrincipal): boolean {
  const text = resourcePolicyText(b, b.policy, object);
  if (!text) return false;
  const context: Record<string, string> = who.accountId ? { 'aws:PrincipalAccount': who.accountId } : {};
  const d = evaluate({
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    principal: who,
    resourceAccountId: OWNER,
    context,
    identityPolicies: [],
    resourcePolicy: { policy: parsePolicy(text, 'resource'), source: { type: 'resource-based', id: 'arn:aws:s3:::b' } },
  });
  return d.effect === 'Allow';
}

const objectPublic: ObjectAclFacts = { owner: OWNER, acl: JSON.stringify(publicRead) };

/** [what, bucket, object ACL, caller, allowed] */
const CASES: Array<[string, S3BucketsTable, ObjectAclFacts | undefined, RequestPrincipal, boolean]> = [
  ['ACLs enabled: an AllUsers READ grant lets anonymous read', bucket({ object_ownership: 'ObjectWriter' }), objectPublic, anonymous, true],
  ['no ownership controls behave as ObjectWriter', bucket({}), objectPublic, anonymous, true],
  ['BucketOwnerEnforced: ACL grants do not count', bucket({ object_ownership: 'BucketOwnerEnforced' }), objectPublic, anonymous, false],
  ['IgnorePublicAcls: the AllUsers grant does not count', bucket({ object_ownership: 'ObjectWriter', public_access_block: pab({ IgnorePublicAcls: true }) }), objectPublic, anonymous, false],
  ['BlockPublicAcls alone leaves stored grants in force', bucket({ object_ownership: 'ObjectWriter', public_access_block: pab({ BlockPublicAcls: true }) }), objectPublic, anonymous, true],
  ['the default ACL grants nobody else', bucket({ object_ownership: 'ObjectWriter' }), { owner: OWNER, acl: null }, anonymous, false],
  ['a public policy lets anonymous read', bucket({ policy: publicPolicy, object_ownership: 'BucketOwnerEnforced' }), undefined, anonymous, true],
  ['RestrictPublicBuckets: not anonymous', bucket({ policy: publicPolicy, public_access_block: pab({ RestrictPublicBuckets: true }) }), undefined, anonymous, false],
  ['RestrictPublicBuckets: not another account', bucket({ policy: publicPolicy, public_access_block: pab({ RestrictPublicBuckets: true }) }), undefined, otherRoot, false],
  ['without it, another account is let in by the public policy', bucket({ policy: publicPolicy }), undefined, otherRoot, true],
];

for (const [what, b, o, who, expected] of CASES) {
  test(`resourcePolicyText: ${what}`, () => assert.equal(allows(b, o, who), expected));
}

test('resourcePolicyText: ACLs disabled and no restriction: the bucket policy exactly as stored (or none)', () => {
  assert.equal(resourcePolicyText(bucket({ object_ownership: 'BucketOwnerEnforced' }), publicPolicy, objectPublic), publicPolicy);
  assert.equal(resourcePolicyText(bucket({ object_ownership: 'BucketOwnerEnforced' }), null, objectPublic), null);
});
