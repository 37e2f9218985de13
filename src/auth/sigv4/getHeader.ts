type Headers = ReadonlyArray<readonly [string, string]>;

/** Per request, once: lower-cased name → first value. Requests are short-lived, so a WeakMap holds it. */
const indexes = new WeakMap<Headers, Map<string, string>>();

function indexOf(headers: Headers): Map<string, string> {
  let m = indexes.get(headers);
  if (!m) {
    m = new Map();
    for (const [n, v] of headers) {
      const k = n.toLowerCase();
      if (!m.has(k)) m.set(k, v);
    }
    indexes.set(headers, m);
  }
  return m;
}

/** The first value of a header (case-insensitive name), or undefined. */
export function getHeader(headers: Headers, name: string): string | undefined {
  return indexOf(headers).get(name.toLowerCase());
}
