/**
 * S3 tagging end to end, on SQLite and on PostgreSQL: object tags (x-amz-tagging on PutObject,
 * CopyObject's tagging directive, CreateMultipartUpload; Put/Get/DeleteObjectTagging by version) and
 * bucket tags through boto3 with AWS's limits and errors, delete markers as boto3 sees them, the aws CLI's
 * s3api commands, and the policy pairs of versioning and tagging through the JS SDK (s3:versionid,
 * a Deny of s3:DeleteObjectVersion, s3:ExistingObjectTag, s3:RequestObjectTag, aws:ResourceTag of a bucket):
 * allowed with the condition met, AccessDenied without.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { rejects } from '../helpers/aws-errors.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { userWithKey } from '../helpers/iam.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

const BOTO_SCRIPT = readFileSync(join(repoRoot, 'test', 'e2e', 's3-tagging.py'), 'utf8');
const clients: Array<{ destroy(): void }> = [];

function scenario(name: string, open: () => Promise<TestServer | string>) {
  describe(`tagging (${name})`, () => {
    let server: TestServer;
    let skip: string | undefined;
    let s3: S3Client;
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
      s3 = s3As(server.root);
      iam = new IAMClient(sdkConfig(server));
      clients.push(iam);
    });

    test('boto3: object and bucket tags, by version, with AWS limits; delete markers; url-encoded version listing', async (t) => {
      if (skip) return t.skip(skip);
      const r = python(server, BOTO_SCRIPT, server.root, { BUCKET: `tags-${name}` });
      assert.equal(r.status, 0, r.stderr);
      const o = JSON.parse(r.stdout) as Record<string, unknown>;
      const ts = (...pairs: Array<[string, string]>) => pairs.map(([Key, Value]) => ({ Key, Value }));
      assert.equal(o.count, '2');
      assert.deepEqual(o.tags1, ts(['a', '1'], ['b', 'two words']));
      assert.equal(o.putVid, true, 'PutObjectTagging names the version it tagged');
      assert.deepEqual(o.tagsV1, ts(['c', '3']), 'tags belong to the version');
      assert.deepEqual(o.tagsLatest, []);
      assert.equal(o.countLatest, null, 'no x-amz-tagging-count without tags');
      assert.deepEqual(o.tagsV1b, ts(['d', '4']));
      assert.deepEqual(o.tagsV1c, []);
      assert.deepEqual(o.copyTags, ts(['src', 's']), 'COPY keeps the source tags');
      assert.deepEqual(o.replaceTags, ts(['n', '1']), 'REPLACE takes x-amz-tagging');
      assert.deepEqual(o.mpTags, ts(['mp', 'yes']), 'CreateMultipartUpload tags the completed object');
      for (const e of ['e_many', 'e_longKey', 'e_longValue', 'e_aws', 'e_dup']) assert.deepEqual(o[e], ['InvalidTag', 400, null], e);
      assert.deepEqual(o.afterErrors, ts(['src', 's']), 'refused tag sets change nothing');
      assert.deepEqual(o.e_header, ['InvalidTag', 400, null]);
      assert.deepEqual(o.h_absent, ['404', 404, null], 'a refused PutObject stores nothing');
      assert.deepEqual(o.e_noKey, ['NoSuchKey', 404, null]);
      assert.deepEqual(o.e_noVersion, ['NoSuchVersion', 404, null]);
      assert.deepEqual(o.e_directive, ['InvalidArgument', 400, null]);
      assert.deepEqual(o.e_noTagSet, ['NoSuchTagSet', 404, null]);
      assert.deepEqual(o.bucketTags, ts(['team', 'x']));
      assert.deepEqual(o.e_bucket51, ['InvalidTag', 400, null]);
      assert.deepEqual(o.bucketTagsAfter, ts(['team', 'x']));
      assert.deepEqual(o.e_noTagSet2, ['NoSuchTagSet', 404, null]);
      assert.deepEqual(o.getMarker, ['NoSuchKey', 404, 'true']);
      assert.deepEqual(o.headMarker, ['404', 404, 'true']);
      assert.deepEqual(o.getMarkerById, ['MethodNotAllowed', 405, 'true']);
      assert.deepEqual(o.tagMarker, ['MethodNotAllowed', 405, 'true']);
      assert.equal(o.v2Readable, 'y');
      assert.deepEqual(o.encodedKeys, ['sp ace/\u00e9+']);
    });

    test('aws CLI: s3api versioning, version listing and tagging commands', async (t) => {
      if (skip) return t.skip(skip);
      const B = `cli-${name}`;
      const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, '--output', 'json', 's3api', ...args]);
      const json = (...args: string[]) => {
        const r = cli(...args);
        assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
        return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
      };
      json('create-bucket', '--bucket', B);
      json('put-bucket-versioning', '--bucket', B, '--versioning-configuration', 'Status=Enabled');
      assert.equal(json('get-bucket-versioning', '--bucket', B).Status, 'Enabled');
      const v1 = json('put-object', '--bucket', B, '--key', 'k', '--tagging', 'env=dev').VersionId as string;
      const v2 = json('put-object', '--bucket', B, '--key', 'k').VersionId as string;
      const listed = json('list-object-versions', '--bucket', B) as { Versions: Array<{ VersionId: string; IsLatest: boolean }> };
      assert.deepEqual(listed.Versions.map((v) => [v.VersionId, v.IsLatest]), [[v2, true], [v1, false]]);
      assert.deepEqual(json('get-object-tagging', '--bucket', B, '--key', 'k', `--version-id=${v1}`).TagSet, [{ Key: 'env', Value: 'dev' }]);
      json('put-object-tagging', '--bucket', B, '--key', 'k', '--tagging', 'TagSet=[{Key=env,Value=prod}]');
      assert.deepEqual(json('get-object-tagging', '--bucket', B, '--key', 'k').TagSet, [{ Key: 'env', Value: 'prod' }]);
      const missing = cli('get-bucket-tagging', '--bucket', B);
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /NoSuchTagSet/);
      const bad = cli('put-bucket-versioning', '--bucket', B, '--versioning-configuration', 'Status=Enabled,MFADelete=Enabled');
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /NotImplemented/);
      json('delete-object', '--bucket', B, '--key', 'k', `--version-id=${v1}`);
      const after = json('list-object-versions', '--bucket', B) as { Versions: Array<{ VersionId: string }> };
      assert.deepEqual(after.Versions.map((v) => v.VersionId), [v2]);
    });

    test('policy pairs: s3:versionid, Deny s3:DeleteObjectVersion, s3:ExistingObjectTag, s3:RequestObjectTag, s3:RequestObjectTagKeys, aws:ResourceTag', async (t) => {
      if (skip) return t.skip(skip);
      const B = `pol-${name}`;
      const R = `pol-${name}-red`;
      await s3.send(new CreateBucketCommand({ Bucket: B }));
      await s3.send(new CreateBucketCommand({ Bucket: R }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [{ Key: 'team', Value: 'blue' }] } }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: R, Tagging: { TagSet: [{ Key: 'team', Value: 'red' }] } }));
      const v1 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'doc', Body: 'one' }))).VersionId!;
      const v2 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'doc', Body: 'two' }))).VersionId!;
      await s3.send(new PutObjectCommand({ Bucket: B, Key: 'pub', Body: 'p', Tagging: 'public=yes' }));
      await s3.send(new PutObjectCommand({ Bucket: B, Key: 'priv', Body: 'q', Tagging: 'public=no' }));
      await s3.send(new PutObjectCommand({ Bucket: R, Key: 'doc', Body: 'red' }));
      const all = (b: string) => `arn:aws:s3:::${b}/*`;

      const versionReader = s3As(
        await userWithKey(iam, `vr-${name}`, [{ Effect: 'Allow', Action: 's3:GetObjectVersion', Resource: all(B), Condition: { StringEquals: { 's3:versionid': v1 } } }]),
      );
      assert.equal(await (await versionReader.send(new GetObjectCommand({ Bucket: B, Key: 'doc', VersionId: v1 }))).Body!.transformToString(), 'one');
      await rejects(versionReader.send(new GetObjectCommand({ Bucket: B, Key: 'doc', VersionId: v2 })), 'AccessDenied', 403);
      await rejects(versionReader.send(new GetObjectCommand({ Bucket: B, Key: 'doc' })), 'AccessDenied', 403);

      const deleter = s3As(
        await userWithKey(iam, `del-${name}`, [
          { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'], Resource: all(B) },
          { Effect: 'Deny', Action: 's3:DeleteObjectVersion', Resource: all(B) },
        ]),
      );
      await rejects(deleter.send(new DeleteObjectCommand({ Bucket: B, Key: 'doc', VersionId: v1 })), 'AccessDenied', 403);
      const marked = await deleter.send(new DeleteObjectCommand({ Bucket: B, Key: 'doc' }));
      assert.equal(marked.DeleteMarker, true, 'a plain delete (a delete marker) is s3:DeleteObject');
      assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc', VersionId: v1 }))).Body!.transformToString(), 'one', 'the old version survived');

      const publicReader = s3As(
        await userWithKey(iam, `pub-${name}`, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: all(B), Condition: { StringEquals: { 's3:ExistingObjectTag/public': 'yes' } } }]),
      );
      assert.equal(await (await publicReader.send(new GetObjectCommand({ Bucket: B, Key: 'pub' }))).Body!.transformToString(), 'p');
      await rejects(publicReader.send(new GetObjectCommand({ Bucket: B, Key: 'priv' })), 'AccessDenied', 403);

      const taggedWriter = s3As(
        await userWithKey(iam, `tw-${name}`, [
          { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: all(B), Condition: { StringEquals: { 's3:RequestObjectTag/classification': 'internal' } } },
        ]),
      );
      await taggedWriter.send(new PutObjectCommand({ Bucket: B, Key: 'w1', Body: 'w', Tagging: 'classification=internal' }));
      await rejects(taggedWriter.send(new PutObjectCommand({ Bucket: B, Key: 'w2', Body: 'w' })), 'AccessDenied', 403);
      await rejects(taggedWriter.send(new PutObjectCommand({ Bucket: B, Key: 'w3', Body: 'w', Tagging: 'classification=secret' })), 'AccessDenied', 403);

      const keysOnly = s3As(
        await userWithKey(iam, `keys-${name}`, [
          {
            Effect: 'Allow',
            Action: ['s3:PutObject', 's3:PutObjectTagging'],
            Resource: all(B),
            Condition: { 'ForAllValues:StringEquals': { 's3:RequestObjectTagKeys': ['classification', 'owner'] } },
          },
        ]),
      );
      await keysOnly.send(new PutObjectCommand({ Bucket: B, Key: 'k1', Body: 'k', Tagging: 'classification=a&owner=b' }));
      await keysOnly.send(new PutObjectCommand({ Bucket: B, Key: 'k2', Body: 'k' }));
      await rejects(keysOnly.send(new PutObjectCommand({ Bucket: B, Key: 'k3', Body: 'k', Tagging: 'classification=a&cost=1' })), 'AccessDenied', 403);

      const blueTeam = s3As(
        await userWithKey(iam, `blue-${name}`, [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::*'], Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } },
        ]),
      );
      assert.equal(await (await blueTeam.send(new GetObjectCommand({ Bucket: B, Key: 'pub' }))).Body!.transformToString(), 'p');
      assert.ok((await blueTeam.send(new ListObjectsV2Command({ Bucket: B }))).Contents!.length > 0);
      await rejects(blueTeam.send(new GetObjectCommand({ Bucket: R, Key: 'doc' })), 'AccessDenied', 403);
      await rejects(blueTeam.send(new ListObjectsV2Command({ Bucket: R })), 'AccessDenied', 403);
    });
  });
}

let sqlite: TestServer | undefined;
let pg: TestServer | undefined;
let db: TestDatabase | { unavailable: string } | undefined;
scenario('sqlite', async () => (sqlite = await startServer()));
scenario('postgres', async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return db.unavailable;
  return (pg = await startServer({ database: db.url }));
});

after(async () => {
  for (const c of clients) c.destroy();
  await sqlite?.stop();
  await pg?.stop();
  if (db && !('unavailable' in db)) await db.drop();
});
