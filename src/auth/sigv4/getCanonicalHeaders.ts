/** Trims a header value and folds every run of whitespace (including obsolete line folding) to one space. */
export const canonicalHeaderValue = (v: string): string => v.replace(/[ \t\r\n]+/g, ' ').trim();

/**
 * The canonical headers block: for each signed header name (lower case, sorted), `name:value\n`, where the
 * values of repeated headers are joined with ',' in arrival order. A signed header that is absent yields
 * `name:` (the signature will then fail unless the client signed it so).
 */
export function getCanonicalHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  signedHeaders: readonly string[],
): string {
  const wanted = new Map<string, string[]>();
  for (const name of signedHeaders) wanted.set(name.toLowerCase(), []);
  for (const [name, value] of headers) {
    const list = wanted.get(name.toLowerCase());
    if (list) list.push(canonicalHeaderValue(value));
  }
  const names = [...wanted.keys()].sort();
  return names.map((n) => `${n}:${wanted.get(n)!.join(',')}\n`).join('');
}
