/** CheckNoNewAccess's decision on the cases where only one request class tells the documents apart. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import CheckNoNewAccess from './operations/CheckNoNewAccess.js';

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const check = (newer: object[], existing: object[]) =>
  CheckNoNewAccess.handle({ newPolicyDocument: doc(newer), existingPolicyDocument: doc(existing), policyType: 'IDENTITY_POLICY' }, undefined as never, undefined);

test('a `*` that may be empty: s3:Get*Object grants s3:GetObject, s3:Get?*Object does not', async () => {
  const r = await check([{ Effect: 'Allow', Action: 's3:Get*Object', Resource: '*' }], [{ Effect: 'Allow', Action: 's3:Get?*Object', Resource: '*' }]);
  assert.equal(r.result, 'FAIL');
  assert.match(r.reasons[0]!.description, /allows s3:GetObject on /);
  const back = await check([{ Effect: 'Allow', Action: 's3:Get?*Object', Resource: '*' }], [{ Effect: 'Allow', Action: 's3:Get*Object', Resource: '*' }]);
  assert.equal(back.result, 'PASS');
});

test('NotAction: "everything but IAM" to "everything" is new access to an IAM action', async () => {
  const r = await check([{ Effect: 'Allow', Action: '*', Resource: '*' }], [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
  assert.equal(r.result, 'FAIL');
  assert.match(r.reasons[0]!.description, /allows iam:/);
});

test('a numeric boundary: LessThanEquals 10 admits max-keys=10, LessThan 10 does not', async () => {
  const r = await check(
    [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } }],
    [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { NumericLessThan: { 's3:max-keys': '10' } } }],
  );
  assert.equal(r.result, 'FAIL');
  assert.match(r.reasons[0]!.description, /s3:max-keys=10/);
});

test('a wider Deny is never new access; the same grant split in two statements is none either', async () => {
  assert.equal((await check([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }], [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])).result, 'PASS');
  assert.equal((await check([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/b*' }], [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }])).result, 'PASS');
});
