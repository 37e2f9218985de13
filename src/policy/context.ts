// Request contexts: condition-key lookups are case-insensitive, so keys are lower-cased once here.
import type { RequestContext } from './types.js';

/** Builds a RequestContext from a record; a string is a single-valued key, an array a multi-valued one. */
export function createContext(record: Readonly<Record<string, string | readonly string[]>>): RequestContext {
  const m = new Map<string, readonly string[]>();
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v === undefined) continue;
    m.set(k.toLowerCase(), typeof v === 'string' ? [v] : [...v]);
  }
  return m;
}

export function toContext(c: RequestContext | Readonly<Record<string, string | readonly string[]>>): RequestContext {
  return c instanceof Map ? (c as RequestContext) : createContext(c as Readonly<Record<string, string | readonly string[]>>);
}
