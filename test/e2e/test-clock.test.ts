/**
 * The test clock (`tessera serve --test-clock`): the root user moves the server's clock with a SigV4-signed
 * POST /_admin/clock, and everything that expires follows it — sessions (ExpiredToken), presigned URLs, MFA
 * windows and code reuse, aws:CurrentTime / aws:EpochTime, SAML validity, sign-in tokens and console
 * sessions — while fresh signatures stay valid (their skew is checked against the real time). Real clients:
 * the AWS SDK for JavaScript v3, boto3, the aws CLI and curl (the README's recipe, as written); the admin
 * calls are signed with the SDK's own SigV4 signer. Each test starts from the real time ({"reset": true}).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateRoleCommand, CreateSAMLProviderCommand, IAMClient, ListGroupsCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { rejects } from '../helpers/aws-errors.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { adminWithKey, credsOf, enabledMfaDevice, oathtoolCode, userWithKey } from '../helpers/iam.js';
import { createTestIdp, AWS_SAML_AUDIENCE, type TestIdp } from '../helpers/saml.js';
import { queryError, send, signQuery } from '../helpers/sign.js';
import { startServer, type TestServer } from '../helpers/server.js';

interface ClockState {
  now: string;
  epochMs: number;
  offsetSeconds: number;
  realNow: string;
}

let server: TestServer;
let iam: IAMClient;
let idp: TestIdp | undefined;

before(async () => {
  server = await startServer({ args: ['--test-clock', '--log', 'off'] });
  iam = new IAMClient(sdkConfig(server));
});

after(async () => {
  iam?.destroy();
  idp?.remove();
  await server?.stop();
});

/** A request to /_admin/clock signed by the AWS SDK's SigV4 signer (service name "tessera"); a string body is sent as is. */
async function clockRequest(s: TestServer, method: 'GET' | 'POST', body: unknown, creds: Creds | null = s.root) {
  const u = new URL(`${s.url}/_admin/clock`);
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  let headers: Record<string, string> = { host: u.host, ...(text ? { 'content-type': 'application/json' } : {}) };
  if (creds) {
    const signer = new SignatureV4({ service: 'tessera', region: 'us-east-1', credentials: creds, sha256: Sha256 });
    const signed = await signer.sign({ method, protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, headers, ...(text ? { body: text } : {}) });
    headers = signed.headers as Record<string, string>;
  }
  const res = await fetch(u, { method, headers, ...(text ? { body: text } : {}) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The <Message> of a query-protocol error, its XML entities decoded. */
const messageOf = (xml: string) =>
  (queryError(xml).message ?? '').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Moves (or reads) the clock as root; the answer is the clock after the change. */
async function clock(body?: object): Promise<ClockState> {
  const r = await clockRequest(server, body ? 'POST' : 'GET', body);
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text) as ClockState;
}

beforeEach(async () => {
  const c = await clock({ reset: true });
  assert.equal(c.offsetSeconds, 0);
});

describe('sessions follow the clock; signatures do not', () => {
  test('a 900-second session gets ExpiredToken after advancing 901 s, while freshly signed root calls still succeed', async () => {
    const rootSts = new STSClient(sdkConfig(server));
    const session = credsOf(await rootSts.send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
    const sessionSts = new STSClient(sdkConfig(server, session));
    const sessionS3 = new S3Client({ ...sdkConfig(server, session), forcePathStyle: true });
    assert.equal((await sessionSts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${server.accountId}:root`);

    const moved = await clock({ advance: 901 });
    assert.equal(moved.offsetSeconds, 901);
    assert.ok(moved.epochMs - Date.parse(moved.realNow) >= 900_000, JSON.stringify(moved));
    assert.equal((await clock()).offsetSeconds, 901, 'GET reports the moved clock');

    await rejects(sessionSts.send(new GetCallerIdentityCommand({})), 'ExpiredToken', 400, 'The security token included in the request is expired');
    await rejects(sessionS3.send(new ListBucketsCommand({})), 'ExpiredToken', 400, 'The provided token has expired.');
    // boto3 sees AWS's code and message too.
    const py = python(
      server,
      `
import boto3, json, os
from botocore.exceptions import ClientError
try:
    boto3.client('sts', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1').get_caller_identity()
    print(json.dumps({'ok': True}))
except ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}))
`,
      session,
    );
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 400 });

    // Fresh signatures (the real time) are within the skew, however far the clock moves: root's calls succeed.
    const far = await clock({ advance: '1h' });
    assert.equal((await rootSts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${server.accountId}:root`);
    assert.ok(Array.isArray((await iam.send(new ListUsersCommand({}))).Users));
    // A signature dated at the moved time is more than 15 minutes from the real time: refused as AWS refuses skew.
    const ahead = await send(await signQuery(server.url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', server.root, { date: new Date(far.epochMs) }));
    assert.equal(ahead.status, 403, ahead.text);
    assert.equal(queryError(ahead.text).code, 'SignatureDoesNotMatch');
    assert.match(queryError(ahead.text).message ?? '', /^Signature not yet current: /);
    for (const c of [rootSts, sessionSts, sessionS3]) c.destroy();
  });

  test('the README recipe: aws CLI for the session, curl --aws-sigv4 to advance, ExpiredToken', () => {
    const endpoint = { AWS_ENDPOINT_URL: server.url };
    const got = awsCli(server, ['sts', 'get-session-token', '--duration-seconds', '900', '--query', 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]', '--output', 'text'], server.root, endpoint);
    assert.equal(got.status, 0, got.stderr);
    const [ak, sk, st] = got.stdout.trim().split('\t');
    const moved = spawnSync(
      'curl',
      ['-s', '--aws-sigv4', 'aws:amz:us-east-1:tessera', '--user', `${server.root.accessKeyId}:${server.root.secretAccessKey}`, '-H', 'content-type: application/json', '-d', '{"advance":"901s"}', `${server.url}/_admin/clock`],
      { encoding: 'utf8' },
    );
    assert.equal(moved.status, 0, moved.stderr);
    assert.equal((JSON.parse(moved.stdout) as ClockState).offsetSeconds, 901, moved.stdout);
    const expired = awsCli(server, ['sts', 'get-caller-identity'], { accessKeyId: ak!, secretAccessKey: sk!, sessionToken: st! }, endpoint);
    assert.equal(expired.status, 255);
    assert.match(expired.stderr, /An error occurred \(ExpiredToken\) when calling the GetCallerIdentity operation: The security token included in the request is expired/);
    const rootStill = awsCli(server, ['sts', 'get-caller-identity'], server.root, endpoint);
    assert.equal(rootStill.status, 0, rootStill.stderr);
  });
});

describe('expiring things follow the clock', () => {
  test('a presigned GET URL expires when the clock passes X-Amz-Date + X-Amz-Expires', async () => {
    const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'clock-presign' }));
    await s3.send(new PutObjectCommand({ Bucket: 'clock-presign', Key: 'k', Body: 'fresh' }));
    s3.destroy();
    const py = python(
      server,
      `
import boto3, os
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
print(s3.generate_presigned_url('get_object', Params={'Bucket': 'clock-presign', 'Key': 'k'}, ExpiresIn=600))
`,
    );
    assert.equal(py.status, 0, py.stderr);
    const url = py.stdout.trim();
    const first = await fetch(url);
    assert.equal(first.status, 200);
    assert.equal(await first.text(), 'fresh');
    await clock({ advance: '9m' });
    const before = await fetch(url);
    assert.equal(before.status, 200, 'nine minutes into a ten-minute URL');
    await before.arrayBuffer();
    await clock({ advance: '61s' });
    const late = await fetch(url);
    const text = await late.text();
    assert.equal(late.status, 403, text);
    assert.match(text, /<Code>AccessDenied<\/Code>/);
    assert.match(text, /<Message>Request has expired<\/Message>/);
  });

  test('MFA: a code valid at T is refused after advancing 5 minutes; codes of the moved time are accepted, once', async () => {
    const user = await userWithKey(iam, 'clock-mfa');
    const { serial, seed } = await enabledMfaDevice(iam, 'clock-mfa', 'clock-mfa');
    const sts = new STSClient(sdkConfig(server, user));
    const get = (code: string) => sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code, DurationSeconds: 900 }));
    const refusal = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';
    assert.ok((await get(oathtoolCode(seed, 30))).Credentials?.SessionToken, 'the next step, at the real time');
    await rejects(get(oathtoolCode(seed, 30)), 'AccessDenied', 403, refusal);
    const moved = await clock({ advance: '5m' });
    // Valid at the real time, ten steps behind the server's: refused.
    await rejects(get(oathtoolCode(seed, 60)), 'AccessDenied', 403, refusal);
    // The code of the server's time, as an authenticator app with the moved clock shows it.
    const code = spawnSync('oathtool', ['--totp', '-b', '-N', `@${Math.floor(moved.epochMs / 1000)}`, seed], { encoding: 'utf8' }).stdout.trim();
    assert.match(code, /^\d{6}$/);
    assert.ok((await get(code)).Credentials?.SessionToken, 'the moved clock decides the window');
    await rejects(get(code), 'AccessDenied', 403, refusal);
    sts.destroy();
  });

  test('aws:CurrentTime (DateGreaterThan) and aws:EpochTime flip when the clock is set, both ways', async () => {
    const user = await userWithKey(iam, 'clock-timed');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'clock-timed',
        PolicyName: 'from-2030',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
            { Effect: 'Allow', Action: 'iam:ListGroups', Resource: '*', Condition: { NumericGreaterThanEquals: { 'aws:EpochTime': '1893456000' } } },
          ],
        }),
      }),
    );
    const asUser = new IAMClient(sdkConfig(server, user));
    await rejects(asUser.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await rejects(asUser.send(new ListGroupsCommand({})), 'AccessDenied', 403);
    const set = await clock({ set: '2030-01-01T00:00:05Z' });
    assert.ok(set.now.startsWith('2030-01-01T00:00:'), set.now);
    assert.ok(Array.isArray((await asUser.send(new ListUsersCommand({}))).Users));
    assert.ok(Array.isArray((await asUser.send(new ListGroupsCommand({}))).Groups));
    await clock({ set: Date.parse('2029-12-31T23:59:00Z') }); // epoch milliseconds
    await rejects(asUser.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await rejects(asUser.send(new ListGroupsCommand({})), 'AccessDenied', 403);
    asUser.destroy();
  });

  test('a SAML assertion refused once the clock passes its window is accepted again at the real time', async () => {
    idp = createTestIdp();
    const providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'clock-idp', SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': AWS_SAML_AUDIENCE } } }] };
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'clock-saml', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
    const assertion = Buffer.from(idp.response({ nameId: 'alice', rolePairs: [`${roleArn},${providerArn}`] })).toString('base64');
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1 });
    const assume = () => sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: assertion }));
    await clock({ advance: '6m' });
    await rejects(assume(), 'ExpiredTokenException', 400);
    await clock({ reset: true });
    const r = await assume();
    assert.equal(r.AssumedRoleUser?.Arn, `arn:aws:sts::${server.accountId}:assumed-role/clock-saml/alice`);
    sts.destroy();
  });

  test('sign-in tokens (15 minutes) and console sessions follow the clock', async () => {
    const broker = await adminWithKey(iam, 'clock-broker');
    const sts = new STSClient(sdkConfig(server, broker));
    const fed = (d: number) => sts.send(new GetFederationTokenCommand({ Name: 'clock-fed', DurationSeconds: d, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) }));
    const signinToken = async (c: Creds) => {
      const q = new URLSearchParams({ Action: 'getSigninToken', Session: JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken }) });
      const r = await fetch(`${server.url}/_signin/federation?${q}`);
      assert.equal(r.status, 200);
      return ((await r.json()) as { SigninToken: string }).SigninToken;
    };
    const login = (t: string) =>
      fetch(`${server.consoleUrl}/_signin/federation?${new URLSearchParams({ Action: 'login', SigninToken: t, Destination: `${server.consoleUrl}/_console/` })}`, { redirect: 'manual' });

    // A sign-in token redeemed 16 minutes (server time) after it was issued: expired.
    const stale = await signinToken(credsOf(await fed(3600)));
    await clock({ advance: '16m' });
    const refused = await login(stale);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /expired/);

    // A console session of 900-second credentials ends when the clock passes them.
    await clock({ reset: true });
    const ok = await login(await signinToken(credsOf(await fed(900))));
    assert.equal(ok.status, 302);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`${server.consoleUrl}/_console/`, { headers: { cookie } })).text();
    const csrf = /<meta name="tessera-csrf" content="([A-Za-z0-9_-]+)">/.exec(page)![1]!;
    const session = () => fetch(`${server.consoleUrl}/_console/api/session`, { headers: { cookie, 'x-tessera-console': '1', 'x-tessera-csrf': csrf } });
    assert.equal((await session()).status, 200);
    await clock({ advance: 901 });
    const ended = await session();
    assert.equal(ended.status, 401);
    assert.equal(((await ended.json()) as { error: string }).error, 'SessionExpired');
    sts.destroy();
  });
});

