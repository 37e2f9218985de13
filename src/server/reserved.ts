/**
 * Tessera's own paths, all under /_ (S3 bucket names cannot start with '_', so they never collide):
 * /_health (liveness), /_ready (readiness: the store answers), /_metrics; /_signin/federation (AWS's
 * https://signin.aws.amazon.com/federation), /_console/ (the web console: pages, front end, its API) and
 * /_admin/clock (the test clock: 404 unless --test-clock).
 */
import { consoleRoutes } from '../console/routes.js';
import { federation } from '../services/signin/federation.js';
import { adminClock } from './adminClock.js';
import { adminReset } from './adminReset.js';
import type { ReservedHandler } from './exchange.js';
import { send } from './respond.js';

export type { ReservedHandler };

const VERSION = '0.1.0';
const startedAt = Date.now();

const health: ReservedHandler = (deps, _req, res, ex) => {
  ex.operation = 'Health';
  send(res, ex, 200, 'application/json', JSON.stringify({
    status: 'ok',
    version: VERSION,
    store: deps.store.kind,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));
};

/** Readiness: the store answers. Load balancers route here; /_health says only that the process lives. */
const ready: ReservedHandler = async (deps, _req, res, ex) => {
  ex.operation = 'Ready';
  const store = await deps.store.ping(2000);
  send(res, ex, store ? 200 : 503, 'application/json', JSON.stringify({ status: store ? 'ready' : 'unavailable', store: deps.store.kind, storeReachable: store }), {
    'Cache-Control': 'no-store',
  });
};

const metrics: ReservedHandler = (deps, _req, res, ex) => {
  ex.operation = 'Metrics';
  send(res, ex, 200, 'text/plain; version=0.0.4', deps.metrics.render());
};

const console = consoleRoutes();

/** Exact paths, and prefixes ending in '/'. */
const reservedRoutes = new Map<string, ReservedHandler>([
  ['/_health', health],
  ['/_ready', ready],
  ['/_metrics', metrics],
  ['/_signin/federation', federation],
  ['/_console', console],
  ['/_console/', console],
  ['/_admin/clock', adminClock],
  ['/_admin/reset', adminReset],
]);

export function findReserved(path: string): ReservedHandler | undefined {
  const exact = reservedRoutes.get(path);
  if (exact) return exact;
  for (const [p, h] of reservedRoutes) if (p.endsWith('/') && path.startsWith(p)) return h;
  return undefined;
}
