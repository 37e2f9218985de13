/**
 * The restJson1 protocol adapter, end to end through real clients (boto3's and the aws CLI's accessanalyzer,
 * raw signed requests for the wire): the operation found by method and request URI, the JSON body decoded
 * and validated against AWS's model, the answer as JSON, and every refusal as restJson1 clients parse it —
 * the code in x-amzn-ErrorType, the message and the error shape's members in the JSON body, its status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { awsCli, python } from '../helpers/clients.js';
import { keyCredsOf, startIamServer } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { CreateAccessKeyCommand } from '@aws-sdk/client-iam';

const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });

/** A SigV4-signed request (service access-analyzer) with the root user's keys, as an SDK would send it. */
async function signed(server: TestServer, method: string, path: string, body: string, creds = server.root, query: Record<string, string> = {}): Promise<Response> {
  const url = new URL(server.url);
  const signer = new SignatureV4({ service: 'access-analyzer', region: 'us-east-1', credentials: creds, sha256: Sha256 });
  const req = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query,
    headers: { host: url.host, 'content-type': 'application/json' },
    body,
  });
  const qs = new URLSearchParams(query).toString();
  return fetch(`${server.url}${path}${qs ? `?${qs}` : ''}`, { method, headers: req.headers as Record<string, string>, body: method === 'GET' ? undefined : body });
}

describe('restJson1 (Access Analyzer)', () => {
  let server: TestServer;
  let iam: IAMClient;
  before(async () => {
    ({ server, iam } = await startIamServer());
  });
  after(async () => {
    await server?.stop();
  });

  test('boto3: validate_policy answers findings; a bad enum is a ValidationException with reason and fieldList', () => {
    const r = python(server, `
import boto3, botocore, json, os
from botocore.config import Config
aa = boto3.client('accessanalyzer', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(retries={'max_attempts': 1}))
out = {}
ok = aa.validate_policy(policyDocument=${JSON.stringify(DOC)}, policyType='IDENTITY_POLICY')
out['ok'] = {'findings': ok['findings'], 'status': ok['ResponseMetadata']['HTTPStatusCode']}
try:
    aa.validate_policy(policyDocument='{}', policyType='USER_POLICY')
except botocore.exceptions.ClientError as e:
    out['bad'] = {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'reason': e.response.get('reason'), 'fieldList': e.response.get('fieldList')}
print(json.dumps(out))
`);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.ok, { findings: [], status: 200 });
    assert.equal(out.bad.code, 'ValidationException');
    assert.equal(out.bad.status, 400);
    assert.equal(out.bad.message, "1 validation error detected: Value 'USER_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]");
    assert.equal(out.bad.reason, 'fieldValidationFailed');
    assert.deepEqual(out.bad.fieldList, [{ name: 'policyType', message: "Value 'USER_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]" }]);
  });

  test('the aws CLI: validate-policy prints the findings; a refusal prints the restJson1 error', () => {
    const ok = awsCli(server, ['accessanalyzer', 'validate-policy', '--policy-type', 'IDENTITY_POLICY', '--policy-document', DOC, '--endpoint-url', server.url, '--output', 'json']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { findings: [] });
    const bad = awsCli(server, ['accessanalyzer', 'validate-policy', '--policy-type', 'NOPE', '--policy-document', DOC, '--endpoint-url', server.url]);
    assert.ok([254, 255].includes(bad.status ?? -1), bad.stderr);
    assert.match(bad.stderr.trim(), /^An error occurred \(ValidationException\) when calling the ValidatePolicy operation: 1 validation error detected: Value 'NOPE' at 'policyType'/);
  });

  test('wire: 200 application/json; the error header and body; a missing member; an unknown route; a body that is not JSON', async () => {
    const ok = await signed(server, 'POST', '/policy/validation', JSON.stringify({ policyDocument: DOC, policyType: 'IDENTITY_POLICY' }));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'application/json');
    assert.ok(ok.headers.get('x-amzn-requestid'));
    assert.deepEqual(await ok.json(), { findings: [] });

    const missing = await signed(server, 'POST', '/policy/validation', JSON.stringify({ policyDocument: DOC }));
    assert.equal(missing.status, 400);
    assert.equal(missing.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.deepEqual(await missing.json(), {
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'policyType' failed to satisfy constraint: Member must not be null",
      reason: 'fieldValidationFailed',
      fieldList: [{ name: 'policyType', message: "Value null at 'policyType' failed to satisfy constraint: Member must not be null" }],
    });

    const wrongType = await signed(server, 'POST', '/policy/validation', JSON.stringify({ policyDocument: 5, policyType: 'IDENTITY_POLICY' }));
    assert.equal(wrongType.status, 400);
    assert.match((await wrongType.json()).message, /at 'policyDocument' failed to satisfy constraint: Member must be a string/);

    const unknown = await signed(server, 'POST', '/policy/nothing-here', '{}');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');

    const notJson = await signed(server, 'POST', '/policy/validation', '{not json');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.headers.get('x-amzn-errortype'), 'SerializationException');

    // A paged answer: maxResults from the query string.
    const paged = await signed(server, 'POST', '/policy/validation', JSON.stringify({ policyDocument: '{"Statement":[]}', policyType: 'IDENTITY_POLICY' }), server.root, { maxResults: 'x' });
    assert.equal(paged.status, 400);
    assert.match((await paged.json()).message, /Value 'x' at 'maxResults' failed to satisfy constraint: Member must be a integer/);
  });

  test('authentication before decoding: a bad signature, an unknown key, no signature', async () => {
    const wrong = await signed(server, 'POST', '/policy/validation', JSON.stringify({ policyType: 'NOPE' }), { ...server.root, secretAccessKey: server.root.secretAccessKey + 'x' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.match((await wrong.json()).message, /^The request signature we calculated does not match/);
    const unknownKey = await signed(server, 'POST', '/policy/validation', '{}', { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) });
    assert.equal(unknownKey.status, 403);
    assert.equal(unknownKey.headers.get('x-amzn-errortype'), 'UnrecognizedClientException');
  });

  test('authorization: a user without access-analyzer:ValidatePolicy gets AccessDeniedException (403)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const creds = keyCredsOf(await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' })));
    const r = python(server, `
import boto3, botocore, json, os
aa = boto3.client('accessanalyzer', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
try:
    aa.validate_policy(policyDocument='{}', policyType='IDENTITY_POLICY')
    print(json.dumps({'ok': True}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}))
`, creds);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.code, 'AccessDeniedException');
    assert.equal(out.status, 403);
    assert.match(out.message, /user\/nobody is not authorized to perform: access-analyzer:ValidatePolicy/);
  });
});
