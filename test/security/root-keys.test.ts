/**
 * Root keys and files at rest: a generated root secret never reaches stdout (the request log's stream); given
 * root keys replace earlier ones instead of piling up; `tessera admin reset-root-keys` recovers lost keys;
 * every file the server writes is the owner's alone.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { rejects } from '../helpers/aws-errors.js';
import { startNodes, type Nodes } from '../helpers/nodes.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-rootkeys-'));
  dirs.push(d);
  return d;
};

const sts = (url: string, c: { accessKeyId: string; secretAccessKey: string }) =>
  new STSClient({ endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1 });

/** `tessera serve` with no root keys given, stdout and stderr captured separately (neither is a terminal). */
async function serveGenerated(dataDir: string): Promise<{ url: string; stdout: () => string; stderr: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [tesseraBin, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no start:\n${out}\n${err}`)), 20_000);
    child.stdout.on('data', () => {
      const m = /Tessera listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    stdout: () => out,
    stderr: () => err,
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))),
  };
}

describe('generated root keys', () => {
  test('are never printed on stdout: with stderr not a terminal they go to a 0600 file in the data directory', async () => {
    const dir = newDir();
    const s = await serveGenerated(dir);
    try {
      const file = join(dir, 'root-credentials');
      assert.ok(existsSync(file), s.stderr());
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const text = readFileSync(file, 'utf8');
      const id = /AWS_ACCESS_KEY_ID=(AKIA[A-Z0-9]+)/.exec(text)?.[1];
      const secret = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(text)?.[1];
      assert.ok(id && secret);
      assert.ok(!s.stdout().includes(secret), 'the secret is not on stdout');
      assert.ok(!s.stderr().includes(secret), 'nor on stderr when it is not a terminal');
      assert.match(s.stderr(), /written to .*root-credentials \(mode 0600\)/);
      const who = await sts(s.url, { accessKeyId: id, secretAccessKey: secret }).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, 'arn:aws:iam::000000000000:root');
    } finally {
      await s.stop();
    }
  });
});

describe('given root keys replace, never accumulate', () => {
  const dir = newDir();
  const keyA = { accessKeyId: 'AKIAROOTKEYAAAAAAAAA', secretAccessKey: 'secretA/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' };
  const keyB = { accessKeyId: 'AKIAROOTKEYBBBBBBBBB', secretAccessKey: 'secretB/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' };

  test('three starts with three keys leave one active root key; admin reset-root-keys replaces it', async () => {
    let server: TestServer | undefined;
    for (const k of [keyA, keyB, { ...keyA, secretAccessKey: 'secretA2/ccccccccccccccccccccccccccccccccc' }]) {
      server = await startServer({ dataDir: dir, root: k, accountId: '000000000000' });
      await server.stop();
    }
    server = await startServer({ dataDir: dir, root: keyB, accountId: '000000000000' });
    try {
      const ok = await sts(server.url, keyB).send(new GetCallerIdentityCommand({}));
      assert.equal(ok.Arn, 'arn:aws:iam::000000000000:root');
      await rejects(sts(server.url, keyA).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
      await rejects(sts(server.url, { ...keyA, secretAccessKey: 'secretA2/ccccccccccccccccccccccccccccccccc' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    } finally {
      await server.stop();
    }

    const reset = spawnSync(process.execPath, [tesseraBin, 'admin', 'reset-root-keys', '--data', dir, '--account-id', '000000000000'], { encoding: 'utf8' });
    assert.equal(reset.status, 0, reset.stderr);
    const fresh = JSON.parse(reset.stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    assert.equal(fresh.AccountId, '000000000000');
    assert.match(fresh.AccessKeyId, /^AKIA[A-Z0-9]{16}$/);

    // Started again WITHOUT keys: the reset key is the one root key (nothing generated, nothing old).
    const s = await serveGenerated(dir);
    try {
      assert.ok(!existsSync(join(dir, 'root-credentials')), 'no new keys generated');
      const who = await sts(s.url, { accessKeyId: fresh.AccessKeyId, secretAccessKey: fresh.SecretAccessKey }).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Account, '000000000000');
      await rejects(sts(s.url, keyB).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    } finally {
      await s.stop();
    }
  });

  test('five servers started at once on one new PostgreSQL database with the same root keys all start, and share the one key', async () => {
    const db = await createTestDatabase();
    if ('unavailable' in db) throw new Error(db.unavailable);
    const root = { accessKeyId: 'AKIACONCURRENTROOT01', secretAccessKey: 'concurrent-root-secret-000000000000000000' };
    let cluster: Nodes | undefined;
    try {
      // startNodes throws, naming each node's failure, unless all five start.
      cluster = await startNodes(db, 5, { root, args: ['--log', 'off'] });
      assert.equal(cluster.nodes.length, 5);
      for (const s of cluster.nodes) {
        const me = await sts(s.url, root).send(new GetCallerIdentityCommand({}));
        assert.equal(me.Arn, `arn:aws:iam::${s.accountId}:root`);
      }
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const keys = await c.query("select access_key_id, status from access_keys where principal_type = 'root'");
        assert.deepEqual(keys.rows, [{ access_key_id: root.accessKeyId, status: 'Active' }]);
      } finally {
        await c.end();
      }
    } finally {
      await cluster?.stop();
      await db.drop();
    }
  });

  test('reset-root-keys on an unknown account fails with a message and exit 1', () => {
    const r = spawnSync(process.execPath, [tesseraBin, 'admin', 'reset-root-keys', '--data', dir, '--account-id', '999999999999'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no account 999999999999/);
  });
});

describe('files at rest', () => {
  test('the database, its WAL and SHM, the master key and object blobs are 0600, directories 0700', async () => {
    const dir = newDir();
    const server = await startServer({ dataDir: dir });
    try {
      const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: server.root });
      await s3.send(new CreateBucketCommand({ Bucket: 'modes' }));
      await s3.send(new PutObjectCommand({ Bucket: 'modes', Key: 'k', Body: 'hello' }));
      const files: string[] = [];
      const walk = (d: string) => {
        for (const n of readdirSync(d)) {
          const p = join(d, n);
          if (statSync(p).isDirectory()) {
            assert.equal(statSync(p).mode & 0o777, 0o700, p);
            walk(p);
          } else files.push(p);
        }
      };
      walk(dir);
      for (const f of ['tessera.db', 'tessera.db-wal', 'tessera.db-shm', 'master.key']) assert.ok(files.includes(join(dir, f)), f);
      assert.ok(files.some((f) => f.includes('blobs')), 'an object blob was written');
      for (const f of files) assert.equal(statSync(f).mode & 0o777, 0o600, f);
    } finally {
      await server.stop();
    }
  });
});
