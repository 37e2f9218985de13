/**
 * CloudTrail trails end to end: boto3's cloudtrail client creates a trail (refused without AWS's documented
 * bucket policy, and for a user without cloudtrail:CreateTrail), selects S3 data events by prefix and starts
 * logging; the calls made afterwards are delivered as gzipped log files under AWS's key layout, read back
 * through S3 (JS SDK); digest files are signed, and `aws cloudtrail validate-logs` (aws CLI v1, its S3 client
 * pointed at the server by AWS_ENDPOINT_URL_S3) validates them — and reports the log file tampered with
 * through S3 PutObject. A delivery failure (the bucket policy removed) shows in GetTrailStatus, and no record
 * is lost or delivered twice across it or across a restart of the server.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { DeleteBucketPolicyCommand, GetBucketAclCommand, GetBucketPolicyCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

type Rec = Record<string, any>;
const ARGS = ['--audit', 'on', '--trail-delivery-interval', '1', '--trail-digest-interval', '4', '--request-timeout', '3', '--headers-timeout', '3'];
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-trails-'));
let server: TestServer;
let s3: S3Client;

before(async () => {
  server = await startServer({ dataDir, args: ARGS });
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
});
after(async () => {
  s3?.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const script = readFileSync(join(repoRoot, 'test', 'e2e', 'cloudtrail-trails.py'), 'utf8');
function boto(step: string): Rec {
  const r = python(server, script, server.root, { STEP: step, ACCOUNT: server.accountId });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Rec;
}

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: 'trail-logs', Prefix: prefix, ContinuationToken: token }));
    for (const o of r.Contents ?? []) out.push(o.Key!);
    token = r.NextContinuationToken;
  } while (token);
  return out;
}
const fetchGz = async (key: string) => JSON.parse(gunzipSync(Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'trail-logs', Key: key }))).Body!.transformToByteArray())).toString('utf8')) as Rec;

/** Every record delivered so far, with the file that holds it. */
async function delivered(): Promise<Array<{ key: string; record: Rec }>> {
  const out: Array<{ key: string; record: Rec }> = [];
  for (const key of await keys(`audit/AWSLogs/${server.accountId}/CloudTrail/`)) for (const record of (await fetchGz(key)).Records as Rec[]) out.push({ key, record });
  return out;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const validate = (trailArn: string, start: string) =>
  awsCli(server, ['cloudtrail', 'validate-logs', '--trail-arn', trailArn, '--start-time', start, '--endpoint-url', server.url, '--verbose'], server.root, { AWS_ENDPOINT_URL_S3: server.url });

test('trails: created as AWS checks them, deliver log files and signed digests that validate-logs accepts, and tampering is detected', async () => {
  const acct = server.accountId;
  const trailArn = `arn:aws:cloudtrail:us-east-1:${acct}:trail/main-trail`;
  const startedAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const setup = boto('setup');
  assert.deepEqual(setup.no_bucket, ['S3BucketDoesNotExistException', 400, 'S3 bucket no-such-trail-bucket does not exist.']);
  assert.deepEqual(setup.no_policy, ['InsufficientS3BucketPolicyException', 400, 'Incorrect S3 bucket policy is detected for bucket: trail-logs']);
  assert.equal(setup.wrong_prefix_policy?.[0], 'InsufficientS3BucketPolicyException');
  assert.equal(setup.denied?.[0], 'AccessDeniedException');
  assert.match(setup.denied[2], /is not authorized to perform: cloudtrail:CreateTrail on resource: arn:aws:cloudtrail:us-east-1:\d{12}:trail\/main-trail/);
  assert.equal(setup.bad_name?.[0], 'InvalidTrailNameException');
  assert.equal(setup.again?.[0], 'TrailAlreadyExistsException');
  assert.equal(setup.advanced?.[0], 'UnsupportedOperationException');
  assert.equal(setup.bad_selector?.[0], 'InvalidEventSelectorsException');
  assert.equal(setup.missing?.[0], 'TrailNotFoundException');
  const created = setup.created as Rec;
  assert.deepEqual(
    [created.Name, created.S3BucketName, created.S3KeyPrefix, created.TrailARN, created.LogFileValidationEnabled, created.IsMultiRegionTrail, created.IncludeGlobalServiceEvents],
    ['main-trail', 'trail-logs', 'audit', trailArn, true, true, true],
  );
  assert.equal(setup.selectors.TrailARN, trailArn);
  assert.equal(setup.status_before.IsLogging, false);

  // Calls to deliver: a management event, an S3 data event selected (trail-data/sel/) and one not.
  const iam = new IAMClient(sdkConfig(server));
  await iam.send(new CreateUserCommand({ UserName: 'delivered-user' }));
  iam.destroy();
  await s3.send(new PutObjectCommand({ Bucket: 'trail-data', Key: 'sel/a.txt', Body: 'selected' }));
  await s3.send(new PutObjectCommand({ Bucket: 'trail-data', Key: 'other/b.txt', Body: 'not selected' }));

  const records = await until('the calls delivered', async () => {
    const all = await delivered();
    return all.some((x) => x.record.eventName === 'CreateUser') && all.some((x) => x.record.requestParameters?.key === 'sel/a.txt') ? all : undefined;
  });
  for (const { key } of records) {
    assert.match(key, new RegExp(`^audit/AWSLogs/${acct}/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/${acct}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`));
  }
  const createUser = records.find((x) => x.record.eventName === 'CreateUser')!.record;
  assert.equal(createUser.eventSource, 'iam.amazonaws.com');
  assert.deepEqual([createUser.userIdentity.type, createUser.userIdentity.accountId, createUser.userIdentity.arn], ['Root', acct, `arn:aws:iam::${acct}:root`]);
  assert.equal(createUser.requestParameters.userName, 'delivered-user');
  assert.equal(records.some((x) => x.record.eventName === 'StartLogging'), true, 'StartLogging itself is delivered');
  const data = records.find((x) => x.record.requestParameters?.key === 'sel/a.txt')!.record;
  assert.deepEqual([data.eventName, data.eventCategory, data.managementEvent], ['PutObject', 'Data', false]);
  assert.equal(records.some((x) => x.record.requestParameters?.key === 'other/b.txt'), false, 'a data event the selectors do not name is not delivered');
  const ids = records.map((x) => x.record.eventID as string);
  assert.equal(new Set(ids).size, ids.length, 'no record is delivered twice');

  // The delivered objects are S3 objects like any: owned by the bucket owner, SSE-S3 as the bucket's default.
  const head = await s3.send(new GetObjectCommand({ Bucket: 'trail-logs', Key: records[0]!.key }));
  assert.equal(head.ServerSideEncryption, 'AES256');
  assert.equal(head.ContentType, 'application/json');
  const bucketOwner = (await s3.send(new GetBucketAclCommand({ Bucket: 'trail-logs' }))).Owner!.ID;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'trail-logs', Prefix: records[0]!.key, FetchOwner: true }));
  assert.deepEqual(listed.Contents?.map((o) => o.Owner?.ID), [bucketOwner]);

  // A digest that covers every delivered log file, signed, its public key served by ListPublicKeys.
  const logKeys = [...new Set(records.map((x) => x.key))];
  const digests = await until('a digest covering the log files', async () => {
    const ds = await keys(`audit/AWSLogs/${acct}/CloudTrail-Digest/`);
    const covered = new Set<string>();
    for (const k of ds) for (const l of (await fetchGz(k)).logFiles as Rec[]) covered.add(l.s3Object);
    return logKeys.every((k) => covered.has(k)) ? ds : undefined;
  });
  for (const k of digests) assert.match(k, new RegExp(`^audit/AWSLogs/${acct}/CloudTrail-Digest/us-east-1/\\d{4}/\\d{2}/\\d{2}/${acct}_CloudTrail-Digest_us-east-1_main-trail_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`));
  const digestObject = await s3.send(new GetObjectCommand({ Bucket: 'trail-logs', Key: digests[digests.length - 1]! }));
  assert.equal(digestObject.Metadata?.['signature-algorithm'], 'SHA256withRSA');
  assert.match(digestObject.Metadata?.signature ?? '', /^[0-9a-f]{512}$/);
  const digest = JSON.parse(gunzipSync(Buffer.from(await digestObject.Body!.transformToByteArray())).toString('utf8')) as Rec;
  assert.equal(digest.digestS3Object, digests[digests.length - 1]);
  assert.equal(digest.digestS3Bucket, 'trail-logs');
  assert.equal(digest.awsAccountId, acct);
  assert.equal(digest.digestSignatureAlgorithm, 'SHA256withRSA');

  const st = boto('status');
  assert.equal(st.status.IsLogging, true);
  assert.ok(st.status.LatestDeliveryTime && st.status.StartLoggingTime && st.status.LatestDigestDeliveryTime, JSON.stringify(st.status));
  assert.equal(st.status.LatestDeliveryError, undefined);
  assert.deepEqual([st.trail.TrailARN, st.trail.HomeRegion, st.trail.HasCustomEventSelectors, st.trail.LogFileValidationEnabled], [trailArn, 'us-east-1', true, true]);
  assert.deepEqual(st.described.map((t: Rec) => t.Name), ['main-trail']);
  assert.deepEqual(st.listed, [{ TrailARN: trailArn, Name: 'main-trail', HomeRegion: 'us-east-1' }]);
  assert.deepEqual(st.selectors.EventSelectors[0].DataResources, [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::trail-data/sel/'] }]);
  assert.equal(st.keys.length, 1);
  assert.equal(st.keys[0].Fingerprint, digest.digestPublicKeyFingerprint);
  assert.equal(st.bad_range?.[0], 'InvalidTimeRangeException');

  // validate-logs: every digest and log file valid.
  const ok = validate(trailArn, startedAt);
  assert.equal(ok.status, 0, ok.stderr + ok.stdout);
  const counts = /(\d+)\/(\d+) digest files valid\n+(\d+)\/(\d+) log files valid/.exec(ok.stdout);
  assert.ok(counts, ok.stdout);
  assert.equal(counts[1], counts[2]);
  assert.ok(Number(counts[1]) >= 1);
  assert.equal(counts[3], counts[4]);
  assert.ok(Number(counts[3]) >= logKeys.length);

  // A delivery failure is recorded, and nothing is lost: the policy removed, a call, the policy back.
  const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: 'trail-logs' }))).Policy!;
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'trail-logs' }));
  const iam2 = new IAMClient(sdkConfig(server));
  await iam2.send(new CreateUserCommand({ UserName: 'during-failure' }));
  iam2.destroy();
  const failing = await until('the delivery error', async () => {
    const s = boto('status').status as Rec;
    return s.LatestDeliveryError ? s : undefined;
  });
  assert.equal(failing.LatestDeliveryError, 'AccessDenied');
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'trail-logs', Policy: policy }));
  await until('the call made during the failure delivered', async () => ((await delivered()).some((x) => x.record.requestParameters?.userName === 'during-failure') ? true : undefined));
  assert.equal(boto('status').status.LatestDeliveryError, undefined);

  // Tampering with a delivered log file through S3 is detected.
  const target = logKeys[0]!;
  const original = await fetchGz(target);
  original.Records[0].eventName = 'Tampered';
  await s3.send(new PutObjectCommand({ Bucket: 'trail-logs', Key: target, Body: gzipSync(Buffer.from(JSON.stringify(original))) }));
  const bad = validate(trailArn, startedAt);
  assert.equal(bad.status, 1, bad.stdout);
  assert.match(bad.stderr, new RegExp(`Log file\\ts3://trail-logs/${target.replace(/[.]/g, '\\.')}\\tINVALID: hash value doesn't match`));
  assert.match(bad.stdout, /log files valid, 1\/\d+ log files INVALID/);
});

