/**
 * IAM Identity Center's OIDC side (services/sso/oidc.ts): registered clients, device authorizations and
 * tokens. Every secret is stored as its SHA-256 only and found by that hash; state changes are conditional
 * updates, so a device code is redeemed once and a refresh token used once, across processes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SsoClientsTable, SsoDeviceAuthsTable, SsoTokensTable } from '../schema-sso.js';

type Db = Kysely<Database>;

export interface SsoTokensRepo {
  insertClient(row: SsoClientsTable): Promise<void>;
  getClient(clientId: string): Promise<SsoClientsTable | undefined>;
  /** Clients not yet expired at `now` (the bound on unauthenticated registrations). */
  countLiveClients(now: number): Promise<number>;

  insertDevice(row: SsoDeviceAuthsTable): Promise<void>;
  getDevice(deviceHash: string): Promise<SsoDeviceAuthsTable | undefined>;
  deviceByUserCode(userCodeHash: string): Promise<SsoDeviceAuthsTable | undefined>;
  /** Pending device authorizations of a client not yet expired at `now`. */
  countPendingDevices(clientId: string, now: number): Promise<number>;
  /** Records a poll at `at`. */
  polled(deviceHash: string, at: number): Promise<void>;
  /** pending → approved / denied (by `userId`); false when it was no longer pending. */
  decide(deviceHash: string, status: 'approved' | 'denied', userId: string, accountId: string): Promise<boolean>;
  /** approved → redeemed; false when it was not approved (already redeemed by a concurrent poll). */
  redeem(deviceHash: string): Promise<boolean>;

  insertToken(row: SsoTokensTable): Promise<void>;
  getToken(tokenHash: string): Promise<SsoTokensTable | undefined>;
  /** Revokes a live token; false when it was revoked already. */
  revoke(tokenHash: string, at: number): Promise<boolean>;

  /** Deletes clients, device authorizations and tokens that expired before `before`. */
  deleteExpiredBefore(before: number): Promise<void>;
}

export const ssoTokensRepo = (db: Db): SsoTokensRepo => ({
  insertClient: async (row) => {
    await db.insertInto('sso_clients').values(row).execute();
  },
  getClient: (id) => db.selectFrom('sso_clients').selectAll().where('client_id', '=', id).executeTakeFirst(),
  countLiveClients: async (now) => {
    const r = await db.selectFrom('sso_clients').select((eb) => eb.fn.countAll<string | number>().as('n')).where('expires_at', '>', now).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  insertDevice: async (row) => {
    await db.insertInto('sso_device_auths').values(row).execute();
  },
  getDevice: (h) => db.selectFrom('sso_device_auths').selectAll().where('device_hash', '=', h).executeTakeFirst(),
  deviceByUserCode: (h) => db.selectFrom('sso_device_auths').selectAll().where('user_code_hash', '=', h).executeTakeFirst(),
  countPendingDevices: async (clientId, now) => {
    const r = await db
      .selectFrom('sso_device_auths')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('client_id', '=', clientId)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  polled: async (h, at) => {
    await db.updateTable('sso_device_auths').set({ last_poll_at: at }).where('device_hash', '=', h).execute();
  },
  decide: async (h, status, userId, accountId) => {
    const r = await db
      .updateTable('sso_device_auths')
      .set({ status, user_id: userId, account_id: accountId })
      .where('device_hash', '=', h)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  redeem: async (h) => {
    const r = await db.updateTable('sso_device_auths').set({ status: 'redeemed' }).where('device_hash', '=', h).where('status', '=', 'approved').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  insertToken: async (row) => {
    await db.insertInto('sso_tokens').values(row).execute();
  },
  getToken: (h) => db.selectFrom('sso_tokens').selectAll().where('token_hash', '=', h).executeTakeFirst(),
  revoke: async (h, at) => {
    const r = await db.updateTable('sso_tokens').set({ revoked_at: at }).where('token_hash', '=', h).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  deleteExpiredBefore: async (before) => {
    await db.deleteFrom('sso_tokens').where('expires_at', '<', before).execute();
    await db.deleteFrom('sso_device_auths').where('expires_at', '<', before).execute();
    await db.deleteFrom('sso_clients').where('expires_at', '<', before).execute();
  },
});
