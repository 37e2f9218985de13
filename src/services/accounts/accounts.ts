/**
 * Accounts and their root users. Several accounts live in one server; the default one is created on first
 * start. Root keys are given (flags / environment) or generated once, stored encrypted, and printed once.
 */
import { Credentials } from '../../auth/credentials.js';
import type { KeyRing } from '../../auth/keyring.js';
import { newAccountId, newId, newSecretAccessKey } from '../../core/ids.js';
import { accessKeyTopic } from '../../store/repos/accessKeys.js';
import type { Store } from '../../store/store.js';

export interface RootKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export async function addRootKey(store: Store, keyring: KeyRing, accountId: string, keys: RootKeys, now: number) {
  await store.repos.accessKeys.insert({
    access_key_id: keys.accessKeyId,
    account_id: accountId,
    principal_type: 'root',
    user_id: null,
    user_name: null,
    secret_cipher: keyring.encrypt(keys.secretAccessKey, Credentials.secretAad(keys.accessKeyId)),
    status: 'Active',
    created_at: now,
    last_used_at: null,
    last_used_service: null,
    last_used_region: null,
  });
  await store.publish(accessKeyTopic(keys.accessKeyId));
}

/** Creates an account with fresh root keys and returns them (the only time the secret is shown). */
export async function createAccount(store: Store, keyring: KeyRing, opts: { id?: string; name?: string; now: number }) {
  const id = opts.id ?? newAccountId();
  const inserted = await store.repos.accounts.insert({ id, name: opts.name ?? id, created_at: opts.now });
  if (!inserted) throw new Error(`account ${id} exists already`);
  const keys = { accessKeyId: newId('AKIA'), secretAccessKey: newSecretAccessKey() };
  await addRootKey(store, keyring, id, keys, opts.now);
  await store.publish('accounts');
  return { accountId: id, ...keys };
}

/**
 * Makes sure the default account exists with usable root keys.
 * - Given keys: they become the account's only root key (others, from earlier starts or generated, are
 *   deleted: restarting with new keys replaces, never accumulates).
 * - No keys given and none stored: generated; returned so the caller shows them once.
 */
export async function ensureDefaultAccount(
  store: Store,
  keyring: KeyRing,
  opts: { accountId: string; rootKeys?: RootKeys | undefined; now: number },
): Promise<{ generated?: RootKeys }> {
  if (!(await store.repos.accounts.get(opts.accountId))) {
    try {
      await store.repos.accounts.insert({ id: opts.accountId, name: 'default', created_at: opts.now });
    } catch (e) {
      // Another server sharing the database, starting at the same moment, made it.
      if (!(await store.repos.accounts.get(opts.accountId))) throw e;
    }
  }
  if (opts.rootKeys) {
    await setRootKey(store, keyring, opts.accountId, opts.rootKeys, opts.now);
    return {};
  }
  if ((await store.repos.accessKeys.listRoot(opts.accountId)).length > 0) return {};
  const generated = { accessKeyId: newId('AKIA'), secretAccessKey: newSecretAccessKey() };
  await addRootKey(store, keyring, opts.accountId, generated, opts.now);
  return { generated };
}

/**
 * Makes `keys` the account's one root key. An id held by another account or a user is refused. Several
 * servers sharing one database may start at once with the same keys: the given key is stored first (one
 * of them inserts it, the others find it there with the same secret), and only then are the account's
 * other root keys deleted, so no server ever deletes the key another has just stored.
 */
async function setRootKey(store: Store, keyring: KeyRing, accountId: string, keys: RootKeys, now: number) {
  const stored = async (): Promise<'absent' | 'same' | 'other-secret'> => {
    const k = await store.repos.accessKeys.get(keys.accessKeyId);
    if (!k) return 'absent';
    if (k.account_id !== accountId || k.principal_type !== 'root') {
      throw new Error(`the access key id ${keys.accessKeyId} belongs to another account or user`);
    }
    return (await keyring.decrypt(k.secret_cipher, Credentials.secretAad(k.access_key_id))) === keys.secretAccessKey ? 'same' : 'other-secret';
  };
  const now1 = await stored();
  if (now1 !== 'same') {
    // Stored with another secret (a restart with a new secret for the same id): replaced.
    if (now1 === 'other-secret') {
      await store.repos.accessKeys.delete(keys.accessKeyId);
      await store.publish(accessKeyTopic(keys.accessKeyId));
    }
    try {
      await addRootKey(store, keyring, accountId, keys, now);
    } catch (e) {
      // Another server sharing the database stored the same key a moment ago.
      if ((await stored()) !== 'same') throw e;
    }
  }
  const gone = await store.repos.accessKeys.deleteRootExcept(accountId, keys.accessKeyId);
  for (const id of gone) await store.publish(accessKeyTopic(id));
}

/** `tessera admin reset-root-keys`: every root key of the account is deleted and one new key returned. */
export async function resetRootKeys(store: Store, keyring: KeyRing, accountId: string, now: number): Promise<RootKeys> {
  if (!(await store.repos.accounts.get(accountId))) throw new Error(`no account ${accountId}`);
  const keys = { accessKeyId: newId('AKIA'), secretAccessKey: newSecretAccessKey() };
  await setRootKey(store, keyring, accountId, keys, now);
  return keys;
}
