/**
 * CORS on the request path: the headers an actual request's Origin earns from its bucket's rules, and the
 * console's origin, which never earns any (SECURITY.md, console origin separation: whatever a bucket's rules
 * say, no page on the console's origin may read S3's answers with the browser's help).
 */
import type { ConsoleSite } from '../../server/deps.js';
import type { Store } from '../../store/store.js';
import { corsHeaders, matchActual, storedRules } from './cors.js';
import { findBucket } from './resources.js';

/** Is `origin` the console's (its configured URL, its own address, or any host on the console's port)? */
export function isConsoleOrigin(site: ConsoleSite | undefined, origin: string): boolean {
  if (!site) return false;
  if (origin === site.origin || origin === site.configuredOrigin) return true;
  try {
    const u = new URL(origin);
    const port = u.port !== '' ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    return port === site.port;
  } catch {
    return false;
  }
}

/**
 * The CORS headers of an actual (non-preflight) request: when it names a bucket whose rules allow its
 * Origin and method. Read before authentication (errors carry them too) through the bucket cache.
 */
export async function actualRequestCorsHeaders(
  store: Store,
  site: ConsoleSite | undefined,
  bucket: string | undefined,
  origin: string | undefined,
  method: string,
): Promise<Record<string, string> | undefined> {
  if (bucket === undefined || origin === undefined || origin === '' || isConsoleOrigin(site, origin)) return undefined;
  const rules = storedRules((await findBucket(store, bucket))?.cors);
  const rule = rules && matchActual(rules, origin, method);
  return rule ? corsHeaders(rule, origin) : undefined;
}
