/**
 * S3 Object Lock end to end, on SQLite and on PostgreSQL, with the test clock: boto3 (buckets created with
 * Object Lock, configurations, retention and legal hold per version, every refusal, default retention,
 * multipart and copy, retention ending on the server's clock), the aws CLI's s3api, and the policy pair of
 * s3:BypassGovernanceRetention through the JS SDK.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, PutObjectLockConfigurationCommand, PutObjectRetentionCommand, S3Client } from '@aws-sdk/client-s3';
import { rejects } from '../helpers/aws-errors.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { userWithKey } from '../helpers/iam.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

const BOTO_SCRIPT = ['s3-clock.py', 's3-object-lock.py'].map((f) => readFileSync(join(repoRoot, 'test', 'e2e', f), 'utf8')).join('\n');
const clients: Array<{ destroy(): void }> = [];

function scenario(name: string, open: () => Promise<TestServer | string>) {
  describe(`object lock (${name})`, () => {
    let server: TestServer;
    let skip: string | undefined;
    let iam: IAMClient;
    const s3As = (c: Creds) => {
      const s = new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });
      clients.push(s);
      return s;
    };
    before(async () => {
      const r = await open();
      if (typeof r === 'string') {
        skip = r;
        return;
      }
      server = r;
      iam = new IAMClient(sdkConfig(server));
      clients.push(iam);
    });

    test('boto3: configuration, retention, legal hold, refusals, defaults, expiry on the server clock', async (t) => {
      if (skip) return t.skip(skip);
      const r = python(server, BOTO_SCRIPT, server.root, { BUCKET: `lock-${name}` });
      assert.equal(r.status, 0, r.stderr);
      const o = JSON.parse(r.stdout) as Record<string, unknown>;
      const denied = ['AccessDenied', 403];
      assert.equal(o.versioning, 'Enabled', 'a bucket created with Object Lock is versioned');
      assert.deepEqual(o.config0, { ObjectLockEnabled: 'Enabled' });
      assert.deepEqual(o.e_suspend, ['InvalidBucketState', 409]);
      for (const e of ['e_both', 'e_neither']) assert.deepEqual(o[e], ['MalformedXML', 400], e);
      assert.deepEqual(o.e_negative, ['InvalidArgument', 400]);
      assert.deepEqual(o.configAfterErrors, { ObjectLockEnabled: 'Enabled' }, 'refused configurations change nothing');
      assert.deepEqual(o.p_noConfig, ['ObjectLockConfigurationNotFoundError', 404]);
      for (const e of ['p_put', 'p_retention', 'p_hold']) assert.deepEqual(o[e], ['InvalidRequest', 400], e);
      assert.deepEqual(o.p_unversioned, ['InvalidBucketState', 409]);
      assert.deepEqual(o.p_config, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } });
      assert.equal(o.p_default, 'COMPLIANCE', 'default retention applies to new versions of an existing bucket');

      const [gMode, gUntil] = o.g_retention as [string, string];
      assert.equal(gMode, 'GOVERNANCE');
      assert.deepEqual(o.g_head, [gMode, gUntil, 'OFF'], 'HEAD carries the lock headers');
      assert.equal(o.g_hold, 'OFF');
      assert.deepEqual(o.g_delete, denied, 'a version under GOVERNANCE retention is not deleted');
      assert.deepEqual(o.g_deleteObjects, [{ Key: 'g', VersionId: (o as { g_deleteObjects: Array<{ VersionId: string }> }).g_deleteObjects[0]!.VersionId, Code: 'AccessDenied', Message: 'Access Denied because object protected by object lock.' }]);
      assert.equal(o.g_marker, true, 'deleting without a version id adds a delete marker');
      assert.deepEqual(o.g_shorten, denied, 'shortening GOVERNANCE needs the bypass');
      assert.deepEqual(o.g_remove, denied, 'removing GOVERNANCE needs the bypass');
      assert.equal(o.g_extended, 'GOVERNANCE');
      assert.equal(o.g_shortened, true, 'the bypass shortens GOVERNANCE');
      assert.equal(o.g_bypassDelete, null, 'the bypass deletes a GOVERNANCE version');
      assert.deepEqual(o.g_gone, ['404', 404]);

      assert.deepEqual(o.c_shorten, denied, 'COMPLIANCE is never shortened');
      assert.deepEqual(o.c_toGovernance, denied, 'COMPLIANCE is never weakened');
      assert.equal(o.c_mode, 'COMPLIANCE');
      assert.deepEqual(o.c_bypassDelete, denied, 'COMPLIANCE ignores the bypass');

      assert.equal(o.h_status, 'ON');
      assert.deepEqual(o.h_noRetention, ['NoSuchObjectLockConfiguration', 404]);
      assert.deepEqual(o.h_delete, denied, 'a legal hold refuses deletion, bypass or not');
      assert.equal(o.h_off, 'OFF', 'a hold turned OFF reads back as OFF (not NoSuchObjectLockConfiguration)');
      assert.equal(o.h_afterOff, null);

      for (const e of ['e_past', 'e_modeOnly', 'e_badMode', 'e_badHold']) assert.deepEqual(o[e], ['InvalidArgument', 400], e);
      assert.deepEqual(o.e_noChecksum, ['InvalidRequest', 400], 'lock parameters need Content-MD5 or a checksum');
      assert.deepEqual(o.e_pastRetention, ['InvalidArgument', 400]);
      assert.deepEqual(o.bad_absent, ['404', 404], 'refused writes store nothing');
      assert.deepEqual(o.e_badVersion, ['InvalidArgument', 400]);
      assert.deepEqual(o.e_noKey, ['NoSuchKey', 404]);

      assert.deepEqual(o.config1, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2 } } });
      assert.equal(o.d_mode, 'GOVERNANCE');
      assert.equal(o.d_days, 2, 'default retention counts from the write');
      assert.equal(o.mp_mode, 'COMPLIANCE', 'CreateMultipartUpload lock headers reach the completed version');
      assert.equal(o.cp_mode, 'GOVERNANCE', 'CopyObject takes its own lock headers');
      assert.deepEqual(o.mp_before, denied);
      assert.equal(o.mp_after, null, 'COMPLIANCE retention ends on the server clock');
      assert.equal(o.c_after, null);
      assert.deepEqual(o.cp_still, denied, 'a longer retention is still in force');
    });

    test('aws CLI s3api: object lock configuration, retention, legal hold', async (t) => {
      if (skip) return t.skip(skip);
      const B = `lockcli-${name}`;
      const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, 's3api', ...args, '--output', 'json']);
      assert.equal(cli('create-bucket', '--bucket', B, '--object-lock-enabled-for-bucket').status, 0);
      const cfg = cli('put-object-lock-configuration', '--bucket', B, '--object-lock-configuration', 'ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=GOVERNANCE,Days=1}}');
      assert.equal(cfg.status, 0, cfg.stderr);
      const got = JSON.parse(cli('get-object-lock-configuration', '--bucket', B).stdout) as { ObjectLockConfiguration: unknown };
      assert.deepEqual(got.ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } });
      const put = JSON.parse(cli('put-object', '--bucket', B, '--key', 'k', '--object-lock-legal-hold-status', 'ON').stdout) as { VersionId: string };
      const hold = JSON.parse(cli('get-object-legal-hold', '--bucket', B, '--key', 'k', `--version-id=${put.VersionId}`).stdout) as { LegalHold: { Status: string } };
      assert.equal(hold.LegalHold.Status, 'ON');
      const ret = JSON.parse(cli('get-object-retention', '--bucket', B, '--key', 'k', `--version-id=${put.VersionId}`).stdout) as { Retention: { Mode: string } };
      assert.equal(ret.Retention.Mode, 'GOVERNANCE');
      const del = cli('delete-object', '--bucket', B, '--key', 'k', `--version-id=${put.VersionId}`, '--bypass-governance-retention');
      assert.notEqual(del.status, 0);
      assert.match(del.stderr, /AccessDenied/, 'the legal hold holds');
      const none = cli('get-object-lock-configuration', '--bucket', `${B}-none`);
      assert.match(none.stderr, /NoSuchBucket/);
    });

    test('policy pairs: s3:PutBucketObjectLockConfiguration; s3:BypassGovernanceRetention decides a bypassing delete', async (t) => {
      if (skip) return t.skip(skip);
      const B = `lockpol-${name}`;
      const root = s3As(server.root);
      await root.send(new CreateBucketCommand({ Bucket: B, ObjectLockEnabledForBucket: true }));
      // Far enough ahead of the server's clock, which the boto3 test moved.
      const until = new Date(Date.now() + 30 * 86_400_000);
      const put = async (Key: string) =>
        (await root.send(new PutObjectCommand({ Bucket: B, Key, Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until }))).VersionId!;
      const base = [{ Effect: 'Allow', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention'], Resource: `arn:aws:s3:::${B}/*` }];
      const withBypass = s3As(await userWithKey(iam, `bypass-${name}`, [...base, { Effect: 'Allow', Action: 's3:BypassGovernanceRetention', Resource: `arn:aws:s3:::${B}/*` }, { Effect: 'Allow', Action: 's3:PutBucketObjectLockConfiguration', Resource: `arn:aws:s3:::${B}` }]));
      const without = s3As(await userWithKey(iam, `nobypass-${name}`, base));
      const lockConfig = { Bucket: B, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' as const, Rule: { DefaultRetention: { Mode: 'GOVERNANCE' as const, Days: 1 } } } };
      await rejects(without.send(new PutObjectLockConfigurationCommand(lockConfig)), 'AccessDenied', 403);
      await withBypass.send(new PutObjectLockConfigurationCommand(lockConfig));
      const v1 = await put('a');
      await rejects(without.send(new DeleteObjectCommand({ Bucket: B, Key: 'a', VersionId: v1, BypassGovernanceRetention: true })), 'AccessDenied', 403);
      await rejects(
        without.send(new PutObjectRetentionCommand({ Bucket: B, Key: 'a', VersionId: v1, BypassGovernanceRetention: true, Retention: {} })),
        'AccessDenied',
        403,
      );
      await rejects(withBypass.send(new DeleteObjectCommand({ Bucket: B, Key: 'a', VersionId: v1 })), 'AccessDenied', 403, 'Access Denied because object protected by object lock.');
      const ok = await withBypass.send(new DeleteObjectCommand({ Bucket: B, Key: 'a', VersionId: v1, BypassGovernanceRetention: true }));
      assert.equal(ok.VersionId, v1);
      const v2 = await put('b');
      await withBypass.send(new PutObjectRetentionCommand({ Bucket: B, Key: 'b', VersionId: v2, BypassGovernanceRetention: true, Retention: {} }));
      const gone = await without.send(new DeleteObjectCommand({ Bucket: B, Key: 'b', VersionId: v2 }));
      assert.equal(gone.VersionId, v2, 'a version whose retention was removed is deleted without the bypass');
    });
  });
}

let sqlite: TestServer | undefined;
let pg: TestServer | undefined;
let db: TestDatabase | { unavailable: string } | undefined;
const args = ['--test-clock', '--log', 'off'];
scenario('sqlite', async () => (sqlite = await startServer({ args })));
scenario('postgres', async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return db.unavailable;
  return (pg = await startServer({ database: db.url, args }));
});

after(async () => {
  for (const c of clients) c.destroy();
  await sqlite?.stop();
  await pg?.stop();
  if (db && !('unavailable' in db)) await db.drop();
});
