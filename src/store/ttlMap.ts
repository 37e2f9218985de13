/**
 * The map behind every request-path cache of what the store holds (access keys, IAM identities and
 * policies, roles): entries live at most `ttlMs` (a monotonic clock), so a change whose notification was
 * lost is seen within that time on every server. A hit costs one clock read and one comparison.
 *
 * Loads that read the store and then `set` should capture `generation` before reading: a `delete` or
 * `clear` in between (a change was announced meanwhile) makes the late `set` a no-op, so a value read
 * before a change cannot be cached after it. `ttlMs` 0 caches nothing.
 */
export class TtlMap<K, V> {
  private readonly map = new Map<K, { value: V; until: number }>();
  private gen = 0;

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** Changes whenever an entry is dropped; pass it back to `set` after an asynchronous load. */
  get generation(): number {
    return this.gen;
  }

  get(key: K): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    if (performance.now() < e.until) return e.value;
    this.map.delete(key);
    return undefined;
  }

  set(key: K, value: V, generation = this.gen): void {
    if (generation !== this.gen || this.ttlMs <= 0) return;
    if (this.map.size >= this.maxEntries && !this.map.has(key)) this.map.clear();
    this.map.set(key, { value, until: performance.now() + this.ttlMs });
  }

  delete(key: K): void {
    this.gen++;
    this.map.delete(key);
  }

  /** Drops every entry whose key satisfies `drop`. */
  deleteWhere(drop: (key: K) => boolean): void {
    this.gen++;
    for (const k of this.map.keys()) if (drop(k)) this.map.delete(k);
  }

  clear(): void {
    this.gen++;
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
