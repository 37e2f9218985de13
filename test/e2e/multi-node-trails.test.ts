/**
 * A trail changed on one node decides, within a second, which S3 data events another node records. Two
 * `tessera serve` nodes on ONE PostgreSQL database (and one data directory, the object bytes' shared
 * filesystem): boto3 changes the trail through node A — PutEventSelectors, StartLogging, StopLogging,
 * DeleteTrail — and puts objects through node B 0.8 s after each answer. Node B is made unable to catch up
 * any other way: its cache TTL (the selection's staleness bound) is 60 s and its own delivery (another read
 * of the trails) runs every 30 s, so only the change notification can tell it in time. What B recorded is
 * read back as a user reads it, in the log files the trail delivered to its bucket (GetObject through B),
 * and, for what must not have been recorded at all (after StopLogging, after DeleteTrail), in the audit table.
 * A third node that ignores notifications (TEST ONLY switch) and has a 2 s TTL shows the bound that holds
 * when notifications are lost.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { python, sdkConfig } from '../helpers/clients.js';
import { startNodes, type NodeOptions, type Nodes } from '../helpers/nodes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { repoRoot, type TestServer } from '../helpers/server.js';

type Rec = Record<string, any>;
const root = { accessKeyId: 'AKIATRAILNODES000001', secretAccessKey: 'trail-nodes-root-secret-000000000000000' };
const COMMON = ['--audit', 'on', '--request-timeout', '3', '--headers-timeout', '3', '--log', 'off'];
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-trail-nodes-'));
let db: TestDatabase | { unavailable: string };
let cluster: Nodes | undefined;
let a: TestServer;
let b: TestServer;
let c: TestServer;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return;
  const own: NodeOptions[] = [
    { args: ['--trail-delivery-interval', '1'] },
    { env: { TESSERA_CACHE_TTL_SECONDS: '60' }, args: ['--trail-delivery-interval', '30'] },
    { env: { TESSERA_CACHE_TTL_SECONDS: '2', TESSERA_UNSAFE_IGNORE_NOTIFICATIONS: '1' }, args: ['--trail-delivery-interval', '30'] },
  ];
  cluster = await startNodes(db, 3, { dataDir, root, args: COMMON, node: (i) => own[i]! });
  [a, b, c] = cluster.nodes as [TestServer, TestServer, TestServer];
});

after(async () => {
  await cluster?.stop();
  if (db && !('unavailable' in db)) await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const script = readFileSync(join(repoRoot, 'test', 'e2e', 'multi-node-trails.py'), 'utf8');
function boto(step: string, onB: TestServer, wait: number): Rec {
  const r = python(a, script, root, { STEP: step, ENDPOINT_B: onB.url, ACCOUNT: a.accountId, WAIT: String(wait) });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Rec;
}

/** The keys of trail-data's PutObject data events in the log files delivered so far (read through B). */
async function deliveredPuts(s3: S3Client): Promise<string[]> {
  const keys: string[] = [];
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'trail-logs', Prefix: `AWSLogs/${a.accountId}/CloudTrail/` }));
  for (const o of listed.Contents ?? []) {
    const body = await (await s3.send(new GetObjectCommand({ Bucket: 'trail-logs', Key: o.Key! }))).Body!.transformToByteArray();
    for (const r of (JSON.parse(gunzipSync(Buffer.from(body)).toString('utf8')) as { Records: Rec[] }).Records) {
      if (r.eventName === 'PutObject' && r.requestParameters?.bucketName === 'trail-data') {
        assert.equal(r.eventCategory, 'Data');
        assert.equal(r.managementEvent, false);
        keys.push(r.requestParameters.key as string);
      }
    }
  }
  return keys.sort();
}

