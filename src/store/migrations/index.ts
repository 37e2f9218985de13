/**
 * Versioned migrations, applied in name order at start-up by Kysely's Migrator (which takes a lock, so two
 * servers starting on one PostgreSQL database do not race). Add a file NNNN_name.ts and list it here;
 * never edit a migration that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_iam.js';
import * as m0003 from './0003_s3.js';
import * as m0004 from './0004_federation.js';
import * as m0005 from './0005_signin.js';
import * as m0006 from './0006_throttles.js';
import * as m0008 from './0008_iam_more.js';
import * as m0009 from './0009_iam_usage.js';
import * as m0010 from './0010_s3_versions.js';
import * as m0011 from './0011_s3_sse.js';
import * as m0013 from './0013_s3_checksum_type.js';
import * as m0014 from './0014_s3_cors.js';
import * as m0015 from './0015_s3_acl.js';
import * as m0016 from './0016_s3_lock_lifecycle.js';
import * as m0019 from './0019_audit.js';
import * as m0021 from './0021_sso.js';
import * as m0022 from './0022_trail_delivery.js';
import * as m0023 from './0023_audit_index_entries.js';
import * as m0026 from './0026_s3_completed_uploads.js';
import * as m0027 from './0027_s3_versions_listed.js';

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_iam': m0002,
  '0003_s3': m0003,
  '0004_federation': m0004,
  '0005_signin': m0005,
  '0006_throttles': m0006,
  '0008_iam_more': m0008,
  '0009_iam_usage': m0009,
  '0010_s3_versions': m0010,
  '0011_s3_sse': m0011,
  '0013_s3_checksum_type': m0013,
  '0014_s3_cors': m0014,
  '0015_s3_acl': m0015,
  '0016_s3_lock_lifecycle': m0016,
  '0019_audit': m0019,
  '0021_sso': m0021,
  '0022_trail_delivery': m0022,
  '0023_audit_index_entries': m0023,
  '0026_s3_completed_uploads': m0026,
  '0027_s3_versions_listed': m0027,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
