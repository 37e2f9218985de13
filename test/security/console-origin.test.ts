/**
 * "One S3 object can take over a signed-in console user": the console lives on its own origin, so no S3
 * response is ever same-origin with it, and its API refuses requests without its anti-CSRF token or with a
 * foreign Origin / Sec-Fetch-Site.
 *
 *  1. Headless Chromium (Debian chromium, playwright-core): the IAM user `admin` (AdministratorAccess) signs
 *     in to the console; `mallory`, who may only s3:PutObject into shared/mallory/*, uploads an HTML page
 *     through the S3 API (AWS SDK for JS v3); the admin's browser opens presigned GETs of it (as stored, and
 *     a text/plain object with response-content-type=text/html). The page's script tries to make the console
 *     call CreateAccessKey for admin: fetch() with and without credentials, CORS and no-cors, on the console
 *     origin and on its own origin (where /_console/ used to be), and a form POST. No key is created
 *     (ListAccessKeys through the SDK), the page's origin is not the console's, and every attack request
 *     that reached the console API was answered 403.
 *  2. Raw HTTP: each guard alone (token, Origin, Sec-Fetch-Site), the console listener's 404 for S3/IAM/STS,
 *     the API listener's 302 for /_console/ and federation login (cookie set only on the console origin),
 *     downloads as presigned URLs on the S3 origin, and --console-port off.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand, AttachUserPolicyCommand, IAMClient, ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { chromium, type BrowserContext } from 'playwright-core';
import { doc } from '../helpers/aws-errors.js';
import { python, sdkConfig, type Creds } from '../helpers/clients.js';
import { userWithKey } from '../helpers/iam.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'Admin-Console-Pa55word!';
const BUCKET = 'shared';

let server: TestServer;
let iam: IAMClient;
let mallory: Creds;
const contexts: BrowserContext[] = [];
const profiles: string[] = [];

before(async () => {
  server = await startServer({ args: ['--log', 'json'] });
  iam = new IAMClient(sdkConfig(server));
  await iam.send(new CreateUserCommand({ UserName: 'admin' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: PASSWORD }));
  mallory = await userWithKey(iam, 'mallory', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/mallory/*` }]);
  await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
});

/** The attack: every way a page on the S3 origin might make the console call CreateAccessKey for admin. */
function attackPage(consoleOrigin: string): string {
  return `<!doctype html><meta charset="utf-8"><title>quarterly numbers</title>
<pre id="out"></pre><iframe name="sink"></iframe>
<script>
const CONSOLE = ${JSON.stringify(consoleOrigin)};
const body = JSON.stringify({ service: 'iam', params: { Action: 'CreateAccessKey', UserName: 'admin' } });
const results = [];
async function attempt(name, f) {
  try { const r = await f(); results.push([name, r.type + ':' + r.status]); }
  catch (e) { results.push([name, 'error:' + e.name]); }
}
async function formPost(action) {
  const form = document.createElement('form');
  form.method = 'POST'; form.action = action; form.enctype = 'text/plain'; form.target = 'sink';
  const input = document.createElement('input');
  input.name = body.slice(0, -1) + ',"x":"'; input.value = '"}';
  form.append(input); document.body.append(form);
  const frame = document.querySelector('iframe');
  await new Promise((loaded) => { frame.onload = loaded; form.submit(); });
  form.remove();
  results.push(['form ' + action, 'submitted']);
}
(async () => {
  for (const base of [CONSOLE, '']) {
    const where = base || 'own-origin';
    for (const credentials of ['include', 'omit']) {
      await attempt(where + ' cors ' + credentials, () => fetch(base + '/_console/api/query', { method: 'POST', credentials,
        headers: { 'content-type': 'application/json', 'x-tessera-console': '1', 'x-tessera-csrf': 'guessed' }, body }));
      await attempt(where + ' no-cors ' + credentials, () => fetch(base + '/_console/api/query', { method: 'POST', mode: 'no-cors', credentials,
        headers: { 'content-type': 'text/plain' }, body }));
    }
    await attempt(where + ' read index.html', () => fetch(base + '/_console/', { credentials: 'include' })
      .then(async (r) => ({ type: 'read', status: (await r.text()).includes('tessera-csrf') ? 'TOKEN-READ' : r.status })));
    await formPost(base + '/_console/api/query');
  }
  document.getElementById('out').textContent = JSON.stringify(results);
  window.attackDone = results;
})();
</script>`;
}

