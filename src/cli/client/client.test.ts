/** Unit tests of the client's small modules: outputs, SAML role pairs, seeds and steps, sealing, endpoints, exit codes, durations, exec's operands, displays. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REFRESH_MARGIN_MS, cacheId, isFresh, readSession, writeSession, type CachedSession } from './cache.js';
import { seconds } from './common.js';
import { noDisplay } from './console.js';
import { chainWarning } from './credentials.js';
import { splitOperands } from './exec.js';
import { ExitCode, errorCode, toCliError } from './exitCodes.js';
import { addSeed, codeAt, nextCode, normalizeSeed } from './mfaStore.js';
import { render, processJson } from './outputs.js';
import { rolePairs, toBase64 } from './samlResponse.js';
import { open, seal } from './secretBox.js';
import { isAwsEndpoint, loginUrl, signinEndpoints } from './signin.js';
import type { Resolved } from './credentials.js';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'tessera-client-unit-'));
  process.env.TESSERA_CLIENT_HOME = home;
});
after(() => rmSync(home, { recursive: true, force: true }));

const resolved = (over: Partial<Resolved> = {}): Resolved => ({
  creds: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: "se/cr'et+", sessionToken: 'tok==', expiration: new Date('2030-01-02T03:04:05Z') },
  kind: 'role',
  target: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000' },
  fromCache: false,
  ...over,
});

test('outputs: quoting per shell, stale variables unset, credential_process JSON', () => {
  const r = resolved();
  assert.match(render(r, 'env'), /^export AWS_SECRET_ACCESS_KEY='se\/cr'\\''et\+'$/m);
  assert.match(render(r, 'env'), /^export AWS_ENDPOINT_URL='http:\/\/127.0.0.1:9000'$/m);
  assert.match(render(r, 'env'), /^export AWS_ENDPOINT_URL_STS='http:\/\/127.0.0.1:9000'$/m);
  // An endpoint given for STS alone (AWS_ENDPOINT_URL_STS) never becomes every service's.
  const stsOnly = render(resolved({ target: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', endpointFrom: 'env-sts' } }), 'env');
  assert.match(stsOnly, /^export AWS_ENDPOINT_URL_STS=/m);
  assert.doesNotMatch(stsOnly, /AWS_ENDPOINT_URL=/);
  assert.match(render(r, 'env'), /^unset AWS_PROFILE$/m);
  assert.match(render(r, 'powershell'), /^\$Env:AWS_SECRET_ACCESS_KEY='se\/cr''et\+'$/m);
  assert.match(render(r, 'fish'), /^set -gx AWS_SECRET_ACCESS_KEY 'se\/cr\\'et\+';$/m);
  assert.match(render(r, 'windows-cmd'), /^set AWS_SESSION_TOKEN=tok==$/m);
  assert.doesNotMatch(render(r, 'env-no-export'), /export|unset/);
  const longTerm = resolved({ creds: { accessKeyId: 'AKIA', secretAccessKey: 's' }, kind: 'long-term' });
  assert.match(render(longTerm, 'env'), /^unset AWS_SESSION_TOKEN$/m);
  assert.deepEqual(JSON.parse(processJson(longTerm)), { Version: 1, AccessKeyId: 'AKIA', SecretAccessKey: 's' });
  assert.deepEqual(JSON.parse(processJson(r)), { Version: 1, AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: "se/cr'et+", SessionToken: 'tok==', Expiration: '2030-01-02T03:04:05.000Z' });
});

test('SAML role pairs: either order, deduplicated, from base64 or XML; DTDs refused', () => {
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Assertion><saml:AttributeStatement>
    <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>arn:aws:iam::1:role/A,arn:aws:iam::1:saml-provider/P</saml:AttributeValue><saml:AttributeValue>arn:aws:iam::1:saml-provider/P, arn:aws:iam::1:role/B</saml:AttributeValue><saml:AttributeValue>arn:aws:iam::1:role/A,arn:aws:iam::1:saml-provider/P</saml:AttributeValue></saml:Attribute>
    <saml:Attribute Name="other"><saml:AttributeValue>arn:aws:iam::1:role/X,arn:aws:iam::1:saml-provider/P</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`;
  const b = toBase64(xml);
  assert.equal(toBase64(`${b.slice(0, 10)}\n${b.slice(10)}`), b);
  assert.deepEqual(rolePairs(b), [
    { roleArn: 'arn:aws:iam::1:role/A', principalArn: 'arn:aws:iam::1:saml-provider/P' },
    { roleArn: 'arn:aws:iam::1:role/B', principalArn: 'arn:aws:iam::1:saml-provider/P' },
  ]);
  assert.throws(() => rolePairs(toBase64('<!DOCTYPE x [<!ENTITY a "b">]><x/>')), /DTD/);
  assert.throws(() => toBase64('not base64 !'), /neither base64 nor XML/);
});

test('sealing: opens with its name only; one flipped bit does not open', () => {
  const blob = seal('secret text', 'a');
  assert.equal(open(blob, 'a'), 'secret text');
  assert.equal(open(blob, 'b'), undefined);
  const bad = Buffer.from(blob);
  bad[bad.length - 1]! ^= 1;
  assert.equal(open(bad, 'a'), undefined);
  assert.ok(!blob.includes(Buffer.from('secret text')));
});

test('the key file must be private', () => {
  seal('x', 'y');
  chmodSync(join(home, 'key'), 0o644);
  assert.throws(() => seal('x', 'y'), /readable by other users/);
  chmodSync(join(home, 'key'), 0o600);
});

test('session cache: fresh until the refresh margin; a swapped file does not open under another id', () => {
  const entry: CachedSession = { kind: 'session', profile: 'p', label: 'arn:aws:iam::1:mfa/d', accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T', expiration: new Date(Date.now() + REFRESH_MARGIN_MS + 60_000).toISOString(), issuedAt: new Date().toISOString() };
  const id1 = cacheId('session', 'p', 'AKIA1', entry.label);
  const id2 = cacheId('session', 'q', 'AKIA1', entry.label);
  assert.notEqual(id1, id2);
  writeSession(id1, entry);
  const r = readSession(id1);
  assert.equal(r.state, 'ok');
  assert.equal(isFresh(entry), true);
  assert.equal(isFresh(entry, Date.now() + 120_000), false);
  writeFileSync(join(home, 'sessions', id2), readFileSync(join(home, 'sessions', id1)));
  assert.equal(readSession(id2).state, 'tampered');
  assert.equal(readSession('0'.repeat(32)).state, 'missing');
});

test('stored seeds: a code per step, never one this client spent; waits when both are spent', async () => {
  const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  assert.equal(normalizeSeed('jbsw y3dp-ehpk 3pxp jbsw y3dp ehpk 3pxp'), seed);
  assert.throws(() => normalizeSeed('not a seed!'), /base32/);
  addSeed('arn:aws:iam::1:mfa/u', seed);
  let now = 1_000_000 * 30_000 + 5_000; // step 1,000,000
  const waits: number[] = [];
  const opts = { now: () => now, sleep: async (ms: number) => void (now += ms), onWait: (s: number) => waits.push(s) };
  const a = await nextCode('arn:aws:iam::1:mfa/u', opts);
  assert.deepEqual(a, { code: codeAt(seed, 1_000_000), step: 1_000_000 });
  const b = await nextCode('arn:aws:iam::1:mfa/u', opts);
  assert.equal(b!.step, 1_000_001);
  const c = await nextCode('arn:aws:iam::1:mfa/u', opts);
  assert.equal(c!.step, 1_000_002);
  assert.equal(waits.length, 1);
  assert.ok(Math.floor(now / 30_000) >= 1_000_001);
  assert.equal(await nextCode('arn:aws:iam::1:mfa/none', opts), undefined);
  // RFC 6238's SHA-1 vector (seed "12345678901234567890", T = 59 s → 94287082, six digits 287082).
  assert.equal(codeAt('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1), '287082');
});

test('sign-in endpoints: Tessera when the endpoint is not AWS\'s, else the partition\'s', () => {
  assert.deepEqual(signinEndpoints({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566/' }), { federation: 'http://127.0.0.1:4566/_signin/federation', console: 'http://127.0.0.1:4566/_console/', tessera: true });
  assert.equal(signinEndpoints({ region: 'eu-west-1', endpoint: 'https://sts.eu-west-1.amazonaws.com' }).federation, 'https://signin.aws.amazon.com/federation');
  assert.equal(signinEndpoints({ region: 'us-gov-west-1' }).federation, 'https://signin.amazonaws-us-gov.com/federation');
  assert.equal(signinEndpoints({ region: 'cn-north-1' }).console, 'https://console.amazonaws.cn/');
  assert.equal(isAwsEndpoint('https://sts.cn-north-1.amazonaws.com.cn'), true);
  assert.equal(isAwsEndpoint('https://tessera.example.com'), false);
  const ep = signinEndpoints({ region: 'us-east-1' });
  assert.equal(loginUrl(ep, 'TOK', ep.console, 'https://example.org'), 'https://signin.aws.amazon.com/federation?Action=login&Issuer=https%3A%2F%2Fexample.org&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=TOK');
});

test('exit codes and messages: service errors as the AWS CLI words them; connection failures 255', () => {
  const svc = Object.assign(new Error('Token expired'), { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
  assert.equal(errorCode(svc as never), 'ExpiredToken');
  const e = toCliError(svc, 'GetCallerIdentity');
  assert.equal(e.exitCode, ExitCode.service);
  assert.equal(e.message, 'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: Token expired');
  assert.equal(toCliError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).exitCode, 255);
  assert.match(chainWarning('R', 'S', 7200), /lowered to 3600 s/);
  assert.doesNotMatch(chainWarning('R', 'S', undefined), /lowered/);
});

test('durations: aws-vault\'s forms and plain seconds, in range; anything else a usage error (252)', () => {
  assert.equal(seconds(undefined, '--duration', 900, 3600), undefined);
  for (const [text, n] of [['1h', 3600], ['90m', 5400], ['3600s', 3600], ['1h30m', 5400], ['1h0m30s', 3630], ['3600', 3600], ['900', 900]] as const) assert.equal(seconds(text, '--duration', 900, 43_200), n, text);
  for (const bad of ['', 'h', '1.5h', '1d', '-1h', '1h 30m', '30m1h', 'PT1H']) {
    assert.throws(() => seconds(bad, '--duration', 900, 43_200), (e: { exitCode: number; message: string }) => e.exitCode === ExitCode.usage && /must be a duration such as 1h, 90m, 3600s or 3600/.test(e.message), bad);
  }
  assert.throws(() => seconds('14m', '--duration', 900, 43_200), /between 900 and 43200 seconds \(14m is 840 s\)/);
  assert.throws(() => seconds('13h', '--duration', 900, 43_200), /between 900 and 43200 seconds \(13h is 46800 s\)/);
});

test('exec operands: the profile before --, the command after; none before -- is AWS_PROFILE\'s', () => {
  const argv = (...a: string[]) => ['node', 'tessera', 'exec', ...a];
  assert.deepEqual(splitOperands(['dev', 'aws', 's3', 'ls'], argv('dev', '--', 'aws', 's3', 'ls')), { profile: 'dev', command: ['aws', 's3', 'ls'] });
  assert.deepEqual(splitOperands(['aws', 's3', 'ls'], argv('-d', '1h', '--', 'aws', 's3', 'ls')), { command: ['aws', 's3', 'ls'] });
  assert.deepEqual(splitOperands(['dev'], argv('dev')), { profile: 'dev', command: [] });
  assert.deepEqual(splitOperands(['dev'], argv('dev', '--')), { profile: 'dev', command: [] });
  assert.deepEqual(splitOperands([], argv()), { command: [] });
  assert.deepEqual(splitOperands(['dev', 'sh', '-c', 'echo --', '--'], argv('dev', '--', 'sh', '-c', 'echo --', '--')), { profile: 'dev', command: ['sh', '-c', 'echo --', '--'] });
  assert.throws(() => splitOperands(['a', 'b', 'true'], argv('a', 'b', '--', 'true')), /one profile before --, not 2/);
});

test('displays: none on Linux without DISPLAY or WAYLAND_DISPLAY; macOS and Windows always have one', () => {
  assert.match(noDisplay({}, 'linux')!, /neither DISPLAY nor WAYLAND_DISPLAY/);
  assert.equal(noDisplay({ DISPLAY: ':0' }, 'linux'), undefined);
  assert.equal(noDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'freebsd'), undefined);
  assert.equal(noDisplay({}, 'darwin'), undefined);
  assert.equal(noDisplay({}, 'win32'), undefined);
});
