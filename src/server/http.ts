/**
 * The listener: every request gets an Exchange (request id, timing), goes to Tessera's own paths, the
 * query-protocol pipeline (IAM, STS), the JSON protocol (CloudTrail) or S3, and ends with one log line and its metrics.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Deps } from './deps.js';
import { header, newExchange, type Exchange } from './exchange.js';
import { handleJson, isJsonRequest } from './pipeline/json.js';
import { handleQuery, isQueryRequest } from './pipeline/query.js';
import { handleRestJson, isRestJsonRequest } from './pipeline/restJson.js';
import { findReserved } from './reserved.js';
import { handleS3 } from './pipeline/restXml.js';
import { handleUnserved, isUnservedRequest } from './pipeline/unserved.js';
import { virtualHostBucket } from '../protocol/restxml/host.js';
import { Errors, isServiceError, ServiceError } from '../core/errors.js';
import { encodeS3Error } from '../protocol/restxml/errors.js';
import { send } from './respond.js';
import { notOnConsoleSite, onConsoleSite } from '../console/site.js';

function finish(deps: Deps, ex: Exchange, status: number) {
  const seconds = Number(process.hrtime.bigint() - ex.startedAt) / 1e9;
  deps.metrics.observe(ex.service, ex.operation, status, seconds);
  deps.logger.request({
    requestId: ex.requestId,
    method: ex.method,
    path: ex.rawPath.length > 256 ? ex.rawPath.slice(0, 256) + '…' : ex.rawPath,
    service: ex.service,
    operation: ex.operation,
    caller: ex.caller,
    decision: ex.decision,
    status,
    error: ex.error,
    durationMs: Math.round(seconds * 1e6) / 1e3,
  });
}

/**
 * Which part of Tessera answers a request. On the console's listener (its own origin): only the console's
 * paths (console/site.ts). On the API listener: Tessera's own paths, the refusal of services Tessera does not
 * serve (pipeline/unserved.ts), the query protocol (IAM, STS) or S3.
 */
function dispatch(deps: Deps, listener: 'api' | 'console', req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> | void {
  if (listener === 'console') {
    // Behind a TLS-terminating proxy (an https console URL) the browser's connection is secure: cookies say so.
    if (deps.config.consoleUrl?.startsWith('https:')) ex.secure = true;
    ex.site = 'console';
    ex.service = 'tessera';
    return ((onConsoleSite(ex.rawPath) && findReserved(ex.rawPath)) || notOnConsoleSite)(deps, req, res, ex);
  }
  // A virtual-hosted S3 request (Host: bucket.localhost) is S3's whatever its path: keys may start with '_'.
  const reserved = ex.rawPath.startsWith('/_') && !virtualHostBucket(header(ex, 'host')) ? findReserved(ex.rawPath) : undefined;
  if (reserved) {
    ex.service = 'tessera';
    return reserved(deps, req, res, ex);
  }
  // AWS's JSON protocol (CloudTrail): an X-Amz-Target of a service Tessera serves.
  if (isJsonRequest(ex)) return handleJson(deps, req, res, ex);
  // restJson1 services (Access Analyzer): told by the signature's scope.
  if (isRestJsonRequest(ex)) return handleRestJson(deps, req, res, ex);
  // Another service's request (EC2, DynamoDB, ...) is refused in its own protocol, never taken for S3's.
  if (isUnservedRequest(ex)) return handleUnserved(deps, req, res, ex);
  if (isQueryRequest(ex)) return handleQuery(deps, req, res, ex);
  return handleS3(deps, req, res, ex);
}

/**
 * Handlers render their own errors. A ServiceError that escapes one (a reserved path's bad input) is answered in
 * S3's error shape; anything else is a bug: logged, answered 500 without leaking it, and the server keeps serving.
 */
function onUnhandled(deps: Deps, res: ServerResponse, ex: Exchange, err: unknown) {
  if (!isServiceError(err)) deps.logger.error(ex.requestId, err);
  if (!res.headersSent) {
    try {
      const e = isServiceError(err) ? err : new ServiceError('InternalError', Errors.internal().message, 500);
      ex.error = e.code;
      const hostId = Buffer.from(ex.requestId).toString('base64');
      send(res, ex, e.status, 'application/xml', encodeS3Error(e, ex.requestId, hostId), { 'x-amz-id-2': hostId, ...(e.headers ?? {}) });
      return;
    } catch {
      // fall through: the socket goes
    }
  } else if (isServiceError(err)) deps.logger.error(ex.requestId, err);
  res.destroy();
}

/** `listener` 'console': the console's own origin, which serves only the console's paths. */
export function createHttpServer(deps: Deps, listener: 'api' | 'console' = 'api'): Server {
  const { headersTimeoutMs, requestTimeoutMs, idleTimeoutMs } = deps.config;
  const tls = listener === 'api' ? deps.config.tls : undefined;
  const options = {
    // Slow or stalled clients never hold a connection for long: the header block must arrive within
    // headersTimeout, the whole request within requestTimeout (0: no limit), and a connection silent for
    // idleTimeout (mid-body, or kept alive between requests) is closed. Node checks every second.
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: idleTimeoutMs,
    connectionsCheckingInterval: 1000,
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const ex = newExchange(req);
    res.on('finish', () => finish(deps, ex, res.statusCode));
    // Silence mid-body: the socket goes. Cleared once the body is in (handlers may then take their time).
    req.setTimeout(idleTimeoutMs, () => req.socket.destroy());
    req.once('end', () => req.socket.setTimeout(0));
    let work: Promise<void> | void;
    try {
      work = dispatch(deps, listener, req, res, ex);
    } catch (err) {
      onUnhandled(deps, res, ex, err);
      return;
    }
    if (work) work.catch((err: unknown) => onUnhandled(deps, res, ex, err));
  };
  // --tls-cert/--tls-key: the API over HTTPS (requests then count as secure: aws:SecureTransport, SSE-C).
  const server = tls
    ? (createHttpsServer({ ...options, cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, handler) as unknown as Server)
    : createServer(options, handler);
  // An Expect other than 100-continue (empty, `200`, ...): Node would answer 417 by itself; S3 ignores the
  // expectation and serves the request.
  server.on('checkExpectation', handler);
  return server;
}