/** presigned GET URLs made by the admin's tooling (boto3), as the admin would be sent or open them. */
function presign(key: string, responseContentType?: string): string {
  const params = responseContentType ? `, 'ResponseContentType': ${JSON.stringify(responseContentType)}` : '';
  const r = python(
    server,
    `import boto3, os
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
print(s3.generate_presigned_url('get_object', Params={'Bucket': ${JSON.stringify(BUCKET)}, 'Key': ${JSON.stringify(key)}${params}}, ExpiresIn=600))`,
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

interface LogLine {
  method: string;
  operation: string;
  path: string;
  status: number;
  error?: string;
}
const logLines = (): LogLine[] =>
  server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    })
    .filter((l) => typeof l.path === 'string');

describe('an HTML object opened by a signed-in admin cannot act as the console', () => {
  test('stored text/html, and response-content-type=text/html: no access key is created', async () => {
    assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
    assert.ok(server.consoleUrl, 'the console has its own origin');
    const consoleOrigin = new URL(server.consoleUrl).origin;
    const apiOrigin = new URL(server.url).origin;
    assert.notEqual(consoleOrigin, apiOrigin);

    // mallory's uploads, through the S3 API with her own keys.
    const s3m = new S3Client({ ...sdkConfig(server, mallory), forcePathStyle: true });
    await s3m.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'mallory/report.html', Body: attackPage(consoleOrigin), ContentType: 'text/html' }));
    await s3m.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'mallory/notes.txt', Body: attackPage(consoleOrigin), ContentType: 'text/plain' }));

    // The admin signs in to the console.
    const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    contexts.push(context);
    const consolePage = context.pages()[0] ?? (await context.newPage());
    await consolePage.goto(`${server.consoleUrl}/_console/signin`);
    await consolePage.fill('#account', server.accountId);
    await consolePage.fill('#userName', 'admin');
    await consolePage.fill('#password', PASSWORD);
    await consolePage.click('#submit');
    await consolePage.getByTestId('arn').filter({ hasText: `arn:aws:iam::${server.accountId}:user/admin` }).waitFor();
    assert.deepEqual((await context.cookies()).map((c) => [c.name, c.domain, c.path, c.httpOnly]), [['tessera-console', '127.0.0.1', '/_console', true]]);

    // The signed-in page's own calls are logged once their responses finish, which may come after the
    // page has drawn the ARN: let them settle before counting, so only the attack's requests follow.
    await consolePage.waitForLoadState('networkidle');
    while (!logLines().some((l) => l.operation === 'Console:sts' && l.status === 200)) await new Promise((r) => setTimeout(r, 20));
    const before = logLines().length;
    for (const url of [presign('mallory/report.html'), presign('mallory/notes.txt', 'text/html')]) {
      const page = await context.newPage();
      await page.goto(url);
      // The attack page runs, on the S3 (API) origin: never the console's.
      assert.equal(new URL(page.url()).origin, apiOrigin);
      assert.notEqual(new URL(page.url()).origin, consoleOrigin);
      const handle = await page.waitForFunction(() => (window as unknown as { attackDone?: unknown }).attackDone);
      const results = new Map((await handle.jsonValue()) as [string, string][]);
      await page.close();
      // Cross-origin fetches that would need a preflight (the custom headers) never leave the browser.
      for (const where of [consoleOrigin, 'own-origin']) {
        for (const cred of ['include', 'omit']) assert.equal(results.get(`${where} cors ${cred}`), 'error:TypeError', `${where} cors ${cred}`);
        assert.notEqual(results.get(`${where} read index.html`), 'read:TOKEN-READ', 'the console page (and its token) cannot be read');
        assert.equal(results.get(`${where} no-cors include`), 'opaque:0');
      }
      assert.equal(results.get(`form ${consoleOrigin}/_console/api/query`), 'submitted');
    }

    // The requests that reached the console (no-cors fetches, form POSTs, the fetch of index.html) were all
    // refused there; on the API origin /_console/ was only ever a redirect to the console.
    const lines = logLines().slice(before).filter((l) => l.path.startsWith('/_console/'));
    const onConsole = lines.filter((l) => l.operation !== 'ToConsoleSite');
    const attacks = onConsole.filter((l) => l.path === '/_console/api/query');
    assert.ok(attacks.filter((l) => l.method === 'POST').length >= 4, `the no-cors and form POSTs reached the console: ${JSON.stringify(attacks)}`);
    assert.deepEqual([...new Set(onConsole.map((l) => `${l.status} ${l.error}`))], ['403 Forbidden'], JSON.stringify(onConsole));
    assert.ok(lines.some((l) => l.operation === 'ToConsoleSite'));
    for (const l of lines.filter((x) => x.operation === 'ToConsoleSite')) assert.equal(l.status, 302);

    // Nothing happened to admin: no access key.
    assert.deepEqual((await iam.send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata, []);
    // The admin's console session was live all along, and its own calls still work.
    await consolePage.click('a[data-nav="users"]');
    await consolePage.locator('table td a', { hasText: 'mallory' }).waitFor();
  });
});

