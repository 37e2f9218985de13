/**
 * /_admin/clock: the test clock (`tessera serve --test-clock`, never on by default).
 *
 *   GET  /_admin/clock                      → {"now", "epochMs", "offsetSeconds", "realNow"}
 *   POST /_admin/clock {"set": ...} | {"advance": ...} | {"reset": true}  → the same, after the change
 *
 * Both must be SigV4-signed (any region and service name) with an access key of the root user of the
 * default account, verified by the same authenticate() as every API request. Without --test-clock the path
 * is 404; unsigned or any other caller is 403 AccessDenied; errors are the query protocol's <ErrorResponse>.
 * A change is in memory and applies to every request after the answer; the clock is per process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth/authenticate.js';
import { sha256Hex } from '../auth/sigv4/index.js';
import { isoSeconds, isTestClock, type TestClock } from '../core/clock.js';
import { Errors, isServiceError, ServiceError } from '../core/errors.js';
import { encodeError } from '../protocol/query/encode.js';
import type { Deps } from './deps.js';
import { signedRequest, type Exchange, type ReservedHandler } from './exchange.js';
import { closeAfterAnswer } from './lingeringClose.js';
import { readBody } from './pipeline/body.js';
import { send } from './respond.js';
import { parseClockChange } from './clockChange.js';

const XMLNS = 'https://tessera.invalid/doc/admin/';
const MAX_BODY = 4096;

const notFound = () =>
  new ServiceError('NotFound', 'There is no /_admin/clock on this server: the test clock is off (tessera serve --test-clock turns it on).', 404);

/** The signed caller must be the default account's root user, with its access key (not a session). */
async function requireRoot(deps: Deps, ex: Exchange, body: Buffer): Promise<void> {
  const who = `the root user of account ${deps.config.accountId}`;
  let caller;
  try {
    ({ caller } = await authenticate(deps.credentials, signedRequest(ex, sha256Hex(body)), { dialect: 'query', now: deps.clock.now(), realNow: deps.clock.real() }));
  } catch (e) {
    if (isServiceError(e)) deps.metrics.authFailure(e.code);
    if (isServiceError(e) && e.code === 'MissingAuthenticationToken') throw Errors.accessDenied(`/_admin/clock needs a SigV4 signature by ${who}.`);
    throw e;
  }
  ex.caller = caller.arn;
  if (caller.type !== 'root' || caller.accountId !== deps.config.accountId || caller.session) {
    throw Errors.accessDenied(`${caller.arn} is not authorized to use /_admin/clock: only ${who}, with its access key, may read or move the test clock.`);
  }
}

const state = (clock: TestClock) => {
  const now = clock.now();
  return { now: isoSeconds(now), epochMs: now, offsetSeconds: Math.round(clock.offset / 1000), realNow: isoSeconds(clock.real()) };
};

async function answer(deps: Deps, req: IncomingMessage, ex: Exchange): Promise<ReturnType<typeof state>> {
  const clock = deps.clock;
  if (!deps.config.testClock || !isTestClock(clock)) throw notFound();
  if (ex.method !== 'GET' && ex.method !== 'POST') {
    throw new ServiceError('MethodNotAllowed', 'The test clock answers GET (read it) and POST (set or advance it).', 405, { headers: { Allow: 'GET, POST' } });
  }
  const body = await readBody(req, MAX_BODY);
  await requireRoot(deps, ex, body);
  if (ex.method === 'GET') return state(clock);
  const change = parseClockChange(body.toString('utf8'));
  if (change.kind === 'set') clock.set(change.epochMs);
  else if (change.kind === 'advance') clock.advance(change.ms);
  else clock.reset();
  return state(clock);
}

export const adminClock: ReservedHandler = async (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange) => {
  ex.operation = ex.method === 'POST' ? 'SetTestClock' : 'GetTestClock';
  try {
    const result = await answer(deps, req, ex);
    send(res, ex, 200, 'application/json', JSON.stringify(result), { 'Cache-Control': 'no-store' });
  } catch (err) {
    if (!isServiceError(err)) throw err;
    ex.error = err.code;
    // An unread body: a small one is drained, a large (or oversized, refused) one closes the connection.
    const declared = Number(req.headers['content-length'] ?? (req.headers['transfer-encoding'] ? Infinity : 0));
    if (err.headers?.Connection === 'close' || (!req.complete && !(declared <= MAX_BODY))) closeAfterAnswer(req, res);
    else if (!req.complete) req.resume();
    send(res, ex, err.status, 'text/xml', encodeError(XMLNS, err, ex.requestId), { ...(err.headers ?? {}) });
  }
};
