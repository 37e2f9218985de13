import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessDeniedMessage } from './message.js';
import type { Decision } from './types.js';

const d = (effect: Decision['effect'], decidingType: Decision['decidingType'], trustPolicy = false): Decision => ({
  effect,
  decidingType,
  trustPolicy,
  matched: [],
  missingContextKeys: [],
});
const bob = 'arn:aws:iam::123456789012:user/bob';

test('AccessDenied wording', () => {
  assert.equal(
    accessDeniedMessage(bob, 's3:ListBucket', 'arn:aws:s3:::b', d('ImplicitDeny', 'identity-based')),
    'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::b" because no identity-based policy allows the s3:ListBucket action',
  );
  assert.equal(
    accessDeniedMessage(bob, 's3:ListBucket', 'arn:aws:s3:::b', d('ExplicitDeny', 'identity-based')),
    'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::b" with an explicit deny in an identity-based policy',
  );
  assert.match(accessDeniedMessage(bob, 's3:GetObject', 'arn:aws:s3:::b/k', d('ExplicitDeny', 'resource-based')), /with an explicit deny in a resource-based policy$/);
  assert.match(accessDeniedMessage(bob, 's3:GetObject', 'arn:aws:s3:::b/k', d('ImplicitDeny', 'permissions boundary')), /because no permissions boundary allows the s3:GetObject action$/);
  assert.match(accessDeniedMessage(bob, 's3:GetObject', 'arn:aws:s3:::b/k', d('ImplicitDeny', 'session')), /because no session policy allows the s3:GetObject action$/);
  assert.match(accessDeniedMessage(bob, 's3:GetObject', 'arn:aws:s3:::b/k', d('ExplicitDeny', 'permissions boundary')), /with an explicit deny in a permissions boundary$/);
  assert.match(accessDeniedMessage(bob, 's3:GetObject', 'arn:aws:s3:::b/k', d('ExplicitDeny', 'session')), /with an explicit deny in a session policy$/);
  assert.equal(
    accessDeniedMessage(bob, 'iam:CreateUser', 'arn:aws:iam::123456789012:user/x', d('ExplicitDeny', 'permissions boundary'), {
      quoteResource: false,
      policyArn: 'arn:aws:iam::123456789012:policy/Boundary',
    }),
    'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/x with an explicit deny in a permissions boundary: arn:aws:iam::123456789012:policy/Boundary',
  );
  assert.match(
    accessDeniedMessage(bob, 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/R', d('ImplicitDeny', 'resource-based', true), { quoteResource: false }),
    /because no role trust policy allows the sts:AssumeRole action$/,
  );
  assert.equal(
    accessDeniedMessage(bob, 'iam:ListUsers', '*', d('ImplicitDeny', 'identity-based')),
    'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action',
  );
});
