import { percentDecode } from './percentDecode.js';

/** Decodes a raw query string into [name, value] pairs, in order ('+' is literal, as in SigV4). */
export function parseQuery(rawQuery: string): [string, string][] {
  const out: [string, string][] = [];
  if (rawQuery === '') return out;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq)).toString('utf8');
    const value = eq < 0 ? '' : percentDecode(part.slice(eq + 1)).toString('utf8');
    out.push([name, value]);
  }
  return out;
}

/** The first value of a query parameter (exact, case-sensitive name). */
export function getQueryParam(pairs: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  for (const [n, v] of pairs) if (n === name) return v;
  return undefined;
}
