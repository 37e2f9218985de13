/** Which services and tracked actions a document allows, as the access advisor lists them: a table. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedPatterns, allowedServices, allowedTrackedActions } from './advisor.js';

const doc = (statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const NS = ['dynamodb', 'ec2', 'iam', 's3', 's3-object-lambda', 'sts'];

const table: Array<[string, string, string[]]> = [
  ['Action "*"', doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]), NS],
  ['one action', doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]), ['s3']],
  ['a service wildcard', doc([{ Effect: 'Allow', Action: ['iam:*', 'sts:AssumeRole'], Resource: '*' }]), ['iam', 'sts']],
  ['a wildcard in the service part', doc([{ Effect: 'Allow', Action: 's3*:Get*', Resource: '*' }]), ['s3', 's3-object-lambda']],
  ['case-insensitive service', doc([{ Effect: 'Allow', Action: 'EC2:Describe*', Resource: '*' }]), ['ec2']],
  ['Deny statements allow nothing', doc([{ Effect: 'Deny', Action: '*', Resource: '*' }]), []],
  ['NotAction allows every other service', doc([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]), NS],
  ['a single statement object', JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' } }), ['dynamodb']],
  ['not JSON', '{', []],
];
for (const [name, d, want] of table) test(`allowedServices: ${name}`, () => assert.deepEqual(allowedServices(allowedPatterns(d), NS), want));

test('allowedTrackedActions: the catalog\'s tracked actions a pattern allows, sorted; object-level S3 actions excluded', () => {
  const p = allowedPatterns(doc([{ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:CreateBucket', 's3:GetObject', 'iam:ListUser*'], Resource: '*' }]));
  assert.deepEqual(allowedTrackedActions(p, 's3'), ['CreateBucket', 'ListAllMyBuckets']);
  assert.deepEqual(allowedTrackedActions(p, 'iam'), ['ListUserPolicies', 'ListUserTags', 'ListUsers']);
  assert.deepEqual(allowedTrackedActions(p, 'sts'), []);
});
