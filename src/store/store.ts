/**
 * The store handle: the Kysely database plus change notification. Every write that changes what the request
 * path caches (keys, identities, policies) publishes a topic after it commits; caches in this process and,
 * on PostgreSQL, in every other process (LISTEN/NOTIFY) drop what the topic names.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type StoreKind = 'sqlite' | 'postgres';
export type ChangeListener = (topic: string) => void;

export class Store {
  private readonly listeners = new Set<ChangeListener>();
  private stopRemote: (() => Promise<void>) | undefined;

  constructor(
    readonly db: Kysely<Database>,
    readonly kind: StoreKind,
  ) {}

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces a committed change. Call after the transaction that made it. */
  async publish(topic: string): Promise<void> {
    this.emit(topic);
    if (this.kind === 'postgres') await sql`select pg_notify('tessera_changes', ${topic})`.execute(this.db);
  }

  private emit(topic: string) {
    for (const l of this.listeners) l(topic);
  }

  async listenRemote(listen: (onMessage: (payload: string) => void) => Promise<() => Promise<void>>) {
    this.stopRemote = await listen((topic) => this.emit(topic));
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
