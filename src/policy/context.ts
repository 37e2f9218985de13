// Request contexts: condition-key lookups are case-insensitive, so keys are lower-cased once here.
import type { RequestContext } from './types.js';

type ContextRecord = Readonly<Record<string, string | readonly string[]>>;

function addAll(m: Map<string, readonly string[]>, record: ContextRecord) {
  for (const k in record) {
    const v = record[k];
    if (v === undefined) continue;
    m.set(k.toLowerCase(), typeof v === 'string' ? [v] : [...v]);
  }
}

/**
 * Builds a RequestContext from records; a string is a single-valued key, an array a multi-valued one. Of
 * several records, a later one's key wins over an earlier one's (keys compare case-insensitively).
 */
export function createContext(...records: ContextRecord[]): RequestContext {
  const m = new Map<string, readonly string[]>();
  for (const r of records) addAll(m, r);
  return m;
}

/**
 * A context built on its first read: a decision whose policies test no condition (a root caller's, an Allow
 * without conditions) never lower-cases the request's keys. The records are the request's own, complete
 * when handed over (they are not changed afterwards).
 */
class DeferredContext implements RequestContext {
  private built: RequestContext | undefined;
  constructor(private readonly records: readonly ContextRecord[]) {}
  private get map(): RequestContext {
    return (this.built ??= createContext(...this.records));
  }
  get(key: string): readonly string[] | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  get size(): number {
    return this.map.size;
  }
  forEach(fn: (value: readonly string[], key: string, map: ReadonlyMap<string, readonly string[]>) => void): void {
    this.map.forEach((v, k) => fn(v, k, this));
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map[Symbol.iterator]();
  }
}

/** createContext, built on first read (see DeferredContext). */
export const deferredContext = (...records: ContextRecord[]): RequestContext => new DeferredContext(records);

/**
 * Two contexts read as one: `top`'s key wins over `base`'s. Copies nothing (a request's base context is
 * read by every check of the request; each check only adds its few keys on top).
 */
class LayeredContext implements RequestContext {
  constructor(
    private readonly top: RequestContext,
    private readonly base: RequestContext,
  ) {}
  get(key: string): readonly string[] | undefined {
    return this.top.get(key) ?? this.base.get(key);
  }
  has(key: string): boolean {
    return this.top.has(key) || this.base.has(key);
  }
  private merged(): Map<string, readonly string[]> {
    const m = new Map(this.base);
    for (const [k, v] of this.top) m.set(k, v);
    return m;
  }
  get size(): number {
    return this.merged().size;
  }
  forEach(fn: (value: readonly string[], key: string, map: ReadonlyMap<string, readonly string[]>) => void): void {
    this.merged().forEach((v, k) => fn(v, k, this));
  }
  entries() {
    return this.merged().entries();
  }
  keys() {
    return this.merged().keys();
  }
  values() {
    return this.merged().values();
  }
  [Symbol.iterator]() {
    return this.merged()[Symbol.iterator]();
  }
}

/** `base` with `record`'s keys added (winning on the same key); `base` itself is unchanged and not copied. */
export function extendContext(base: RequestContext, record: ContextRecord | undefined): RequestContext {
  if (!record) return base;
  return new LayeredContext(new DeferredContext([record]), base);
}

export function toContext(c: RequestContext | Readonly<Record<string, string | readonly string[]>>): RequestContext {
  return c instanceof Map || c instanceof LayeredContext || c instanceof DeferredContext ? (c as RequestContext) : createContext(c as Readonly<Record<string, string | readonly string[]>>);
}
