/**
 * The store handle: the Kysely database plus change notification. Every write that changes what the request
 * path caches (keys, identities, policies) publishes a topic after it commits; caches in this process and,
 * on PostgreSQL, in every other process (LISTEN/NOTIFY) drop what the topic names.
 *
 * Notifications are an accelerator, not the guarantee: they can be lost (the listening connection dropped,
 * the database restarted). So every cache also bounds the age of its entries by `cacheTtlMs` (TtlMap), and
 * whenever the listener (re)connects every cache is dropped (topic `ALL_TOPICS`): what changed while nobody
 * was listening is read again.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { reposOver, type Repos } from './repos/index.js';
import { TtlMap } from './ttlMap.js';

export type StoreKind = 'sqlite' | 'postgres';
export type ChangeListener = (topic: string) => void;

/** The topic that tells every cache to drop everything. */
export const ALL_TOPICS = '*';

/** How long a cached entry may be served without being read again, by default. */
export const DEFAULT_CACHE_TTL_MS = 5_000;

/** Starts listening for other processes' topics; `onReset` when notifications may have been missed. */
export type RemoteListen = (onMessage: (topic: string) => void, onReset: () => void) => Promise<() => Promise<void>>;

export class Store {
  private readonly listeners = new Set<ChangeListener>();
  private stopRemote: (() => Promise<void>) | undefined;
  /** Every query the services make, by aggregate (store/repos/index.ts). */
  readonly repos: Repos;

  constructor(
    /** The query builder: for src/store only (the house test test/house/store-interface.test.ts keeps it so). */
    readonly db: Kysely<Database>,
    readonly kind: StoreKind,
    /** The longest any request-path cache serves an entry without reading it again. */
    readonly cacheTtlMs: number = DEFAULT_CACHE_TTL_MS,
    /** The SQLite database's file (none in memory or on PostgreSQL): the audit writer thread opens it too. */
    readonly sqliteFile?: string,
    /** The PostgreSQL database's URL (none on SQLite): the audit writer thread connects to it too. */
    readonly databaseUrl?: string,
  ) {
    this.repos = reposOver(db);
  }

  /** Runs `work` in one transaction: every write through `repos` commits together, or none does. */
  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(reposOver(trx)));
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A cache of store content that obeys the store's TTL and drops everything on `ALL_TOPICS`. */
  cache<K, V>(maxEntries: number): TtlMap<K, V> {
    return new TtlMap<K, V>(this.cacheTtlMs, maxEntries);
  }

  /** Announces a committed change. Call after the transaction that made it. */
  async publish(topic: string): Promise<void> {
    this.emit(topic);
    if (this.kind === 'postgres') await sql`select pg_notify('tessera_changes', ${topic})`.execute(this.db);
  }

  private emit(topic: string) {
    for (const l of this.listeners) l(topic);
  }

  async listenRemote(listen: RemoteListen) {
    this.stopRemote = await listen(
      (topic) => this.emit(topic),
      () => this.emit(ALL_TOPICS),
    );
  }

  /** Readiness: one trivial query, answered within `timeoutMs`, else false. */
  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const query = sql`select 1 as ok`.execute(this.db).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.stopRemote?.();
    await this.db.destroy();
  }
}
