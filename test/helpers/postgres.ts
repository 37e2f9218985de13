/**
 * A fresh PostgreSQL database per test file, dropped afterwards. PostgreSQL runs on 127.0.0.1:5432 on these
 * machines (TESSERA_TEST_PG to point elsewhere). Without it the suites say so loudly, and under CI=true
 * they FAIL instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { sdkConfig } from './clients.js';
import { startServer, type TestServer } from './server.js';

const BASE = process.env.TESSERA_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database (a refused connection fails at once; a slow one, on a loaded machine, is waited for). */
export async function createTestDatabase(): Promise<TestDatabase | { unavailable: string }> {
  const admin = new pg.Client({ connectionString: `${BASE}/postgres`, connectionTimeoutMillis: 20_000 });
  try {
    await admin.connect();
  } catch (e) {
    const why = `PostgreSQL is not reachable at ${BASE}: ${(e as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${why} (CI=true: the PostgreSQL suites must run)`);
    console.warn(`\n!!!!! ${why}\n!!!!! THE POSTGRESQL SUITES ARE SKIPPED ON THIS MACHINE\n`);
    return { unavailable: why };
  }
  const name = `tessera_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${BASE}/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: `${BASE}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A Tessera server on a fresh PostgreSQL database, with a path-style S3 client for it. */
export interface S3OnPostgres {
  db: TestDatabase | { unavailable: string };
  server: TestServer;
  s3: S3Client;
}

/** Without PostgreSQL (never under CI=true: createTestDatabase throws) only `db` is set and the tests skip. */
export async function startS3OnPostgres(): Promise<S3OnPostgres> {
  const db = await createTestDatabase();
  if ('unavailable' in db) return { db } as S3OnPostgres;
  const server = await startServer({ database: db.url });
  return { db, server, s3: new S3Client({ ...sdkConfig(server), forcePathStyle: true }) };
}

export async function stopS3OnPostgres(e: Partial<S3OnPostgres>): Promise<void> {
  e.s3?.destroy();
  await e.server?.stop();
  if (e.db && !('unavailable' in e.db)) await e.db.drop();
}
