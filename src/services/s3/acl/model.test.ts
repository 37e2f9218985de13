import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalUserId } from '../owner.js';
import { ALL_USERS, AUTHENTICATED_USERS, cannedGrants, LOG_DELIVERY, parseGrantHeader, type CannedAcl, type Grant } from './model.js';
import { aclFromHeaders, aclFromXml, resolveAcl } from './request.js';
import { aclStatements } from './policy.js';

const O = '111111111111';
const B = '222222222222';
const fc = (account: string): Grant => ({ grantee: { account }, permission: 'FULL_CONTROL' });

/** [canned ACL, target, grants] for an object owned by O in a bucket owned by B (or a bucket owned by O). */
const CANNED: Array<[CannedAcl, 'bucket' | 'object', Grant[]]> = [
  ['private', 'object', [fc(O)]],
  ['public-read', 'object', [fc(O), { grantee: { group: ALL_USERS }, permission: 'READ' }]],
  ['public-read-write', 'bucket', [fc(O), { grantee: { group: ALL_USERS }, permission: 'READ' }, { grantee: { group: ALL_USERS }, permission: 'WRITE' }]],
  ['authenticated-read', 'object', [fc(O), { grantee: { group: AUTHENTICATED_USERS }, permission: 'READ' }]],
  ['bucket-owner-read', 'object', [fc(O), { grantee: { account: B }, permission: 'READ' }]],
  ['bucket-owner-full-control', 'object', [fc(O), fc(B)]],
  ['bucket-owner-full-control', 'bucket', [fc(O)]],
  ['log-delivery-write', 'bucket', [fc(O), { grantee: { group: LOG_DELIVERY }, permission: 'WRITE' }, { grantee: { group: LOG_DELIVERY }, permission: 'READ_ACP' }]],
];
for (const [acl, target, grants] of CANNED) {
  test(`cannedGrants: ${acl} on a ${target}`, () => assert.deepEqual(cannedGrants(acl, O, target === 'bucket' ? O : B, target), grants));
}

test('grant headers: id=, uri=, emailAddress= (quoted or not), several per header; bad forms are InvalidArgument', () => {
  assert.deepEqual(parseGrantHeader('x-amz-grant-read', `id="${canonicalUserId(O)}", uri="${ALL_USERS}"`), [
    { grantee: { id: canonicalUserId(O) }, permission: 'READ' },
    { grantee: { group: ALL_USERS }, permission: 'READ' },
  ]);
  assert.deepEqual(parseGrantHeader('x-amz-grant-write-acp', 'emailAddress=a@example.com'), [{ grantee: { email: 'a@example.com' }, permission: 'WRITE_ACP' }]);
  assert.throws(() => parseGrantHeader('x-amz-grant-read', 'nonsense'), { code: 'InvalidArgument' });
  assert.throws(() => parseGrantHeader('x-amz-grant-read', 'uri="http://acs.amazonaws.com/groups/global/Nobody"'), { code: 'InvalidArgument' });
});

test('headers: canned and grant headers together are InvalidRequest; an unknown canned ACL is InvalidArgument; none is undefined', () => {
  const h = (m: Record<string, string>) => (n: string) => m[n];
  assert.throws(() => aclFromHeaders(h({ 'x-amz-acl': 'private', 'x-amz-grant-read': `uri="${ALL_USERS}"` })), { code: 'InvalidRequest' });
  assert.throws(() => aclFromHeaders(h({ 'x-amz-acl': 'public' })), { code: 'InvalidArgument' });
  assert.equal(aclFromHeaders(h({})), undefined);
});

test('resolveAcl: canonical ids resolve to accounts; an unknown id is InvalidArgument; an e-mail is UnresolvableGrantByEmailAddress', () => {
  const req = aclFromXml(
    `<AccessControlPolicy><Owner><ID>${canonicalUserId(O)}</ID></Owner><AccessControlList>` +
      `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${canonicalUserId(B)}</ID></Grantee><Permission>READ</Permission></Grant>` +
      `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>${ALL_USERS}</URI></Grantee><Permission>READ_ACP</Permission></Grant>` +
      `</AccessControlList></AccessControlPolicy>`,
  );
  assert.deepEqual(resolveAcl(req, O, O, 'bucket', [O, B]), [
    { grantee: { account: B }, permission: 'READ' },
    { grantee: { group: ALL_USERS }, permission: 'READ_ACP' },
  ]);
  assert.throws(() => resolveAcl(req, O, O, 'bucket', [O]), { code: 'InvalidArgument' });
  assert.throws(() => resolveAcl({ grants: [{ grantee: { email: 'a@example.com' }, permission: 'READ' }] }, O, O, 'bucket', [O]), {
    code: 'UnresolvableGrantByEmailAddress',
  });
  assert.throws(() => aclFromXml('<AccessControlPolicy><AccessControlList><Grant><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>'), {
    code: 'MalformedACLError',
  });
});

test('aclStatements: AllUsers is "*", AuthenticatedUsers is "*" for signed callers, an account is its root; permissions map to actions', () => {
  const st = aclStatements(
    [
      { grantee: { group: ALL_USERS }, permission: 'READ' },
      { grantee: { group: AUTHENTICATED_USERS }, permission: 'WRITE' },
      { grantee: { account: B }, permission: 'READ_ACP' },
      { grantee: { group: LOG_DELIVERY }, permission: 'WRITE' },
    ],
    'bucket',
  );
  assert.deepEqual(st, [
    { Effect: 'Allow', Action: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'], Resource: '*', Principal: '*' },
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'], Resource: '*', Principal: '*', Condition: { Null: { 'aws:PrincipalAccount': 'false' } } },
    { Effect: 'Allow', Action: ['s3:GetBucketAcl'], Resource: '*', Principal: { AWS: `arn:aws:iam::${B}:root` } },
  ]);
  assert.deepEqual(aclStatements([{ grantee: { group: ALL_USERS }, permission: 'WRITE' }], 'object'), []);
});