describe('who may move the clock', () => {
  test('unsigned, IAM users, root session credentials and bad signatures are refused (AWS-shaped XML); the clock stays', async () => {
    const user = await adminWithKey(iam, 'clock-admin-user');
    const rootSession = credsOf(await new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
    const cases: Array<[string, Creds | null, number, string]> = [
      ['unsigned', null, 403, 'AccessDenied'],
      ['an IAM user with AdministratorAccess', user, 403, 'AccessDenied'],
      ["the root user's session credentials", rootSession, 403, 'AccessDenied'],
      ['a wrong secret', { ...server.root, secretAccessKey: `${server.root.secretAccessKey}x` }, 403, 'SignatureDoesNotMatch'],
    ];
    for (const [who, creds, status, code] of cases) {
      for (const method of ['POST', 'GET'] as const) {
        const r = await clockRequest(server, method, method === 'POST' ? { advance: '1h' } : undefined, creds);
        assert.equal(r.status, status, `${who} ${method}: ${r.text}`);
        assert.match(r.type ?? '', /xml/);
        assert.equal(queryError(r.text).code, code, `${who} ${method}: ${r.text}`);
        assert.ok(queryError(r.text).requestId, 'the error carries a request id');
      }
    }
    assert.equal((await clock()).offsetSeconds, 0, 'nothing moved the clock');
  });

  test('bad bodies get a ValidationError naming the problem and change nothing', async () => {
    const bad: Array<[unknown, RegExp]> = [
      ['not json', /not valid JSON/],
      [{}, /exactly one of set, advance or reset/],
      [{ advance: '1h', set: 0 }, /exactly one/],
      [{ advance: '-5m' }, /advance: "-5m" is not a duration/],
      [{ advance: -5 }, /must be between 0 and 100 years/],
      [{ set: 'tomorrow' }, /set: "tomorrow" is not an ISO 8601 time/],
      [{ set: '2030-01-01T00:00:00' }, /is not an ISO 8601 time with its zone/],
      [{ reset: false }, /reset must be true/],
      [{ rewind: '1h' }, /Unknown field 'rewind'/],
    ];
    for (const [body, message] of bad) {
      const r = await clockRequest(server, 'POST', body);
      assert.equal(r.status, 400, r.text);
      assert.equal(queryError(r.text).code, 'ValidationError');
      assert.match(messageOf(r.text), message, JSON.stringify(body));
    }
    assert.equal((await clock()).offsetSeconds, 0);
  });

  test('without --test-clock the path is 404, even signed by root and with --unsafe-clock-offset', async () => {
    const plain = await startServer({ args: ['--log', 'off'] });
    const offset = await startServer({ args: ['--log', 'off', '--unsafe-clock-offset', '60'] });
    try {
      for (const s of [plain, offset]) {
        for (const method of ['GET', 'POST'] as const) {
          const r = await clockRequest(s, method, method === 'POST' ? { advance: '1h' } : undefined);
          assert.equal(r.status, 404, r.text);
          assert.equal(queryError(r.text).code, 'NotFound');
          assert.match(messageOf(r.text), /--test-clock/);
        }
      }
      assert.doesNotMatch(plain.output(), /TEST CLOCK/);
      assert.match(server.output(), /WARNING: TEST CLOCK ON \(--test-clock\)/);
    } finally {
      await offset.stop();
      await plain.stop();
    }
  });
});
