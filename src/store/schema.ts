/**
 * The tables, as Kysely sees them. One schema for every backend (SQLite and PostgreSQL): portable column
 * types only (text, integer, bigint), times as epoch milliseconds, secrets as key-ring ciphertext text.
 */
import type { Generated } from 'kysely';
import type { IamTables } from './schema-iam.js';
import type { IamMoreTables } from './schema-iam-more.js';
import type { S3Tables } from './schema-s3.js';
import type { FederationTables } from './schema-federation.js';
import type { SigninTables } from './schema-signin.js';
import type { AuditTables } from './schema-audit.js';
import type { SsoTables } from './schema-sso.js';

export interface AccountsTable {
  id: string;
  name: string;
  created_at: number;
}

/** Long-term access keys: the account root's and IAM users'. The secret is sealed with the key ring. */
export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  principal_type: 'root' | 'user';
  user_id: string | null;
  user_name: string | null;
  secret_cipher: string;
  status: 'Active' | 'Inactive';
  created_at: number;
  last_used_at: number | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

/** Data keys of the key ring, each wrapped (AES-256-GCM) under the master key. */
export interface KeyringTable {
  id: string;
  created_at: number;
  wrapped: string;
}

/** Small named values (e.g. whether the root keys of the default account were generated). */
export interface SettingsTable {
  name: string;
  value: string;
}

/**
 * Failed authentication attempts per key (auth/throttle.ts). `failures` counts the attempts since the key was
 * last cleared or forgotten; `last_failure_at` is the latest one (epoch ms); `attempt` is the random id of
 * the attempt that last got through (how an attempt learns it was not refused).
 */
export interface AuthThrottlesTable {
  key: string;
  failures: number;
  last_failure_at: number;
  attempt: string;
}

export interface Database extends IamTables, IamMoreTables, S3Tables, FederationTables, SigninTables, AuditTables, SsoTables {
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
  keyring: KeyringTable;
  settings: SettingsTable;
  auth_throttles: AuthThrottlesTable;
}

export type { Generated };
