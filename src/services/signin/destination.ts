/**
 * Where a login may send the browser. Never an open redirect: the Destination must be Tessera's own console
 * (same origin as the request, path under /_console/), or AWS's console URL, which maps to the console home.
 * The Issuer (where the browser goes when the session ends) must be an http(s) URL; a bare host name such as
 * "example.org" (as AWS's own example passes) is read as https://example.org/.
 */
export const CONSOLE_HOME = '/_console/';

const AWS_CONSOLE = /^https:\/\/([a-z0-9-]+\.)?console\.aws\.amazon\.com(\/|$)/i;

/** The path (with query) to redirect to, or undefined when the Destination is not our console. */
export function consoleDestination(destination: string | null, origin: string): string | undefined {
  if (destination === null || destination === '') return CONSOLE_HOME;
  if (AWS_CONSOLE.test(destination)) return CONSOLE_HOME;
  let u: URL;
  try {
    u = new URL(destination, origin + '/');
  } catch {
    return undefined;
  }
  if (u.origin !== new URL(origin).origin) return undefined;
  if (u.username || u.password) return undefined;
  // Resolve dot segments first (URL does), then require the console prefix; no backslashes or encoded slashes.
  if (!u.pathname.startsWith(CONSOLE_HOME) || /%2f|%5c|\\/i.test(u.pathname)) return undefined;
  if (u.pathname.startsWith('/_console/api/')) return undefined;
  return u.pathname + u.search;
}

/** The Issuer as an absolute http(s) URL, or undefined when it is not one. */
export function issuerUrl(issuer: string | null): string | undefined {
  if (issuer === null) return undefined;
  const text = issuer.trim();
  if (text === '' || text.length > 2048) return undefined;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : /^[a-z0-9.-]+(:\d+)?(\/.*)?$/i.test(text) ? `https://${text}` : undefined;
  if (!candidate) return undefined;
  try {
    const u = new URL(candidate);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    if (u.username || u.password || !u.hostname) return undefined;
    return u.href;
  } catch {
    return undefined;
  }
}
