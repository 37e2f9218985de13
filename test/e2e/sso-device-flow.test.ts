/**
 * IAM Identity Center end to end: administration through boto3 (sso-admin, identitystore over awsJson1_1),
 * a password set with `tessera admin sso-user-password`, the OIDC device flow through boto3's sso-oidc
 * (restJson1, unsigned), the approval in headless Chromium on the console's page, the portal (sso) with the
 * bearer token, and the credentials it gives used with STS and S3 — plus the refusals: a code not yet
 * approved (authorization_pending, then slow_down), a denied one (access_denied), an expired one
 * (expired_token), a redeemed one and a spent refresh token (invalid_grant), a user without assignment (no
 * accounts, ForbiddenException), a wrong password on the page, MFA asked and checked, logout.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { python, sdkConfig } from '../helpers/clients.js';
import { advanceTestClock } from '../helpers/clock.js';
import { oathtoolCode } from '../helpers/iam.js';
import { repoRoot, startServer, tesseraBin, type TestServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(repoRoot, 'test-output', 'screenshots');
const SCRIPT = join(repoRoot, 'test', 'e2e', 'sso-device-flow.py');
const PASSWORD = 'Identity-Center-Pa55!';

let server: TestServer;
let dataDir: string;
let context: BrowserContext;
let page: Page;
let admin: Record<string, unknown>;
let carolSeed: string;

type State = Record<string, unknown>;

function step(name: string, state: State = {}, env: Record<string, string> = {}): State {
  const r = python(server, `import runpy, sys; sys.argv = ['x', ${JSON.stringify(name)}]; runpy.run_path(${JSON.stringify(SCRIPT)}, run_name='__main__')`, server.root, {
    STATE: JSON.stringify(state),
    ACCOUNT: server.accountId,
    ...env,
  });
  assert.equal(r.status, 0, `${name}: ${r.stderr}`);
  return JSON.parse(r.stdout) as State;
}

function setPassword(user: string, mfa = false): Record<string, string> {
  const args = [tesseraBin, 'admin', 'sso-user-password', '--data', dataDir, '--account-id', server.accountId, '--user', user, ...(mfa ? ['--mfa'] : [])];
  const r = spawnSync(process.execPath, args, { input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

/** The approval page, as a person uses it: the link the device printed, then the form. */
async function decide(uri: string, user: string, decision: 'approve' | 'deny', opts: { password?: string; mfa?: string; shot?: string } = {}): Promise<string> {
  const u = new URL(uri);
  // The MFA code goes into the form the page showed after the password (no reload).
  if (opts.mfa === undefined) await page.goto(`${server.consoleUrl}${u.pathname}${u.search}`);
  await page.fill('#userName', user);
  await page.fill('#password', opts.password ?? PASSWORD);
  if (opts.mfa !== undefined) await page.fill('#mfaCode', opts.mfa);
  await page.click(decision === 'approve' ? '#approve' : '#deny');
  await page.waitForSelector('#done:not(.hidden), #error:not(.hidden)');
  if (opts.shot) await page.screenshot({ path: join(SHOTS, `${opts.shot}.png`), fullPage: true });
  const done = await page.locator('#done').isVisible();
  return done ? await page.locator('#done').innerText() : `ERROR: ${await page.locator('#error').innerText()}`;
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
  assert.equal(spawnSync('which', ['oathtool']).status, 0, 'oathtool is required');
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-sso-'));
  server = await startServer({ dataDir, args: ['--log', 'off', '--test-clock'] });
  const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'sso-reports' }));
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 } });
  page = context.pages()[0] ?? (await context.newPage());
  admin = step('admin');
  setPassword('alice');
  setPassword('bob');
  carolSeed = setPassword('carol', true).Base32StringSeed!;
});

