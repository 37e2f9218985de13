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
    await store.repos.accounts.insert({ id: opts.accountId, name: 'default', created_at: opts.now });
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

/** Makes `keys` the account's one root key. An id held by another account or a user is refused. */
async function setRootKey(store: Store, keyring: KeyRing, accountId: string, keys: RootKeys, now: number) {
  const existing = await store.repos.accessKeys.get(keys.accessKeyId);
  if (existing && (existing.account_id !== accountId || existing.principal_type !== 'root')) {
    throw new Error(`the access key id ${keys.accessKeyId} belongs to another account or user`);
  }
  const same = existing && (await keyring.decrypt(existing.secret_cipher, Credentials.secretAad(existing.access_key_id))) === keys.secretAccessKey;
  const gone = await store.repos.accessKeys.deleteRootExcept(accountId, same ? keys.accessKeyId : undefined);
  for (const id of gone) await store.publish(accessKeyTopic(id));
  if (same) return;
  try {
    await addRootKey(store, keyring, accountId, keys, now);
  } catch (e) {
    // Another server sharing the database may have stored the same key a moment ago.
    if (!(await store.repos.accessKeys.get(keys.accessKeyId))) throw e;
  }
}

/** `tessera admin reset-root-keys`: every root key of the account is deleted and one new key returned. */
export async function resetRootKeys(store: Store, keyring: KeyRing, accountId: string, now: number): Promise<RootKeys> {
  if (!(await store.repos.accounts.get(accountId))) throw new Error(`no account ${accountId}`);
  const keys = { accessKeyId: newId('AKIA'), secretAccessKey: newSecretAccessKey() };
  await setRootKey(store, keyring, accountId, keys, now);
  return keys;
}
