/**
 * Seed 004 done by the client: an IAM user under DenyAllExceptListedIfNoMFA with a virtual MFA device.
 * `tessera session` with a real TOTP code replaces `aws sts get-session-token` + three exports; then
 * `aws s3 ls` through credential_process in a temporary AWS_CONFIG_FILE, the same through `tessera exec`
 * for boto3 and the AWS SDK for JavaScript, `export` in every format, `whoami`, and the refusals: a wrong
 * code (254), a tampered cache file (253), a cached session the server says has expired (253).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';
import { runDetached, sandbox, tessera, totp, type Sandbox } from './client-helpers.js';

/** The policy of seed 004, as published. */
const POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    { Sid: 'AllowManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
    { Sid: 'AllowManageOwnUserMFA', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    {
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-client004-'));
let server: TestServer;
let sb: Sandbox;
let seed: string;
let serial: string;
let userArn: string;

before(async () => {
  server = await startServer({ dataDir, args: ['--log', 'off'] });
  const iam = new IAMClient(sdkConfig(server));
  userArn = (await iam.send(new CreateUserCommand({ UserName: 'mfa_test' }))).User!.Arn!;
  await iam.send(new AttachUserPolicyCommand({ UserName: 'mfa_test', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'mfa_test', PolicyName: 'Force_MFA', PolicyDocument: JSON.stringify(POLICY) }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'mfa_test' }));
  const d = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa_test' }));
  seed = Buffer.from(d.VirtualMFADevice!.Base32StringSeed!).toString('utf8');
  serial = d.VirtualMFADevice!.SerialNumber!;
  await iam.send(new EnableMFADeviceCommand({ UserName: 'mfa_test', SerialNumber: serial, AuthenticationCode1: totp(seed, -30), AuthenticationCode2: totp(seed, 0) }));
  await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'seed-004-bucket' }));
  sb = sandbox();
  sb.credentials(`# the user's keys, as \`aws configure --profile mfa\` writes them\n[mfa]\naws_access_key_id = ${k.AccessKey!.AccessKeyId}\naws_secret_access_key = ${k.AccessKey!.SecretAccessKey}\n`);
  sb.config(
    [
      '[profile mfa]',
      'region = ap-northeast-2',
      `endpoint_url = ${server.url}`,
      `mfa_serial = ${serial}`,
      '',
      '[profile mfa-cp]',
      'region = ap-northeast-2',
      `credential_process = ${process.execPath} ${tesseraBin} credential-process mfa`,
      '',
    ].join('\n'),
  );
});

