/**
 * Versioned migrations, applied in name order at start-up by Kysely's Migrator (which takes a lock, so two
 * servers starting on one PostgreSQL database do not race). Add a file NNNN_name.ts and list it here;
 * never edit a migration that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.js';

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
