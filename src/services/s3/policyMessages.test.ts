import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, PolicyValidationError } from '../../policy/index.js';
import { s3PolicyMessage } from './policyMessages.js';

const doc = (st: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', ...st }] });
const ok = { Principal: '*', Resource: 'arn:aws:s3:::b/*' };

const table: Array<[string, string, string]> = [
  ['not an object', '"policy"', "Policies must be valid JSON and the first byte must be '{'"],
  ['a JSON array', '[]', "Policies must be valid JSON and the first byte must be '{'"],
  ['truncated JSON', '{"Version":"2012-10-17",', 'This policy contains invalid Json'],
  ['bad principal', doc({ ...ok, Principal: { AWS: 'not-an-arn' } }), 'Invalid principal in policy'],
  ['Allow with NotPrincipal', doc({ Resource: ok.Resource, NotPrincipal: { AWS: '111122223333' } }), 'Invalid principal in policy'],
  ['resource not an ARN', doc({ ...ok, Resource: 'bucket' }), 'Policy has invalid resource'],
  ['resource in an unknown partition', doc({ ...ok, Resource: 'arn:nope:s3:::b/*' }), 'Policy has invalid resource'],
  ['no Principal', doc({ Resource: ok.Resource }), 'Missing required field Principal'],
  ['no Action', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...ok }] }), 'Policy statement must contain actions.'],
];

for (const [name, text, message] of table) {
  test(`S3 bucket policy refused (${name}): ${message}`, () => {
    let err: unknown;
    try {
      parsePolicy(text, 'resource', { refuseAllowNotPrincipal: true });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof PolicyValidationError, 'refused');
    assert.equal(s3PolicyMessage(text, err), message);
  });
}
