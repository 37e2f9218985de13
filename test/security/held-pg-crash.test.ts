/**
 * kill -9 durability on PostgreSQL (test/e2e/s3-crash.test.ts does SQLite): the server is killed while S3
 * PUTs and IAM writes (users with access keys, inline policies) are in flight, restarted on the same database
 * and data directory, and everything it acknowledged is there and intact: each acknowledged object reads back
 * byte for byte, each visible object is one that was sent, whole; each acknowledged user exists with its
 * policy, and its acknowledged access key signs requests (its secret was sealed under the key ring and
 * survives). No half-written blob is left in the temporary directory.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, GetUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-pg-crash-'));
const root = { accessKeyId: 'AKIAPGCRASHTEST00001', secretAccessKey: 'pg-crash-test-secret/abcdefghijklmnopqrs' };
let db: TestDatabase | { unavailable: string } | undefined;
let server: TestServer | undefined;
after(async () => {
  await server?.stop();
  if (db && !('unavailable' in db)) await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every row of every table of the public schema, as text (what pg_dump would hold). */
async function dumpDatabase(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map((r: { tablename: string }) => r.tablename);
    assert.ok(tables.length > 5, `tables: ${tables.join(', ')}`);
    let out = '';
    for (const t of tables) out += JSON.stringify((await c.query(`SELECT * FROM "${t}"`)).rows, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
    return out;
  } finally {
    await c.end();
  }
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const policyOf = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::crash/u${n}/*` }] });

test('PostgreSQL: kill -9 during S3 and IAM writes; every acknowledged write survives, nothing torn is visible', async (t) => {
  db = await createTestDatabase();
  if ('unavailable' in db) return t.skip(db.unavailable);
  const url = db.url;
  server = await startServer({ dataDir, root, database: url, args: ['--log', 'off'] });
  let s3 = new S3Client({ ...sdkConfig(server, root), forcePathStyle: true });
  let iam = new IAMClient(sdkConfig(server, root));
  await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));

  const sent = new Map<string, string>();
  const acked = new Set<string>();
  const users = new Map<number, Creds | null>(); // user number -> acknowledged key (null: user acknowledged, key not yet)
  let stop = false;
  let n = 0;
  const putter = async (w: number) => {
    while (!stop) {
      const key = `w${w}/o${n++}`;
      const body = randomBytes(1 + ((n * 7919) % (96 * 1024)));
      sent.set(key, sha(body));
      try {
        await s3.send(new PutObjectCommand({ Bucket: 'crash', Key: key, Body: body }));
        acked.add(key);
      } catch {
        return;
      }
    }
  };
  const iamWriter = async () => {
    while (!stop) {
      const u = n++;
      try {
        await iam.send(new CreateUserCommand({ UserName: `u${u}` }));
        users.set(u, null);
        await iam.send(new PutUserPolicyCommand({ UserName: `u${u}`, PolicyName: 'p', PolicyDocument: policyOf(u) }));
        const k = await iam.send(new CreateAccessKeyCommand({ UserName: `u${u}` }));
        users.set(u, { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! });
      } catch {
        return;
      }
    }
  };
  const workers = [putter(0), putter(1), putter(2), iamWriter(), iamWriter()];
  // Let writes run for a while, and until enough of them were acknowledged (a loaded CI machine is slower).
  const enough = () => acked.size > 5 && [...users.values()].filter(Boolean).length > 2;
  const started = Date.now();
  while (Date.now() - started < 1500 || (!enough() && Date.now() - started < 20_000)) await new Promise((r) => setTimeout(r, 100));
  assert.ok(acked.size > 5 && [...users.values()].filter(Boolean).length > 2, `writes were acknowledged before the kill (${acked.size} objects, ${users.size} users)`);
  await server.stop('SIGKILL');
  stop = true;
  await Promise.all(workers);
  s3.destroy();
  iam.destroy();

  server = await startServer({ dataDir, root, database: url, args: ['--log', 'off'] });
  s3 = new S3Client({ ...sdkConfig(server, root), forcePathStyle: true });
  iam = new IAMClient(sdkConfig(server, root));
  assert.deepEqual(readdirSync(join(dataDir, 'blobs', 'tmp')), [], 'no half-written blob survives');
  const visible: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: 'crash', ContinuationToken: token }));
    visible.push(...(r.Contents ?? []).map((c) => c.Key!));
    token = r.NextContinuationToken;
  } while (token);
  for (const k of acked) assert.ok(visible.includes(k), `acknowledged ${k} is listed`);
  for (const k of visible) {
    assert.ok(sent.has(k), `${k} was sent`);
    const got = await (await s3.send(new GetObjectCommand({ Bucket: 'crash', Key: k }))).Body!.transformToByteArray();
    assert.equal(sha(got), sent.get(k), `${k} is intact`);
  }
  for (const [u, key] of users) {
    assert.equal((await iam.send(new GetUserCommand({ UserName: `u${u}` }))).User!.UserName, `u${u}`, `acknowledged user u${u} exists`);
    const p = await iam.send(new GetUserPolicyCommand({ UserName: `u${u}`, PolicyName: 'p' })).catch((e: Error) => e);
    // The user was acknowledged; its policy may have been in flight: if present it is whole.
    if (!(p instanceof Error)) assert.equal(JSON.parse(decodeURIComponent(p.PolicyDocument!)).Statement[0].Resource, `arn:aws:s3:::crash/u${u}/*`);
    else assert.equal(p.name, 'NoSuchEntityException', `u${u}: ${p.message}`);
    if (key) {
      const sts: STSClient = new STSClient(sdkConfig(server, key));
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${server.accountId}:user/u${u}`, `u${u}'s acknowledged key works`);
      sts.destroy();
    }
  }
  // A dump of the database holds none of the acknowledged secrets, nor the root's.
  const dump = await dumpDatabase(url);
  for (const key of [...users.values()].filter((k): k is Creds => k !== null)) assert.ok(!dump.includes(key.secretAccessKey), 'an access key secret in the database dump');
  assert.ok(!dump.includes(root.secretAccessKey), 'the root secret in the database dump');
  t.diagnostic(`acknowledged ${acked.size} objects (${visible.length} visible), ${users.size} users (${[...users.values()].filter(Boolean).length} with keys)`);
  s3.destroy();
  iam.destroy();
});
