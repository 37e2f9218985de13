/**
 * The client next to aws-vault and granted, against a real server: `exec` with no profile (AWS_PROFILE) and
 * no command (the user's $SHELL, driven on a pseudo-terminal), `--no-session` (long-term keys as they are;
 * a role assumed straight from them with the MFA code answered on the terminal), `-d/--duration` in
 * aws-vault's forms, `login` (the console under aws-vault's name) on a machine with no display and with an
 * opener that fails, `mfa_process` (a command printing the code) and its failures, the user's
 * AWS_ENDPOINT_URL left alone by exec and export, and the README's `tessera mfa add --profile dev` typed on
 * a terminal.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { ptySteps, sandbox, tessera, totp, underPty, type Sandbox } from './client-helpers.js';

const doc = (s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });
const ALLOW = doc([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:GetFederationToken', 's3:ListAllMyBuckets'], Resource: '*' }]);

let server: TestServer;
let sb: Sandbox;
let acct: string;
const seeds: Record<string, { seed: string; serial: string }> = {};
const keys: Record<string, { id: string; secret: string }> = {};

async function user(iam: IAMClient, name: string, mfa: boolean): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'allow', PolicyDocument: ALLOW }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  keys[name] = { id: k.AccessKeyId!, secret: k.SecretAccessKey! };
  if (!mfa) return;
  const d = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice!;
  const seed = Buffer.from(d.Base32StringSeed!).toString('utf8');
  await iam.send(new EnableMFADeviceCommand({ UserName: name, SerialNumber: d.SerialNumber!, AuthenticationCode1: totp(seed, -30), AuthenticationCode2: totp(seed, 0) }));
  seeds[name] = { seed, serial: d.SerialNumber! };
}

const keyLines = (name: string) => [`aws_access_key_id = ${keys[name]!.id}`, `aws_secret_access_key = ${keys[name]!.secret}`];

before(async () => {
  server = await startServer({ args: ['--log', 'off'] });
  acct = server.accountId;
  const iam = new IAMClient(sdkConfig(server));
  await user(iam, 'kim', false);
  await user(iam, 'pat', true);
  await user(iam, 'dev', true);
  await user(iam, 'nos', true);
  const trust = (who: string, mfa: boolean) =>
    doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:user/${who}` }, Action: 'sts:AssumeRole', ...(mfa ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}) }]);
  await iam.send(new CreateRoleCommand({ RoleName: 'Plain', AssumeRolePolicyDocument: trust('kim', false), MaxSessionDuration: 7200 }));
  await iam.send(new CreateRoleCommand({ RoleName: 'Guarded', AssumeRolePolicyDocument: trust('nos', true) }));
  sb = sandbox();
  // A "browser" that records the URL it was asked to open, and one that fails.
  writeFileSync(join(sb.home, 'recorder'), `#!/bin/sh\nprintf '%s' "$1" > '${join(sb.home, 'opened')}'\n`);
  writeFileSync(join(sb.home, 'failing-browser'), '#!/bin/sh\nexit 1\n');
  chmodSync(join(sb.home, 'recorder'), 0o755);
  chmodSync(join(sb.home, 'failing-browser'), 0o755);
  const ep = `endpoint_url = ${server.url}`;
  const oath = (name: string) => `oathtool --totp -b -N "now + 30 seconds" ${seeds[name]!.seed}`;
  sb.config(
    [
      '[profile kim]', ...keyLines('kim'), ep, 'region = eu-west-1',
      '[profile kim-noep]', ...keyLines('kim'), 'region = eu-west-1',
      '[profile plain]', `role_arn = arn:aws:iam::${acct}:role/Plain`, 'source_profile = kim', 'role_session_name = plain',
      '[profile plain-noep]', `role_arn = arn:aws:iam::${acct}:role/Plain`, 'source_profile = kim-noep', 'role_session_name = noep',
      '[profile pat]', ...keyLines('pat'), ep, `mfa_serial = ${seeds.pat!.serial}`, `mfa_process = ${oath('pat')}`,
      '[profile pat-fail]', ...keyLines('pat'), ep, `mfa_serial = ${seeds.pat!.serial}`, `mfa_process = echo "touch your key" >&2 && exit 3`,
      '[profile pat-junk]', ...keyLines('pat'), ep, `mfa_serial = ${seeds.pat!.serial}`, 'mfa_process = echo hello',
      '[profile dev]', ...keyLines('dev'), ep, `mfa_serial = ${seeds.dev!.serial}`,
      '[profile nos]', ...keyLines('nos'), ep, `mfa_serial = ${seeds.nos!.serial}`,
      '[profile nos-role]', `role_arn = arn:aws:iam::${acct}:role/Guarded`, 'source_profile = nos', 'role_session_name = direct',
      '',
    ].join('\n'),
  );
});

after(async () => {
  await server?.stop();
  sb?.remove();
});

const secondsLeft = (iso: string) => (Date.parse(iso) - Date.now()) / 1000;
const PRINT_ENV = ['sh', '-c', 'printf "%s|%s|%s|%s\\n" "$AWS_ACCESS_KEY_ID" "${AWS_SESSION_TOKEN-none}" "$AWS_CREDENTIAL_EXPIRATION" "$TESSERA_PROFILE"'];
const childEnv = (stdout: string) => {
  const [id, token, expiration, profile] = stdout.trim().split('|');
  return { id: id!, token: token!, expiration: expiration!, profile: profile! };
};

describe('exec', () => {
  test('no profile: AWS_PROFILE\'s; no command: $SHELL on the terminal, with the credentials, its exit status passed through', async () => {
    const viaEnv = await tessera(sb, ['exec', '--', ...PRINT_ENV], { AWS_PROFILE: 'kim' });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    assert.deepEqual(childEnv(viaEnv.stdout), { id: keys.kim!.id, token: 'none', expiration: '', profile: 'kim' });
    const shell = await ptySteps(
      sb,
      ['exec'],
      // Each step waits for the previous command's output (never part of what the terminal echoes).
      [
        { expect: 'exit it to return', send: 'printf "[%s|%s|%s]\\n" "$TESSERA_PROFILE" "${AWS_PROFILE-unset}" "$AWS_ACCESS_KEY_ID"' },
        { expect: '[kim|', send: 'aws sts get-caller-identity --query Arn --output text' },
        { expect: ':user/kim', send: 'exit 5' },
      ],
      { AWS_PROFILE: 'kim', SHELL: '/bin/sh' },
    );
    assert.equal(shell.steps, 3, shell.output);
    assert.equal(shell.status, 5, shell.output);
    assert.match(shell.output, /starting \/bin\/sh with the credentials of profile 'kim'; exit it to return/);
    assert.ok(shell.output.includes(`[kim|unset|${keys.kim!.id}]`), shell.output);
    assert.ok(shell.output.includes(`arn:aws:iam::${acct}:user/kim`), shell.output);
    const two = await tessera(sb, ['exec', 'kim', 'plain', '--', 'true']);
    assert.equal(two.status, 252);
    assert.match(two.stderr, /one profile before --, not 2/);
  });

  test('-d/--duration: 1h, 90m, 3600s, 1h30m and plain seconds; anything else refused (252) before any call', async () => {
    const hour = await tessera(sb, ['exec', 'plain', '-d', '1h', '--', ...PRINT_ENV]);
    assert.equal(hour.status, 0, hour.stderr);
    const left = secondsLeft(childEnv(hour.stdout).expiration);
    assert.ok(left > 3500 && left <= 3601, String(left));
    for (const [form, want] of [['90m', 5400], ['3600s', 3600], ['1h30m', 5400], ['1000', 1000]] as const) {
      const r = await tessera(sb, ['assume', 'plain', '--refresh', '--duration', form, '--format', 'process']);
      assert.equal(r.status, 0, r.stderr);
      const s = secondsLeft(JSON.parse(r.stdout).Expiration);
      assert.ok(s > want - 100 && s <= want + 1, `${form}: ${s}`);
    }
    const before = (await tessera(sb, ['sessions', 'list', '--json'])).stdout;
    for (const [bad, message] of [
      ['1x', /--duration must be a duration such as 1h, 90m, 3600s or 3600 \(seconds\), not '1x'/],
      ['1.5h', /not '1\.5h'/],
      ['10m', /--duration must be between 900 and 129600 seconds \(10m is 600 s\)/],
      ['200000', /--duration must be between 900 and 129600 seconds$/m],
    ] as const) {
      const r = await tessera(sb, ['exec', 'plain', '-d', bad, '--', 'sh', '-c', 'echo RAN']);
      assert.equal(r.status, 252, bad);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
    assert.equal((await tessera(sb, ['sessions', 'list', '--json'])).stdout, before);
  });

  test('--no-session: the keys as they are, no MFA session; a role assumed straight from them, the code asked once on the terminal', async () => {
    const keysOnly = await tessera(sb, ['exec', '--no-session', 'nos', '--', ...PRINT_ENV]);
    assert.equal(keysOnly.status, 0, keysOnly.stderr);
    assert.deepEqual(childEnv(keysOnly.stdout), { id: keys.nos!.id, token: 'none', expiration: '', profile: 'nos' });
    const exported = await tessera(sb, ['export', 'nos', '--no-session']);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, new RegExp(`^export AWS_ACCESS_KEY_ID='${keys.nos!.id}'$`, 'm'));
    assert.match(exported.stdout, /^unset AWS_SESSION_TOKEN$/m);
    // Without --no-session the same profile needs a code, and there is no terminal here.
    const needs = await tessera(sb, ['exec', 'nos', '--', 'true']);
    assert.equal(needs.status, 253);
    assert.match(needs.stderr, /An MFA code for .+ is needed and there is no terminal to ask on: pass --token-code, set mfa_process in the profile, or store/);
    const role = await underPty(sb, ['exec', '--no-session', 'nos-role', '--', 'aws', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], 'MFA code for', totp(seeds.nos!.seed, 30));
    assert.equal(role.status, 0, role.output);
    assert.equal(role.prompts, 1, role.output);
    assert.ok(role.output.includes(`arn:aws:sts::${acct}:assumed-role/Guarded/direct`), role.output);
    const cached = JSON.parse((await tessera(sb, ['sessions', 'list', '--json'])).stdout) as { Profile: string; Kind: string }[];
    assert.deepEqual(cached.filter((c) => c.Profile.startsWith('nos')).map((c) => c.Kind), ['role'], 'no MFA session was started');
    const who = JSON.parse((await tessera(sb, ['whoami', 'nos-role'])).stdout);
    assert.equal(who.MfaAuthenticated, true);
  });

  test("the user's AWS_ENDPOINT_URL is left alone: the child's STS endpoint is Tessera's, every other service's the user's", async () => {
    const elsewhere = 'http://127.0.0.1:9/';
    const env = { AWS_ENDPOINT_URL_STS: server.url, AWS_ENDPOINT_URL: elsewhere };
    const r = await tessera(sb, ['exec', 'plain-noep', '--', 'sh', '-c', 'printf "%s %s\\n" "$AWS_ENDPOINT_URL" "$AWS_ENDPOINT_URL_STS" && aws sts get-caller-identity --query Arn --output text'], env);
    assert.equal(r.status, 0, r.stderr);
    const [line, arn] = r.stdout.trim().split('\n');
    assert.equal(line, `${elsewhere} ${server.url}`);
    assert.equal(arn, `arn:aws:sts::${acct}:assumed-role/Plain/noep`);
    const exported = await tessera(sb, ['export', 'plain-noep'], env);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, new RegExp(`^export AWS_ENDPOINT_URL_STS='${server.url}'$`, 'm'));
    assert.doesNotMatch(exported.stdout, /AWS_ENDPOINT_URL=/);
    // An endpoint for STS alone stays STS's, even when the user has no AWS_ENDPOINT_URL.
    const stsOnly = await tessera(sb, ['exec', 'plain-noep', '--', 'sh', '-c', 'printf "%s %s" "${AWS_ENDPOINT_URL-unset}" "$AWS_ENDPOINT_URL_STS"'], { AWS_ENDPOINT_URL_STS: server.url });
    assert.equal(stsOnly.stdout, `unset ${server.url}`);
    // The profile's endpoint_url is every service's: the child gets it for both when the user set neither.
    const profile = await tessera(sb, ['exec', 'plain', '--', 'sh', '-c', 'printf "%s %s" "$AWS_ENDPOINT_URL" "$AWS_ENDPOINT_URL_STS"']);
    assert.equal(profile.stdout, `${server.url} ${server.url}`);
    const ecs = await tessera(sb, ['exec', 'plain-noep', '--ecs-server', '--', 'sh', '-c', 'printf "%s %s" "$AWS_ENDPOINT_URL" "$AWS_ENDPOINT_URL_STS"'], env);
    assert.equal(ecs.stdout, `${elsewhere} ${server.url}`);
  });
});

describe('mfa_process and stored seeds', () => {
  test('a failing mfa_process is refused (253) with the profile named; its stderr reaches the user; nothing is cached', async () => {
    const failing = await tessera(sb, ['exec', 'pat-fail', '--', 'sh', '-c', 'echo RAN']);
    assert.equal(failing.status, 253);
    assert.equal(failing.stdout, '');
    assert.match(failing.stderr, /^touch your key$/m);
    assert.match(failing.stderr, /tessera: mfa_process of profile pat-fail: the command failed \(exit status 3\)/);
    const junk = await tessera(sb, ['session', '--profile', 'pat-junk']);
    assert.equal(junk.status, 253);
    assert.match(junk.stderr, /tessera: mfa_process of profile pat-junk: the command did not print a six-digit code on its standard output/);
    assert.doesNotMatch(junk.stderr, /hello/);
    const cached = JSON.parse((await tessera(sb, ['sessions', 'list', '--json'])).stdout) as { Profile: string }[];
    assert.deepEqual(cached.filter((c) => c.Profile.startsWith('pat')), []);
  });

  test('mfa_process gives the code: an MFA session with no terminal, no flag, no stored seed', async () => {
    const r = await tessera(sb, ['exec', 'pat', '--', ...PRINT_ENV]);
    assert.equal(r.status, 0, r.stderr);
    const child = childEnv(r.stdout);
    assert.match(child.id, /^ASIA/);
    assert.notEqual(child.token, 'none');
    assert.match(r.stderr, /MFA session for profile 'pat' valid until/);
    const who = JSON.parse((await tessera(sb, ['whoami', 'pat'])).stdout);
    assert.equal(who.MfaAuthenticated, true);
    assert.equal(who.Arn, `arn:aws:iam::${acct}:user/pat`);
  });

  test("the README's `tessera mfa add --profile dev`, typed on a terminal: the seed not echoed, then sessions need no code", async () => {
    const add = await ptySteps(sb, ['mfa', 'add', '--profile', 'dev'], [{ expect: `Base32 seed for ${seeds.dev!.serial}: `, send: seeds.dev!.seed }]);
    assert.equal(add.steps, 1, add.output);
    assert.equal(add.status, 0, add.output);
    assert.match(add.output, new RegExp(`stored the seed for ${seeds.dev!.serial.replace(/[/]/g, '\\/')} \\(encrypted\\)`));
    assert.ok(!add.output.includes(seeds.dev!.seed), 'the seed was echoed');
    assert.equal((await tessera(sb, ['mfa', 'list'])).stdout, `${seeds.dev!.serial}\n`);
    const session = await tessera(sb, ['session', '--profile', 'dev']);
    assert.equal(session.status, 0, session.stderr);
    assert.match(session.stderr, /MFA session for profile 'dev' valid until/);
    const both = await tessera(sb, ['mfa', 'add', 'dev', '--profile', 'dev'], {}, `${seeds.dev!.seed}\n`);
    assert.equal(both.status, 252);
    assert.match(both.stderr, /name the device once/);
    const none = await tessera(sb, ['mfa', 'add', '--profile', 'kim'], {}, `${seeds.dev!.seed}\n`);
    assert.equal(none.status, 253);
    assert.match(none.stderr, /profile kim has no mfa_serial/);
    assert.equal((await tessera(sb, ['mfa', 'remove', '--profile', 'dev'])).status, 0);
    assert.equal((await tessera(sb, ['mfa', 'list'])).stdout, '');
  });
});

describe('login (the console under aws-vault\'s name)', () => {
  const opened = () => join(sb.home, 'opened');
  const loginUrl = new RegExp(`^http://127\\.0\\.0\\.1:\\d+/_signin/federation\\?Action=login&Destination=[^&]+&SigninToken=\\S+$`);

  test('no display: the URL is printed, no browser is started, and the URL signs in', async () => {
    const r = await tessera(sb, ['login', 'plain', '-d', '1h'], { BROWSER: join(sb.home, 'recorder') });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /no display \(neither DISPLAY nor WAYLAND_DISPLAY is set\): open this sign-in URL in a browser \(single use, valid 15 minutes\):/);
    assert.doesNotMatch(r.stderr, /opened/);
    const url = r.stdout.trim();
    assert.match(url, loginUrl);
    assert.ok(url.startsWith(`${server.url}/_signin/federation?`), url);
    assert.equal(existsSync(opened()), false, 'a browser was started');
    const res = await fetch(url, { redirect: 'manual' });
    assert.ok(res.status >= 300 && res.status < 400, `the sign-in URL was refused: ${res.status} ${await res.text()}`);
  });

  test('with a display: the browser gets the URL and nothing is printed; a failing opener means the URL is printed', async () => {
    const ok = await tessera(sb, ['login', 'plain'], { DISPLAY: ':0', BROWSER: join(sb.home, 'recorder') });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, '');
    assert.match(ok.stderr, /opened the console sign-in URL in the browser/);
    assert.match(readFileSync(opened(), 'utf8'), loginUrl);
    const failing = await tessera(sb, ['console', 'plain'], { WAYLAND_DISPLAY: 'wayland-0', BROWSER: join(sb.home, 'failing-browser') });
    assert.equal(failing.status, 0, failing.stderr);
    assert.match(failing.stderr, /failing-browser failed \(exit status 1\): open this sign-in URL in a browser/);
    assert.doesNotMatch(failing.stderr, /opened the console/);
    assert.match(failing.stdout.trim(), loginUrl);
    const missing = await tessera(sb, ['login', 'plain'], { DISPLAY: ':0', BROWSER: join(sb.home, 'no-such-browser') });
    assert.equal(missing.status, 0, missing.stderr);
    assert.match(missing.stderr, /no-such-browser could not be started \(not found\)/);
    assert.match(missing.stdout.trim(), loginUrl);
  });
});
