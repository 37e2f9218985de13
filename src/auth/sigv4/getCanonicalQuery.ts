import { percentDecode } from './percentDecode.js';
import { uriEncode } from './uriEncode.js';

/**
 * The canonical query string: every parameter decoded then re-encoded per RFC 3986 ('+' is literal, a
 * parameter without '=' has an empty value), sorted by encoded name then encoded value (byte order), joined
 * with '&'. Parameters whose (decoded) names are in `exclude` are left out.
 */
export function getCanonicalQuery(rawQuery: string, exclude: ReadonlySet<string> = new Set()): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const nameBytes = percentDecode(rawName);
    if (exclude.size > 0 && exclude.has(nameBytes.toString('utf8'))) continue;
    pairs.push([uriEncode(nameBytes), uriEncode(percentDecode(rawValue))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}
