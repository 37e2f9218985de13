/**
 * POST /_admin/reset — for test suites: returns the server to the state it started with (`serve --init`),
 * everything else deleted. Refused (403 AccessDenied, the query protocol's error shape) unless the server
 * runs with --allow-reset; then the request must be SigV4-signed (any service name, any region) with a root
 * key of the default account, verified as every API request is (auth/authenticate.ts). Answers 200 with
 * JSON: {"status":"reset","milliseconds":N}.
 */
import { authenticate } from '../auth/authenticate.js';
import { sha256Hex } from '../auth/sigv4/index.js';
import { Errors, isServiceError, type ServiceError } from '../core/errors.js';
import { encodeError } from '../protocol/query/encode.js';
import type { Deps } from './deps.js';
import { signedRequest, type ReservedHandler } from './exchange.js';
import { readBody } from './pipeline/body.js';
import { send } from './respond.js';

const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

let running: Promise<unknown> = Promise.resolve();

export const adminReset: ReservedHandler = async (deps: Deps, req, res, ex) => {
  ex.operation = 'AdminReset';
  const refuse = (e: ServiceError) => {
    ex.error = e.code;
    send(res, ex, e.status, 'text/xml', encodeError(NAMESPACE, e, ex.requestId));
  };
  if (!deps.config.allowReset || !deps.stateReset) {
    req.resume();
    return refuse(Errors.accessDenied('POST /_admin/reset is disabled on this server: start it with --allow-reset (test suites only).'));
  }
  if (ex.method !== 'POST') {
    req.resume();
    return refuse(Errors.accessDenied('Use POST /_admin/reset.'));
  }
  try {
    const body = await readBody(req, 64 * 1024);
    const a = await authenticate(deps.credentials, signedRequest(ex, sha256Hex(body)), { dialect: 'query', now: deps.clock.now(), realNow: deps.clock.real() });
    ex.caller = a.caller.arn;
    if (a.caller.type !== 'root' || a.caller.accountId !== deps.config.accountId) {
      throw Errors.accessDenied(`User: ${a.caller.arn} is not authorized to perform: tessera:AdminReset (only the root user of account ${deps.config.accountId} may reset the server)`);
    }
  } catch (e) {
    if (isServiceError(e)) {
      deps.metrics.authFailure(e.code);
      return refuse(e);
    }
    throw e;
  }
  const started = process.hrtime.bigint();
  const reset = deps.stateReset;
  const done = running.then(() => reset());
  running = done.catch(() => undefined);
  await done;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  send(res, ex, 200, 'application/json', JSON.stringify({ status: 'reset', milliseconds: Math.round(ms * 10) / 10 }), { 'Cache-Control': 'no-store' });
};