after(async () => {
  await server?.stop();
  sb?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

const aws = (args: string[], env: Record<string, string> = {}) => runDetached('aws', [...args, '--endpoint-url', server.url], { ...sb.env, ...env });

describe('seed 004 through tessera', () => {
  test('without a session, nothing to reuse and no terminal: credential-process says how to give a code (253)', async () => {
    const r = await tessera(sb, ['credential-process', 'mfa']);
    assert.equal(r.status, 253, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /An MFA code for arn:aws:iam::\d{12}:mfa\/mfa_test is needed and there is no terminal to ask on: pass --token-code, set mfa_process in the profile, or store the device's seed with `tessera mfa add/);
  });

  test('a wrong code is refused with STS\'s message (254) and nothing is cached', async () => {
    const good = totp(seed, 30);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    const r = await tessera(sb, ['session', '--profile', 'mfa', '--token-code', wrong]);
    assert.equal(r.status, 254);
    assert.equal(r.stderr, 'tessera: An error occurred (AccessDenied) when calling the GetSessionToken operation: MultiFactorAuthentication failed with invalid MFA one time pass code.\n');
    const list = await tessera(sb, ['sessions', 'list', '--json']);
    assert.deepEqual(JSON.parse(list.stdout), []);
    const usage = await tessera(sb, ['session', '--profile', 'mfa', '--token-code', '12ab']);
    assert.equal(usage.status, 252);
  });

  test('tessera session with a real code: nothing on stdout, the session cached encrypted, mode 0600', async () => {
    const r = await tessera(sb, ['session', '--profile', 'mfa', '--token-code', totp(seed, 30)]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /MFA session for profile 'mfa' valid until \S+ \(cached\)/);
    const dir = join(sb.home, '.tessera', 'sessions');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.equal(statSync(join(dir, files[0]!)).mode & 0o777, 0o600);
    assert.equal(statSync(join(sb.home, '.tessera', 'key')).mode & 0o777, 0o600);
    const cp = JSON.parse((await tessera(sb, ['credential-process', 'mfa'])).stdout);
    const raw = readFileSync(join(dir, files[0]!));
    for (const secret of [cp.AccessKeyId, cp.SecretAccessKey, cp.SessionToken]) assert.ok(!raw.includes(Buffer.from(secret)), 'a secret in clear in the cache');
    // The 12-hour default of GetSessionToken.
    const secs = (Date.parse(cp.Expiration) - Date.now()) / 1000;
    assert.ok(secs > 43_000 && secs <= 43_201, String(secs));
    // Reused: no code needed, no terminal needed.
    const again = await tessera(sb, ['session', '--profile', 'mfa']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /using the cached MFA session of profile 'mfa'/);
  });

  test('whoami: the user, MFA-authenticated, expiry and MFA age', async () => {
    const r = await tessera(sb, ['whoami', 'mfa']);
    assert.equal(r.status, 0, r.stderr);
    const who = JSON.parse(r.stdout);
    assert.equal(who.Arn, userArn);
    assert.equal(who.CredentialType, 'session');
    assert.equal(who.MfaAuthenticated, true);
    assert.ok(who.MfaAgeSeconds >= 0 && who.MfaAgeSeconds < 600);
    assert.ok(who.ExpiresInSeconds > 40_000);
    assert.equal(r.stderr, '');
  });

  test('aws s3 ls: denied with the keys alone, listed through credential_process', async () => {
    const denied = await aws(['s3', 'ls', '--profile', 'mfa']);
    assert.notEqual(denied.status, 0);
    assert.match(denied.stderr, /AccessDenied/);
    const listed = await aws(['s3', 'ls', '--profile', 'mfa-cp']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /seed-004-bucket/);
  });

  test('export: every format; eval of env then aws s3 ls', async () => {
    const cp = JSON.parse((await tessera(sb, ['credential-process', 'mfa'])).stdout);
    const env = await tessera(sb, ['export', 'mfa']);
    assert.equal(env.status, 0, env.stderr);
    assert.match(env.stdout, new RegExp(`^export AWS_ACCESS_KEY_ID='${cp.AccessKeyId}'$`, 'm'));
    assert.match(env.stdout, /^export AWS_SESSION_TOKEN='[^']+'$/m);
    assert.match(env.stdout, /^export AWS_REGION='ap-northeast-2'$/m);
    assert.match(env.stdout, new RegExp(`^export AWS_ENDPOINT_URL='${server.url}'$`, 'm'));
    assert.match(env.stdout, new RegExp(`^export AWS_ENDPOINT_URL_STS='${server.url}'$`, 'm'));
    const shell = await runDetached('bash', ['-c', `eval "$(${process.execPath} ${tesseraBin} export mfa)" && aws s3 ls`], sb.env);
    assert.equal(shell.status, 0, shell.stderr);
    assert.match(shell.stdout, /seed-004-bucket/);
    const expect: Record<string, RegExp> = {
      'env-no-export': new RegExp(`^AWS_SECRET_ACCESS_KEY='${cp.SecretAccessKey.replace(/[+/]/g, '\\$&')}'$`, 'm'),
      powershell: /^\$Env:AWS_ACCESS_KEY_ID='ASIA/m,
      'windows-cmd': /^set AWS_ACCESS_KEY_ID=ASIA/m,
      fish: /^set -gx AWS_ACCESS_KEY_ID 'ASIA\w+';$/m,
    };
    for (const [format, re] of Object.entries(expect)) {
      const r = await tessera(sb, ['export', 'mfa', '--format', format]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, re, format);
    }
    const proc = JSON.parse((await tessera(sb, ['export', '--profile', 'mfa', '--format', 'process'])).stdout);
    assert.deepEqual(proc, cp);
    assert.equal(cp.Version, 1);
    const bad = await tessera(sb, ['export', 'mfa', '--format', 'yaml']);
    assert.equal(bad.status, 252);
  });

  test('exec: boto3 and the AWS SDK for JavaScript list the bucket; the exit status passes through', async () => {
    const py = await tessera(sb, ['exec', 'mfa', '--', 'python3', '-c', "import boto3; print([b['Name'] for b in boto3.client('s3').list_buckets()['Buckets']])"]);
    assert.equal(py.status, 0, py.stderr);
    assert.match(py.stdout, /seed-004-bucket/);
    const js = `import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';
const r = await new S3Client({ forcePathStyle: true }).send(new ListBucketsCommand({}));
console.log(JSON.stringify(r.Buckets.map((b) => b.Name)));`;
    const node = await tessera(sb, ['exec', 'mfa', '--', process.execPath, '--input-type=module', '-e', js]);
    assert.equal(node.status, 0, node.stderr);
    assert.ok(JSON.parse(node.stdout).includes('seed-004-bucket'));
    const seven = await tessera(sb, ['exec', 'mfa', '--', 'sh', '-c', 'test -n "$AWS_SESSION_TOKEN" && test -z "$AWS_PROFILE" && exit 7']);
    assert.equal(seven.status, 7);
    const missing = await tessera(sb, ['exec', 'mfa', '--', 'no-such-command-here']);
    assert.equal(missing.status, 252);
  });

  test('a cached session the server says has expired is dropped; without a new code: 253 and why', async () => {
    // A server on the same store whose clock runs 13 hours ahead: the 12-hour session is over there.
    const later = await startServer({ dataDir, root: server.root, args: ['--log', 'off', '--unsafe-clock-offset', String(13 * 3600)] });
    try {
      const r = await tessera(sb, ['whoami', 'mfa', '--endpoint-url', later.url]);
      assert.equal(r.status, 253, r.stderr);
      assert.match(r.stderr, /STS refused the cached MFA session of profile 'mfa' \(ExpiredToken\); it was removed from the cache/);
      assert.match(r.stderr, /An MFA code for arn:aws:iam::\d{12}:mfa\/mfa_test is needed/);
      assert.equal(r.stdout, '');
      const list = JSON.parse((await tessera(sb, ['sessions', 'list', '--json'])).stdout);
      assert.deepEqual(list, []);
    } finally {
      await later.stop();
    }
  });

  test('a tampered cache file is refused (253), never used or silently replaced; sessions clear removes it', async () => {
    const { nextStep } = await import('./client-helpers.js');
    await nextStep();
    const s = await tessera(sb, ['session', '--profile', 'mfa', '--token-code', totp(seed, 30)]);
    assert.equal(s.status, 0, s.stderr);
    const dir = join(sb.home, '.tessera', 'sessions');
    const file = join(dir, readdirSync(dir)[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5]! ^= 0x01;
    writeFileSync(file, bytes);
    const r = await tessera(sb, ['credential-process', 'mfa']);
    assert.equal(r.status, 253);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the cached session for profile 'mfa' \(.+\) does not decrypt: it was modified, or the key file changed\. It was not used; run `tessera sessions clear --profile mfa`/);
    const listed = JSON.parse((await tessera(sb, ['sessions', 'list', '--json'])).stdout);
    assert.equal(listed[0].Status, 'unreadable (tampered?)');
    const cleared = await tessera(sb, ['sessions', 'clear', '--profile', 'mfa']);
    assert.equal(cleared.status, 0);
    assert.deepEqual(readdirSync(dir), []);
  });

  test('tessera mfa add: the seed stored encrypted; sessions then need no code, even one step after another tool used it', async () => {
    const add = await tessera(sb, ['mfa', 'add', 'mfa'], {}, `${seed}\n`);
    assert.equal(add.status, 0, add.stderr);
    assert.equal(add.stdout, '');
    assert.equal((await tessera(sb, ['mfa', 'list'])).stdout, `${serial}\n`);
    const stored = readdirSync(join(sb.home, '.tessera', 'mfa'));
    assert.equal(stored.length, 1);
    assert.ok(!readFileSync(join(sb.home, '.tessera', 'mfa', stored[0]!)).includes(Buffer.from(seed)));
    const r = await tessera(sb, ['session', '--profile', 'mfa', '--refresh']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /MFA session for profile 'mfa' valid until/);
    const again = await tessera(sb, ['session', '--profile', 'mfa', '--refresh']);
    assert.equal(again.status, 0, again.stderr);
    const who = JSON.parse((await tessera(sb, ['whoami', 'mfa'])).stdout);
    assert.equal(who.MfaAuthenticated, true);
    const bad = await tessera(sb, ['mfa', 'add', 'arn:aws:iam::123456789012:mfa/x'], {}, 'not-a-seed!\n');
    assert.equal(bad.status, 253);
    assert.equal((await tessera(sb, ['mfa', 'remove', 'mfa'])).status, 0);
    assert.equal((await tessera(sb, ['mfa', 'list'])).stdout, '');
  });
});