after(async () => {
  await context?.close().catch(() => undefined);
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('administration: permission set, group and user assignments; the role AWS would make, under /aws-reserved/sso.amazonaws.com/', () => {
  assert.match(String(admin.instance), /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
  assert.match(String(admin.store), /^d-[0-9a-f]{10}$/);
  assert.deepEqual(admin.statuses, ['SUCCEEDED', 'SUCCEEDED']);
  assert.deepEqual(admin.assignments, ['GROUP', 'USER']);
  assert.equal(admin.described, 'PT2H');
  assert.deepEqual(admin.listed, [admin.ps]);
  assert.deepEqual(admin.usersListed, ['alice', 'bob', 'carol']);
  assert.deepEqual(admin.duplicate, { code: 'ConflictException', status: 400, error: null, message: 'Duplicate UserName: ALICE' });
  assert.equal((admin.badInline as State).code, 'ValidationException');
  assert.equal((admin.otherInstance as State).code, 'ResourceNotFoundException');
  const role = admin.role as { name: string; path: string; max: number; trust: { Statement: Array<Record<string, unknown>> } };
  assert.match(role.name, /^AWSReservedSSO_S3Reader_[0-9a-f]{16}$/);
  assert.equal(role.path, '/aws-reserved/sso.amazonaws.com/');
  assert.equal(role.max, 7200);
  const st = role.trust.Statement[0]!;
  assert.deepEqual(st.Action, ['sts:AssumeRoleWithSAML', 'sts:TagSession']);
  assert.match(String((st.Principal as Record<string, string>).Federated), new RegExp(`^arn:aws:iam::${server.accountId}:saml-provider/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$`));
  assert.deepEqual(admin.roleManaged, ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
  assert.deepEqual(admin.roleInline, ['AwsSSOInlinePolicy']);
});

test('the device flow: pending, slow_down, approved in the browser, one token pair; refresh spends the refresh token; the portal gives the role credentials', async () => {
  const reg = step('register');
  assert.equal(reg.interval, 1);
  assert.equal(reg.expiresIn, 600);
  assert.match(String(reg.userCode), /^[B-Z]{4}-[B-Z]{4}$/);
  assert.equal(new URL(String(reg.uri)).pathname, '/_console/sso/device');
  assert.deepEqual(reg.badClient, { code: 'InvalidClientException', status: 401, error: 'invalid_client', message: 'Invalid client' });
  const pending = step('poll', reg, { TWICE: '1' });
  assert.deepEqual(pending.first, { code: 'AuthorizationPendingException', status: 400, error: 'authorization_pending', message: 'Authorization is still pending' });
  assert.equal((pending.second as State).code, 'SlowDownException');
  assert.equal((pending.second as State).error, 'slow_down');

  assert.match(await decide(String(reg.uri), 'alice', 'approve', { password: 'wrong-password' }), /^ERROR: Your user name, password or MFA code is incorrect\./);
  assert.match(await decide(String(reg.uri), 'alice', 'approve', { shot: 'sso-device-approved' }), /^Request approved\./);
  assert.match(await decide(String(reg.uri), 'alice', 'approve'), /^ERROR: This code is not valid, or it has expired or been used\./, 'a code is decided once');

  const tok = step('token', reg);
  assert.equal(tok.tokenType, 'Bearer');
  assert.equal(tok.expiresIn, 28800);
  assert.equal((tok.again as State).code, 'InvalidGrantException', 'a device code is redeemed once');
  assert.deepEqual(tok.refreshed, { access: true, refresh: true });
  assert.equal((tok.refreshAgain as State).code, 'InvalidGrantException', 'a refresh token is spent once');

  const portal = step('portal', tok, { LOGOUT: '1' });
  assert.deepEqual(portal.accounts, [server.accountId]);
  assert.deepEqual(portal.roles, ['S3Reader']);
  assert.match(String(portal.arn), new RegExp(`^arn:aws:sts::${server.accountId}:assumed-role/AWSReservedSSO_S3Reader_[0-9a-f]{16}/alice$`));
  assert.deepEqual(portal.buckets, ['sso-reports']);
  assert.equal((portal.put as State).code, 'AccessDenied', 'the permission set reads S3, nothing more');
  assert.ok(Math.abs(Number(portal.expiresInSeconds) - 7200) < 120, `PT2H: ${portal.expiresInSeconds}`);
  assert.deepEqual(portal.unknownRole, { code: 'ForbiddenException', status: 403, error: null, message: 'No access' });
  assert.deepEqual(portal.badToken, { code: 'UnauthorizedException', status: 401, error: null, message: 'Session token not found or invalid' });
  assert.equal((portal.afterLogout as State).code, 'UnauthorizedException');
});

test('refusals: a denied code is access_denied; a user without assignment sees no account; MFA is asked and checked', async () => {
  const denied = step('register');
  assert.match(await decide(String(denied.uri), 'alice', 'deny', { shot: 'sso-device-denied' }), /^Request denied\./);
  assert.deepEqual(step('poll', denied).first, { code: 'AccessDeniedException', status: 400, error: 'access_denied', message: 'The user denied the authorization request' });

  const bobs = step('register');
  assert.match(await decide(String(bobs.uri), 'bob', 'approve'), /^Request approved\./);
  const bob = step('portal', step('token', bobs));
  assert.deepEqual(bob.accounts, []);
  assert.equal((bob.unknownRole as State).code, 'ForbiddenException');

  const carols = step('register');
  assert.match(await decide(String(carols.uri), 'carol', 'approve'), /^ERROR: Enter the code of your MFA device\./);
  assert.ok(await page.locator('#mfaCode').isVisible(), 'the MFA field is shown');
  assert.match(await decide(String(carols.uri), 'carol', 'approve', { mfa: '000000' === oathtoolCode(carolSeed, 0) ? '111111' : '000000' }), /^ERROR: Your user name, password or MFA code is incorrect\./);
  assert.match(await decide(String(carols.uri), 'carol', 'approve', { mfa: oathtoolCode(carolSeed, 0), shot: 'sso-device-mfa' }), /^Request approved\./);
  assert.match(String(step('portal', step('token', carols)).arn), /assumed-role\/AWSReservedSSO_S3Reader_[0-9a-f]{16}\/carol$/);
});

test('expiry: an unapproved device code expires (expired_token); an access token expires (UnauthorizedException)', async () => {
  const late = step('register');
  const early = step('register');
  assert.match(await decide(String(early.uri), 'alice', 'approve'), /^Request approved\./);
  const tok = step('token', early);
  await advanceTestClock(server, 8 * 3600 + 60);
  assert.deepEqual(step('poll', late).first, { code: 'ExpiredTokenException', status: 400, error: 'expired_token', message: 'Device code has expired' });
  assert.deepEqual(step('expired', tok).list, { code: 'UnauthorizedException', status: 401, error: null, message: 'Session token not found or invalid' });
});

test('wire: unsigned requests are the portal\'s only with its bearer header, the OIDC endpoint\'s only with a JSON body; others stay S3\'s', async () => {
  const s3ish = await fetch(`${server.url}/assignment/accounts`);
  assert.equal(s3ish.status, 404);
  assert.match(await s3ish.text(), /<Code>NoSuchBucket<\/Code>/);
  const portal = await fetch(`${server.url}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': 'not-a-token' } });
  assert.equal(portal.status, 401);
  assert.equal(portal.headers.get('x-amzn-errortype'), 'UnauthorizedException');
  const oidc = await fetch(`${server.url}/client/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientName: 'x', clientType: 'confidential' }) });
  assert.equal(oidc.status, 400);
  assert.equal(oidc.headers.get('x-amzn-errortype'), 'InvalidClientMetadataException');
  assert.equal(((await oidc.json()) as { error: string }).error, 'invalid_client_metadata');
});
