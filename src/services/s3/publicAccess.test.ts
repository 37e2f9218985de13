import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePublicAccessBlock, policyIsPublic } from './publicAccess.js';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const R = 'arn:aws:s3:::b/*';
const allowAll = (extra: object = {}) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: R, ...extra });

/** [what, policy, public?] — AWS's "The meaning of "public"". */
const CASES: Array<[string, string, boolean]> = [
  ['Principal "*" without a condition', doc(allowAll()), true],
  ['Principal {"AWS": "*"}', doc(allowAll({ Principal: { AWS: '*' } })), true],
  ['a fixed account principal', doc(allowAll({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), false],
  ['a wildcard in a principal ARN', doc(allowAll({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } })), true],
  ['Deny with Principal "*" only', doc({ ...allowAll(), Effect: 'Deny' }), false],
  ['aws:SourceIp, a fixed CIDR', doc(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })), false],
  ['aws:SourceIp 0.0.0.0/0', doc(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })), true],
  ['aws:SourceIp ::/0', doc(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': '::/0' } } })), true],
  ['aws:SourceArn fixed', doc(allowAll({ Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t' } } })), false],
  ['aws:SourceArn with a wildcard', doc(allowAll({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } } })), true],
  ['aws:SourceVpce', doc(allowAll({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })), false],
  ['aws:SourceVpc', doc(allowAll({ Condition: { StringEquals: { 'aws:sourcevpc': 'vpc-111bbb22' } } })), false],
  ['aws:SourceAccount', doc(allowAll({ Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } })), false],
  ['aws:PrincipalOrgID', doc(allowAll({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })), false],
  ['aws:userid fixed', doc(allowAll({ Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } } })), false],
  ['s3:DataAccessPointArn', doc(allowAll({ Condition: { StringEquals: { 's3:DataAccessPointArn': 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap' } } })), false],
  ['a policy variable is not fixed', doc(allowAll({ Condition: { StringEquals: { 'aws:userid': '${aws:username}' } } })), true],
  ['...IfExists does not limit', doc(allowAll({ Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } } })), true],
  ['a negated operator does not limit', doc(allowAll({ Condition: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } })), true],
  ['an unrelated key does not limit', doc(allowAll({ Condition: { StringEquals: { 's3:x-amz-acl': 'private' } } })), true],
  ['aws:SecureTransport does not limit', doc(allowAll({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), true],
  ['one public statement among fixed ones', doc(allowAll({ Principal: { AWS: '111122223333' } }), allowAll()), true],
  ['no policy', '', false],
];

for (const [what, policy, expected] of CASES) {
  test(`policyIsPublic: ${what} → ${expected}`, () => assert.equal(policyIsPublic(policy), expected));
}

test('parsePublicAccessBlock: absent elements are false; a value other than true/false is MalformedXML', () => {
  const x = (body: string) => `<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</PublicAccessBlockConfiguration>`;
  assert.deepEqual(parsePublicAccessBlock(x('<BlockPublicAcls>true</BlockPublicAcls><RestrictPublicBuckets>TRUE</RestrictPublicBuckets>')), {
    BlockPublicAcls: true,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: true,
  });
  assert.throws(() => parsePublicAccessBlock(x('<BlockPublicAcls>yes</BlockPublicAcls>')), { code: 'MalformedXML' });
  assert.throws(() => parsePublicAccessBlock('<Other/>'), { code: 'MalformedXML' });
});
