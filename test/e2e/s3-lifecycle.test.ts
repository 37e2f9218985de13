/**
 * S3 lifecycle end to end, on SQLite and on PostgreSQL, with the test clock and a one-second sweep:
 * configuration operations and AWS's errors (Transition refused as not implemented), then current versions,
 * noncurrent versions (keeping NewerNoncurrentVersions), lone delete markers and incomplete uploads expired
 * by the sweep once the server's clock passes their time — never a version Object Lock retains, never by a
 * disabled rule or one whose tag filter does not match. The aws CLI reads and deletes a configuration. The
 * same sweep removes completed multipart uploads' answers once they are past the 15 minutes a retried
 * CompleteMultipartUpload is answered the same (read from s3_completed_uploads in the database itself).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test, before } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import SQLite from 'better-sqlite3';
import pgDriver from 'pg';
import { rejects } from '../helpers/aws-errors.js';
import { advanceTestClock } from '../helpers/clock.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { userWithKey } from '../helpers/iam.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

const BOTO_SCRIPT = ['s3-clock.py', 's3-lifecycle.py'].map((f) => readFileSync(join(repoRoot, 'test', 'e2e', f), 'utf8')).join('\n');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The upload ids whose answers the store keeps (s3_completed_uploads), read from the database itself. */
type KeptAnswers = () => Promise<string[]>;

