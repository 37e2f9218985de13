/**
 * The foundation end to end: a real `tessera serve`, driven by the AWS SDK for JavaScript v3, boto3 and the
 * aws CLI. GetCallerIdentity succeeds for the account root; every authentication failure is refused with
 * AWS's code, status and XML.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { queryError, send, signQuery } from '../helpers/sign.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';

describe('GetCallerIdentity with the account root', () => {
  test('AWS SDK for JavaScript v3', async () => {
    const sts = new STSClient(sdkConfig(server));
    const r = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(r.Account, server.accountId);
    assert.equal(r.UserId, server.accountId);
    assert.equal(r.Arn, `arn:aws:iam::${server.accountId}:root`);
    assert.match(r.$metadata.requestId!, /^[0-9a-f-]{36}$/);
  });

  test('boto3', () => {
    const r = python(server, `
import boto3, json, os
sts = boto3.client('sts', endpoint_url=os.environ['ENDPOINT'])
r = sts.get_caller_identity()
print(json.dumps({k: r[k] for k in ('UserId', 'Account', 'Arn')}))
`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      UserId: server.accountId,
      Account: server.accountId,
      Arn: `arn:aws:iam::${server.accountId}:root`,
    });
  });

  test('aws CLI v1 with --endpoint-url', () => {
    const r = awsCli(server, ['sts', 'get-caller-identity', '--endpoint-url', server.url, '--output', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Arn, `arn:aws:iam::${server.accountId}:root`);
  });

  test('aws CLI v1 with AWS_ENDPOINT_URL', () => {
    const r = awsCli(server, ['sts', 'get-caller-identity', '--output', 'json'], server.root, { AWS_ENDPOINT_URL: server.url });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Account, server.accountId);
  });

  test('the raw XML is AWS\'s', async () => {
    const r = await send(await signQuery(server.url, 'sts', GCI, server.root));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/xml/);
    assert.match(r.text, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.match(r.text, /<GetCallerIdentityResult><UserId>123456789012<\/UserId><Account>123456789012<\/Account><Arn>arn:aws:iam::123456789012:root<\/Arn><\/GetCallerIdentityResult>/);
    const rid = /<RequestId>([^<]+)<\/RequestId>/.exec(r.text)![1];
    assert.equal(r.headers.get('x-amzn-requestid'), rid);
  });

  test('GET with the query string works too (query protocol)', async () => {
    // A GET signs its query string.
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const u = new URL(server.url);
    const s = await new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: server.root, sha256: Sha256 }).sign({
      method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host: u.host },
    });
    const res = await fetch(`${server.url}/?Action=GetCallerIdentity&Version=2011-06-15`, { headers: s.headers as Record<string, string> });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<Arn>arn:aws:iam::123456789012:root<\/Arn>/);
  });
});

describe('authentication refusals', () => {
  test('wrong secret: SignatureDoesNotMatch 403 (SDK)', async () => {
    const sts = new STSClient(sdkConfig(server, { accessKeyId: server.root.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret00' }));
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'SignatureDoesNotMatch');
      assert.equal(e.$metadata?.httpStatusCode, 403);
      assert.match(e.message, /^The request signature we calculated does not match the signature you provided/);
      return true;
    });
  });

  test('wrong secret: the CLI prints AWS\'s error and exits 255', () => {
    const r = awsCli(server, ['sts', 'get-caller-identity', '--endpoint-url', server.url], { accessKeyId: server.root.accessKeyId, secretAccessKey: 'nope' });
    assert.equal(r.status, 255);
    assert.match(r.stderr, /An error occurred \(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation: The request signature we calculated/);
  });

  test('unknown key: InvalidClientTokenId 403 (boto3)', () => {
    const r = python(server, `
import boto3, json, os, botocore
sts = boto3.client('sts', endpoint_url=os.environ['ENDPOINT'])
try:
    sts.get_caller_identity(); print('{}')
except botocore.exceptions.ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'message': e.response['Error']['Message']}))
`, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
  });

  test('a request dated 20 minutes ago is refused', async () => {
    const r = await send(await signQuery(server.url, 'sts', GCI, server.root, { date: new Date(Date.now() - 20 * 60_000) }));
    assert.equal(r.status, 403);
    const e = queryError(r.text);
    assert.equal(e.type, 'Sender');
    assert.equal(e.code, 'SignatureDoesNotMatch');
    assert.match(e.message!, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  test('the SDK with its clock 20 minutes behind is refused', async () => {
    const sts = new STSClient({ ...sdkConfig(server), systemClockOffset: -20 * 60_000 });
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch' });
  });

  test('a body changed after signing is refused', async () => {
    const signed = await signQuery(server.url, 'sts', GCI, server.root);
    const r = await send({ ...signed, body: GCI + '&Extra=1' });
    assert.equal(r.status, 403);
    assert.equal(queryError(r.text).code, 'SignatureDoesNotMatch');
  });

  test('a signed header changed after signing is refused', async () => {
    const signed = await signQuery(server.url, 'sts', GCI, server.root);
    const headers = { ...signed.headers };
    const name = Object.keys(headers).find((h) => h.toLowerCase() === 'x-amz-date')!;
    headers[name] = headers[name]!.replace(/\d(Z)$/, (_m, z) => `${(Number(headers[name]!.at(-2)) + 1) % 10}${z}`);
    const r = await send({ ...signed, headers });
    assert.equal(r.status, 403);
    assert.equal(queryError(r.text).code, 'SignatureDoesNotMatch');
  });

  test('a changed signature is refused', async () => {
    const signed = await signQuery(server.url, 'sts', GCI, server.root);
    const headers = { ...signed.headers };
    headers.authorization = headers.authorization!.replace(/Signature=([0-9a-f])/, (_m, c) => `Signature=${c === '0' ? '1' : '0'}`);
    const r = await send({ ...signed, headers });
    assert.equal(r.status, 403);
    assert.equal(queryError(r.text).code, 'SignatureDoesNotMatch');
  });

  test('no signature: MissingAuthenticationToken 403', async () => {
    const r = await send({ method: 'POST', url: server.url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: GCI });
    assert.equal(r.status, 403);
    const e = queryError(r.text);
    assert.equal(e.code, 'MissingAuthenticationToken');
    assert.match(r.text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.equal(r.headers.get('x-amzn-requestid'), e.requestId);
  });

  test('an Authorization header missing parts: IncompleteSignature 403', async () => {
    const r = await send({
      method: 'POST', url: server.url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAX/20261125/us-east-1/sts/aws4_request', 'x-amz-date': '20261125T000000Z' },
      body: GCI,
    });
    assert.equal(r.status, 403);
    assert.equal(queryError(r.text).code, 'IncompleteSignature');
  });
});

describe('the pipeline', () => {
  test('an unknown action is InvalidAction 400', async () => {
    const r = await send(await signQuery(server.url, 'sts', 'Action=NoSuchThing&Version=2011-06-15', server.root));
    assert.equal(r.status, 400);
    assert.equal(queryError(r.text).code, 'InvalidAction');
  });

  test('IAM requests are routed by the credential scope and answered in IAM\'s namespace', async () => {
    const r = await send(await signQuery(server.url, 'iam', 'Action=NoSuchThing&Version=2010-05-08', server.root));
    assert.equal(r.status, 400);
    assert.match(r.text, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
  });

  test('GET /_health answers JSON', async () => {
    const res = await fetch(`${server.url}/_health`);
    assert.equal(res.status, 200);
    const j = (await res.json()) as Record<string, unknown>;
    assert.equal(j.status, 'ok');
    assert.equal(j.store, 'sqlite');
    assert.equal(typeof j.version, 'string');
    assert.equal(typeof j.uptimeSeconds, 'number');
  });

  test('GET /_metrics counts requests and authentication failures', async () => {
    const res = await fetch(`${server.url}/_metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /tessera_requests_total\{service="sts",operation="GetCallerIdentity",status="200"\} \d+/);
    assert.match(text, /tessera_requests_total\{service="sts",operation="GetCallerIdentity",status="403"\} \d+/);
    assert.match(text, /tessera_auth_failures_total\{reason="SignatureDoesNotMatch"\} \d+/);
    assert.match(text, /tessera_auth_failures_total\{reason="InvalidClientTokenId"\} \d+/);
    assert.match(text, /tessera_request_duration_seconds_bucket\{service="sts",operation="GetCallerIdentity",le="\+Inf"\} \d+/);
  });

  test('one JSON log line per request, with no secret, token or signature', async () => {
    await send(await signQuery(server.url, 'sts', GCI, { ...server.root, sessionToken: 'FAKE-SESSION-TOKEN-VALUE' }));
    await new Promise((r) => setTimeout(r, 100));
    const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
    assert.ok(lines.length >= 10);
    for (const l of lines) {
      const j = JSON.parse(l) as Record<string, unknown>;
      assert.ok(j.requestId, l);
    }
    const ok = lines.map((l) => JSON.parse(l)).find((j) => j.operation === 'GetCallerIdentity' && j.status === 200);
    assert.equal(ok.caller, `arn:aws:iam::${server.accountId}:root`);
    assert.equal(ok.service, 'sts');
    assert.equal(typeof ok.durationMs, 'number');
    assert.equal(ok.decision, 'NotRequired');
    const all = server.output();
    assert.ok(!all.includes(server.root.secretAccessKey), 'secret in log');
    assert.ok(!all.includes('FAKE-SESSION-TOKEN-VALUE'), 'token in log');
    assert.ok(!/Signature=[0-9a-f]{64}/.test(all), 'signature in log');
  });
});

describe('lifecycle', () => {
  test('SIGTERM finishes in-flight requests and exits 0', async () => {
    const s = await startServer();
    const signed = await signQuery(s.url, 'sts', GCI, s.root);
    // Send the headers and half of the body, so the request is in flight when the signal arrives.
    const { request } = await import('node:http');
    const u = new URL(s.url);
    const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { ...signed.headers, 'content-length': String(GCI.length) } });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
    });
    req.write(GCI.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    const exited = s.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s.child.exitCode, null, 'the server waits for the in-flight request');
    req.end(GCI.slice(10));
    const r = await answered;
    assert.equal(r.status, 200);
    assert.match(r.body, /<Arn>arn:aws:iam::123456789012:root<\/Arn>/);
    assert.equal(await exited, 0);
  });
});
