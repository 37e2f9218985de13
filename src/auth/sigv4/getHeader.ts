type Headers = ReadonlyArray<readonly [string, string]>;

/**
 * Per request, once: lower-cased name → first value, and the names that came more than once. Requests are
 * short-lived, so a WeakMap holds it.
 */
interface HeaderIndex {
  first: Map<string, string>;
  repeated: Set<string> | undefined;
}
const indexes = new WeakMap<Headers, HeaderIndex>();

/** The last request's index: its stages ask for one header after another. */
let lastHeaders: Headers | undefined;
let lastIndex: HeaderIndex | undefined;

function indexOf(headers: Headers): HeaderIndex {
  if (headers === lastHeaders) return lastIndex!;
  let ix = indexes.get(headers);
  if (!ix) {
    ix = { first: new Map(), repeated: undefined };
    for (const [n, v] of headers) {
      const k = n.toLowerCase();
      if (!ix.first.has(k)) ix.first.set(k, v);
      else (ix.repeated ??= new Set()).add(k);
    }
    indexes.set(headers, ix);
  }
  lastHeaders = headers;
  lastIndex = ix;
  return ix;
}

/** The first of `names` (lower case) that the request sent more than once, or undefined. */
export function repeatedHeader(headers: Headers, names: readonly string[]): string | undefined {
  const repeated = indexOf(headers).repeated;
  return repeated ? names.find((n) => repeated.has(n)) : undefined;
}

/** The first value of a header (case-insensitive name), or undefined. */
export function getHeader(headers: Headers, name: string): string | undefined {
  return indexOf(headers).first.get(name.toLowerCase());
}
