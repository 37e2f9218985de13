/**
 * Open redirects, header injection and cookie flags on the console's paths, over raw HTTP (no browser: the
 * Location and Set-Cookie headers are the assertions). Complements test/e2e/signin-federation.test.ts (the
 * federation login's Destination list, the Issuer's scheme, its cookie): here the password and root sign-in
 * cookies, logout with no/foreign/forged input, CR/LF in Issuer and Destination, and the headers that keep
 * the console's pages and the objects it shows from running in its origin.
 *
 * The console has its own listener and origin (server.consoleUrl): its pages, its API and the cookie-setting
 * federation login are called there; on the API origin (server.url) they are a 302 to the console origin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateLoginProfileCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { consoleCsrf } from './held-lib.js';
import { adminWithKey, credsOf, startIamServer } from '../helpers/iam.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'Cookie-Jar-Passw0rd!';
const COOKIE_FLAGS = /^tessera-console=[^;]+; Path=\/_console; HttpOnly; SameSite=Lax$/;
let server: TestServer;
let role: Creds;

before(async () => {
  const s = await startIamServer({ args: ['--log', 'off'] });
  server = s.server;
  const admin = await adminWithKey(s.iam, 'cookie-admin');
  await s.iam.send(new CreateLoginProfileCommand({ UserName: 'cookie-admin', Password: PASSWORD }));
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }] });
  const arn = (await s.iam.send(new CreateRoleCommand({ RoleName: 'cookie-role', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  role = credsOf(await new STSClient(sdkConfig(server, admin)).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'cookies' })));
  s.iam.destroy();
});
after(async () => {
  await server?.stop();
});

/** A GET on the console's origin (its pages, its API, its federation endpoint), redirects not followed. */
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.consoleUrl}${path}`, { headers, redirect: 'manual' });
/** The same on the API origin. */
const getOnApi = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

async function signin(fields: Record<string, string>) {
  return fetch(`${server.consoleUrl}/_console/api/signin`, {
    method: 'POST',
    headers: { 'x-tessera-console': '1', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

async function federationLogin(issuer: string, destination = '/_console/') {
  const session = JSON.stringify({ sessionId: role.accessKeyId, sessionKey: role.secretAccessKey, sessionToken: role.sessionToken });
  const t = await fetch(`${server.url}/_signin/federation?${new URLSearchParams({ Action: 'getSigninToken', Session: session })}`);
  const { SigninToken } = (await t.json()) as { SigninToken: string };
  // The login as an IdP sends it, to the API origin: refused there, or a 302 (no cookie, no CR/LF) to the same
  // login on the console's origin, whose answer (the cookie, the final Location) is returned.
  const first = await getOnApi(`/_signin/federation?${new URLSearchParams({ Action: 'login', Issuer: issuer, Destination: destination, SigninToken })}`);
  if (first.status !== 302) return first;
  const hop = first.headers.get('location')!;
  assert.doesNotMatch(hop, /[\r\n]/);
  assert.ok(hop.startsWith(`${server.consoleUrl}/_signin/federation?`), hop);
  assert.equal(first.headers.get('set-cookie'), null, 'the API origin sets no cookie');
  return fetch(hop, { redirect: 'manual' });
}

describe('cookie flags', () => {
  test('password sign-in (IAM user) and root sign-in: HttpOnly, SameSite=Lax, Path=/_console; no Secure on plain HTTP', async () => {
    const user = await signin({ kind: 'user', account: server.accountId, userName: 'cookie-admin', password: PASSWORD });
    assert.equal(user.status, 200, await user.text());
    assert.match(user.headers.get('set-cookie')!, COOKIE_FLAGS);
    const rootIn = await signin({ kind: 'root', accessKeyId: server.root.accessKeyId, secretAccessKey: server.root.secretAccessKey });
    assert.equal(rootIn.status, 200);
    assert.match(rootIn.headers.get('set-cookie')!, COOKIE_FLAGS);
  });

  test('a refused sign-in sets no cookie', async () => {
    const r = await signin({ kind: 'user', account: server.accountId, userName: 'cookie-admin', password: 'wrong-password' });
    assert.ok(r.status >= 400);
    assert.equal(r.headers.get('set-cookie'), null);
  });

  test('logout clears the cookie with the same attributes', async () => {
    const cookie = (await signin({ kind: 'root', accessKeyId: server.root.accessKeyId, secretAccessKey: server.root.secretAccessKey })).headers.get('set-cookie')!.split(';')[0]!;
    const session = { cookie, 'x-tessera-console': '1', 'x-tessera-csrf': await consoleCsrf(server, cookie) };
    assert.equal((await get('/_console/api/session', session)).status, 200, 'the session is on');
    const out = await get('/_console/logout', { cookie });
    assert.equal(out.status, 302);
    assert.match(out.headers.get('set-cookie')!, /^tessera-console=; Path=\/_console; HttpOnly; SameSite=Lax; Max-Age=0$/);
    assert.equal((await get('/_console/api/session', session)).status, 401, 'the session is over');
  });
});

describe('redirects stay home unless the session itself names its Issuer', () => {
  const foreign = 'https://evil.example/';

  test('logout without a session, with a forged cookie, or with redirect-looking parameters: the local sign-in page', async () => {
    for (const [path, cookie] of [
      ['/_console/logout', ''],
      [`/_console/logout?redirect=${encodeURIComponent(foreign)}&Destination=${encodeURIComponent(foreign)}&Issuer=${encodeURIComponent(foreign)}`, ''],
      ['/_console/logout', 'tessera-console=k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ] as const) {
      const r = await get(path, cookie ? { cookie } : {});
      assert.equal(r.status, 302, path);
      assert.equal(r.headers.get('location'), '/_console/signin?loggedout=1', path);
      // On the API origin: the same path and query on the console's origin, nowhere else.
      const onApi = await getOnApi(path);
      assert.equal(onApi.status, 302, path);
      assert.equal(onApi.headers.get('location'), `${server.consoleUrl}${path}`, path);
    }
  });

  test('federation logout ignores a Destination; /_console and unauthenticated pages go to local paths', async () => {
    const logout = `/_signin/federation?Action=logout&Destination=${encodeURIComponent(foreign)}&Issuer=${encodeURIComponent(foreign)}`;
    const r = await get(logout);
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), '/_console/logout');
    const onApi = await getOnApi(logout);
    assert.equal(onApi.status, 302);
    assert.equal(onApi.headers.get('location'), `${server.consoleUrl}/_console/logout`, 'the console origin, not the Destination');
    assert.equal((await get('/_console')).headers.get('location'), '/_console/');
    assert.equal((await get(`/_console/?next=${encodeURIComponent('//evil.example/')}`)).headers.get('location'), '/_console/signin');
  });

  test('CR/LF in the Issuer cannot inject a header into the logout redirect', async () => {
    const login = await federationLogin('https://idp.example.test/back\r\nSet-Cookie: injected=1');
    if (login.status !== 302) return assert.equal(login.status, 400, 'refused outright');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const out = await get('/_console/logout', { cookie });
    assert.equal(out.status, 302);
    const location = out.headers.get('location')!;
    assert.doesNotMatch(location, /[\r\n]/);
    assert.ok(location.startsWith('https://idp.example.test/'), location);
    assert.doesNotMatch(out.headers.get('set-cookie') ?? '', /injected/);
  });

  test('CR/LF (raw or encoded) in the Destination: refused, or a local Location without them', async () => {
    for (const d of ['/_console/\r\nSet-Cookie: injected=1', '/_console/%0d%0aSet-Cookie:%20injected=1']) {
      const r = await federationLogin('https://idp.example.test/', d);
      assert.ok(r.status === 400 || r.status === 302, `${r.status}`);
      if (r.status === 302) {
        assert.doesNotMatch(r.headers.get('location')!, /[\r\n]/);
        assert.ok(r.headers.get('location')!.startsWith('/_console/'));
        assert.doesNotMatch(r.headers.get('set-cookie')!, /injected/);
      }
    }
  });
});

describe("headers that keep content out of the console's origin", () => {
  test('the sign-in page: CSP, X-Frame-Options DENY, nosniff, no referrer, no store', async () => {
    const r = await get('/_console/signin');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-security-policy')!, /default-src/);
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test('an HTML object downloaded through the console: a presigned attachment URL on the S3 origin; its bytes never come from the console origin', async () => {
    const body = '<script>alert(1)</script>';
    const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'console-objects' }));
    await s3.send(new PutObjectCommand({ Bucket: 'console-objects', Key: 'page.html', Body: body, ContentType: 'text/html' }));
    s3.destroy();
    const cookie = (await signin({ kind: 'root', accessKeyId: server.root.accessKeyId, secretAccessKey: server.root.secretAccessKey })).headers.get('set-cookie')!.split(';')[0]!;
    const session = { cookie, 'x-tessera-console': '1', 'x-tessera-csrf': await consoleCsrf(server, cookie) };

    // The console API no longer proxies an object's bytes: a GET of the object there is refused (400).
    const direct = await get('/_console/api/s3/console-objects/page.html', session);
    assert.equal(direct.status, 400);
    assert.doesNotMatch(await direct.text(), /<script>/);

    // The download call answers a presigned GET on the API (S3) origin that asks for an attachment.
    const r = await get('/_console/api/download/console-objects/page.html', session);
    assert.equal(r.status, 200);
    const { url } = (await r.json()) as { url: string };
    const u = new URL(url);
    assert.equal(u.origin, new URL(server.url).origin, 'the S3 origin');
    assert.notEqual(u.origin, new URL(server.consoleUrl).origin, 'not the console origin');
    assert.equal(u.pathname, '/console-objects/page.html');
    assert.match(u.searchParams.get('response-content-disposition')!, /^attachment(;|$)/);
    assert.ok(u.searchParams.get('X-Amz-Signature'), 'a SigV4 presigned URL');

    // S3 serves it as a download, not a page, with nosniff.
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-disposition'), "attachment; filename*=UTF-8''page.html");
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await got.text(), body);

    // The same URL, or the object's path, on the console origin: no object bytes there (the console listener serves no S3).
    for (const path of [`${u.pathname}${u.search}`, '/console-objects/page.html']) {
      const onConsole = await get(path);
      assert.equal(onConsole.status, 404, path);
      assert.doesNotMatch(await onConsole.text(), /<script>/, path);
    }
  });
});

describe('behind a TLS-terminating proxy', () => {
  test('with an https console URL the console cookie is Secure (the browser reached it over TLS)', async () => {
    const { createServer: netServer } = await import('node:net');
    const port = await new Promise<number>((r) => {
      const srv = netServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => r(p));
      });
    });
    const proxied = await startServer({ args: ['--console-port', String(port), '--console-url', 'https://console.example.test'] });
    try {
      const { request } = await import('node:http');
      const body = JSON.stringify({ kind: 'root', accessKeyId: proxied.root.accessKeyId, secretAccessKey: proxied.root.secretAccessKey });
      const answer = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, method: 'POST', path: '/_console/api/signin', headers: { host: 'console.example.test', 'content-type': 'application/json', 'x-tessera-console': '1', 'content-length': String(body.length) } },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie'] ?? '') });
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(answer.status, 200);
      assert.match(answer.cookie, /^tessera-console=[^;]+; Path=\/_console; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await proxied.stop();
    }
  });
});
