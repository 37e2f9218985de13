/**
 * Session tokens without a server: sealing, derivation, the resolver (cache, expiry, tampering, key-id
 * mismatch), rotation, and the cache of opened tokens (its speed is a benchmark: npm run bench -- sts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { KeyRing } from '../../auth/keyring.js';
import { TestClock } from '../../core/clock.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/store.js';
import { Lru } from './lru.js';
import { createSessionResolver } from './resolver.js';
import { accountOfTemporaryKey, openSession, sealSession, type SessionPrincipal } from './session.js';

const principal: SessionPrincipal = {
  type: 'assumed-role',
  accountId: '123456789012',
  arn: 'arn:aws:sts::123456789012:assumed-role/demo/s1',
  userId: 'AROAEXAMPLEEXAMPLE1:s1',
  roleArn: 'arn:aws:iam::123456789012:role/demo',
  roleName: 'demo',
  roleId: 'AROAEXAMPLEEXAMPLE1',
  sessionName: 's1',
};

let store: Store;
let ring: KeyRing;
before(async () => {
  store = await openStore({ memory: true });
  ring = await KeyRing.open(randomBytes(32), store);
});
after(async () => {
  await store.close();
});

const session = (now: number, seconds = 3600) => ({ issuedBy: 'AssumeRole', issuedAt: now, expiresAt: now + seconds * 1000, mfaAuthTime: now });

describe('sealing', () => {
  test('round trip; ASIA id carries the account; secret is 40 characters', async () => {
    const now = Date.now();
    const c = sealSession(ring, principal, { ...session(now), sessionPolicy: '{"Version":"2012-10-17","Statement":[]}', tags: { team: 'a' } });
    assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(c.SecretAccessKey.length, 40);
    assert.equal(accountOfTemporaryKey(c.AccessKeyId), '123456789012');
    const claims = await openSession(ring, c.SessionToken);
    assert.deepEqual(claims?.c, principal);
    assert.equal(claims?.s.tags?.team, 'a');
    assert.equal(claims?.s.mfaAuthTime, now);
  });

  test('large sessions are compressed and still open', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/' + 'x'.repeat(1900) }] });
    const c = sealSession(ring, principal, { ...session(Date.now()), sessionPolicy: policy });
    assert.ok(c.SessionToken.length < policy.length, `token ${c.SessionToken.length} chars for a ${policy.length}-char policy`);
    assert.equal((await openSession(ring, c.SessionToken))?.s.sessionPolicy, policy);
  });

  test('two sessions never share key id, secret or token', () => {
    const now = Date.now();
    const a = sealSession(ring, principal, session(now));
    const b = sealSession(ring, principal, session(now));
    assert.notEqual(a.AccessKeyId, b.AccessKeyId);
    assert.notEqual(a.SecretAccessKey, b.SecretAccessKey);
    assert.notEqual(a.SessionToken, b.SessionToken);
  });
});

describe('the resolver', () => {
  test('accepts until expiry, ExpiredToken from the expiry on; the cache does not outlive expiry', async () => {
    const clock = new TestClock();
    const r = createSessionResolver(ring, clock);
    const now = Date.now();
    const c = sealSession(ring, principal, session(now, 900));
    const got = await r.resolve(c.AccessKeyId, c.SessionToken);
    assert.equal(got.secret, c.SecretAccessKey);
    assert.equal(got.caller.arn, principal.arn);
    assert.equal(got.caller.session?.issuedBy, 'AssumeRole');
    clock.set(now + 899_000);
    await r.resolve(c.AccessKeyId, c.SessionToken);
    clock.set(now + 900_000);
    await assert.rejects(r.resolve(c.AccessKeyId, c.SessionToken), { code: 'ExpiredToken', status: 400 });
  });

  test('every single-character change is InvalidClientTokenId', async () => {
    const r = createSessionResolver(ring, new TestClock());
    const c = sealSession(ring, principal, session(Date.now()));
    const t = c.SessionToken;
    for (let i = 0; i < t.length; i += Math.max(1, Math.floor(t.length / 97))) {
      const alt = t.slice(0, i) + (t[i] === 'Q' ? 'R' : 'Q') + t.slice(i + 1);
      await assert.rejects(r.resolve(c.AccessKeyId, alt), { code: 'InvalidClientTokenId' }, `position ${i}`);
    }
    await assert.rejects(r.resolve(c.AccessKeyId, t + 'A'), { code: 'InvalidClientTokenId' });
    await assert.rejects(r.resolve(c.AccessKeyId, ''), { code: 'InvalidClientTokenId' });
    await assert.rejects(r.resolve(c.AccessKeyId, undefined), { code: 'InvalidClientTokenId' });
  });

  test('the key id must be the token\'s, cached or not', async () => {
    const r = createSessionResolver(ring, new TestClock());
    const a = sealSession(ring, principal, session(Date.now()));
    const b = sealSession(ring, principal, session(Date.now()));
    await assert.rejects(r.resolve(b.AccessKeyId, a.SessionToken), { code: 'InvalidClientTokenId' });
    await r.resolve(a.AccessKeyId, a.SessionToken);
    await assert.rejects(r.resolve(b.AccessKeyId, a.SessionToken), { code: 'InvalidClientTokenId' });
  });

  test('after rotation old tokens open; new ones use the new key', async () => {
    const r = createSessionResolver(ring, new TestClock());
    const old = sealSession(ring, principal, session(Date.now()));
    const id = await ring.rotate();
    const fresh = sealSession(ring, principal, session(Date.now()));
    assert.ok(fresh.SessionToken.startsWith(id + '.'));
    assert.ok(!old.SessionToken.startsWith(id + '.'));
    await r.resolve(old.AccessKeyId, old.SessionToken);
    await r.resolve(fresh.AccessKeyId, fresh.SessionToken);
  });

  test('the cache is bounded', async () => {
    const r = createSessionResolver(ring, new TestClock(), 10);
    for (let i = 0; i < 25; i++) {
      const c = sealSession(ring, principal, session(Date.now()));
      await r.resolve(c.AccessKeyId, c.SessionToken);
    }
    assert.equal(r.cacheSize(), 10);
  });

  test('a token opened once is answered from the cache (its cost is measured by npm run bench -- sts)', async () => {
    const r = createSessionResolver(ring, new TestClock());
    const c = sealSession(ring, principal, { ...session(Date.now()), sessionPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' });
    assert.equal(r.resolveCached(c.AccessKeyId, c.SessionToken), undefined, 'not cached before the first open');
    const opened = await r.resolve(c.AccessKeyId, c.SessionToken);
    const cached = r.resolveCached(c.AccessKeyId, c.SessionToken);
    assert.ok(cached, 'cached after the first open');
    assert.equal(cached.caller.arn, opened.caller.arn);
    assert.equal(cached.secret, opened.secret);
    // The cache is keyed by the whole token: another token with the same key id is not served from it.
    assert.equal(r.resolveCached(c.AccessKeyId, c.SessionToken.slice(0, -2) + 'AA'), undefined);
  });
});

describe('small parts', () => {
  test('Lru evicts the least recently used', () => {
    const l = new Lru<string, number>(2);
    l.set('a', 1);
    l.set('b', 2);
    l.get('a');
    l.set('c', 3);
    assert.equal(l.get('b'), undefined);
    assert.equal(l.get('a'), 1);
  });
});
