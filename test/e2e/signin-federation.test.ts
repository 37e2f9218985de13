/**
 * The sign-in federation endpoint against a real server: getSigninToken from role credentials (AWS SDK for
 * JS v3 for the setup), login into a console session, and every refusal: a used or expired SigninToken,
 * long-term keys or a wrong secret in Session, GetSessionToken credentials, SessionDuration out of range,
 * open-redirect Destinations, a bad Issuer, a tampered cookie, a logged-out session, a missing CSRF header.
 * The console has its own origin: login on the API origin is a 302 to the same login on the console's,
 * which sets the cookie there; console API calls carry the session's token from index.html.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { adminWithKey } from '../helpers/iam.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let later: TestServer; // same data directory, clock 16 minutes ahead
let dataDir: string;
let admin: Creds;
let role: Creds;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-signin-'));
  const root = { accessKeyId: 'AKIASIGNINROOT000001', secretAccessKey: 'signinRootSecret/abcdefghijklmnopqrstuvw' };
  server = await startServer({ dataDir, root, args: ['--log', 'off'] });
  const iam = new IAMClient(sdkConfig(server));
  admin = await adminWithKey(iam, 'broker');
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'console-reader',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/broker` }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'console-reader', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  const sts = new STSClient(sdkConfig(server, admin));
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/console-reader`, RoleSessionName: 'refusals' }))).Credentials!;
  role = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  later = await startServer({ dataDir, root, args: ['--log', 'off', '--unsafe-clock-offset', String(16 * 60)] });
});

after(async () => {
  await later?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const sessionParam = (c: Creds) => JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });

async function getSigninToken(s: TestServer, session: string, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({ Action: 'getSigninToken', Session: session, ...extra });
  const r = await fetch(`${s.url}/_signin/federation?${q}`);
  return { status: r.status, text: await r.text() };
}

async function token(extra: Record<string, string> = {}): Promise<string> {
  const r = await getSigninToken(server, sessionParam(role), extra);
  assert.equal(r.status, 200, r.text);
  return (JSON.parse(r.text) as { SigninToken: string }).SigninToken;
}

/**
 * Action=login as a browser follows it: on the API origin (never a cookie there), then, when that is the 302
 * to the console's origin, the same login there.
 */
async function login(s: TestServer, signinToken: string, destination = 'https://console.aws.amazon.com/', issuer = 'https://idp.example.com/portal') {
  const q = new URLSearchParams({ Action: 'login', Issuer: issuer, Destination: destination, SigninToken: signinToken });
  let r = await fetch(`${s.url}/_signin/federation?${q}`, { redirect: 'manual' });
  const hop = r.headers.get('location');
  if (r.status === 302) {
    assert.equal(r.headers.get('set-cookie'), null, 'the API origin sets no cookie');
    assert.ok(hop!.startsWith(`${s.consoleUrl}/_signin/federation?`), hop!);
    await r.arrayBuffer();
    r = await fetch(hop!, { redirect: 'manual' });
  }
  return { status: r.status, location: r.headers.get('location'), cookie: r.headers.get('set-cookie'), text: await r.text(), hop };
}

/** The session's anti-CSRF token, as the console page gets it (index.html's meta tag). */
async function csrfOf(s: TestServer, cookie: string): Promise<string> {
  const page = await fetch(`${s.consoleUrl}/_console/`, { headers: { cookie }, redirect: 'manual' });
  assert.equal(page.status, 200);
  const m = /<meta name="tessera-csrf" content="([A-Za-z0-9_-]{43})">/.exec(await page.text());
  assert.ok(m, 'index.html carries the token');
  return m[1]!;
}

