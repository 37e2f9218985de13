import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Where a compiled query's parameter comes from: the call's argument `arg`, or a value the query fixed. */
type Slot = { arg: number } | { value: unknown };

interface Template {
  sql: string;
  slots: Slot[];
}

/**
 * A query of the hot path (GetObject's version read), built and compiled once per dialect: the query builder
 * otherwise builds and compiles a tree on every call where only the parameters change. `build` is called once
 * with a placeholder for each argument, which it must use as a bound value only (a `where` operand, never SQL
 * text); every call then hands the driver the same SQL text with its own arguments in their places (SQLite
 * reuses its prepared statement, store/open.ts). Both dialects (SQLite, PostgreSQL) compile their own text.
 */
export function precompiled<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  // Keyed by the dialect's adapter: a transaction's Kysely shares it with the store's own.
  const templates = new WeakMap<object, Template>();
  const templateFor = (db: Kysely<Database>, arity: number): Template => {
    const adapter = db.getExecutor().adapter;
    let t = templates.get(adapter);
    if (t === undefined) {
      const placeholders = Array.from({ length: arity }, (_, i) => `\u0000precompiled-arg-${i}\u0000`);
      const q = build(db, ...(placeholders as A)).compile();
      const slots = q.parameters.map((p): Slot => {
        const i = placeholders.indexOf(p as string);
        return i >= 0 ? { arg: i } : { value: p };
      });
      if (placeholders.some((p, i) => q.sql.includes(p) || !slots.some((s) => 'arg' in s && s.arg === i))) {
        throw new Error(`precompiled query: each argument must be a bound value (${q.sql})`);
      }
      t = { sql: q.sql, slots };
      templates.set(adapter, t);
    }
    return t;
  };
  /** The rows the query answers for these arguments. */
  return async (db: Kysely<Database>, ...args: A): Promise<R[]> => {
    const t = templateFor(db, args.length);
    const params = t.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return (await db.executeQuery<R>(CompiledQuery.raw(t.sql, params))).rows;
  };
}
