/**
 * AssumeRoleWithWebIdentity against a small OIDC issuer the test runs on loopback (HTTPS with a throw-away
 * CA the server trusts through NODE_EXTRA_CA_CERTS; discovery document + JWKS; tokens signed with jose),
 * the provider registered with IAM's CreateOpenIDConnectProvider. Success, then each refusal.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-oidc-'));
const CLIENT_ID = 'tessera-test-client';
let server: TestServer;
let idp: Server;
let issuer: string;
let issuerKey: string;
let roleArn: string;
let providerArn: string;
let sts: STSClient;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let discoveryHits = 0;

async function token(claims: JWTPayload = {}, opts: { key?: CryptoKey; kid?: string; iss?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'user-1', aud: CLIENT_ID, amr: ['pwd'], iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1', typ: 'JWT' })
    .setIssuer(opts.iss ?? issuer)
    .sign(opts.key ?? signingKey);
}

const assume = (webIdentityToken: string, extra: { RoleArn?: string; DurationSeconds?: number } = {}) =>
  sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'web-session', WebIdentityToken: webIdentityToken, ...extra }));

async function refused(p: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(p, (e: { name?: string; message?: string }) => {
    assert.ok(e.name === code || e.name === `${code}Exception`, `${e.name}: ${e.message}`);
    if (message) assert.match(e.message ?? '', message);
    return true;
  });
}

before(async () => {
  const cert = join(dir, 'idp.crt');
  const key = join(dir, 'idp.key');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);

  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey as CryptoKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  idp = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      discoveryHits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => idp.listen(0, '127.0.0.1', ok));
  issuer = `https://localhost:${(idp.address() as AddressInfo).port}`;
  issuerKey = issuer.slice('https://'.length);

  server = await startServer({ env: { NODE_EXTRA_CA_CERTS: cert } });
  const iam = new IAMClient(sdkConfig(server));
  sts = new STSClient({ ...sdkConfig(server), credentials: { accessKeyId: 'UNUSEDUNUSEDUNUSED', secretAccessKey: 'unused' } });
  providerArn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [CLIENT_ID], ThumbprintList: ['0'.repeat(40)] }))).OpenIDConnectProviderArn!;
  // A registered provider nobody answers for (IDPCommunicationError).
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://127.0.0.1:9', ClientIDList: [CLIENT_ID], ThumbprintList: ['0'.repeat(40)] }));
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${issuerKey}:aud`]: CLIENT_ID },
          StringLike: { [`${issuerKey}:sub`]: 'user-*' },
          'ForAnyValue:StringEquals': { [`${issuerKey}:amr`]: 'pwd' },
        },
      },
    ],
  };
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'WebApp', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
});

after(async () => {
  await server?.stop();
  await new Promise((ok) => idp?.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

describe('AssumeRoleWithWebIdentity', () => {
  test('a valid token gets credentials that work; discovery is cached', async () => {
    const r = await assume(await token());
    assert.equal(r.SubjectFromWebIdentityToken, 'user-1');
    assert.equal(r.Audience, CLIENT_ID);
    assert.equal(r.Provider, `arn:aws:iam::${server.accountId}:oidc-provider/${issuerKey}`);
    assert.equal(r.AssumedRoleUser!.Arn, `arn:aws:sts::${server.accountId}:assumed-role/WebApp/web-session`);
    const who = await new STSClient({ ...sdkConfig(server), credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, r.AssumedRoleUser!.Arn);
    const hits = discoveryHits;
    await assume(await token());
    assert.equal(discoveryHits, hits);
  });

  test('wrong audience', async () => {
    await refused(assume(await token({ aud: 'someone-else' })), 'InvalidIdentityToken', /audience/);
  });

  test('expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(assume(await token({ iat: now - 3600, exp: now - 600 })), 'ExpiredTokenException', /Token expired/);
  });

  test('not yet valid (nbf)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(assume(await token({ nbf: now + 900 })), 'InvalidIdentityToken', /nbf/);
  });

  test('issued in the future (iat)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(assume(await token({ iat: now + 900, exp: now + 1800 })), 'InvalidIdentityToken', /iat/);
  });

  test('signed by a key the issuer does not publish', async () => {
    await refused(assume(await token({}, { key: strangerKey })), 'InvalidIdentityToken', /signature/);
    await refused(assume(await token({}, { key: strangerKey, kid: 'unknown' })), 'InvalidIdentityToken', /verification key/);
  });

  test('tampered payload', async () => {
    const [h, , s] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'user-admin', aud: CLIENT_ID, iss: issuer, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    await refused(assume(`${h}.${forged}.${s}`), 'InvalidIdentityToken');
  });

  test('an issuer not registered in IAM', async () => {
    await refused(assume(await token({}, { iss: 'https://unregistered.example.test' })), 'InvalidIdentityToken', /No OpenIDConnect provider/);
  });

  test('the issuer cannot be reached', async () => {
    await refused(assume(await token({}, { iss: 'https://127.0.0.1:9' })), 'IDPCommunicationError');
  });

  test('the trust policy refuses the subject', async () => {
    await refused(assume(await token({ sub: 'robot-7' })), 'AccessDenied', /Not authorized to perform sts:AssumeRoleWithWebIdentity/);
  });

  test('the trust policy needs amr pwd', async () => {
    await refused(assume(await token({ amr: ['otp'] })), 'AccessDenied');
  });

  test('not a JWT', async () => {
    await refused(assume('not-a-jwt-at-all'), 'InvalidIdentityToken');
  });

  test('DurationSeconds above the role maximum', async () => {
    await refused(assume(await token(), { DurationSeconds: 7200 }), 'ValidationError', /MaxSessionDuration/);
  });
});

describe('ABAC: the https://aws.amazon.com/tags claim is the session\'s aws:PrincipalTag keys', () => {
  const TAGS = 'https://aws.amazon.com/tags';
  const teamBucket = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}-data' };
  let teamRole: string;
  const s3As = (r: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }) =>
    new S3Client({ ...sdkConfig(server), forcePathStyle: true, credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } });
  const denied = (e: Error) => e.name === 'AccessDenied';

  before(async () => {
    const iam = new IAMClient(sdkConfig(server));
    const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
    for (const b of ['blue-data', 'red-data']) await s3.send(new CreateBucketCommand({ Bucket: b }));
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'], Condition: { StringEquals: { [`${issuerKey}:aud`]: CLIENT_ID } } }] };
    // The role's own tag is red: the token's team tag overrides it.
    teamRole = (await iam.send(new CreateRoleCommand({ RoleName: 'WebTeam', AssumeRolePolicyDocument: JSON.stringify(trust), Tags: [{ Key: 'team', Value: 'red' }] }))).Role!.Arn!;
    for (const name of ['WebTeam', 'WebApp']) {
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'team', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [teamBucket] }) }));
    }
  });

  test('team=blue in the token: the blue bucket allowed, the red one (the role\'s own tag) AccessDenied', async () => {
    const r = await assume(await token({ [TAGS]: { principal_tags: { team: ['blue'] } } }), { RoleArn: teamRole });
    await s3As(r).send(new ListObjectsV2Command({ Bucket: 'blue-data' }));
    await assert.rejects(s3As(r).send(new ListObjectsV2Command({ Bucket: 'red-data' })), denied);
  });

  test('no tags claim: the role\'s own tag applies (red allowed, blue AccessDenied)', async () => {
    const r = await assume(await token(), { RoleArn: teamRole });
    await s3As(r).send(new ListObjectsV2Command({ Bucket: 'red-data' }));
    await assert.rejects(s3As(r).send(new ListObjectsV2Command({ Bucket: 'blue-data' })), denied);
  });

  test('a trust policy without sts:TagSession refuses a token that passes tags (AccessDenied), and accepts one that passes none', async () => {
    await refused(assume(await token({ [TAGS]: { principal_tags: { team: ['blue'] } } })), 'AccessDenied', /sts:TagSession/);
    const r = await assume(await token());
    await assert.rejects(s3As(r).send(new ListObjectsV2Command({ Bucket: 'blue-data' })), denied);
  });
});