/** A console API call on the console's origin, with the custom header and the session's token. */
async function api(s: TestServer, path: string, cookie?: string, headers?: Record<string, string>) {
  const h = headers ?? { 'x-tessera-console': '1', ...(cookie ? { 'x-tessera-csrf': await csrfOf(server, cookie) } : {}) };
  return fetch(`${s.consoleUrl}${path}`, { headers: { ...h, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
}

describe('getSigninToken and login', () => {
  test('role credentials → SigninToken → console session cookie and a redirect to the console', async () => {
    const t = await token({ SessionDuration: '900' });
    const r = await login(server, t);
    assert.equal(r.status, 302, r.text);
    assert.equal(r.location, '/_console/');
    const hop = new URL(r.hop!);
    assert.deepEqual(
      [...hop.searchParams.entries()].sort(),
      [['Action', 'login'], ['Destination', '/_console/'], ['Issuer', 'https://idp.example.com/portal'], ['SigninToken', t]].sort(),
      'the same login on the console origin, the Destination as a console path',
    );
    assert.match(r.cookie!, /^tessera-console=[^;]+; Path=\/_console; HttpOnly; SameSite=Lax$/);
    const cookie = r.cookie!.split(';')[0]!;
    const who = await api(server, '/_console/api/session', cookie);
    assert.equal(who.status, 200);
    const body = (await who.json()) as { arn: string; expiresAt: number; serverTime: number; mfa: boolean; issuer: string };
    assert.equal(body.arn, `arn:aws:sts::${server.accountId}:assumed-role/console-reader/refusals`);
    assert.ok(Math.abs(body.expiresAt - body.serverTime - 900_000) < 5_000, 'SessionDuration=900 → a 15-minute console session');
    assert.equal(body.mfa, false);
    assert.equal(body.issuer, 'https://idp.example.com/portal');
  });

  test('POST works as GET does', async () => {
    const r = await fetch(`${server.url}/_signin/federation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Action: 'getSigninToken', Session: sessionParam(role) }).toString(),
    });
    assert.equal(r.status, 200);
    assert.ok((JSON.parse(await r.text()) as { SigninToken: string }).SigninToken.length > 100);
  });

  test('a console Destination on the API origin or the console origin is kept', async () => {
    const r = await login(server, await token(), `${server.url}/_console/#/s3`);
    assert.equal(r.status, 302, r.text);
    assert.equal(r.location, '/_console/');
    const c = await login(server, await token(), `${server.consoleUrl}/_console/?x=1`);
    assert.equal(c.status, 302, c.text + c.hop);
    assert.equal(c.location, '/_console/?x=1');
  });
});

describe('refusals', () => {
  test('a SigninToken is single use', async () => {
    const t = await token();
    assert.equal((await login(server, t)).status, 302);
    const again = await login(server, t);
    assert.equal(again.status, 403);
    assert.match(again.text, /already been used/);
    // ... also on another process sharing the store.
    const t2 = await token();
    assert.equal((await login(server, t2)).status, 302);
    assert.equal((await login(later, t2)).status, 403);
  });

  test('a SigninToken expires after 15 minutes', async () => {
    const r = await login(later, await token());
    assert.equal(r.status, 403);
    assert.match(r.text, /expired/);
  });

  test('an altered SigninToken is refused', async () => {
    const t = await token();
    const altered = t.slice(0, -6) + (t.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    assert.equal((await login(server, altered)).status, 400);
  });

  test('long-term keys in Session are refused', async () => {
    const r = await getSigninToken(server, JSON.stringify({ sessionId: admin.accessKeyId, sessionKey: admin.secretAccessKey, sessionToken: '' }));
    assert.equal(r.status, 400);
    assert.match(r.text, /long-term access keys cannot/);
    const r2 = await getSigninToken(server, JSON.stringify({ sessionId: admin.accessKeyId, sessionKey: admin.secretAccessKey, sessionToken: role.sessionToken }));
    assert.equal(r2.status, 400);
  });

  test('a wrong secret, or a token that is not the key id\'s, is refused', async () => {
    // (The altered character differs from the original whatever it was.)
    const alter = (text: string, n: number) => text.slice(0, -n) + (text.endsWith('x'.repeat(n)) ? 'y' : 'x').repeat(n);
    assert.equal((await getSigninToken(server, sessionParam({ ...role, secretAccessKey: alter(role.secretAccessKey, 1) }))).status, 400);
    assert.equal((await getSigninToken(server, sessionParam({ ...role, sessionToken: alter(role.sessionToken!, 2) }))).status, 400);
  });

  test('GetSessionToken credentials cannot sign in to the console', async () => {
    const c = (await new STSClient(sdkConfig(server, admin)).send(new GetSessionTokenCommand({}))).Credentials!;
    const r = await getSigninToken(server, sessionParam({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
    assert.equal(r.status, 400);
    assert.match(r.text, /GetSessionToken/);
  });

  test('SessionDuration outside 900–43,200 is refused', async () => {
    for (const d of ['899', '43201', 'abc', '-900']) assert.equal((await getSigninToken(server, sessionParam(role), { SessionDuration: d })).status, 400, d);
    assert.equal((await getSigninToken(server, sessionParam(role), { SessionDuration: '43200' })).status, 200);
  });

  test('open-redirect Destinations are refused (and do not spend the token)', async () => {
    const t = await token();
    const port = new URL(server.url).port;
    const elsewhere = [1, 2, 3].map((d) => Number(port) + d).find((p) => String(p) !== new URL(server.consoleUrl).port);
    for (const d of [
      'https://evil.example/_console/',
      '//evil.example/_console/',
      `http://127.0.0.1:${elsewhere}/_console/`,
      `http://localhost:${port}/_console/`,
      '/_console/../evil',
      '/_console/%2e%2e/x',
      '/elsewhere',
      'javascript:alert(1)',
      '/\\evil.example/_console/',
      'https://console.aws.amazon.com.evil.example/',
      '/_console/api/session',
    ]) {
      const r = await login(server, t, d);
      assert.equal(r.status, 400, `${d} → ${r.status} ${r.location ?? ''}`);
      assert.equal(r.location, null);
    }
    assert.equal((await login(server, t)).status, 302, 'the token was not spent by refused Destinations');
  });

  test('an Issuer that is not an http(s) URL is refused', async () => {
    for (const i of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org/']) assert.equal((await login(server, await token(), undefined, i)).status, 400, i);
  });

  test('a tampered cookie is refused: the page goes to sign-in, the API answers 401', async () => {
    const cookie = (await login(server, await token())).cookie!.split(';')[0]!;
    const value = cookie.slice('tessera-console='.length);
    const tampered = `tessera-console=${value.slice(0, -4)}${value.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const page = await api(server, '/_console/', tampered, {});
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/_console/signin');
    assert.equal((await api(server, '/_console/api/session', tampered, { 'x-tessera-console': '1' })).status, 401);
    assert.equal((await api(server, '/_console/api/session', cookie)).status, 200, 'the genuine cookie still works');
  });

  test('console API calls need the x-tessera-console header and the session\'s x-tessera-csrf token', async () => {
    const cookie = (await login(server, await token())).cookie!.split(';')[0]!;
    const csrf = await csrfOf(server, cookie);
    assert.equal((await api(server, '/_console/api/session', cookie, {})).status, 403);
    assert.equal((await api(server, '/_console/api/session', cookie, { 'x-tessera-console': '1' })).status, 403);
    assert.equal((await api(server, '/_console/api/session', cookie, { 'x-tessera-csrf': csrf })).status, 403);
    assert.equal((await api(server, '/_console/api/session', cookie, { 'x-tessera-console': '1', 'x-tessera-csrf': csrf })).status, 200);
    // Another session's token is not this session's.
    const other = (await login(server, await token())).cookie!.split(';')[0]!;
    assert.equal((await api(server, '/_console/api/session', cookie, { 'x-tessera-console': '1', 'x-tessera-csrf': await csrfOf(server, other) })).status, 403);
    // Another process sharing the store computes the same token.
    assert.equal((await api(later, '/_console/api/session', cookie, { 'x-tessera-console': '1', 'x-tessera-csrf': csrf })).status, 200);
  });

  test('logout ends the session on every process; the browser goes to the Issuer', async () => {
    const cookie = (await login(server, await token())).cookie!.split(';')[0]!;
    const out = await fetch(`${server.url}/_signin/federation?Action=logout`, { redirect: 'manual' });
    assert.equal(out.status, 302);
    assert.equal(out.headers.get('location'), `${server.consoleUrl}/_console/logout`);
    const end = await api(server, '/_console/logout', cookie, {});
    assert.equal(end.status, 302);
    assert.equal(end.headers.get('location'), 'https://idp.example.com/portal');
    assert.match(end.headers.get('set-cookie') ?? '', /Max-Age=0/);
    const after = await api(later, '/_console/api/session', cookie, { 'x-tessera-console': '1' });
    assert.equal(after.status, 401);
    assert.equal(((await after.json()) as { redirect: string }).redirect, 'https://idp.example.com/portal');
  });
});
