/**
 * Roles through the client against a real server: one MFA prompt (answered on a pseudo-terminal) for two
 * MFA-protected roles assumed in a row, the role-chaining warning before the hop (and the hour asked for
 * instead of a refusal), an ad-hoc role ARN, `exec --ecs-server` consumed by the JS SDK's default chain
 * (its container provider), and `tessera console` URLs opened in headless Chromium: the role's console,
 * and long-term keys through GetFederationToken; an MFA session is refused before asking (253).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { chromium, type BrowserContext } from 'playwright-core';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { sandbox, tessera, totp, underPty, type Sandbox } from './client-helpers.js';

const doc = (s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });
const CHROMIUM = '/usr/bin/chromium';

let server: TestServer;
let sb: Sandbox;
let seed: string;
let serial: string;
let acct: string;
const contexts: BrowserContext[] = [];
const profiles: string[] = [];
let configText = '';

before(async () => {
  server = await startServer({ args: ['--log', 'off'] });
  acct = server.accountId;
  const iam = new IAMClient(sdkConfig(server));
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'assume', PolicyDocument: doc([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:GetFederationToken', 's3:ListAllMyBuckets'], Resource: '*' }]) }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  const d = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }));
  seed = Buffer.from(d.VirtualMFADevice!.Base32StringSeed!).toString('utf8');
  serial = d.VirtualMFADevice!.SerialNumber!;
  await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: totp(seed, -30), AuthenticationCode2: totp(seed, 0) }));
  const alice = `arn:aws:iam::${acct}:user/alice`;
  const mfaTrust = (extra: object = {}) => doc([{ Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, ...extra } }]);
  await iam.send(new CreateRoleCommand({ RoleName: 'ReadOnly', AssumeRolePolicyDocument: mfaTrust(), MaxSessionDuration: 7200 }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ReadOnly', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'ReadOnly', PolicyName: 'chain', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${acct}:role/Deep` }]) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'Auditor', AssumeRolePolicyDocument: mfaTrust({ StringEquals: { 'sts:ExternalId': 'ext-123' } }) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'Deep', AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:role/ReadOnly` }, Action: 'sts:AssumeRole' }]), MaxSessionDuration: 14_400 }));
  await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'client-roles-bucket' }));
  sb = sandbox();
  sb.credentials(`[alice]\naws_access_key_id = ${k.AccessKey!.AccessKeyId}\naws_secret_access_key = ${k.AccessKey!.SecretAccessKey}\n`);
  sb.config(
    [
      '# comments and order are the user\'s',
      '[profile alice]',
      'region = us-west-2',
      `endpoint_url = ${server.url}`,
      `mfa_serial = ${serial}`,
      '[profile alice-keys]',
      `aws_access_key_id = ${k.AccessKey!.AccessKeyId}`,
      `aws_secret_access_key = ${k.AccessKey!.SecretAccessKey}`,
      `endpoint_url = ${server.url}`,
      '[profile ro]',
      `role_arn = arn:aws:iam::${acct}:role/ReadOnly`,
      'source_profile = alice',
      'role_session_name = alice-ro',
      'duration_seconds = 7200',
      '[profile audit]',
      `role_arn = arn:aws:iam::${acct}:role/Auditor`,
      'source_profile = alice',
      'external_id = ext-123',
      '[profile deep]',
      `role_arn = arn:aws:iam::${acct}:role/Deep`,
      'source_profile = ro',
      'duration_seconds = 7200',
      '',
    ].join('\n'),
  );
  configText = readFileSync(sb.env.AWS_CONFIG_FILE!, 'utf8');
});

after(async () => {
  // Nothing rewrote the user's files: same bytes, comments and order included.
  assert.equal(readFileSync(sb.env.AWS_CONFIG_FILE!, 'utf8'), configText);
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
  sb?.remove();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
});

async function identity(profile: string) {
  const cp = JSON.parse((await tessera(sb, ['credential-process', profile])).stdout);
  const who = await new STSClient({ ...sdkConfig(server), credentials: { accessKeyId: cp.AccessKeyId, secretAccessKey: cp.SecretAccessKey, sessionToken: cp.SessionToken } }).send(new GetCallerIdentityCommand({}));
  return { arn: who.Arn!, seconds: (Date.parse(cp.Expiration) - Date.now()) / 1000 };
}

describe('roles', () => {
  test('two MFA-protected roles in a row: ONE MFA prompt on the terminal', async () => {
    const first = await underPty(sb, ['assume', 'ro'], 'MFA code for', totp(seed, 30));
    assert.equal(first.status, 0, first.output);
    assert.equal(first.prompts, 1, first.output);
    assert.match(first.output, new RegExp(`MFA code for ${serial.replace(/[/]/g, '\\/')}: `));
    assert.match(first.output, /export AWS_ACCESS_KEY_ID='ASIA/);
    const second = await underPty(sb, ['assume', 'audit'], 'MFA code for', '000000');
    assert.equal(second.status, 0, second.output);
    assert.equal(second.prompts, 0, second.output);
    const ro = await identity('ro');
    assert.equal(ro.arn, `arn:aws:sts::${acct}:assumed-role/ReadOnly/alice-ro`);
    assert.ok(ro.seconds > 7000 && ro.seconds <= 7201, `duration_seconds 7200 honoured: ${ro.seconds}`);
    assert.match((await identity('audit')).arn, /assumed-role\/Auditor\/tessera-\d+$/);
    const who = JSON.parse((await tessera(sb, ['whoami', 'ro'])).stdout);
    assert.equal(who.MfaAuthenticated, true);
    assert.equal(who.CredentialType, 'role');
  });

  test('a role ARN from a profile: the cached MFA session again, no prompt', async () => {
    const r = await tessera(sb, ['assume', `arn:aws:iam::${acct}:role/Auditor`, '--profile', 'alice', '--external-id', 'ext-123', '--role-session-name', 'adhoc', '--format', 'process']);
    assert.equal(r.status, 0, r.stderr);
    const c = JSON.parse(r.stdout);
    const who = await new STSClient({ ...sdkConfig(server), credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${acct}:assumed-role/Auditor/adhoc`);
    const noRole = await tessera(sb, ['assume', 'alice']);
    assert.equal(noRole.status, 253);
    assert.match(noRole.stderr, /profile alice has no role_arn/);
    const missing = await tessera(sb, ['assume', 'nope']);
    assert.equal(missing.status, 253);
    assert.match(missing.stderr, /The config profile \(nope\) could not be found/);
  });

  test('role chaining: warned before the hop, capped at one hour instead of refused', async () => {
    const r = await tessera(sb, ['assume', 'deep']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /role chaining: AWS caps a chained role session at one hour/);
    assert.match(r.stderr, /the 7200 s asked for is lowered to 3600 s/);
    assert.match(r.stderr, /with the credentials of role session arn:aws:iam::\d+:role\/ReadOnly \(profile ro\)/);
    assert.doesNotMatch(r.stderr, /ASIA|SecretAccessKey/);
    const deep = await identity('deep');
    assert.match(deep.arn, /assumed-role\/Deep\//);
    assert.ok(deep.seconds <= 3601 && deep.seconds > 3500, String(deep.seconds));
    const who = JSON.parse((await tessera(sb, ['whoami', 'deep'])).stdout);
    assert.equal(who.RoleChained, true);
  });

  test('exec --ecs-server: the JS SDK default chain gets the role from the container endpoint', async () => {
    const js = `
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
const out = { url, keyInEnv: 'AWS_ACCESS_KEY_ID' in process.env };
out.noToken = (await fetch(url)).status;
out.wrongToken = (await fetch(url, { headers: { Authorization: 'nope' } })).status;
const body = await (await fetch(url, { headers: { Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })).json();
out.fields = Object.keys(body).sort();
const sts = new STSClient({});
out.arn = (await sts.send(new GetCallerIdentityCommand({}))).Arn;
const creds = await sts.config.credentials();
out.expiration = creds.expiration?.toISOString();
console.log(JSON.stringify(out));`;
    const r = await tessera(sb, ['exec', 'ro', '--ecs-server', '--', process.execPath, '--input-type=module', '-e', js]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(out.keyInEnv, false);
    assert.equal(out.noToken, 403);
    assert.equal(out.wrongToken, 403);
    assert.deepEqual(out.fields, ['AccessKeyId', 'Expiration', 'SecretAccessKey', 'Token']);
    assert.equal(out.arn, `arn:aws:sts::${acct}:assumed-role/ReadOnly/alice-ro`);
    assert.ok(Date.parse(out.expiration) > Date.now());
    // Long-term keys are served as a session (the container format needs a token).
    const keys = await tessera(sb, ['exec', 'alice-keys', '--ecs-server', '--', process.execPath, '--input-type=module', '-e', "import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts'; console.log((await new STSClient({ region: 'us-east-1' }).send(new GetCallerIdentityCommand({}))).Arn)"]);
    assert.equal(keys.status, 0, keys.stderr);
    assert.equal(keys.stdout.trim(), `arn:aws:iam::${acct}:user/alice`);
  });
});

async function openInChromium(url: string): Promise<string> {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is required');
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    headless: true,
  });
  contexts.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  assert.equal(new URL(page.url()).pathname, '/_console/');
  await page.getByTestId('arn').first().waitFor();
  return (await page.getByTestId('arn').first().textContent())!;
}

describe('console', () => {
  test('tessera console ro --print: headless Chromium lands in the console as the role', async () => {
    const r = await tessera(sb, ['console', 'ro', '--print', '--duration', '3600']);
    assert.equal(r.status, 0, r.stderr);
    const url = r.stdout.trim();
    assert.ok(url.startsWith(`${server.url}/_signin/federation?Action=login&Destination=${encodeURIComponent(`${server.url}/_console/`)}&SigninToken=`), url);
    assert.equal(r.stdout.split('\n').length, 2);
    assert.match(await openInChromium(url), new RegExp(`arn:aws:sts::${acct}:assumed-role/ReadOnly/alice-ro`));
  });

  test('long-term keys: GetFederationToken first, then the console as the federated user', async () => {
    const r = await tessera(sb, ['console', '--profile', 'alice-keys', '--print']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /GetFederationToken first/);
    assert.match(await openInChromium(r.stdout.trim()), new RegExp(`arn:aws:sts::${acct}:federated-user/alice`));
  });

  test('a chained role signs in without SessionDuration; an MFA session is refused before asking (253)', async () => {
    const chained = await tessera(sb, ['console', 'deep', '--print', '--duration', '7200']);
    assert.equal(chained.status, 0, chained.stderr);
    assert.match(chained.stderr, /chained role session cannot ask for a console SessionDuration/);
    const session = await tessera(sb, ['console', 'alice', '--print']);
    assert.equal(session.status, 253);
    assert.equal(session.stdout, '');
    assert.match(session.stderr, /gives an MFA session \(GetSessionToken\), and the sign-in endpoint refuses those/);
  });
});
