/**
 * The ONE conformance suite every store backend runs: embedded SQLite (in memory and on disk) and
 * PostgreSQL. Under CI=true an unreachable PostgreSQL fails the run instead of skipping.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.js';
import { Credentials } from '../auth/credentials.js';
import { KeyRing, loadMasterKey } from '../auth/keyring.js';
import { beginAttempt, THROTTLE_RETENTION_MS } from '../auth/throttle.js';
import { checkSealedPassword, sealedPasswordHash, sealLegacyPasswordHashes } from '../services/iam/loginPassword.js';
import { hashPassword } from '../services/iam/password.js';
import { createAccount, ensureDefaultAccount } from '../services/accounts/accounts.js';
import { openStore, type StoreOptions } from './open.js';
import { federationCases } from './conformance/federation.case.js';
import { iamCases } from './conformance/iam.case.js';
import { iamPolicyCases } from './conformance/iamPolicies.case.js';
import { iamMoreCases } from './conformance/iamMore.case.js';
import { iamUsageCases } from './conformance/iamUsage.case.js';
import { s3Cases } from './conformance/s3.case.js';
import { ssoCases } from './conformance/sso.case.js';
import { auditCases } from './conformance/audit.case.js';

interface Backend {
  name: string;
  options: () => Promise<StoreOptions | { unavailable: string }>;
  cleanup: () => Promise<void>;
}

const dirs: string[] = [];
let pgdb: TestDatabase | undefined;

const backends: Backend[] = [
  { name: 'sqlite (memory)', options: async () => ({ memory: true }), cleanup: async () => undefined },
  {
    name: 'sqlite (file)',
    options: async () => {
      const d = mkdtempSync(join(tmpdir(), 'tessera-store-'));
      dirs.push(d);
      return { dataDir: d };
    },
    cleanup: async () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })),
  },
  {
    name: 'postgres',
    options: async () => {
      const db = await createTestDatabase();
      if ('unavailable' in db) return db;
      pgdb = db;
      return { databaseUrl: db.url };
    },
    cleanup: async () => pgdb?.drop(),
  },
];

for (const backend of backends) {
  describe(`store conformance: ${backend.name}`, async () => {
    const opts = await backend.options();
    if ('unavailable' in opts) {
      test(`SKIPPED: ${opts.unavailable}`, { skip: opts.unavailable }, () => undefined);
      return;
    }
    const master = randomBytes(32);
    const store = await openStore(opts);
    after(async () => {
      await store.close();
      await backend.cleanup();
    });
    const ring = await KeyRing.open(master, store);
    // Each repository's own cases, in its area's file (store/conformance/*.case.ts).
    const env = { backend: backend.name, store, keyring: ring, options: opts };
    iamCases(env);
    iamPolicyCases(env);
    iamMoreCases(env);
    iamUsageCases(env);
    federationCases(env);
    s3Cases(env);
    ssoCases(env);
    auditCases(env);

    test('migrations ran: re-opening the same database is a no-op', async () => {
      if (opts.memory) return;
      const again = await openStore(opts);
      assert.ok(Array.isArray(await again.repos.accounts.list()));
      await again.close();
    });

    test('accounts: insert once, a second insert of the same id reports false', async () => {
      assert.equal(await store.repos.accounts.insert({ id: '111111111111', name: 'a', created_at: 1 }), true);
      assert.equal(await store.repos.accounts.insert({ id: '111111111111', name: 'b', created_at: 2 }), false);
      const a = await store.repos.accounts.get('111111111111');
      assert.deepEqual(a, { id: '111111111111', name: 'a', created_at: 1 });
    });

    test('concurrent inserts of one account id: exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.repos.accounts.insert({ id: '222222222222', name: `n${i}`, created_at: i })));
      assert.equal(results.filter(Boolean).length, 1);
    });

    test('accounts with root keys: the secret is stored encrypted and resolves through Credentials', async () => {
      const a = await createAccount(store, ring, { name: 'conf', now: Date.now() });
      assert.match(a.accountId, /^[1-9]\d{11}$/);
      assert.match(a.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(a.secretAccessKey.length, 40);
      const row = await store.repos.accessKeys.get(a.accessKeyId);
      assert.ok(row);
      assert.ok(!row.secret_cipher.includes(a.secretAccessKey));
      const creds = new Credentials(store, ring);
      const r = await creds.resolve(a.accessKeyId, undefined);
      assert.equal(r.secret, a.secretAccessKey);
      assert.equal(r.caller.arn, `arn:aws:iam::${a.accountId}:root`);
      await assert.rejects(creds.resolve('AKIANOSUCHKEY0000000', undefined), { code: 'InvalidClientTokenId' });
    });

    test('a dump of the database holds no usable secret', async () => {
      const a = await createAccount(store, ring, { now: Date.now() });
      const tables = ['accounts', 'access_keys', 'keyring', 'settings'] as const;
      let dump = '';
      for (const t of tables) dump += JSON.stringify(await store.db.selectFrom(t).selectAll().execute());
      assert.ok(!dump.includes(a.secretAccessKey));
      assert.ok(!dump.includes(master.toString('hex')) && !dump.includes(master.toString('base64')));
      if (opts.dataDir) {
        for (const f of readdirSync(opts.dataDir)) {
          const p = join(opts.dataDir, f);
          if (statSync(p).isFile()) assert.ok(!readFileSync(p).includes(Buffer.from(a.secretAccessKey)), `secret in ${f}`);
        }
      }
    });

    test('key ring: seal and open; altered bytes, other associated data and other master keys fail', async () => {
      const c = ring.encrypt('s3cret', 'aad:1');
      assert.equal(await ring.decrypt(c, 'aad:1'), 's3cret');
      await assert.rejects(ring.decrypt(c, 'aad:2'));
      const tampered = c.slice(0, -3) + (c.at(-3) === 'A' ? 'B' : 'A') + c.slice(-2);
      await assert.rejects(ring.decrypt(tampered, 'aad:1'));
      await assert.rejects(KeyRing.open(randomBytes(32), store), /master key does not open the key ring/);
    });

    test('key ring rotation: new material uses the new key, old material still opens, other handles learn the key', async () => {
      const before = ring.currentKeyId;
      const old = ring.encrypt('old', 'x');
      const other = await KeyRing.open(master, store);
      const id = await ring.rotate();
      assert.notEqual(id, before);
      assert.equal(ring.currentKeyId, id);
      const fresh = ring.encrypt('new', 'x');
      assert.ok(fresh.startsWith(id + '.'));
      assert.equal(await ring.decrypt(old, 'x'), 'old');
      assert.equal(await other.decrypt(fresh, 'x'), 'new'); // unknown key id → reload
    });

    test('default account: given root keys are its only root key (stored once, replaced, never accumulated)', async () => {
      const keys = { accessKeyId: 'AKIACONFORMANCE00001', secretAccessKey: 'conformance-secret-0000000000000000000000' };
      const rootIds = async (acct: string) => (await store.repos.accessKeys.listRoot(acct)).map((r) => r.access_key_id);
      assert.deepEqual(await ensureDefaultAccount(store, ring, { accountId: '333333333333', rootKeys: keys, now: 1 }), {});
      assert.deepEqual(await ensureDefaultAccount(store, ring, { accountId: '333333333333', rootKeys: keys, now: 2 }), {});
      assert.deepEqual(await rootIds('333333333333'), [keys.accessKeyId]);
      // A new secret for the same id replaces the old one.
      await ensureDefaultAccount(store, ring, { accountId: '333333333333', rootKeys: { ...keys, secretAccessKey: 'other' }, now: 3 });
      const row = (await store.repos.accessKeys.listRoot('333333333333'))[0]!;
      assert.equal(await ring.decrypt(row.secret_cipher, `access-key:${keys.accessKeyId}`), 'other');
      // Another id replaces it too: one root key, never two.
      const next = { accessKeyId: 'AKIACONFORMANCE00002', secretAccessKey: 'conformance-secret-2222222222222222222222' };
      await ensureDefaultAccount(store, ring, { accountId: '333333333333', rootKeys: next, now: 4 });
      assert.deepEqual(await rootIds('333333333333'), [next.accessKeyId]);
      // An id that belongs to another account is refused, and nothing changes.
      await assert.rejects(ensureDefaultAccount(store, ring, { accountId: '444444444444', rootKeys: next, now: 5 }), /belongs to another account/);
      assert.deepEqual(await rootIds('444444444444'), []);
      const gen = await ensureDefaultAccount(store, ring, { accountId: '444444444444', now: 6 });
      assert.match(gen.generated!.accessKeyId, /^AKIA/);
      assert.deepEqual(await ensureDefaultAccount(store, ring, { accountId: '444444444444', now: 7 }), {});
      assert.deepEqual(await rootIds('444444444444'), [gen.generated!.accessKeyId]);
    });

    test('durability: what was committed is there after close and re-open', async () => {
      if (opts.memory) return;
      await store.repos.accounts.insert({ id: '555555555555', name: 'durable', created_at: 5 });
      const again = await openStore(opts);
      assert.equal((await again.repos.accounts.get('555555555555'))?.name, 'durable');
      await again.close();
    });

    test('throttle: five attempts get through, the sixth is refused unchanged, the lock doubles, a success clears', async () => {
      const T = 1_800_000_000_000;
      const key = 'conf:sequence';
      for (let i = 0; i < 5; i++) assert.equal((await beginAttempt(store, key, T + i)).allowed, true);
      const refused = await beginAttempt(store, key, T + 10_000);
      assert.deepEqual(refused, { allowed: false, retryAfterSeconds: 51 }); // locked 60 s from the 5th failure (T + 4)
      assert.equal((await store.repos.throttles.get(key))?.failures, 5, 'a refused attempt is not counted');
      assert.equal((await beginAttempt(store, key, T + 4 + 60_000)).allowed, true); // the 6th: locked 120 s
      assert.equal((await beginAttempt(store, key, T + 4 + 60_000 + 119_000)).allowed, false);
      const seventh = await beginAttempt(store, key, T + 4 + 60_000 + 120_000);
      assert.equal(seventh.allowed, true);
      if (seventh.allowed) await seventh.succeeded();
      assert.equal(await store.repos.throttles.get(key), undefined);
    });

    test('throttle: failures are forgotten an hour after the lock ended', async () => {
      const T = 1_800_000_000_000;
      for (let i = 0; i < 5; i++) await beginAttempt(store, 'conf:forget', T);
      assert.equal((await beginAttempt(store, 'conf:forget', T + 60_000 + 3_600_000 - 1)).allowed, true);
      assert.equal((await store.repos.throttles.get('conf:forget'))?.failures, 6);
      await beginAttempt(store, 'conf:forget2', T);
      assert.equal((await beginAttempt(store, 'conf:forget2', T + 3_600_000)).allowed, true);
      assert.equal((await store.repos.throttles.get('conf:forget2'))?.failures, 1);
    });

    test('throttle: concurrent attempts on one key, through two handles on one database: exactly five get through', async () => {
      const T = 1_800_000_000_000;
      const other = opts.memory ? store : await openStore(opts);
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) => beginAttempt(i % 2 ? other : store, 'conf:race', T)));
      assert.equal(results.filter((r) => r.allowed).length, 5);
      assert.equal((await store.repos.throttles.get('conf:race'))?.failures, 5);
      if (other !== store) await other.close();
    });

    test('throttle: rows go by age, never because there are many', async () => {
      const T = 1_800_000_000_000;
      for (let i = 0; i < 5; i++) await beginAttempt(store, 'conf:locked', T);
      for (let i = 0; i < 300; i++) await beginAttempt(store, `conf:many:${i}`, T + 1);
      assert.equal(await store.repos.throttles.deleteBefore(T - THROTTLE_RETENTION_MS), 0);
      assert.equal((await beginAttempt(store, 'conf:locked', T + 2)).allowed, false);
      assert.ok((await store.repos.throttles.deleteBefore(T + 2)) >= 301);
      assert.equal(await store.repos.throttles.get('conf:locked'), undefined);
    });

    test('login profiles: the password hash is sealed to its user; legacy plain hashes are sealed in place', async () => {
      const row = (user_id: string, password_hash: string) => ({ user_id, account_id: '111111111111', password_hash, reset_required: 0, created_at: 1 });
      const sealed = await sealedPasswordHash(ring, 'AIDACONFSEALED000001', 'Right-Pa55word!');
      await store.db.insertInto('iam_login_profiles').values(row('AIDACONFSEALED000001', sealed)).execute();
      await store.db.insertInto('iam_login_profiles').values(row('AIDACONFLEGACY000001', await hashPassword('Legacy-Pa55word!'))).execute();
      assert.equal(await checkSealedPassword(ring, 'AIDACONFSEALED000001', 'Right-Pa55word!', sealed), true);
      assert.equal(await checkSealedPassword(ring, 'AIDACONFSEALED000001', 'Wrong-Pa55word!', sealed), false);
      assert.equal(await checkSealedPassword(ring, 'AIDACONFOTHERUSER001', 'Right-Pa55word!', sealed), false, 'bound to the user id');
      assert.equal(await sealLegacyPasswordHashes(store, ring), 1);
      assert.equal(await sealLegacyPasswordHashes(store, ring), 0);
      const rows = await store.db.selectFrom('iam_login_profiles').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes('scrypt$'));
      const legacy = rows.find((r) => r.user_id === 'AIDACONFLEGACY000001')!;
      assert.equal(await checkSealedPassword(ring, legacy.user_id, 'Legacy-Pa55word!', legacy.password_hash), true);
    });

    test('change notification reaches this process and, on PostgreSQL, every other one', async () => {
      const seen: string[] = [];
      const off = store.onChange((t) => seen.push(t));
      await store.publish('access-key:LOCAL');
      assert.ok(seen.includes('access-key:LOCAL'));
      off();
      if (store.kind !== 'postgres') return;
      const other = await openStore(opts);
      const remote = new Promise<string>((r) => other.onChange((t) => t === 'access-key:REMOTE' && r(t)));
      await store.publish('access-key:REMOTE');
      assert.equal(await Promise.race([remote, new Promise((r) => setTimeout(() => r('timeout'), 3000))]), 'access-key:REMOTE');
      await other.close();
    });

    // Last: it empties the store (POST /_admin/reset).
    test('stateReset: everything goes but the key ring, the settings, one account and its root keys; blob ids returned', async () => {
      const keep = await createAccount(store, ring, { now: 1 });
      const gone = await createAccount(store, ring, { now: 1 });
      await store.repos.entities.insert({ id: 'AIDARESETCONF0000001', account_id: keep.accountId, kind: 'user', name: 'u', name_lc: 'u', path: '/', created_at: 1, description: null, trust_policy: null, max_session_duration: null, boundary_arn: null, tags: '[]', password_last_used: null, last_used_at: null, last_used_region: null });
      await store.repos.buckets.insert({ name: 'reset-conf', account_id: keep.accountId, region: 'us-east-1', created_at: 1, policy: null });
      await store.repos.objects.put({ bucket: 'reset-conf', key: 'k', blobs: JSON.stringify([{ id: 'b'.repeat(32), size: 1 }]), size: 1, etag: 'e', last_modified: 1, content_type: 'x', headers: '{}', checksum_algorithm: null, checksum_value: null, parts_count: null, owner_account: keep.accountId, version_id: 'null', delete_marker: 0, tags: null, object_lock: null });
      const ringBefore = await store.repos.keyring.listOldestFirst();
      assert.ok((await store.repos.stateReset.wipeAllBut(keep.accountId)).includes('b'.repeat(32)));
      assert.deepEqual(await store.repos.stateReset.wipeAllBut(keep.accountId), [], 'nothing left to name');
      assert.deepEqual((await store.repos.accounts.list()).map((a) => a.id), [keep.accountId]);
      assert.equal(await store.repos.accounts.get(gone.accountId), undefined);
      assert.deepEqual((await store.repos.accessKeys.listRoot(keep.accountId)).map((k) => k.access_key_id), [keep.accessKeyId]);
      assert.equal(await store.repos.accessKeys.get(gone.accessKeyId), undefined);
      assert.equal(await store.repos.entities.getById('AIDARESETCONF0000001'), undefined);
      assert.equal(await store.repos.buckets.get('reset-conf'), undefined);
      assert.deepEqual(await store.repos.keyring.listOldestFirst(), ringBefore);
    });
  });
}

test('master key file: created with mode 0600 and reused', () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-mk-'));
  const k1 = loadMasterKey({ dataDir: d });
  assert.equal(statSync(join(d, 'master.key')).mode & 0o777, 0o600);
  assert.deepEqual(loadMasterKey({ dataDir: d }), k1);
  assert.deepEqual(loadMasterKey({ envValue: 'ab'.repeat(32), dataDir: d }), Buffer.from('ab'.repeat(32), 'hex'));
  assert.throws(() => loadMasterKey({ envValue: 'short' }), /32 bytes/);
  rmSync(d, { recursive: true, force: true });
});
