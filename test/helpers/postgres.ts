/**
 * A fresh PostgreSQL database per test file, dropped afterwards. PostgreSQL runs on 127.0.0.1:5432 on these
 * machines (TESSERA_TEST_PG to point elsewhere). Without it the suites say so loudly, and under CI=true
 * they FAIL instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const BASE = process.env.TESSERA_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase | { unavailable: string }> {
  const admin = new pg.Client({ connectionString: `${BASE}/postgres`, connectionTimeoutMillis: 3000 });
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
