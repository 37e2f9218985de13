/** verifyMfaCode (what STS calls): one step of tolerance either side, single-use codes, AWS's messages. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { KeyRing } from '../../auth/keyring.js';
import { ServiceError } from '../../core/errors.js';
import type { Deps } from '../../server/deps.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/store.js';
import { MfaMessages, seedAad, verifyMfaCode } from './mfa.js';
import { codeAt, newSeed, stepAt } from './totp.js';

const ACCT = '123456789012';
let store: Store;
let deps: Deps;
const seed = newSeed();
const serial = `arn:aws:iam::${ACCT}:mfa/dev`;
const rootSerial = `arn:aws:iam::${ACCT}:mfa/root-account-mfa-device`;
const T = 1_700_000_000_000 + 10_000; // 10 s into a 30 s step

before(async () => {
  store = await openStore({ memory: true });
  const keyring = await KeyRing.open(randomBytes(32), store);
  deps = { store, keyring } as unknown as Deps;
  await store.repos.accounts.insert({ id: ACCT, name: 'a', created_at: 0 });
  await store.repos.entities.insert({
    id: 'AIDAEXAMPLEEXAMPLE01', account_id: ACCT, kind: 'user', name: 'Dev', name_lc: 'dev', path: '/', created_at: 0, description: null,
    trust_policy: null, max_session_duration: null, boundary_arn: null, tags: '[]', password_last_used: null, last_used_at: null, last_used_region: null,
  });
  for (const [s, owner] of [[serial, 'AIDAEXAMPLEEXAMPLE01'], [rootSerial, ACCT]] as const) {
    await store.repos.mfaDevices.insert({ serial: s, account_id: ACCT, name: 'x', path: '/', seed_cipher: keyring.encrypt(seed, seedAad(s)), user_id: owner, enable_date: 1, created_at: 0, last_step: null, tags: '[]' });
  }
});
after(async () => {
  await store?.close();
});

const denied = async (p: Promise<unknown>, message: string) =>
  assert.rejects(p, (e: unknown) => e instanceof ServiceError && e.code === 'AccessDenied' && e.status === 403 && e.message === message);

test('a current code is accepted once; the same code again is refused', async () => {
  const code = codeAt(seed, stepAt(T));
  assert.deepEqual(await verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code, now: T }), { authTime: T });
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code, now: T + 1000 }), MfaMessages.invalidCode);
});

test('one step either side is tolerated, two are not; an earlier step than one used is refused', async () => {
  const t = T + 300_000;
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: codeAt(seed, stepAt(t) + 2), now: t }), MfaMessages.invalidCode);
  await verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: codeAt(seed, stepAt(t) + 1), now: t });
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: codeAt(seed, stepAt(t) - 1), now: t }), MfaMessages.invalidCode);
});

test('a wrong code, and a malformed one, are refused', async () => {
  const t = T + 600_000;
  const good = codeAt(seed, stepAt(t));
  const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: wrong, now: t }), MfaMessages.invalidCode);
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: 'abcdef', now: t }), MfaMessages.invalidCode);
});

test("a serial that is not the caller's (or does not exist) is refused with AWS's other message", async () => {
  const t = T + 900_000;
  const code = codeAt(seed, stepAt(t));
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'someone', serialNumber: serial, code, now: t }), MfaMessages.notAssociated);
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: `${serial}x`, code, now: t }), MfaMessages.notAssociated);
  await denied(verifyMfaCode(deps, { accountId: '999999999999', callerUserName: 'dev', serialNumber: serial, code, now: t }), MfaMessages.notAssociated);
  await denied(verifyMfaCode(deps, { accountId: ACCT, root: true, serialNumber: serial, code, now: t }), MfaMessages.notAssociated);
});

test('the root user with its device', async () => {
  const t = T + 1_200_000;
  await verifyMfaCode(deps, { accountId: ACCT, root: true, serialNumber: rootSerial, code: codeAt(seed, stepAt(t)), now: t });
});

test('concurrent use of one code: exactly one wins', async () => {
  const t = T + 1_500_000;
  const code = codeAt(seed, stepAt(t));
  const r = await Promise.allSettled(Array.from({ length: 8 }, () => verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code, now: t })));
  assert.equal(r.filter((x) => x.status === 'fulfilled').length, 1);
});

test('five wrong codes lock the device: the right code is refused unchecked until the lock ends, then accepted', async () => {
  const t = T + 30 * 60_000;
  const serial = `arn:aws:iam::${ACCT}:mfa/dev-locked`;
  await store.repos.mfaDevices.insert({ serial, account_id: ACCT, name: 'y', path: '/', seed_cipher: deps.keyring.encrypt(seed, seedAad(serial)), user_id: 'AIDAEXAMPLEEXAMPLE01', enable_date: 1, created_at: 0, last_step: null, tags: '[]' });
  const good = (at: number) => codeAt(seed, stepAt(at));
  const wrong = String((Number(good(t)) + 1) % 1_000_000).padStart(6, '0');
  for (let i = 0; i < 5; i++) await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: wrong, now: t }), MfaMessages.invalidCode);
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: good(t), now: t + 1000 }), MfaMessages.throttled);
  // Another caller presenting the locked serial learns nothing new: it is still "not associated".
  await denied(verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'someone', serialNumber: serial, code: good(t), now: t + 1000 }), MfaMessages.notAssociated);
  const later = t + 61_000;
  assert.deepEqual(await verifyMfaCode(deps, { accountId: ACCT, callerUserName: 'dev', serialNumber: serial, code: good(later), now: later }), { authTime: later });
});
