import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import { DEFAULT_SELECTORS, bucketPolicyAllows, delivers, validateSelectors, validateTrailName, type TrailSettings } from './trails.js';

const ACCOUNT = '111122223333';
const ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t1`;

/** AWS's documented bucket policy for CloudTrail, with a prefix. */
const documented = (opts: { prefix?: string; sourceArn?: string; acl?: boolean } = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::logs', Condition: { StringEquals: { 'aws:SourceArn': opts.sourceArn ?? ARN } } },
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::logs/${opts.prefix ?? 'p'}/AWSLogs/${ACCOUNT}/*`,
        Condition: { StringEquals: { ...(opts.acl === false ? {} : { 's3:x-amz-acl': 'bucket-owner-full-control' }), 'aws:SourceArn': opts.sourceArn ?? ARN } },
      },
    ],
  });

describe('the bucket policy CreateTrail requires', () => {
  const allows = (policy: string | null) => bucketPolicyAllows(policy, ACCOUNT, 'logs', 'p', ACCOUNT, ARN);
  test("AWS's documented policy lets the trail write; with or without the ACL condition", () => {
    assert.equal(allows(documented()), true);
    assert.equal(allows(documented({ acl: false })), true);
  });
  test('no policy, another prefix, another trail, a Deny, a malformed policy: refused', () => {
    assert.equal(allows(null), false);
    assert.equal(allows(documented({ prefix: 'other' })), false);
    assert.equal(allows(documented({ sourceArn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/other` })), false);
    const withDeny = JSON.parse(documented()) as { Statement: unknown[] };
    withDeny.Statement.push({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' });
    assert.equal(allows(JSON.stringify(withDeny)), false);
    assert.equal(allows('{not json'), false);
  });
});

describe('trail names and event selectors', () => {
  test('names follow AWS rules', () => {
    for (const ok of ['abc', 'my-trail.1', 'A_b-c']) assert.doesNotThrow(() => validateTrailName(ok), ok);
    for (const bad of ['ab', '-abc', 'abc-', 'a..b', 'a_-b', '10.0.0.1', 'a b c', 'x'.repeat(129)]) {
      assert.throws(() => validateTrailName(bad), (e: ServiceError) => e.code === 'InvalidTrailNameException', bad);
    }
  });
  test('selectors: S3 object ARN prefixes only, at most five', () => {
    assert.deepEqual(validateSelectors([{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bk1/'] }] }]), [
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bk1/'] }], ExcludeManagementEventSources: [] },
    ]);
    const refused = (s: Parameters<typeof validateSelectors>[0]) => assert.throws(() => validateSelectors(s), (e: ServiceError) => e.code === 'InvalidEventSelectorsException');
    refused([]);
    refused(Array.from({ length: 6 }, () => ({})));
    refused([{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }]);
    refused([{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bk1'] }] }]);
  });
  test('what a trail delivers: management events by read/write type and source, data events by ARN prefix', () => {
    const settings = (selectors = DEFAULT_SELECTORS, extra: Partial<TrailSettings> = {}): TrailSettings => ({ includeGlobal: true, multiRegion: false, validation: false, selectors, custom: true, ...extra });
    const iam = { eventSource: 'iam.amazonaws.com', readOnly: false };
    const read = { eventSource: 's3.amazonaws.com', readOnly: true };
    const put = (key: string) => ({ eventSource: 's3.amazonaws.com', readOnly: false, requestParameters: { bucketName: 'bk1', key } });
    assert.equal(delivers(settings(), iam, true, 5), true);
    assert.equal(delivers(settings(DEFAULT_SELECTORS, { includeGlobal: false }), iam, true, 5), false, 'global service events left out');
    assert.equal(delivers(settings(DEFAULT_SELECTORS, { paused: { from: 1, to: 10 } }), iam, true, 5), false, 'a call while stopped');
    const writeOnly = validateSelectors([{ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bk1/sel/'] }] }]);
    assert.equal(delivers(settings(writeOnly), read, true, 5), false);
    assert.equal(delivers(settings(writeOnly), iam, true, 5), true);
    assert.equal(delivers(settings(writeOnly), put('sel/x'), false, 5), true);
    assert.equal(delivers(settings(writeOnly), put('other/x'), false, 5), false);
    assert.equal(delivers(settings(), put('sel/x'), false, 5), false, 'no data resource: no data events');
    const excluded = validateSelectors([{ ExcludeManagementEventSources: ['iam.amazonaws.com'] }]);
    assert.equal(delivers(settings(excluded), iam, true, 5), false);
  });
});
