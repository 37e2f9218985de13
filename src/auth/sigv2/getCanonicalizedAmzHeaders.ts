/**
 * CanonicalizedAmzHeaders: every x-amz-* header, name lower-cased, values of a repeated name joined by ','
 * (arrival order), whitespace runs and line folding replaced by one space, trimmed; sorted by name; each
 * `name:value\n`.
 */
export function getCanonicalizedAmzHeaders(headers: ReadonlyArray<readonly [string, string]>): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const n = name.toLowerCase();
    if (!n.startsWith('x-amz-')) continue;
    const list = byName.get(n) ?? [];
    list.push(value.replace(/[ \t\r\n]+/g, ' ').trim());
    byName.set(n, list);
  }
  return [...byName.keys()]
    .sort()
    .map((n) => `${n}:${byName.get(n)!.join(',')}\n`)
    .join('');
}