test('trails: a restart continues delivery where it stopped, without gaps or duplicates', async () => {
  const before = await delivered();
  await server.stop();
  server = await startServer({ dataDir, root: server.root, accountId: server.accountId, args: ARGS });
  s3.destroy();
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  const iam = new IAMClient(sdkConfig(server));
  await iam.send(new CreateUserCommand({ UserName: 'after-restart' }));
  iam.destroy();
  const all = await until('the call after the restart delivered', async () => {
    const d = await delivered();
    return d.some((x) => x.record.requestParameters?.userName === 'after-restart') ? d : undefined;
  });
  const ids = all.map((x) => x.record.eventID as string);
  assert.equal(new Set(ids).size, ids.length, 'no record is delivered twice');
  for (const b of before) assert.ok(ids.includes(b.record.eventID), 'what was delivered stays');
  // The calls between the last delivery before the stop and the stop itself were delivered after the restart.
  const names = all.map((x) => x.record.requestParameters?.userName);
  for (const u of ['delivered-user', 'during-failure', 'after-restart']) assert.ok(names.includes(u), u);
});

test('trails through the aws CLI: StopLogging ends delivery at the stop, UpdateTrail, DeleteTrail', async () => {
  const cli = (...args: string[]) => awsCli(server, ['cloudtrail', ...args, '--endpoint-url', server.url, '--output', 'json']);
  const stop = cli('stop-logging', '--name', 'main-trail');
  assert.equal(stop.status, 0, stop.stderr);
  const iam = new IAMClient(sdkConfig(server));
  await iam.send(new CreateUserCommand({ UserName: 'while-stopped' }));
  iam.destroy();
  const status = JSON.parse(cli('get-trail-status', '--name', 'main-trail').stdout) as Rec;
  assert.equal(status.IsLogging, false);
  assert.ok(status.StopLoggingTime && status.TimeLoggingStopped, JSON.stringify(status));
  // The StopLogging call is delivered (it was made while logging); the call after it never is.
  await until('StopLogging delivered', async () => ((await delivered()).some((x) => x.record.eventName === 'StopLogging') ? true : undefined));
  await new Promise((r) => setTimeout(r, 8000)); // past the settle window (request timeout 3 s + 2 s) and several intervals
  assert.equal((await delivered()).some((x) => x.record.requestParameters?.userName === 'while-stopped'), false);

  const updated = cli('update-trail', '--name', 'main-trail', '--no-enable-log-file-validation', '--s3-key-prefix', 'elsewhere');
  assert.notEqual(updated.status, 0, 'a prefix the bucket policy does not grant is refused');
  assert.match(updated.stderr, /InsufficientS3BucketPolicyException/);
  const ok = cli('update-trail', '--name', 'main-trail', '--no-enable-log-file-validation');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as Rec).LogFileValidationEnabled, false);

  assert.equal(cli('delete-trail', '--name', `arn:aws:cloudtrail:us-east-1:${server.accountId}:trail/main-trail`).status, 0);
  const gone = cli('get-trail', '--name', 'main-trail');
  assert.notEqual(gone.status, 0);
  assert.match(gone.stderr, /TrailNotFoundException/);
  assert.deepEqual((JSON.parse(cli('list-trails').stdout) as Rec).Trails, []);
});
