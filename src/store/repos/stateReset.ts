/**
 * The test-suite reset (POST /_admin/reset): every row a test can have made is deleted in one transaction,
 * except the key ring, the settings, the default account and its root keys. The state file the server
 * started with is then applied again by the caller.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** Tables emptied whole, children before parents. */
const EMPTIED = [
  'iam_group_members',
  'iam_inline_policies',
  'iam_attachments',
  'iam_policy_versions',
  'iam_policies',
  'iam_login_profiles',
  'iam_password_policies',
  'iam_mfa_devices',
  'iam_saml_providers',
  'iam_oidc_providers',
  'iam_account_aliases',
  'iam_instance_profiles',
  'iam_server_certificates',
  'iam_user_credentials',
  'iam_deletion_tasks',
  'iam_sts_preferences',
  'iam_service_access',
  'iam_reports',
  'iam_entities',
  's3_completed_uploads',
  's3_parts',
  's3_uploads',
  's3_versions',
  's3_objects',
  's3_buckets',
  'federation_replay',
  'signin_used_tokens',
  'signin_console_sessions',
  'sso_assignments',
  'sso_group_members',
  'sso_groups',
  'sso_users',
  'sso_permission_sets',
  'sso_tokens',
  'sso_device_auths',
  'sso_clients',
  'auth_throttles',
  'audit_lookup',
  'audit_events',
  'audit_trails',
] as const;

/** Deletes everything but the key ring, the settings, `keepAccountId` and its root keys; returns the blob ids the deleted objects and parts named. */
async function wipeAllBut(db: Db, keepAccountId: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const blobIds: string[] = [];
    for (const r of await trx.selectFrom('s3_objects').select('blobs').execute()) for (const b of JSON.parse(r.blobs) as Array<{ id: string }>) blobIds.push(b.id);
    for (const r of await trx.selectFrom('s3_versions').select('blobs').execute()) for (const b of JSON.parse(r.blobs) as Array<{ id: string }>) blobIds.push(b.id);
    for (const p of await trx.selectFrom('s3_parts').select('blob_id').execute()) blobIds.push(p.blob_id);
    for (const table of EMPTIED) await trx.deleteFrom(table).execute();
    await trx
      .deleteFrom('access_keys')
      .where((eb) => eb.or([eb('account_id', '!=', keepAccountId), eb('principal_type', '!=', 'root')]))
      .execute();
    await trx.deleteFrom('accounts').where('id', '!=', keepAccountId).execute();
    return blobIds;
  });
}

export interface StateResetRepo {
  /** Deletes every row but the key ring, the settings, the account `keepAccountId` and its root keys (one transaction); returns the blob ids of the deleted objects and parts. */
  wipeAllBut(keepAccountId: string): Promise<string[]>;
}

export const stateResetRepo = (db: Db): StateResetRepo => ({
  wipeAllBut: (keep) => wipeAllBut(db, keep),
});