/** Every data event row any node wrote for trail-data (what the recorders kept, delivered or not). */
async function recordedDataEvents(): Promise<string[]> {
  const client = new pg.Client({ connectionString: (db as TestDatabase).url });
  await client.connect();
  try {
    const { rows } = await client.query<{ record: string }>('select record from audit_events where management = 0');
    return rows
      .map((r) => JSON.parse(r.record) as Rec)
      .filter((r) => r.requestParameters?.bucketName === 'trail-data')
      .map((r) => r.requestParameters.key as string)
      .sort();
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

test('a trail changed on node A decides within a second which S3 data events node B records', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const s3b = new S3Client({ ...sdkConfig(b, root), forcePathStyle: true });
  try {
    const within = (puts: Array<{ key: string; after: number }>) => {
      for (const p of puts) assert.ok(p.after < 1.0, `${p.key} was put ${p.after} s after A's answer (within 1 s)`);
    };
    /** Waits until the trail (delivered by A, once the settle window has passed) has delivered `key`. */
    const deliveredWith = (key: string) =>
      until(`the delivery of ${key}`, async () => {
        const keys = await deliveredPuts(s3b);
        return keys.includes(key) ? keys : undefined;
      });
    const started = boto('start', b, 0.5);
    assert.deepEqual(started.answers, { PutEventSelectors: 200, StartLogging: 200 });
    within(started.puts);
    assert.deepEqual(await deliveredWith('sel/1-logging'), ['sel/1-logging']);

    // The trail delivers by its selectors as they are when it delivers: sel/1 is delivered before they move.
    const moved = boto('move', b, 0.5);
    assert.deepEqual(moved.answers, { PutEventSelectors2: 200, StopLogging: 200, StartLogging2: 200 });
    assert.equal(moved.status, true);
    within(moved.puts);
    const expected = ['other/2-now-selected', 'other/4-restarted', 'sel/1-logging'];
    assert.deepEqual(await deliveredWith('other/4-restarted'), expected);

    const gone = boto('delete', b, 0.5);
    assert.equal(gone.answers.DeleteTrail, 200);
    assert.deepEqual(gone.trails, []);
    within(gone.puts);
    await sleep(2_500); // two flushes of B's recorder
    // Recorded at all (not merely left undelivered): never before StartLogging, after StopLogging or DeleteTrail.
    assert.deepEqual(await recordedDataEvents(), expected);
    // Every trail change made through A, newest first, in B's LookupEvents (management events on PostgreSQL).
    const looked = boto('lookup', b, 0).lookup as Rec[];
    const changes = new Set(['CreateTrail', 'PutEventSelectors', 'StartLogging', 'StopLogging', 'DeleteTrail']);
    assert.deepEqual(looked.map((e) => e.name as string).filter((n) => changes.has(n)), ['DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors', 'StartLogging', 'PutEventSelectors', 'CreateTrail']);
    for (const e of looked) assert.equal(e.record.eventSource, 'cloudtrail.amazonaws.com');
  } finally {
    s3b.destroy();
  }
});

test('a node that misses the notifications follows the trail change within its cache TTL', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const s3a = new S3Client({ ...sdkConfig(a, root), forcePathStyle: true });
  const s3c = new S3Client({ ...sdkConfig(c, root), forcePathStyle: true });
  try {
    // The trail is gone (previous test): re-created and logging through A, with C deaf to notifications.
    assert.deepEqual(boto('recreate', c, 0).answers, { StartLogging: 200 });
    // Right after A's StartLogging C may still hold the selection it read before: its TTL (2 s) bounds that.
    const changedAt = Date.now();
    await sleep(3_000);
    await s3c.send(new PutObjectCommand({ Bucket: 'trail-data', Key: 'other/6-after-ttl', Body: 'x' }));
    assert.ok(Date.now() - changedAt < 4_000);
    await sleep(2_500);
    const recorded = await recordedDataEvents();
    assert.ok(recorded.includes('other/6-after-ttl'), `C recorded its data event once its TTL passed: ${JSON.stringify(recorded)}`);
    assert.ok(!recorded.includes('other/5-deleted'));
  } finally {
    s3a.destroy();
    s3c.destroy();
  }
});
