/**
 * AWS's JSON protocol (awsJson1_1, server/pipeline/json.ts) end to end, through botocore's CloudTrail
 * client and raw signed requests: X-Amz-Target routing, JSON bodies decoded by the service model (types and
 * constraints refused as ValidationException / SerializationException), epoch-second timestamps, and every
 * error as AWS's JSON error document (`__type`, `message`, x-amzn-ErrorType) in the request's content type —
 * signature and permission refusals under the JSON services' names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { python } from '../helpers/clients.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startServer({ args: ['--audit', 'on'] });
});
after(() => server?.stop());

test('boto3 cloudtrail and raw awsJson1_1 requests: routing, decoding, AWS JSON errors', () => {
  const r = python(server, readFileSync(join(repoRoot, 'test', 'e2e', 'json-protocol.py'), 'utf8'));
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, any>;
  assert.deepEqual(o.lookup[0], ['GetCallerIdentity', 'sts.amazonaws.com', 'true', 'datetime'], 'EventTime parses as a timestamp');
  assert.deepEqual(o.e_max, ['ValidationException', 400, "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50"]);
  assert.equal(o.e_key[0], 'ValidationException');
  assert.match(o.e_key[2], /Value 'Bogus' at 'lookupAttributes.1.member.attributeKey' failed to satisfy constraint: Member must satisfy enum value set/);
  assert.deepEqual(o.e_unsupported.slice(0, 2), ['UnsupportedOperationException', 400]);
  assert.deepEqual(o.e_signature.slice(0, 2), ['InvalidSignatureException', 403]);
  assert.deepEqual(o.e_unknown_key.slice(0, 2), ['UnrecognizedClientException', 403]);
  assert.deepEqual(o.raw_ok, [200, 'application/x-amz-json-1.1', null]);
  assert.deepEqual(o.raw_ok_10, [200, 'application/x-amz-json-1.0'], 'the answer in the content type the request used');
  assert.deepEqual(o.raw_empty_body, [200, 'application/x-amz-json-1.1', null], 'an empty body is {}');
  assert.deepEqual(o.raw_bad_json.slice(0, 3), [400, 'application/x-amz-json-1.1', 'SerializationException']);
  assert.equal(o.raw_bad_json[3].__type, 'SerializationException');
  assert.equal(o.raw_not_object, 'SerializationException');
  assert.equal(o.raw_wrong_type.__type, 'ValidationException');
  assert.match(o.raw_wrong_type.message, /at 'maxResults' failed to satisfy constraint: Member must be a number/);
  assert.deepEqual(o.raw_unknown_op.slice(0, 3), [400, 'application/x-amz-json-1.1', 'UnknownOperationException']);
  assert.equal(o.raw_unknown_op[3].__type, 'UnknownOperationException');
  assert.equal(o.raw_unsigned[0], 403);
  assert.equal(o.raw_unsigned[3].__type, 'MissingAuthenticationTokenException');
});