/** A console session (cookie, token) for the account root, through the console's sign-in API. */
async function rootSession(): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${server.consoleUrl}/_console/api/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tessera-console': '1', origin: server.consoleUrl },
    body: JSON.stringify({ kind: 'root', accessKeyId: server.root.accessKeyId, secretAccessKey: server.root.secretAccessKey }),
  });
  assert.equal(r.status, 200, await r.text());
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  const page = await fetch(`${server.consoleUrl}/_console/`, { headers: { cookie } });
  const csrf = /<meta name="tessera-csrf" content="([A-Za-z0-9_-]+)">/.exec(await page.text())![1]!;
  return { cookie, csrf };
}

const listUsers = JSON.stringify({ service: 'iam', params: { Action: 'ListUsers' } });

describe('the console API guards (raw HTTP)', () => {
  test('token, Origin and Sec-Fetch-Site: each refusal alone is a 403 JSON error; all right is a 200', async () => {
    const { cookie, csrf } = await rootSession();
    const good = { cookie, 'content-type': 'application/json', 'x-tessera-console': '1', 'x-tessera-csrf': csrf, origin: server.consoleUrl, 'sec-fetch-site': 'same-origin' };
    const call = (headers: Record<string, string>) => fetch(`${server.consoleUrl}/_console/api/query`, { method: 'POST', headers, body: listUsers });
    const without = (name: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
    const cases: [string, Record<string, string>][] = [
      ['no token', without('x-tessera-csrf')],
      ['a wrong token', { ...good, 'x-tessera-csrf': csrf.slice(0, -2) + (csrf.endsWith('AA') ? 'BB' : 'AA') }],
      ['no x-tessera-console', without('x-tessera-console')],
      ['a foreign Origin (the API origin)', { ...good, origin: server.url }],
      ['a foreign Origin (elsewhere)', { ...good, origin: 'https://evil.example' }],
      ['Origin null', { ...good, origin: 'null' }],
      ['Sec-Fetch-Site cross-site', { ...good, 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site same-site', { ...good, 'sec-fetch-site': 'same-site' }],
    ];
    for (const [what, headers] of cases) {
      const r = await call(headers);
      assert.equal(r.status, 403, what);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/, what);
      assert.equal(((await r.json()) as { error: string }).error, 'Forbidden', what);
    }
    const ok = await call(good);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /<UserName>admin<\/UserName>/);
    // Without Origin and Sec-Fetch-Site (older browsers, same-origin GETs), the token is what counts.
    assert.equal((await call(without('origin'))).status, 200);
    // The sign-in API (no session yet) is guarded by Origin as well.
    const foreignSignin = await fetch(`${server.consoleUrl}/_console/api/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tessera-console': '1', origin: server.url },
      body: JSON.stringify({ kind: 'root', accessKeyId: server.root.accessKeyId, secretAccessKey: server.root.secretAccessKey }),
    });
    assert.equal(foreignSignin.status, 403);
    assert.equal(foreignSignin.headers.get('set-cookie'), null);
  });

  test('the console listener serves no S3, IAM or STS (404), only /_console/, /_signin/federation and /_health', async () => {
    const onConsole = { ...sdkConfig(server), endpoint: server.consoleUrl };
    const status = async (p: Promise<unknown>) => {
      try {
        await p;
        return 200;
      } catch (e) {
        return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      }
    };
    assert.equal(await status(new S3Client({ ...onConsole, forcePathStyle: true }).send(new ListBucketsCommand({}))), 404);
    assert.equal(await status(new S3Client({ ...onConsole, forcePathStyle: true }).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }))), 404);
    assert.equal(await status(new IAMClient(onConsole).send(new ListUsersCommand({}))), 404);
    assert.equal(await status(new STSClient(onConsole).send(new GetCallerIdentityCommand({}))), 404);
    for (const path of ['/', `/${BUCKET}/mallory/report.html`, '/_metrics', '/_consolex']) {
      assert.equal((await fetch(`${server.consoleUrl}${path}`)).status, 404, path);
    }
    // The same calls on the API endpoint work.
    assert.ok((await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets);
    assert.equal((await fetch(`${server.consoleUrl}/_health`)).status, 200);
    assert.equal((await fetch(`${server.consoleUrl}/_console/signin`)).status, 200);
  });

  test('on the API listener /_console/* is a 302 to the console origin, with no page and no cookie', async () => {
    const { cookie } = await rootSession();
    for (const path of ['/_console/', '/_console/signin', '/_console/assets/app.js', '/_console/api/session?x=1', '/_console']) {
      const r = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie, 'x-tessera-console': '1' } });
      assert.equal(r.status, 302, path);
      assert.equal(r.headers.get('location'), `${server.consoleUrl}${path}`, path);
      assert.equal(r.headers.get('set-cookie'), null, path);
      assert.equal((await r.arrayBuffer()).byteLength, 0, path);
    }
    const post = await fetch(`${server.url}/_console/api/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', 'x-tessera-console': '1' },
      body: JSON.stringify({ kind: 'root', accessKeyId: server.root.accessKeyId, secretAccessKey: server.root.secretAccessKey }),
    });
    assert.equal(post.status, 302);
    assert.equal(post.headers.get('set-cookie'), null, 'no sign-in on the API origin');
  });

  test('federation login on the API origin is a 302 to the console origin, which sets the cookie', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'console-viewer',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }),
      }),
    );
    const broker = await userWithKey(iam, 'broker', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    const c = (await new STSClient(sdkConfig(server, broker)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/console-viewer`, RoleSessionName: 'viewer' }))).Credentials!;
    const session = JSON.stringify({ sessionId: c.AccessKeyId, sessionKey: c.SecretAccessKey, sessionToken: c.SessionToken });
    const t = await fetch(`${server.url}/_signin/federation?${new URLSearchParams({ Action: 'getSigninToken', Session: session })}`);
    assert.equal(t.status, 200, 'getSigninToken still answers on the API origin');
    const { SigninToken } = (await t.json()) as { SigninToken: string };
    const q = new URLSearchParams({ Action: 'login', Destination: `${server.url}/_console/`, SigninToken });
    const first = await fetch(`${server.url}/_signin/federation?${q}`, { redirect: 'manual' });
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('set-cookie'), null);
    const hop = new URL(first.headers.get('location')!);
    assert.equal(hop.origin, new URL(server.consoleUrl).origin);
    assert.equal(hop.pathname, '/_signin/federation');
    const second = await fetch(hop, { redirect: 'manual' });
    assert.equal(second.status, 302);
    assert.equal(second.headers.get('location'), '/_console/');
    assert.match(second.headers.get('set-cookie') ?? '', /^tessera-console=[^;]+; Path=\/_console; HttpOnly; SameSite=Lax$/);
  });

  test('downloads: a presigned attachment URL on the S3 origin; object bytes never come from the console origin', async () => {
    await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/a page.html', Body: '<script>1</script>', ContentType: 'text/html' }));
    const { cookie, csrf } = await rootSession();
    const headers = { cookie, 'x-tessera-console': '1', 'x-tessera-csrf': csrf };
    const direct = await fetch(`${server.consoleUrl}/_console/api/s3/${BUCKET}/docs/a%20page.html`, { headers });
    assert.equal(direct.status, 400);
    assert.doesNotMatch(await direct.text(), /<script>/);
    const r = await fetch(`${server.consoleUrl}/_console/api/download/${BUCKET}/docs/a%20page.html`, { headers });
    assert.equal(r.status, 200);
    const { url, expiresIn } = (await r.json()) as { url: string; expiresIn: number };
    assert.equal(expiresIn, 60);
    const u = new URL(url);
    assert.equal(u.origin, new URL(server.url).origin);
    assert.equal(u.pathname, `/${BUCKET}/docs/a%20page.html`);
    assert.equal(u.searchParams.get('X-Amz-Expires'), '60');
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-disposition'), "attachment; filename*=UTF-8''a%20page.html");
    assert.equal(await got.text(), '<script>1</script>');
    // Denials come back as S3 words them, with no URL.
    const missing = await fetch(`${server.consoleUrl}/_console/api/download/${BUCKET}/docs/none`, { headers });
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /<Code>NoSuchKey<\/Code>/);
  });

  test('--console-port off: no console listener; /_console/ on the API answers 404', async () => {
    const off = await startServer({ args: ['--log', 'off', '--console-port', 'off'] });
    try {
      assert.equal(off.consoleUrl, '');
      assert.doesNotMatch(off.output(), /Tessera console on/);
      const r = await fetch(`${off.url}/_console/`, { redirect: 'manual' });
      assert.equal(r.status, 404);
    } finally {
      await off.stop();
    }
  });
});
