/**
 * The listener: every request gets an Exchange (request id, timing), goes to Tessera's own paths, the
 * query-protocol pipeline (IAM, STS) or S3, and ends with one log line and its metrics.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Deps } from './deps.js';
import { header, newExchange, type Exchange } from './exchange.js';
import { handleQuery, isQueryRequest } from './pipeline/query.js';
import { findReserved } from './reserved.js';
import { handleS3 } from '../services/s3/handler.js';
import { virtualHostBucket } from '../services/s3/host.js';
import { sendS3Error } from '../protocol/restxml/errors.js';
import { consoleSiteRoute, notOnConsoleSite } from '../console/site.js';

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

/** `listener` 'console': the console's own origin, which serves only the console's paths (console/site.ts). */
export function createHttpServer(deps: Deps, listener: 'api' | 'console' = 'api'): Server {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req: IncomingMessage, res: ServerResponse) => {
    const ex = newExchange(req);
    res.on('finish', () => finish(deps, ex, res.statusCode));
    let work: Promise<void> | void;
    // A virtual-hosted S3 request (Host: bucket.localhost) is S3's whatever its path: keys may start with '_'.
    const reserved = listener === 'api' && ex.rawPath.startsWith('/_') && !virtualHostBucket(header(ex, 'host')) ? findReserved(ex.rawPath) : undefined;
    if (listener === 'console') {
      ex.site = 'console';
      ex.service = 'tessera';
      work = (consoleSiteRoute(ex.rawPath) ?? notOnConsoleSite)(deps, req, res, ex);
    } else if (reserved) {
      ex.service = 'tessera';
      work = reserved(deps, req, res, ex);
    } else if (isQueryRequest(ex)) {
      work = handleQuery(deps, req, res, ex);
    } else {
      work = handleS3(deps, req, res, ex);
    }
    Promise.resolve(work).catch((err) => {
      // Handlers render their own errors; reaching here is a bug. Answer without leaking it.
      if (!res.headersSent) sendS3Error(deps, res, ex, err);
      else {
        deps.logger.error(ex.requestId, err);
        res.destroy();
      }
    });
  });
  server.headersTimeout = 60_000;
  return server;
}
