/**
 * The console API's request guards, on top of its own origin (site.ts) and the SameSite=Lax cookie:
 *
 *  - Origin: a request whose `Origin` is present and is not the console's own origin is refused, and so is
 *    one whose `Sec-Fetch-Site` is present and not `same-origin` (a page on the API origin is same-site with
 *    the console when only the port differs; browsers send both headers on fetch and form POSTs).
 *  - The anti-CSRF token: every call made within a session carries `x-tessera-csrf`, an HMAC of the session id
 *    under the session's own secret access key (derived from its sealed row, so every process sharing the
 *    store computes the same token; nobody without the session's secret can). index.html carries it.
 *  - The sign-in call (no session yet) needs the custom header `x-tessera-console: 1`, which no cross-origin
 *    page can send without a CORS preflight, and none is ever granted.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../auth/sigv4/safeEqual.js';
import { header, type Exchange } from '../server/exchange.js';
import type { ConsoleSession } from '../services/signin/api.js';

export const CSRF_HEADER = 'x-tessera-csrf';
const CSRF_CONTEXT = 'tessera:console-csrf:v1\n';

/** The session's anti-CSRF token (43 base64url characters). */
export function csrfToken(s: ConsoleSession): string {
  return createHmac('sha256', s.credentials.secretAccessKey).update(CSRF_CONTEXT + s.row.id).digest('base64url');
}

/** True when the request carries the session's token (compared in constant time). */
export function hasCsrfToken(ex: Exchange, s: ConsoleSession): boolean {
  const given = header(ex, CSRF_HEADER);
  return given !== undefined && given.length <= 128 && safeEqual(csrfToken(s), given);
}

/**
 * Why a request for a console page must not be answered, or undefined: a cross-origin fetch (not a
 * navigation) of index.html, which carries the token. Navigations from anywhere are fine (links, redirects).
 */
export function foreignPageFetch(ex: Exchange): string | undefined {
  const site = header(ex, 'sec-fetch-site');
  const mode = header(ex, 'sec-fetch-mode');
  if (site === undefined || site === 'same-origin' || site === 'none' || mode === undefined || mode === 'navigate') return undefined;
  return `a ${site} ${mode} request for a console page`;
}

/** Why a request is not from the console's own pages (by Origin / Sec-Fetch-Site), or undefined. */
export function foreignRequest(ex: Exchange, ownOrigin: string): string | undefined {
  const origin = header(ex, 'origin');
  if (origin !== undefined && origin !== ownOrigin) return 'the request comes from another origin than the console';
  const site = header(ex, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return `the request is ${site}, not same-origin`;
  return undefined;
}
