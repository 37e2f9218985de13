/**
 * The console's own site. The console listens on a port of its own, so it is never same-origin with any S3
 * response (objects are served with their stored Content-Type: an uploaded HTML page runs on the API origin).
 *
 *  - The console listener serves only /_console/*, /_signin/federation and /_health; anything else is 404.
 *  - The API listener serves no console page: /_console/* there is a 302 to the same path on the console.
 *  - The console backend sends its re-signed calls to the API listener (never to its own socket).
 *
 * Origins. The console's: --console-url when given, else the host name the browser used with the console's
 * port (or the console's own address when it alone is bound to one specific address). The API's (for the
 * presigned download URLs the console hands out): TESSERA_PUBLIC_URL when set, else the same rule.
 */
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { ConsoleSite, Deps } from '../server/deps.js';
import { header, type Exchange } from '../server/exchange.js';
import type { ReservedHandler } from '../server/exchange.js';
import { redirect, sendText } from '../services/signin/api.js';
import { loopbackOf, type Loopback } from './proxy.js';

export type { ConsoleSite };

const WILDCARD = new Set(['0.0.0.0', '::', '']);
const hostPart = (address: string) => (address.includes(':') ? `[${address}]` : address);

export function consoleSite(deps: Deps, apiAddr: AddressInfo, consoleAddr: AddressInfo): ConsoleSite {
  // On different addresses, the Host the browser used for one listener need not reach the other: a listener
  // bound to one specific address is then reached at that address.
  const differ = consoleAddr.address !== apiAddr.address;
  const fixed = (a: AddressInfo) => (differ && !WILDCARD.has(a.address) ? `http://${hostPart(a.address)}:${a.port}` : undefined);
  const publicApi = process.env.TESSERA_PUBLIC_URL?.trim();
  let apiOrigin: string | undefined;
  try {
    apiOrigin = publicApi ? new URL(publicApi).origin : undefined;
  } catch {
    apiOrigin = undefined;
  }
  return {
    port: consoleAddr.port,
    origin: deps.config.consoleUrl ?? fixed(consoleAddr),
    configuredOrigin: deps.config.consoleUrl,
    api: loopbackOf({ localAddress: apiAddr.address, localPort: apiAddr.port }),
    apiOrigin: apiOrigin ?? fixed(apiAddr),
  };
}

/** The host name (no port) of the request's Host header, when it is a plain name or address. */
function hostnameOf(ex: Exchange): string | undefined {
  const host = header(ex, 'host');
  if (!host || host.length > 255) return undefined;
  try {
    const u = new URL(`http://${host}/`);
    return u.username || u.password || u.pathname !== '/' ? undefined : u.hostname;
  } catch {
    return undefined;
  }
}

function sameHostWithPort(ex: Exchange, port: number, fallback: Loopback): string {
  const scheme = ex.secure ? 'https' : 'http';
  return `${scheme}://${hostnameOf(ex) ?? hostPart(fallback.hostname)}:${port}`;
}

/** Where the browser reaches the console (for redirects from the API origin). */
export function consoleOrigin(site: ConsoleSite, ex: Exchange): string {
  return site.origin ?? sameHostWithPort(ex, site.port, site.api);
}

/** Where the browser reaches the API / S3 (for the console's presigned download URLs). */
export function apiOrigin(site: ConsoleSite, ex: Exchange): string {
  return site.apiOrigin ?? sameHostWithPort(ex, site.api.port, site.api);
}

/** The console origin as seen by a request ON the console listener: what its Origin header must be. */
export function ownOrigin(site: ConsoleSite | undefined, ex: Exchange): string {
  return site?.configuredOrigin ?? `${ex.secure ? 'https' : 'http'}://${header(ex, 'host') ?? ''}`;
}

const CONSOLE_PATHS = new Set(['/_health', '/_signin/federation', '/_console']);

/** The paths the console listener serves: the console, the federation endpoint and /_health; nothing else. */
export const onConsoleSite = (path: string): boolean => CONSOLE_PATHS.has(path) || path.startsWith('/_console/');

export const notOnConsoleSite: ReservedHandler = (_deps, req, res, ex) => {
  ex.operation = 'NotFound';
  req.resume();
  sendText(res, ex, 404, 'Not found: the console site serves only /_console/ (S3, IAM and STS are on the API endpoint).');
};

/** A 302 from the API origin to the same path and query on the console origin (or 404: console off). */
export function toConsoleSite(deps: Deps, res: ServerResponse, ex: Exchange, pathAndQuery: string) {
  const site = deps.consoleSite;
  if (!site) return sendText(res, ex, 404, 'The web console is disabled on this server (--console-port off).');
  redirect(res, ex, consoleOrigin(site, ex) + pathAndQuery);
}
