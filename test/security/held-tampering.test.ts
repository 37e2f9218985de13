/**
 * Signature and token tampering over the raw wire, against a real server: a bounded, evenly spread sample of
 * single-character changes to every credential-bearing value a client sends — the session token and the
 * SigV4 signature (query protocol and S3), each part of the Authorization header, a presigned URL's
 * parameters, a SigninToken and the console cookie — is refused with AWS's code, and the genuine value still
 * works afterwards (so the refusals are not an artefact of a broken set-up).
 * (test/e2e/sts-tokens.test.ts and foundation.test.ts hold the single-change cases; this file sweeps.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { adminWithKey, credsOf, startIamServer } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { queryError, send, signQuery } from '../helpers/sign.js';
import { codeOf, consoleCsrf, flipAt, presignS3, samplePositions, sendS3, signS3 } from './held-lib.js';

const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';
let server: TestServer;
let session: Creds; // GetSessionToken credentials of the root
let roleSession: Creds; // AssumeRole credentials (what getSigninToken accepts)

before(async () => {
  const started = await startIamServer({ args: ['--log', 'off'] });
  server = started.server;
  session = credsOf(await new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
  const admin = await adminWithKey(started.iam, 'tamper-admin');
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }] });
  const role = await started.iam.send(new CreateRoleCommand({ RoleName: 'tamper-role', AssumeRolePolicyDocument: trust }));
  roleSession = credsOf(await new STSClient(sdkConfig(server, admin)).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'tamper' })));
  const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'tamper' }));
  await s3.send(new PutObjectCommand({ Bucket: 'tamper', Key: 'k', Body: 'payload' }));
  s3.destroy();
  started.iam.destroy();
});
after(async () => {
  await server?.stop();
});

async function sts(creds: Creds, mutate?: (h: Record<string, string>) => void) {
  const req = await signQuery(server.url, 'sts', GCI, creds);
  if (mutate) mutate(req.headers);
  const r = await send(req);
  return { status: r.status, ...queryError(r.text) };
}

const authKey = (h: Record<string, string>) => Object.keys(h).find((k) => k.toLowerCase() === 'authorization')!;

describe('query protocol (STS)', () => {
  test('48 single-character changes spread over a session token: each InvalidClientTokenId 403', async () => {
    const t = session.sessionToken!;
    for (const i of samplePositions(t.length, 48)) {
      const r = await sts({ ...session, sessionToken: flipAt(t, i) });
      assert.equal(r.status, 403, `position ${i}`);
      assert.equal(r.code, 'InvalidClientTokenId', `position ${i}`);
      assert.equal(r.message, 'The security token included in the request is invalid.');
    }
    for (const bad of [t + 'A', t.slice(1), t.slice(0, t.length >> 1), `${t}${t}`, t.toLowerCase()]) {
      assert.equal((await sts({ ...session, sessionToken: bad })).code, 'InvalidClientTokenId');
    }
    assert.equal((await sts(session)).status, 200, 'the genuine token works');
  });

  test('every one of the 64 signature hex digits changed: SignatureDoesNotMatch 403', async () => {
    for (let i = 0; i < 64; i++) {
      const r = await sts(server.root, (h) => {
        const k = authKey(h);
        const at = h[k]!.indexOf('Signature=') + 'Signature='.length + i;
        const c = h[k]![at]!;
        h[k] = h[k]!.slice(0, at) + (c === '0' ? '1' : '0') + h[k]!.slice(at + 1);
      });
      assert.equal(r.status, 403, `digit ${i}`);
      assert.equal(r.code, 'SignatureDoesNotMatch', `digit ${i}`);
    }
  });

  test('each part of the Authorization header altered is refused with its code', async () => {
    const cases: Array<[string, (a: string) => string, string]> = [
      ['access key id', (a) => a.replace(/Credential=AKIA(.)/, (_m, c) => `Credential=AKIA${c === 'Z' ? 'Y' : 'Z'}`), 'InvalidClientTokenId'],
      ['scope date', (a) => a.replace(/\/(\d{8})\//, (_m, d: string) => `/${String(Number(d) - 1)}/`), 'SignatureDoesNotMatch'],
      ['scope region', (a) => a.replace('/us-east-1/', '/eu-west-1/'), 'SignatureDoesNotMatch'],
      ['signed headers (one dropped)', (a) => a.replace(/SignedHeaders=([^,]*)/, (_m, s: string) => `SignedHeaders=${s.split(';').filter((x) => x !== 'content-type').join(';')}`), 'SignatureDoesNotMatch'],
      ['signature truncated', (a) => a.slice(0, -1), 'SignatureDoesNotMatch'],
      ['algorithm', (a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'), 'IncompleteSignature'],
    ];
    for (const [name, alter, code] of cases) {
      const r = await sts(server.root, (h) => {
        const k = authKey(h);
        h[k] = alter(h[k]!);
      });
      assert.equal(r.status, 403, name);
      assert.equal(r.code, code, `${name}: ${r.code} ${r.message}`);
    }
  });
});

describe('S3 (raw SigV4)', () => {
  test('24 changes spread over the session token: InvalidToken 400; the genuine token lists', async () => {
    const t = session.sessionToken!;
    for (const i of samplePositions(t.length, 24)) {
      const r = await sendS3(await signS3(server, 'GET', '/tamper', { ...session, sessionToken: flipAt(t, i) }));
      assert.equal(r.status, 400, `position ${i}: ${r.text}`);
      assert.equal(r.code, 'InvalidToken');
    }
    assert.equal((await sendS3(await signS3(server, 'GET', '/tamper', session))).status, 200);
  });

  test('signature digits, the key id, the path and the payload hash altered after signing', async () => {
    const signed = await signS3(server, 'GET', '/tamper/k', server.root);
    const k = authKey(signed.headers);
    for (const i of samplePositions(64, 16)) {
      const a = signed.headers[k]!;
      const at = a.indexOf('Signature=') + 'Signature='.length + i;
      const r = await sendS3({ ...signed, headers: { ...signed.headers, [k]: a.slice(0, at) + (a[at] === '0' ? '1' : '0') + a.slice(at + 1) } });
      assert.equal(r.status, 403);
      assert.equal(r.code, 'SignatureDoesNotMatch');
    }
    const otherKey = signed.headers[k]!.replace(/Credential=AKIA(.)/, (_m, c) => `Credential=AKIA${c === 'Z' ? 'Y' : 'Z'}`);
    const r1 = await sendS3({ ...signed, headers: { ...signed.headers, [k]: otherKey } });
    assert.deepEqual([r1.status, r1.code], [403, 'InvalidAccessKeyId']);
    const r2 = await sendS3({ ...signed, url: signed.url.replace('/tamper/k', '/tamper/K') });
    assert.deepEqual([r2.status, r2.code], [403, 'SignatureDoesNotMatch']);
    const put = await signS3(server, 'PUT', '/tamper/put', server.root, { body: 'original' });
    const r3 = await sendS3({ ...put, body: Buffer.from('replaced') });
    assert.equal(r3.status, 400);
    assert.equal(r3.code, 'XAmzContentSHA256Mismatch');
    assert.equal((await sendS3(await signS3(server, 'GET', '/tamper/put', server.root))).status, 404, 'nothing was stored');
    assert.equal((await sendS3(signed)).status, 200, 'the genuine request works');
  });

  test('presigned URL: each query parameter altered is refused; the genuine URL works', async () => {
    const url = await presignS3(server, '/tamper/k', session);
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'payload');
    const u = new URL(url);
    const alter = (name: string, f: (v: string) => string) => {
      const c = new URL(u);
      c.searchParams.set(name, f(c.searchParams.get(name)!));
      return c.toString();
    };
    const cases: Array<[string, string, number, string]> = [
      ['signature', alter('X-Amz-Signature', (v) => flipAt(v, 10)), 403, 'SignatureDoesNotMatch'],
      ['expires lengthened', alter('X-Amz-Expires', () => '3600'), 403, 'SignatureDoesNotMatch'],
      ['date moved', alter('X-Amz-Date', (v) => v.replace(/(\d)Z$/, (_m, d) => `${(Number(d) + 1) % 10}Z`)), 403, 'SignatureDoesNotMatch'],
      ['key id', alter('X-Amz-Credential', (v) => flipAt(v, 6)), 400, 'InvalidToken'],
      ['token', alter('X-Amz-Security-Token', (v) => flipAt(v, v.length >> 1)), 400, 'InvalidToken'],
      ['path', url.replace('/tamper/k?', '/tamper/j?'), 403, 'SignatureDoesNotMatch'],
      ['extra signed-looking parameter', `${url}&X-Amz-SignedHeaders=host%3Brange`, 403, 'SignatureDoesNotMatch'],
    ];
    for (const [name, bad, status, code] of cases) {
      const r = await fetch(bad);
      const text = await r.text();
      assert.equal(r.status, status, `${name}: ${text}`);
      assert.equal(codeOf(text), code, name);
    }
  });
});

describe('sign-in federation', () => {
  const tokenFor = async (c: Creds) => {
    const q = new URLSearchParams({ Action: 'getSigninToken', Session: JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken }) });
    const r = await fetch(`${server.url}/_signin/federation?${q}`);
    assert.equal(r.status, 200);
    return ((await r.json()) as { SigninToken: string }).SigninToken;
  };
  // The login that redeems the token and sets the cookie is served on the console's own origin (on the API
  // origin it is only a 302 there).
  const login = (t: string) =>
    fetch(`${server.consoleUrl}/_signin/federation?${new URLSearchParams({ Action: 'login', Issuer: 'https://idp.example.test/', Destination: 'https://console.aws.amazon.com/', SigninToken: t })}`, {
      redirect: 'manual',
    });

  // The last base64url character of an unpadded value carries spare bits: a variant that only changes them
  // decodes to the same bytes, so the key ring accepts only the canonical spelling. The last position is
  // always among those tried.
  test('24 changes spread over a SigninToken, the last character included: no session (400, no cookie); the genuine token still logs in once', async () => {
    const t = await tokenFor(roleSession);
    for (const i of new Set([...samplePositions(t.length - 1, 23), t.length - 1])) {
      const r = await login(flipAt(t, i));
      assert.equal(r.status, 400, `position ${i}`);
      assert.equal(r.headers.get('set-cookie'), null);
    }
    assert.equal((await login(t)).status, 302);
    const variant = await login(flipAt(t, t.length - 1));
    assert.notEqual(variant.status, 302, 'a re-encoding of a spent token does not log in again');
    assert.equal(variant.headers.get('set-cookie'), null);
  });

  test('24 changes spread over the console cookie: 401 from the API; the genuine cookie works', async () => {
    const cookie = (await login(await tokenFor(roleSession))).headers.get('set-cookie')!.split(';')[0]!;
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
    // Every altered cookie carries the genuine session's anti-CSRF token: the cookie alone is what differs.
    const csrf = await consoleCsrf(server, cookie);
    const api = (c: string) => fetch(`${server.consoleUrl}/_console/api/session`, { headers: { cookie: c, 'x-tessera-console': '1', 'x-tessera-csrf': csrf } });
    for (const i of new Set([...samplePositions(value.length - 1, 23), value.length - 1])) {
      assert.equal((await api(`${name}=${flipAt(value, i)}`)).status, 401, `position ${i}`);
    }
    assert.equal((await api(cookie)).status, 200);
  });
});
