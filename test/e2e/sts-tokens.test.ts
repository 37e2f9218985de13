/**
 * Sealed, stateless session tokens end to end: GetSessionToken through the JS SDK, boto3 and the aws CLI;
 * the temporary credentials used; tampering, key-id mismatch, expiry (servers with a moved clock sharing
 * the data directory), verification by another process, key rotation.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf } from '../helpers/iam.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';
import { queryError, send, signQuery } from '../helpers/sign.js';

const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';

async function callerWith(server: TestServer, creds: Creds, offsetMs = 0) {
  const req = await signQuery(server.url, 'sts', GCI, creds, { date: new Date(Date.now() + offsetMs) });
  const r = await send(req);
  return { status: r.status, text: r.text, error: queryError(r.text) };
}

describe('GetSessionToken and the session token', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('root: at most one hour; the credentials act as the root user', async () => {
    const sts = new STSClient(sdkConfig(server));
    const before = Date.now();
    const r = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    const after = Date.now();
    const c = r.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(c.SecretAccessKey!.length, 40);
    // Issued between `before` and `after`, for one hour (not the two asked for); Expiration is whole seconds.
    const expiry = c.Expiration!.getTime();
    assert.ok(expiry >= before - 1000 + 3600_000 && expiry <= after + 1000 + 3600_000, `root session ends ${expiry - before} ms after the call began`);
    const me = await new STSClient(sdkConfig(server, credsOf(r))).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${server.accountId}:root`);
    assert.equal(me.Account, server.accountId);
  });

  test('session credentials cannot call GetSessionToken again', async () => {
    const r = await new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({}));
    await assert.rejects(new STSClient(sdkConfig(server, credsOf(r))).send(new GetSessionTokenCommand({})), (e: Error & { name: string }) => {
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.message, 'Cannot call GetSessionToken with session credentials');
      return true;
    });
  });

  test('of STS, GetSessionToken credentials may call only AssumeRole and GetCallerIdentity', async () => {
    const r = await new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({}));
    await assert.rejects(
      new STSClient(sdkConfig(server, credsOf(r))).send(new GetAccessKeyInfoCommand({ AccessKeyId: server.root.accessKeyId })),
      (e: Error & { name: string }) => e.name === 'AccessDenied' && e.message === 'Cannot call GetAccessKeyInfo with session credentials',
    );
  });

  test('DurationSeconds below 900 or above 129,600 is a validation error', async () => {
    for (const d of [899, 129_601]) {
      await assert.rejects(new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({ DurationSeconds: d })), (e: Error & { name: string }) => {
        assert.equal(e.name, 'ValidationError');
        assert.match(e.message, /durationSeconds/);
        return true;
      });
    }
  });

  test('any altered byte of the token is refused (InvalidClientTokenId)', async () => {
    const creds = credsOf(await new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({})));
    assert.equal((await callerWith(server, creds)).status, 200);
    const t = creds.sessionToken!;
    const positions = [0, t.indexOf('.') + 1, Math.floor(t.length / 2), t.length - 1];
    for (const i of positions) {
      const ch = t[i] === 'A' ? 'B' : 'A';
      const tampered = t.slice(0, i) + ch + t.slice(i + 1);
      const r = await callerWith(server, { ...creds, sessionToken: tampered });
      assert.equal(r.status, 403, `byte ${i}`);
      assert.equal(r.error.code, 'InvalidClientTokenId');
      assert.equal(r.error.message, 'The security token included in the request is invalid.');
    }
    const truncated = await callerWith(server, { ...creds, sessionToken: t.slice(0, -4) });
    assert.equal(truncated.error.code, 'InvalidClientTokenId');
    const none = await callerWith(server, { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey });
    assert.equal(none.error.code, 'InvalidClientTokenId');
  });

  test('the access key id must be the one issued with the token', async () => {
    const a = credsOf(await new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({})));
    const b = credsOf(await new STSClient(sdkConfig(server)).send(new GetSessionTokenCommand({})));
    assert.notEqual(a.accessKeyId, b.accessKeyId);
    const r = await callerWith(server, { accessKeyId: b.accessKeyId, secretAccessKey: a.secretAccessKey, sessionToken: a.sessionToken! });
    assert.equal(r.status, 403);
    assert.equal(r.error.code, 'InvalidClientTokenId');
    // The right token with a wrong secret is a signature mismatch.
    const s = await callerWith(server, { ...a, secretAccessKey: b.secretAccessKey });
    assert.equal(s.error.code, 'SignatureDoesNotMatch');
  });

  test('GetAccessKeyInfo: the account of temporary and long-term key ids', async () => {
    const sts = new STSClient(sdkConfig(server));
    const temp = credsOf(await sts.send(new GetSessionTokenCommand({})));
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: temp.accessKeyId }))).Account, server.accountId);
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: server.root.accessKeyId }))).Account, server.accountId);
  });

  test('boto3 and the aws CLI get and use session credentials', () => {
    const r = python(server, `
import boto3, json, os
sts = boto3.client('sts', endpoint_url=os.environ['ENDPOINT'])
c = sts.get_session_token(DurationSeconds=900)['Credentials']
tmp = boto3.client('sts', endpoint_url=os.environ['ENDPOINT'], aws_access_key_id=c['AccessKeyId'],
                   aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
print(json.dumps({'arn': tmp.get_caller_identity()['Arn'], 'key': c['AccessKeyId']}))
`);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.arn, `arn:aws:iam::${server.accountId}:root`);
    assert.match(out.key, /^ASIA/);
    const cli = awsCli(server, ['sts', 'get-session-token', '--duration-seconds', '900', '--endpoint-url', server.url, '--output', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    const c = JSON.parse(cli.stdout).Credentials;
    const me = awsCli(server, ['sts', 'get-caller-identity', '--endpoint-url', server.url, '--output', 'json'], {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    });
    assert.equal(me.status, 0, me.stderr);
    assert.equal(JSON.parse(me.stdout).Account, server.accountId);
  });
});

describe('servers sharing one data directory and key ring', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-sts-shared-'));
  const root = { accessKeyId: 'AKIASTSSHAREDROOT001', secretAccessKey: 'stsSharedRootSecret/abcdefghijklmnopqrstu' };
  const servers: TestServer[] = [];
  const start = async (args: string[] = []) => {
    const s = await startServer({ dataDir, root, args: ['--log', 'off', ...args] });
    servers.push(s);
    return s;
  };
  after(async () => {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('expiry: accepted one second before, ExpiredToken after (clocks moved with --unsafe-clock-offset)', async () => {
    const a = await start();
    const beforeExpiry = await start(['--unsafe-clock-offset', '899']);
    const afterExpiry = await start(['--unsafe-clock-offset', '901']);
    assert.match(beforeExpiry.output(), /TEST-ONLY CLOCK OFFSET/);
    const r = await new STSClient(sdkConfig(a, root)).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const creds = credsOf(r);
    const ok = await callerWith(beforeExpiry, creds, 899_000);
    assert.equal(ok.status, 200, ok.text);
    const expired = await callerWith(afterExpiry, creds, 901_000);
    assert.equal(expired.status, 400);
    assert.equal(expired.error.code, 'ExpiredToken');
    assert.equal(expired.error.message, 'The security token included in the request is expired');
    // The SDK, with its clock moved as far, sees the same.
    await assert.rejects(
      new STSClient({ ...sdkConfig(afterExpiry, creds), systemClockOffset: 901_000 }).send(new GetCallerIdentityCommand({})),
      (e: Error & { name: string }) => e.name === 'ExpiredToken',
    );
  });

  test('a token issued by one process is verified by another; rotate-keys keeps old sessions valid', async () => {
    const a = servers[0] ?? (await start());
    const old = credsOf(await new STSClient(sdkConfig(a, root)).send(new GetSessionTokenCommand({ DurationSeconds: 3600 })));
    const oldKeyId = old.sessionToken!.slice(0, old.sessionToken!.indexOf('.'));
    const rot = spawnSync(process.execPath, [tesseraBin, 'admin', 'rotate-keys', '--data', dataDir], { encoding: 'utf8' });
    assert.equal(rot.status, 0, rot.stderr);
    const newKeyId = /new key-ring key: (\S+)/.exec(rot.stdout)![1]!;
    assert.notEqual(newKeyId, oldKeyId);
    const b = await start();
    // b seals with the new key; a (started before the rotation) opens it after loading the new key.
    const fresh = credsOf(await new STSClient(sdkConfig(b, root)).send(new GetSessionTokenCommand({ DurationSeconds: 3600 })));
    assert.ok(fresh.sessionToken!.startsWith(newKeyId + '.'));
    for (const s of [a, b]) {
      for (const c of [old, fresh]) {
        const me = await new STSClient(sdkConfig(s, c)).send(new GetCallerIdentityCommand({}));
        assert.equal(me.Arn, `arn:aws:iam::${s.accountId}:root`);
      }
    }
  });
});
