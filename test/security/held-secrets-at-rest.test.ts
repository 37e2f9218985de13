/**
 * Secrets never in logs or files unencrypted: a server with a data directory (SQLite), JSON request logs and
 * the audit trail on (every call's CloudTrail record written to the database) runs a scenario that creates
 * every kind of secret Tessera handles — access keys, a console password, an enabled virtual MFA device,
 * session credentials (GetSessionToken, AssumeRole, AssumeRoleWithSAML and its SAML assertion), a SigninToken
 * and a console session (its cookie and anti-CSRF token), console password and root sign-ins, presigned S3
 * URLs, and failed attempts carrying secrets — then it is stopped and everything it printed, and every byte of
 * every file in its data directory (the SQLite database with its WAL, blobs, the key ring), is searched for
 * each secret in its plain, base64 and hex forms. Files are private to the server's user (0600, directories
 * 0700).
 * (test/e2e/foundation.test.ts checks the request log for the root secret, a token and a signature.)
 */
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateLoginProfileCommand, CreateRoleCommand, CreateSAMLProviderCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, AssumeRoleWithSAMLCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, sdkConfig, type Creds } from '../helpers/clients.js';
import { adminWithKey, credsOf } from '../helpers/iam.js';
import { createTestIdp } from '../helpers/saml.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { send, signQuery } from '../helpers/sign.js';
import { consoleCsrf, presignS3, totp } from './held-lib.js';

const parent = mkdtempSync(join(tmpdir(), 'tessera-secrets-'));
const dataDir = join(parent, 'data'); // created by the server itself
const root = { accessKeyId: 'AKIASECRETSATREST001', secretAccessKey: 'secretsAtRestRootSecret/abcdefghijklmnop' };
const PASSWORD = 'Never-In-A-Log-0r-File!';
let server: TestServer;
/** name -> the secret's text */
const secrets = new Map<string, string>();
/**
 * Secrets typed into a field that is not a secret's (a user name): the log never shows them, but the audit
 * record keeps the request's parameters as typed, as CloudTrail does (it cannot tell them from a name).
 */
const inOrdinaryFields = new Set<string>();
/** The event names the audit trail answered for (LookupEvents, before the server stopped). */
const recorded = new Set<string>();

before(async () => {
  server = await startServer({ dataDir, root, args: ['--log', 'json', '--audit', 'on'] });
  const iam = new IAMClient(sdkConfig(server, root));
  const sts = (c: Creds) => new STSClient(sdkConfig(server, c));
  secrets.set('root secret', root.secretAccessKey);

  const admin = await adminWithKey(iam, 'keeper');
  secrets.set('user secret access key', admin.secretAccessKey);
  await iam.send(new CreateLoginProfileCommand({ UserName: 'keeper', Password: PASSWORD }));
  secrets.set('console password', PASSWORD);
  const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'keeper-phone' }))).VirtualMFADevice!;
  const seed = Buffer.from(device.Base32StringSeed!).toString('utf8');
  secrets.set('MFA seed (base32)', seed);
  await iam.send(new EnableMFADeviceCommand({ UserName: 'keeper', SerialNumber: device.SerialNumber!, AuthenticationCode1: await totp(seed, -30), AuthenticationCode2: await totp(seed) }));

  const session = credsOf(await sts(admin).send(new GetSessionTokenCommand({ SerialNumber: device.SerialNumber!, TokenCode: await totp(seed, 30) })));
  secrets.set('session secret', session.secretAccessKey);
  secrets.set('session token', session.sessionToken!);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }] });
  const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'vault', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  const role = credsOf(await sts(session).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'vault' })));
  secrets.set('role session secret', role.secretAccessKey);
  secrets.set('role session token', role.sessionToken!);

  // SAML federation: the assertion is the bearer secret (and the session it opens).
  const idp = createTestIdp();
  try {
    const providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'corp', SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!;
    const samlTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML' }] });
    const samlRole = (await iam.send(new CreateRoleCommand({ RoleName: 'saml-vault', AssumeRolePolicyDocument: samlTrust }))).Role!.Arn!;
    const assertion = Buffer.from(idp.response({ nameId: 'keeper@example.test', rolePairs: [`${samlRole},${providerArn}`] })).toString('base64');
    secrets.set('SAML assertion', assertion);
    // Unsigned (the SDK signs no AssumeRoleWithSAML): any credentials do.
    const fed = credsOf(await sts(root).send(new AssumeRoleWithSAMLCommand({ RoleArn: samlRole, PrincipalArn: providerArn, SAMLAssertion: assertion })));
    secrets.set('SAML session secret', fed.secretAccessKey);
    secrets.set('SAML session token', fed.sessionToken!);
  } finally {
    idp.remove();
  }

  // Federation sign-in: the SigninToken and the console cookie.
  const q = new URLSearchParams({ Action: 'getSigninToken', Session: JSON.stringify({ sessionId: role.accessKeyId, sessionKey: role.secretAccessKey, sessionToken: role.sessionToken }) });
  const signinToken = ((await (await fetch(`${server.url}/_signin/federation?${q}`)).json()) as { SigninToken: string }).SigninToken;
  secrets.set('SigninToken', signinToken);
  // The login starts on the API origin (a 302 to the console's origin, which redeems the token and sets the cookie).
  const hop = await fetch(`${server.url}/_signin/federation?${new URLSearchParams({ Action: 'login', Issuer: 'https://idp.example.test/', SigninToken: signinToken })}`, { redirect: 'manual' });
  assert.equal(hop.status, 302, 'the API origin sends the login to the console origin');
  const login = await fetch(hop.headers.get('location')!, { redirect: 'manual' });
  assert.equal(login.status, 302, 'the console origin logged the session in');
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  secrets.set('console cookie', cookie.split('=')[1]!);
  // A call within that session carries its anti-CSRF token (a secret too: it stands for the session).
  const csrf = await consoleCsrf(server, cookie);
  secrets.set('console anti-CSRF token', csrf);
  const inSession = await fetch(`${server.consoleUrl}/_console/api/session`, { headers: { cookie, 'x-tessera-console': '1', 'x-tessera-csrf': csrf } });
  assert.equal(inSession.status, 200, 'the console session answers');

  // Console sign-ins with a password (and MFA) and with the root's keys: the secrets are in the request bodies.
  for (const body of [
    { kind: "user", account: server.accountId, userName: "keeper", password: PASSWORD, mfaCode: await totp(seed, 60) } as Record<string, string>,
    { kind: 'root', accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey },
    { kind: 'user', account: server.accountId, userName: 'keeper', password: `${PASSWORD}-wrong` },
  ]) {
    const r = await fetch(`${server.consoleUrl}/_console/api/signin`, { method: 'POST', headers: { 'x-tessera-console': '1', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    if (body.kind === 'root') assert.equal(r.status, 200, 'the root signed in to the console');
  }
  secrets.set('wrong console password', `${PASSWORD}-wrong`);

  // S3: an object written with session credentials, a presigned URL used, one with a bad signature.
  const s3 = new S3Client({ ...sdkConfig(server, session), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }));
  await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'k', Body: 'v' }));
  const url = await presignS3(server, '/vault/k', session);
  secrets.set('presigned signature', new URL(url).searchParams.get('X-Amz-Signature')!);
  assert.equal((await fetch(url)).status, 200);
  await fetch(url.replace(/X-Amz-Signature=[0-9a-f]/, 'X-Amz-Signature=x'));
  // A request signed with a wrong secret names the secret nowhere either.
  const wrong = `${admin.secretAccessKey.slice(0, -4)}WXYZ`;
  secrets.set('a wrong secret tried', wrong);
  await send(await signQuery(server.url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', { accessKeyId: admin.accessKeyId, secretAccessKey: wrong }));
  // A secret in a user-controlled field that is echoed back must not reach the log (a failed validation).
  // (A secret of its own: the record keeps it, see inOrdinaryFields, and the key's own secret is checked everywhere.)
  const echoed = `${admin.secretAccessKey.slice(0, -4)}ECHO`;
  secrets.set('a secret typed as a user name', echoed);
  inOrdinaryFields.add('a secret typed as a user name');
  await send(await signQuery(server.url, 'iam', `Action=GetUser&Version=2010-05-08&UserName=${encodeURIComponent(echoed)}`, root));

  // The audit trail recorded the calls (LookupEvents writes what is pending first).
  for (const name of ['CreateLoginProfile', 'EnableMFADevice', 'GetSessionToken', 'AssumeRole', 'ConsoleLogin']) {
    const r = awsCli(server, ['cloudtrail', 'lookup-events', '--lookup-attributes', `AttributeKey=EventName,AttributeValue=${name}`, '--max-items', '1', '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json']);
    assert.equal(r.status, 0, r.stderr);
    if ((JSON.parse(r.stdout) as { Events: unknown[] }).Events.length > 0) recorded.add(name);
  }

  s3.destroy();
  iam.destroy();
  assert.equal(await server.stop('SIGTERM'), 0);
});
after(() => {
  rmSync(parent, { recursive: true, force: true });
});