function scenario(name: string, open: () => Promise<TestServer | string>, keptAnswers: KeptAnswers) {
  describe(`lifecycle (${name})`, () => {
    let server: TestServer;
    let skip: string | undefined;
    before(async () => {
      const r = await open();
      if (typeof r === 'string') skip = r;
      else server = r;
    });

    test('boto3: configuration and errors; the sweep expires what the rules say on the server clock', async (t) => {
      if (skip) return t.skip(skip);
      const r = python(server, BOTO_SCRIPT, server.root, { BUCKET: `lc-${name}` });
      assert.equal(r.status, 0, r.stderr);
      const o = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(o.e_none, ['NoSuchLifecycleConfiguration', 404]);
      assert.deepEqual(o.e_transition, ['NotImplemented', 501]);
      for (const e of ['e_dupId', 'e_zeroDays', 'e_badDate']) assert.deepEqual(o[e], ['InvalidArgument', 400], e);
      assert.deepEqual(o.e_noAction, ['InvalidRequest', 400]);
      assert.deepEqual(o.e_stillNone, ['NoSuchLifecycleConfiguration', 404], 'refused configurations store nothing');
      const rules = o.rules as Array<Record<string, unknown>>;
      assert.deepEqual(rules.map((x) => x.ID), ['cur', 'old', 'mp', 'dm', 'off', 'tag']);
      assert.deepEqual(rules[1], { ID: 'old', Filter: { Prefix: 'old/' }, Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 } });
      assert.deepEqual(rules[5]!.Filter, { And: { Prefix: 'tag/', Tags: [{ Key: 'expire', Value: 'yes' }] } });
      assert.match(String(o.putExpiration), /^expiry-date="[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} 00:00:00 GMT", rule-id="cur"$/);
      // AWS: creation + Days, rounded to the next midnight UTC (created 10:30 on the 15th, 3 days: the 19th 00:00).
      const day = 86_400_000;
      const midnightAfter = (Math.floor((Number(o.curLastModified) * 1000 + day) / day) + 1) * day;
      assert.equal(o.putExpiration, `expiry-date="${new Date(midnightAfter).toUTCString()}", rule-id="cur"`);
      assert.equal(o.headExpiration, o.putExpiration, 'HEAD names the same expiration');
      assert.equal(o.noExpiration, null, 'no rule, no x-amz-expiration');
      assert.deepEqual(o.before, [3, null]);
      assert.deepEqual(o.afterSweepNotDue, [3, null], 'nothing expires before its time');
      assert.deepEqual(o.cur, ['404', 404], 'an expired current version gets a delete marker');
      assert.deepEqual((o.curVersions as [unknown[], number])[1], 1);
      assert.equal((o.curVersions as [unknown[], number])[0].length, 1, 'the expired version stays as noncurrent');
      const old = (o.old as [Array<[string, string, boolean]>, number])[0];
      assert.equal(old.length, 2, 'one newer noncurrent version is kept beside the latest');
      assert.deepEqual(o.uploads, [], 'the incomplete upload is aborted');
      assert.deepEqual(o.dm, [[], 0], 'the lone delete marker goes');
      assert.equal(o.keep, null, 'a disabled rule does nothing');
      assert.deepEqual(o.tagYes, ['404', 404]);
      assert.equal(o.tagNo, null, 'a tag filter that does not match keeps the object');
      assert.deepEqual(o.plain, [['404', 404], [[], 0]], 'unversioned: the object is gone');
      const [locked, free] = o.lockIds as [string, string];
      assert.ok((o.lock as string[]).includes(locked), 'a version under COMPLIANCE retention is never expired');
      assert.ok(!(o.lock as string[]).includes(free));
      assert.deepEqual(o.afterDelete, ['NoSuchLifecycleConfiguration', 404]);
    });

    test('policy pair: s3:PutLifecycleConfiguration and s3:GetLifecycleConfiguration decide', async (t) => {
      if (skip) return t.skip(skip);
      const B = `lcpol-${name}`;
      const iam = new IAMClient(sdkConfig(server));
      const s3As = (c: Creds) => new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });
      const root = s3As(server.root);
      await root.send(new CreateBucketCommand({ Bucket: B }));
      const allowed = s3As(await userWithKey(iam, `lcyes-${name}`, [{ Effect: 'Allow', Action: ['s3:PutLifecycleConfiguration', 's3:GetLifecycleConfiguration'], Resource: `arn:aws:s3:::${B}` }]));
      const denied = s3As(await userWithKey(iam, `lcno-${name}`, [{ Effect: 'Allow', Action: 's3:GetLifecycleConfiguration', Resource: `arn:aws:s3:::${B}` }]));
      const put = (c: S3Client) =>
        c.send(new PutBucketLifecycleConfigurationCommand({ Bucket: B, LifecycleConfiguration: { Rules: [{ ID: 'r', Filter: { Prefix: 'tmp/' }, Status: 'Enabled', Expiration: { Days: 1 } }] } }));
      await rejects(put(denied), 'AccessDenied', 403);
      await put(allowed);
      const got = await denied.send(new GetBucketLifecycleConfigurationCommand({ Bucket: B }));
      assert.deepEqual(got.Rules?.map((r) => r.ID), ['r']);
      for (const c of [iam, root, allowed, denied]) c.destroy();
    });

    test('aws CLI: put, get and delete a lifecycle configuration', async (t) => {
      if (skip) return t.skip(skip);
      const B = `lccli-${name}`;
      const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, 's3api', ...args, '--output', 'json']);
      assert.equal(cli('create-bucket', '--bucket', B).status, 0);
      const cfg = JSON.stringify({ Rules: [{ ID: 'r', Filter: { ObjectSizeGreaterThan: 10 }, Status: 'Enabled', Expiration: { Days: 7 } }] });
      const put = cli('put-bucket-lifecycle-configuration', '--bucket', B, '--lifecycle-configuration', cfg);
      assert.equal(put.status, 0, put.stderr);
      const got = JSON.parse(cli('get-bucket-lifecycle-configuration', '--bucket', B).stdout) as { Rules: unknown[] };
      assert.deepEqual(got.Rules, [{ ID: 'r', Filter: { ObjectSizeGreaterThan: 10 }, Status: 'Enabled', Expiration: { Days: 7 } }]);
      assert.equal(cli('delete-bucket-lifecycle', '--bucket', B).status, 0);
      assert.match(cli('get-bucket-lifecycle-configuration', '--bucket', B).stderr, /NoSuchLifecycleConfiguration/);
    });

    test("the sweep removes completed uploads' answers past 15 minutes; a retried CompleteMultipartUpload within them gets the same answer, before and after a sweep", async (t) => {
      if (skip) return t.skip(skip);
      const B = `lcdone-${name}`;
      const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: B }));
      const upload = async (Key: string) => {
        const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key }));
        const { ETag } = await s3.send(new UploadPartCommand({ Bucket: B, Key, UploadId, PartNumber: 1, Body: `body of ${Key}` }));
        return { Bucket: B, Key, UploadId: UploadId!, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } };
      };
      const complete = async (u: Awaited<ReturnType<typeof upload>>) => {
        const r = await s3.send(new CompleteMultipartUploadCommand(u));
        return [r.$metadata.httpStatusCode, r.Bucket, r.Key, r.ETag, r.Location];
      };
      const old = await upload('old');
      const first = await complete(old);
      assert.equal(first[0], 200);
      assert.match(String(first[3]), /^"[0-9a-f]{32}-1"$/);
      await advanceTestClock(server, 10 * 60);
      const recent = await upload('recent');
      const firstRecent = await complete(recent);
      // Ten minutes on, the one-second sweep running: both answered the same again, both kept.
      await sleep(1500);
      assert.deepEqual(await complete(old), first);
      assert.deepEqual(await complete(recent), firstRecent);
      const ids = [old.UploadId, recent.UploadId].sort();
      assert.deepEqual((await keptAnswers()).filter((id) => ids.includes(id)).sort(), ids);
      // Sixteen minutes after the first: the sweep removes its answer, and only its.
      await advanceTestClock(server, 6 * 60);
      const end = Date.now() + 10_000;
      while ((await keptAnswers()).includes(old.UploadId)) {
        if (Date.now() > end) assert.fail('the sweep did not remove the answer completed 16 minutes ago');
        await sleep(100);
      }
      assert.ok((await keptAnswers()).includes(recent.UploadId), 'the answer six minutes old stays');
      assert.deepEqual(await complete(recent), firstRecent);
      await rejects(s3.send(new CompleteMultipartUploadCommand(old)), 'NoSuchUpload', 404);
      s3.destroy();
    });
  });
}

let sqlite: TestServer | undefined;
let pg: TestServer | undefined;
let db: TestDatabase | { unavailable: string } | undefined;
const args = ['--test-clock', '--log', 'off', '--lifecycle-interval', '1'];
const KEPT = 'select upload_id from s3_completed_uploads';
scenario(
  'sqlite',
  // On disk (not --memory), for keptAnswers to read.
  async () => (sqlite = await startServer({ args, memory: false })),
  async () => {
    const file = new SQLite(join(sqlite!.dataDir, 'tessera.db'), { readonly: true });
    try {
      return (file.prepare(KEPT).all() as Array<{ upload_id: string }>).map((r) => r.upload_id);
    } finally {
      file.close();
    }
  },
);
scenario(
  'postgres',
  async () => {
    db = await createTestDatabase();
    if ('unavailable' in db) return db.unavailable;
    return (pg = await startServer({ database: db.url, args }));
  },
  async () => {
    const client = new pgDriver.Client({ connectionString: (db as TestDatabase).url });
    await client.connect();
    try {
      return (await client.query<{ upload_id: string }>(KEPT)).rows.map((r) => r.upload_id);
    } finally {
      await client.end();
    }
  },
);

after(async () => {
  await sqlite?.stop();
  await pg?.stop();
  if (db && !('unavailable' in db)) await db.drop();
});
