/**
 * One HTTP exchange as the pipeline sees it: the request as received (for signature verification nothing
 * is normalised), and what the log line will say about it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from './deps.js';
import { newRequestId } from '../core/ids.js';
import { getHeader, type SignedRequest } from '../auth/sigv4/index.js';

/** A handler of one of Tessera's own paths (/_health, /_signin/federation, /_console/...). */
export type ReservedHandler = (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange) => Promise<void> | void;

export interface Exchange {
  requestId: string;
  startedAt: bigint;
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: [string, string][];
  sourceIp: string;
  secure: boolean;
  /** Filled in as the pipeline learns them (for the log line and metrics). */
  service: string;
  operation: string;
  caller?: string;
  decision?: string;
  /** The AWS error code answered, if any. */
  error?: string;
  /** Set on requests that arrived on the console's own listener (its own origin). */
  site?: 'console';
  /** Memo of scopeService(): undefined = not computed yet, null = none. */
  scope?: string | null;
}

export function newExchange(req: IncomingMessage): Exchange {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: [string, string][] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  return {
    requestId: newRequestId(),
    startedAt: process.hrtime.bigint(),
    method: req.method ?? 'GET',
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers,
    sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
    secure: 'encrypted' in req.socket && Boolean((req.socket as { encrypted?: boolean }).encrypted),
    service: '-',
    operation: '-',
  };
}

export const signedRequest = (ex: Exchange, payloadHash: string): SignedRequest => ({
  method: ex.method,
  rawPath: ex.rawPath,
  rawQuery: ex.rawQuery,
  headers: ex.headers,
  payloadHash,
});

export const header = (ex: Exchange, name: string): string | undefined => getHeader(ex.headers, name);

/** The service named by a SigV4 credential scope (header or presigned query), if any. */
export function scopeService(ex: Exchange): string | undefined {
  if (ex.scope === undefined) ex.scope = findScopeService(ex) ?? null;
  return ex.scope ?? undefined;
}

function findScopeService(ex: Exchange): string | undefined {
  const auth = header(ex, 'authorization');
  const m = auth ? /Credential=[^/,\s]+\/\d{8}\/[^/]*\/([^/]+)\/aws4_request/.exec(auth) : null;
  if (m) return m[1];
  const qm = /(?:^|&)X-Amz-Credential=[^&]*?(?:%2F|\/)\d{8}(?:%2F|\/)[^&]*?(?:%2F|\/)([a-z0-9-]+)(?:%2F|\/)aws4_request/i.exec(ex.rawQuery);
  return qm ? qm[1] : undefined;
}
