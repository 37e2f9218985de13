/** S3's error document: <Error><Code/><Message/>...<RequestId/><HostId/></Error>. */
import type { ServerResponse } from 'node:http';
import { Errors, isServiceError, ServiceError } from '../../core/errors.js';
import type { Deps } from '../../server/deps.js';
import type { Exchange } from '../../server/exchange.js';
import { send } from '../../server/respond.js';
import { element, XML_DECLARATION } from '../xml.js';

export function encodeS3Error(err: ServiceError, requestId: string, hostId: string): string {
  const extra = Object.entries(err.extra ?? {}).map(([k, v]) => element(k, v)).join('');
  return `${XML_DECLARATION}<Error>${element('Code', err.code)}${element('Message', err.message)}${extra}${element('RequestId', requestId)}${element('HostId', hostId)}</Error>`;
}

export function sendS3Error(deps: Deps, res: ServerResponse, ex: Exchange, err: unknown) {
  let e: ServiceError;
  if (isServiceError(err)) e = err;
  else {
    deps.logger.error(ex.requestId, err);
    const i = Errors.internal();
    e = new ServiceError('InternalError', i.message, 500);
  }
  ex.error = e.code;
  const hostId = Buffer.from(ex.requestId).toString('base64');
  send(res, ex, e.status, 'application/xml', encodeS3Error(e, ex.requestId, hostId), { 'x-amz-id-2': hostId, ...(e.headers ?? {}) });
}