function filesUnder(dir: string, out: string[] = [], withDirs = false): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (lstatSync(p).isDirectory()) {
      if (withDirs) out.push(p);
      filesUnder(p, out, withDirs);
    } else out.push(p);
  }
  return out;
}

/** The forms a secret could take in bytes: as text, and (for values that are not already) base64 and hex. */
function forms(secret: string): Buffer[] {
  const b = Buffer.from(secret, 'utf8');
  return [b, Buffer.from(b.toString('base64').replace(/=+$/, '')), Buffer.from(b.toString('hex'))];
}

test('the audit trail was on: the calls that carried secrets have their records', () => {
  assert.deepEqual([...recorded].sort(), ['AssumeRole', 'ConsoleLogin', 'CreateLoginProfile', 'EnableMFADevice', 'GetSessionToken']);
});

test('nothing the server printed contains a secret, token, password, seed or signature', () => {
  const out = Buffer.from(server.output(), 'utf8');
  assert.ok(out.includes('"msg":"request"'), 'the request log was on');
  for (const [name, s] of secrets) for (const f of forms(s)) assert.ok(!out.includes(f), `${name} in the server's output`);
});

test('no file in the data directory holds a secret in the clear (database, WAL, blobs, key ring)', () => {
  const files = filesUnder(dataDir);
  assert.ok(files.some((f) => /\.(db|sqlite)/.test(f)), `a database file is there: ${files.join(', ')}`);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const [name, s] of secrets) {
      if (inOrdinaryFields.has(name)) continue;
      for (const f of forms(s)) assert.ok(!bytes.includes(f), `${name} in ${file.slice(dataDir.length)}`);
    }
  }
});

test("the data directory is private to the server's user: 0700, and the database, master key and blobs 0600", () => {
  assert.equal(lstatSync(dataDir).mode & 0o777, 0o700, 'the data directory');
  assert.equal(lstatSync(join(dataDir, 'master.key')).mode & 0o777, 0o600, 'master.key');
  for (const p of filesUnder(dataDir, [], true)) {
    const mode = lstatSync(p).mode & 0o777;
    const isDir = lstatSync(p).isDirectory();
    assert.equal(mode & 0o077, 0, `${p.slice(dataDir.length)} is ${mode.toString(8)}${isDir ? ' (directory)' : ''}`);
  }
});
