/** Virtual MFA devices (iam_mfa_devices): sealed seeds, their assignment to a user or the root, used TOTP steps. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamMfaDevicesTable } from '../schema-iam.js';

type Db = Kysely<Database>;

/** Which devices a listing returns: assigned to someone, unassigned, or all. */
export type MfaAssignment = 'Assigned' | 'Unassigned' | 'Any';

const getMfaDevice = (db: Db, serial: string): Promise<IamMfaDevicesTable | undefined> =>
  db.selectFrom('iam_mfa_devices').selectAll().where('serial', '=', serial).executeTakeFirst();

async function claimStep(db: Db, serial: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('iam_mfa_devices')
    .set({ last_step: step })
    .where('serial', '=', serial)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

async function enableMfaDevice(db: Db, serial: string, userId: string, enableDate: number, lastStep: number): Promise<boolean> {
  const r = await db
    .updateTable('iam_mfa_devices')
    .set({ user_id: userId, enable_date: enableDate, last_step: lastStep })
    .where('serial', '=', serial)
    .where('user_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function deleteUnassigned(db: Db, serial: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_mfa_devices').where('serial', '=', serial).where('user_id', 'is', null).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

const listOfUser = (db: Db, userId: string): Promise<IamMfaDevicesTable[]> =>
  db.selectFrom('iam_mfa_devices').selectAll().where('user_id', '=', userId).orderBy('serial').execute();

function listInAccount(db: Db, accountId: string, assignment: MfaAssignment | undefined): Promise<IamMfaDevicesTable[]> {
  let q = db.selectFrom('iam_mfa_devices').selectAll().where('account_id', '=', accountId);
  if (assignment === 'Assigned') q = q.where('user_id', 'is not', null);
  if (assignment === 'Unassigned') q = q.where('user_id', 'is', null);
  return q.orderBy('serial').execute();
}

async function hasDeviceOf(db: Db, userId: string): Promise<boolean> {
  return (await db.selectFrom('iam_mfa_devices').select('serial').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

export interface MfaDevicesRepo {
  /** By serial (arn:aws:iam::ACCOUNT:mfa/PATH/NAME). */
  get(serial: string): Promise<IamMfaDevicesTable | undefined>;
  /** Inserts; throws the store's unique violation when the serial exists. */
  insert(row: IamMfaDevicesTable): Promise<void>;
  /** Marks `step` used if no later or equal step was used (atomic): true when this call won. */
  claimStep(serial: string, step: number): Promise<boolean>;
  /** Assigns an unassigned device to `userId` (atomic): false when it was assigned already (or is gone). */
  enable(serial: string, userId: string, enableDate: number, lastStep: number): Promise<boolean>;
  /** Unassigns the device (user and enable date cleared). */
  deactivate(serial: string): Promise<void>;
  /** Deletes the device if unassigned: false when it was assigned or gone. */
  deleteUnassigned(serial: string): Promise<boolean>;
  /** The devices assigned to a user (or, with the account id, to the root), by serial. */
  listOfUser(userId: string): Promise<IamMfaDevicesTable[]>;
  /** The account's devices, by serial, filtered by assignment (undefined: all). */
  listInAccount(accountId: string, assignment: MfaAssignment | undefined): Promise<IamMfaDevicesTable[]>;
  /** Whether any device is assigned to the user. */
  hasDeviceOf(userId: string): Promise<boolean>;
  /** Replaces the device's tags (JSON [{Key, Value}]); false when there is no such device. */
  setTags(serial: string, tags: string): Promise<boolean>;
}

export const mfaDevicesRepo = (db: Db): MfaDevicesRepo => ({
  get: (serial) => getMfaDevice(db, serial),
  insert: async (row) => {
    await db.insertInto('iam_mfa_devices').values(row).execute();
  },
  claimStep: (serial, step) => claimStep(db, serial, step),
  enable: (serial, userId, enableDate, lastStep) => enableMfaDevice(db, serial, userId, enableDate, lastStep),
  deactivate: async (serial) => {
    await db.updateTable('iam_mfa_devices').set({ user_id: null, enable_date: null }).where('serial', '=', serial).execute();
  },
  deleteUnassigned: (serial) => deleteUnassigned(db, serial),
  listOfUser: (userId) => listOfUser(db, userId),
  listInAccount: (accountId, assignment) => listInAccount(db, accountId, assignment),
  hasDeviceOf: (userId) => hasDeviceOf(db, userId),
  setTags: async (serial, tags) =>
    Number((await db.updateTable('iam_mfa_devices').set({ tags }).where('serial', '=', serial).executeTakeFirst()).numUpdatedRows) > 0,
});
