/**
 * Opens the store: embedded SQLite (the default, a file in the data directory, or in memory for tests) or
 * PostgreSQL (a postgres:// URL). Both run the same migrations and the same queries through Kysely, and pass
 * the same conformance suite (store/conformance.test.ts).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { startPgListener } from './pgListener.js';
import { DEFAULT_CACHE_TTL_MS, Store, type RemoteListen, type StoreKind } from './store.js';

export interface StoreOptions {
  /** postgres://... selects PostgreSQL. */
  databaseUrl?: string | undefined;
  /** Directory for the embedded SQLite file. */
  dataDir?: string | undefined;
  /** Nothing on disk: an in-memory SQLite database. */
  memory?: boolean | undefined;
  /** The longest a request-path cache serves an entry without reading it again (default 5 s). */
  cacheTtlMs?: number | undefined;
  /** TEST ONLY: do not LISTEN for other processes' changes (PostgreSQL), leaving the TTL alone. */
  unsafeIgnoreNotifications?: boolean | undefined;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let kind: StoreKind;
  let pgListen: RemoteListen | undefined;
  let sqliteFile: string | undefined;
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pg = (await import('pg')).default;
    pg.types.setTypeParser(20, (v: string) => Number(v)); // bigint columns hold epoch ms: safe as numbers
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client losing its connection (a database restart) must not bring the server down; the pool
    // replaces it on the next query.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
    const url = opts.databaseUrl;
    pgListen = (onMessage, onReset) => startPgListener(pg, url, onMessage, onReset, { ignoreNotifications: opts.unsafeIgnoreNotifications === true });
  } else if (opts.databaseUrl) {
    throw new Error(`unsupported database URL (expected postgres://...): ${opts.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  } else {
    const SQLite = (await import('better-sqlite3')).default;
    let file = ':memory:';
    if (!opts.memory) {
      const dir = opts.dataDir ?? '.tessera';
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      file = join(dir, 'tessera.db');
      // Owner-only: created 0600 before SQLite opens it (SQLite gives -wal and -shm the database's mode), and
      // tightened on databases made by older versions.
      closeSync(openSync(file, 'a', 0o600));
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    }
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL'); // a commit returns only once it is on disk
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('secure_delete = ON'); // deleted rows (old secrets, replaced hashes) are zeroed, not left in free pages
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    kind = 'sqlite';
    if (file !== ':memory:') sqliteFile = file;
  }
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  const store = new Store(db, kind, opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, sqliteFile, kind === 'postgres' ? opts.databaseUrl : undefined);
  if (pgListen) await store.listenRemote(pgListen);
  return store;
}

/** How many prepared SQLite statements are kept (the product issues a few hundred distinct ones). */
const STATEMENT_CACHE_SIZE = 512;

/**
 * SQLite compiles each statement once: the query builder hands the driver the same SQL text for the same
 * query shape, so a statement is prepared on first use and reused. Kysely runs one query at a time on the
 * embedded connection, so a cached statement is never in use twice at once.
 *
 * Transactions begin IMMEDIATE (taking the write lock at once, waiting for it if another connection holds
 * it: the audit writer thread, `tessera apply`): a deferred one that read first could find, when it comes to
 * write, that another connection committed since, and fail (SQLITE_BUSY_SNAPSHOT) instead of waiting.
 */
function withStatementCache(sqlite: import('better-sqlite3').Database): SqliteDatabase {
  const statements = new Map<string, import('better-sqlite3').Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text === 'begin' ? 'begin immediate' : text);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(text, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}
